"""API of hospitality (D17), banquets (D2) and reception plans (D18, D19); schemas in ``schemas``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core import clock
from kam.hospitality import exports, selectors
from kam.hospitality.schemas import (
    BanquetIn,
    BanquetOut,
    BanquetPatch,
    CommentIn,
    GuestOut,
    GuestsIn,
    InvitationIn,
    ReceiptOut,
    ReceptionIn,
    ReceptionOut,
    RequestIn,
    RequestOut,
    RequestPatch,
    SeatingIn,
    SeatingOut,
    SpendingIn,
    TaskOut,
    TaskPatch,
)
from kam.hospitality.services import banquets, receptions, requests
from kam.org.models import User

router = Router(tags=["hospitality"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _request(http: HttpRequest, request_id: int) -> Any:
    return selectors.request_get(viewer=_user(http), request_id=request_id)


@router.get("/hospitality-requests/", response=list[RequestOut])
@paginate(LimitOffsetPagination)
def request_list(request: HttpRequest, status: str | None = None) -> Any:
    return selectors.request_list(viewer=_user(request), status=status).prefetch_related("receipts")


@router.get("/hospitality-requests/export", response={200: None})
def request_export(request: HttpRequest, month: str | None = None) -> HttpResponse:
    """Approved and settled requests as .xlsx, for finance to pay (D17); ``month`` is YYYY-MM."""
    first: date | None = clock.parse_month(month) if month else None
    rows = selectors.export_rows(viewer=_user(request), month=first)
    response = HttpResponse(exports.requests_workbook(rows), content_type=exports.XLSX)
    response["Content-Disposition"] = 'attachment; filename="hospitality.xlsx"'
    return response


@router.post("/hospitality-requests/", response={201: RequestOut})
def request_create(request: HttpRequest, payload: RequestIn) -> Any:
    """Record a draft hospitality request (大客户招待申请表); submit it to send it for approval."""
    created = requests.request_create(actor=_user(request), **payload.dict())
    return Status(201, _request(request, created.pk))


@router.get("/hospitality-requests/{request_id}", response=RequestOut)
def request_get(request: HttpRequest, request_id: int) -> Any:
    return _request(request, request_id)


@router.patch("/hospitality-requests/{request_id}", response=RequestOut)
def request_update(request: HttpRequest, request_id: int, payload: RequestPatch) -> Any:
    requests.request_update(
        actor=_user(request), request=_request(request, request_id), **payload.dict(exclude_unset=True)
    )
    return _request(request, request_id)


@router.post("/hospitality-requests/{request_id}/submit", response=RequestOut)
def request_submit(request: HttpRequest, request_id: int) -> Any:
    """Send the request to the customer-service manager, the general manager and finance."""
    requests.request_submit(actor=_user(request), request=_request(request, request_id))
    return _request(request, request_id)


@router.post("/hospitality-requests/{request_id}/cancel", response=RequestOut)
def request_cancel(request: HttpRequest, request_id: int, payload: CommentIn) -> Any:
    requests.request_cancel(
        actor=_user(request), request=_request(request, request_id), reason=payload.comment
    )
    return _request(request, request_id)


@router.post("/hospitality-requests/{request_id}/spending", response=RequestOut)
def request_spending(request: HttpRequest, request_id: int, payload: SpendingIn) -> Any:
    """Record the actual spending by line; above budget needs ``overrun_explanation``."""
    data = payload.dict()
    actual = {key.removeprefix("actual_"): value for key, value in data.items() if key.startswith("actual_")}
    requests.request_record_spending(
        actor=_user(request),
        request=_request(request, request_id),
        actual=actual,
        overrun_explanation=data["overrun_explanation"],
    )
    return _request(request, request_id)


@router.post("/hospitality-requests/{request_id}/settle", response=RequestOut)
def request_settle(request: HttpRequest, request_id: int, payload: CommentIn) -> Any:
    """Finance accept spending above the allowed share and settle the request."""
    requests.request_settle(
        actor=_user(request), request=_request(request, request_id), comment=payload.comment
    )
    return _request(request, request_id)


@router.post("/hospitality-requests/{request_id}/receipts", response={201: ReceiptOut})
def receipt_attach(
    request: HttpRequest, request_id: int, file: File[UploadedFile], line: Form[str] = ""
) -> Any:
    receipt = requests.receipt_attach(
        actor=_user(request), request=_request(request, request_id), upload=file, line=line
    )
    return Status(201, receipt)


def _banquet(http: HttpRequest, banquet_id: int) -> Any:
    return selectors.banquet_get(viewer=_user(http), banquet_id=banquet_id)


@router.get("/banquets/", response=list[BanquetOut])
@paginate(LimitOffsetPagination)
def banquet_list(request: HttpRequest) -> Any:
    return selectors.banquet_list(viewer=_user(request)).prefetch_related("guests")


@router.post("/banquets/", response={201: BanquetOut})
def banquet_create(request: HttpRequest, payload: BanquetIn) -> Any:
    """Record a banquet being prepared (D2); then give its guest list."""
    created = banquets.banquet_create(actor=_user(request), **payload.dict())
    return Status(201, _banquet(request, created.pk))


@router.get("/banquets/{banquet_id}", response=BanquetOut)
def banquet_get(request: HttpRequest, banquet_id: int) -> Any:
    """The banquet with its guests, the date warnings and the attending guests' taboos."""
    return _banquet(request, banquet_id)


