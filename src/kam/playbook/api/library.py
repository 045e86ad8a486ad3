"""API of the product and collateral library, pre-visit kits and Franklin sheets (E1), and of the
training records (A2f)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core.errors import NOT_FOUND, NotFound
from kam.core.types import AuthedRequest
from kam.org.models import User
from kam.playbook import selectors, services
from kam.playbook.api.schemas import (
    AttendanceIn,
    AttendanceOut,
    CollateralIn,
    CollateralOut,
    CollateralPatch,
    CourseIn,
    CourseOut,
    FranklinIn,
    FranklinOut,
    FranklinPatch,
    KitIn,
    KitItemOut,
    KitItemPatch,
    KitOut,
    ProductIn,
    ProductOut,
    ProductPatch,
    SessionIn,
    SessionOut,
    TrainingEntryOut,
)

router = Router(tags=["product library"])
training_router = Router(tags=["training"])


@router.get("/products/", response=list[ProductOut])
@paginate(LimitOffsetPagination)
def product_list(request: HttpRequest, q: str | None = None, product_type: str | None = None) -> Any:
    return selectors.product_list(q=q, product_type=product_type)


@router.post("/products/", response={201: ProductOut})
def product_create(request: AuthedRequest, payload: ProductIn) -> Any:
    return Status(201, services.product_create(actor=request.user, **payload.dict()))


@router.get("/products/{product_id}", response=ProductOut)
def product_get(request: HttpRequest, product_id: int) -> Any:
    return selectors.product_get(product_id)


@router.patch("/products/{product_id}", response=ProductOut)
def product_update(request: AuthedRequest, product_id: int, payload: ProductPatch) -> Any:
    product = selectors.product_get(product_id)
    return services.product_update(actor=request.user, product=product, **payload.dict(exclude_unset=True))


@router.delete("/products/{product_id}", response={204: None})
def product_delete(request: AuthedRequest, product_id: int) -> Any:
    services.product_delete(actor=request.user, product=selectors.product_get(product_id))
    return Status(204, None)


@router.get("/collateral/", response=list[CollateralOut])
@paginate(LimitOffsetPagination)
def collateral_list(
    request: HttpRequest,
    kind: str | None = None,
    product_id: int | None = None,
    product_type: str | None = None,
) -> Any:
    return selectors.collateral_list(kind=kind, product_id=product_id, product_type=product_type)


@router.post("/collateral/", response={201: CollateralOut})
def collateral_create(request: AuthedRequest, payload: CollateralIn) -> Any:
    """Add a piece of collateral; upload its file afterwards with ``POST …/{id}/file``."""
    return Status(201, services.collateral_create(actor=request.user, **payload.dict()))


@router.get("/collateral/{collateral_id}", response=CollateralOut)
def collateral_get(request: HttpRequest, collateral_id: int) -> Any:
    return selectors.collateral_get(collateral_id)


@router.patch("/collateral/{collateral_id}", response=CollateralOut)
def collateral_update(request: AuthedRequest, collateral_id: int, payload: CollateralPatch) -> Any:
    collateral = selectors.collateral_get(collateral_id)
    return services.collateral_update(
        actor=request.user, collateral=collateral, **payload.dict(exclude_unset=True)
    )


@router.post("/collateral/{collateral_id}/file", response={201: CollateralOut})
def collateral_upload(
    request: AuthedRequest,
    collateral_id: int,
    file: File[UploadedFile] = None,  # type: ignore[assignment]
    file_name: Form[str] = None,  # type: ignore[assignment]
) -> Any:
    """Upload (or replace) the collateral's file as multipart ``file``.

    Limits: size (``KAM_PLAYBOOK_MAX_UPLOAD_BYTES``, 8 MB by default), the extensions pdf, png, jpg,
    gif, webp, mp4, mov, pptx, docx, xlsx, ppt, doc, xls, and content that matches the extension.
    ``file_name`` optionally names the file for display and download; path characters are refused.
    """
    collateral = selectors.collateral_get(collateral_id)
    return Status(
        201,
        services.collateral_attach(
            actor=request.user, collateral=collateral, upload=file, file_name=file_name
        ),
    )


@router.get("/collateral/{collateral_id}/file", url_name="playbook_collateral_download")
def collateral_download(request: HttpRequest, collateral_id: int) -> FileResponse:
    collateral = selectors.collateral_get(collateral_id)
    if not collateral.file:
        raise NotFound(NOT_FOUND)
    return FileResponse(
        collateral.file.open("rb"),
        as_attachment=True,
        filename=collateral.file_name or collateral.file.name,
        content_type=collateral.content_type or "application/octet-stream",
    )


@router.get("/product-types", response=list[str])
def product_types(request: HttpRequest) -> Any:
    return selectors.product_types()


@router.get("/kits/", response=list[KitOut])
@paginate(LimitOffsetPagination)
def kit_list(request: AuthedRequest, account_id: int | None = None) -> Any:
    return selectors.kit_list(viewer=request.user, account_id=account_id).prefetch_related("items")


@router.post("/kits/", response={201: KitOut})
def kit_prepare(request: AuthedRequest, payload: KitIn) -> Any:
    """Produce a pre-visit kit (E1): for an appointment or an account the product types default to the
    account's demand analysis (C2); the appointment gives the account and the visit date."""
    kit = services.kit_prepare(actor=request.user, **payload.dict())
    return Status(201, selectors.kit_get(viewer=request.user, kit_id=kit.pk))