@router.patch("/banquets/{banquet_id}", response=BanquetOut)
def banquet_update(request: HttpRequest, banquet_id: int, payload: BanquetPatch) -> Any:
    banquets.banquet_update(
        actor=_user(request), banquet=_banquet(request, banquet_id), **payload.dict(exclude_unset=True)
    )
    return _banquet(request, banquet_id)


@router.put("/banquets/{banquet_id}/guests", response=list[GuestOut])
def banquet_guests(request: HttpRequest, banquet_id: int, payload: GuestsIn) -> Any:
    """Replace the guest list; it needs a host, and an interpreter needs a principal guest."""
    guests = [g.dict() for g in payload.guests]
    banquets.banquet_set_guests(actor=_user(request), banquet=_banquet(request, banquet_id), guests=guests)
    return list(_banquet(request, banquet_id).guests.all())


@router.post("/banquets/{banquet_id}/guests/{guest_id}/invitation", response=GuestOut)
def guest_invitation(request: HttpRequest, banquet_id: int, guest_id: int, payload: InvitationIn) -> Any:
    """Track an invitation: ``sent``, ``accepted`` or ``declined``."""
    return banquets.guest_invitation(
        actor=_user(request),
        banquet=_banquet(request, banquet_id),
        guest_id=guest_id,
        invitation=payload.invitation,
    )


@router.post("/banquets/{banquet_id}/seating", response=SeatingOut)
def banquet_seating(request: HttpRequest, banquet_id: int, payload: SeatingIn) -> Any:
    """Seat the attending guests by the etiquette rules (D2-seat); the main table's serving order too."""
    return banquets.banquet_seat(
        actor=_user(request),
        banquet=_banquet(request, banquet_id),
        table_size=payload.table_size,
        tables=payload.tables,
    )


def _plan(http: HttpRequest, plan_id: int) -> Any:
    return selectors.reception_get(viewer=_user(http), plan_id=plan_id)


@router.get("/reception-plans/", response=list[ReceptionOut])
@paginate(LimitOffsetPagination)
def reception_list(request: HttpRequest) -> Any:
    return selectors.reception_list(viewer=_user(request)).prefetch_related("tasks")


@router.post("/reception-plans/", response={201: ReceptionOut})
def reception_create(request: HttpRequest, payload: ReceptionIn) -> Any:
    """Plan a key account's visit from the reception and send-off flows (D18, D19)."""
    plan = receptions.reception_create(actor=_user(request), **payload.dict())
    return Status(201, _plan(request, plan.pk))


@router.get("/reception-plans/{reception_id}", response=ReceptionOut)
def reception_get(request: HttpRequest, reception_id: int) -> Any:
    return _plan(request, reception_id)


@router.patch("/reception-plans/{reception_id}/steps/{step_id}", response=TaskOut)
def reception_task(request: HttpRequest, reception_id: int, step_id: int, payload: TaskPatch) -> Any:
    """Change who does a step and when, or mark it done."""
    return receptions.task_update(
        actor=_user(request),
        plan=_plan(request, reception_id),
        task_id=step_id,
        **payload.dict(exclude_unset=True),
    )