@router.get("/kits/{kit_id}", response=KitOut)
def kit_get(request: AuthedRequest, kit_id: int) -> Any:
    return selectors.kit_get(viewer=request.user, kit_id=kit_id)


@router.patch("/kits/{kit_id}/items/{item_id}", response=KitItemOut)
def kit_item_update(request: AuthedRequest, kit_id: int, item_id: int, payload: KitItemPatch) -> Any:
    kit = selectors.kit_get(viewer=request.user, kit_id=kit_id)
    return services.kit_item_update(actor=request.user, kit=kit, item_id=item_id, **payload.dict())


@router.get("/franklin-sheets/", response=list[FranklinOut])
@paginate(LimitOffsetPagination)
def franklin_list(request: AuthedRequest) -> Any:
    return selectors.franklin_list(viewer=request.user)


@router.post("/franklin-sheets/", response={201: FranklinOut})
def franklin_create(request: AuthedRequest, payload: FranklinIn) -> Any:
    return Status(201, services.franklin_create(actor=request.user, **payload.dict()))


@router.get("/franklin-sheets/{sheet_id}", response=FranklinOut)
def franklin_get(request: AuthedRequest, sheet_id: int) -> Any:
    return selectors.franklin_get(viewer=request.user, sheet_id=sheet_id)


@router.patch("/franklin-sheets/{sheet_id}", response=FranklinOut)
def franklin_update(request: AuthedRequest, sheet_id: int, payload: FranklinPatch) -> Any:
    sheet = selectors.franklin_get(viewer=request.user, sheet_id=sheet_id)
    return services.franklin_update(actor=request.user, sheet=sheet, **payload.dict(exclude_unset=True))


# Training (A2f) ----------------------------------------------------------------------------------


@training_router.get("/courses/", response=list[CourseOut])
@paginate(LimitOffsetPagination)
def course_list(request: HttpRequest) -> Any:
    return selectors.course_list()


@training_router.post("/courses/", response={201: CourseOut})
def course_create(request: AuthedRequest, payload: CourseIn) -> Any:
    course = services.course_create(actor=request.user, **payload.dict())
    return Status(201, selectors.course_get(course.pk))


@training_router.get("/courses/{course_id}", response=CourseOut)
def course_get(request: HttpRequest, course_id: int) -> Any:
    return selectors.course_get(course_id)


@training_router.post("/courses/{course_id}/sessions", response={201: SessionOut})
def session_create(request: AuthedRequest, course_id: int, payload: SessionIn) -> Any:
    course = selectors.course_get(course_id)
    return Status(201, services.session_create(actor=request.user, course=course, **payload.dict()))


@training_router.get("/sessions/{session_id}/attendance", response=list[AttendanceOut])
def attendance_list(request: AuthedRequest, session_id: int) -> Any:
    """The session's attendance the caller may see: their own row, or their team's."""
    return selectors.attendance_list(viewer=request.user, session=selectors.session_get(session_id))


@training_router.put("/sessions/{session_id}/attendance/{user_id}", response=AttendanceOut)
def attendance_record(request: AuthedRequest, session_id: int, user_id: int, payload: AttendanceIn) -> Any:
    """Record a trainee's attendance and score (KA managers for their team, administrators)."""
    session = selectors.session_get(session_id)
    trainee = User.objects.filter(pk=user_id, is_active=True).first()
    if trainee is None:
        raise NotFound(NOT_FOUND)
    return services.attendance_record(actor=request.user, session=session, trainee=trainee, **payload.dict())


@training_router.get("/training-records/{user_id}", response=list[TrainingEntryOut])
def training_record(request: AuthedRequest, user_id: int) -> Any:
    """A person's training scores: courses attended and listening tests taken (own, or the team's)."""
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise NotFound(NOT_FOUND)
    return selectors.training_record(viewer=request.user, person=person)
