"""API of facility tours (D1): areas, applications, submission, assignment, the brief and the export."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.org.models import User
from kam.tours import exports, selectors, services
from kam.tours.models import TourApplication

router = Router(tags=["tours"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


class AreaIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=300)
    is_workshop: bool = False
    is_magnet_sensitive: bool = False
    is_restricted: bool = False
    order: int = Field(default=0, ge=0, le=32767)


class AreaPatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=300)
    is_workshop: bool | None = None
    is_magnet_sensitive: bool | None = None
    is_restricted: bool | None = None
    order: int | None = Field(default=None, ge=0, le=32767)


class AreaOut(Schema):
    id: int
    name: str
    description: str
    is_workshop: bool
    is_magnet_sensitive: bool
    is_restricted: bool
    order: int


class VisitorIn(Schema):
    name: str = Field(max_length=100)
    organisation: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=100)


class VisitorOut(Schema):
    name: str
    organisation: str
    title: str


class TourIn(Schema):
    organisation: str = Field(max_length=200)
    headcount: int
    visit_date: date
    start_time: time
    end_time: time
    purpose: str = Field(max_length=2000)
    route: list[int] = Field(max_length=50, description="area ids in the order visited")
    visitors: list[VisitorIn] = Field(max_length=500)
    interview_or_filming: bool = False
    notes: str = Field(default="", max_length=2000)
    host_department_id: int | None = None


class TourPatch(Schema):
    organisation: str | None = Field(default=None, max_length=200)
    headcount: int | None = None
    visit_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    purpose: str | None = Field(default=None, max_length=2000)
    route: list[int] | None = Field(default=None, max_length=50)
    visitors: list[VisitorIn] | None = Field(default=None, max_length=500)
    interview_or_filming: bool | None = None
    notes: str | None = Field(default=None, max_length=2000)


class TourAssignIn(Schema):
    host_id: int | None = None
    car: str = Field(default="", max_length=100)
    guide: str = Field(default="", max_length=100)


class CancelIn(Schema):
    reason: str = Field(default="", max_length=500)


class TourOut(Schema):
    id: int
    status: str
    host_department_id: int
    applicant_id: int
    organisation: str
    headcount: int
    visit_date: date
    start_time: time
    end_time: time
    purpose: str
    interview_or_filming: bool
    notes: str
    route: list[int]
    visitors: list[VisitorOut]
    approval_id: int | None
    host_id: int | None
    car: str
    guide: str
    assigned_at: datetime | None

    @staticmethod
    def resolve_route(obj: TourApplication) -> list[int]:
        return [stop.area_id for stop in obj.stops.all()]

    @staticmethod
    def resolve_visitors(obj: TourApplication) -> list[Any]:
        return list(obj.visitors.all())


class NoteOut(Schema):
    code: str
    zh: str
    en: str
    areas: list[str]


class BriefOut(Schema):
    tour: TourOut
    route: list[AreaOut]
    safety_notes: list[NoteOut]
    visitor_rules: list[NoteOut]


@router.get("/facility-areas/", response=list[AreaOut])
@paginate(LimitOffsetPagination)
def area_list(request: HttpRequest) -> Any:
    """List the facility's areas with their safety flags."""
    return selectors.area_list()


@router.post("/facility-areas/", response={201: AreaOut})
def area_create(request: HttpRequest, payload: AreaIn) -> Any:
    return Status(201, services.area_create(actor=_user(request), **payload.dict()))


@router.get("/facility-areas/{area_id}", response=AreaOut)
def area_get(request: HttpRequest, area_id: int) -> Any:
    return selectors.area_get(area_id)


@router.patch("/facility-areas/{area_id}", response=AreaOut)
def area_update(request: HttpRequest, area_id: int, payload: AreaPatch) -> Any:
    return services.area_update(
        actor=_user(request), area=selectors.area_get(area_id), **payload.dict(exclude_unset=True)
    )


def _tour(request: HttpRequest, tour_id: int) -> TourApplication:
    return selectors.tour_get(viewer=_user(request), tour_id=tour_id)


@router.get("/tours/", response=list[TourOut])
@paginate(LimitOffsetPagination)
def tour_list(request: HttpRequest, status: str | None = None) -> Any:
    return selectors.tour_list(viewer=_user(request), status=status).prefetch_related("stops", "visitors")


@router.post("/tours/", response={201: TourOut})
def tour_create(request: HttpRequest, payload: TourIn) -> Any:
    """Record a draft tour application; submit it to send it for approval."""
    tour = services.tour_create(actor=_user(request), **payload.dict())
    return Status(201, _tour(request, tour.pk))


@router.get("/tours/{tour_id}", response=TourOut)
def tour_get(request: HttpRequest, tour_id: int) -> Any:
    return _tour(request, tour_id)


@router.patch("/tours/{tour_id}", response=TourOut)
def tour_update(request: HttpRequest, tour_id: int, payload: TourPatch) -> Any:
    services.tour_update(
        actor=_user(request), tour=_tour(request, tour_id), **payload.dict(exclude_unset=True)
    )
    return _tour(request, tour_id)


@router.post("/tours/{tour_id}/submit", response=TourOut)
def tour_submit(request: HttpRequest, tour_id: int) -> Any:
    """Send the application to the company office (and the leadership for interviews or filming)."""
    services.tour_submit(actor=_user(request), tour=_tour(request, tour_id))
    return _tour(request, tour_id)


@router.post("/tours/{tour_id}/assign", response=TourOut)
def tour_assign(request: HttpRequest, tour_id: int, payload: TourAssignIn) -> Any:
    """Record the host, car and guide (company office)."""
    services.tour_assign(actor=_user(request), tour=_tour(request, tour_id), **payload.dict())
    return _tour(request, tour_id)


@router.post("/tours/{tour_id}/cancel", response=TourOut)
def tour_cancel(request: HttpRequest, tour_id: int, payload: CancelIn) -> Any:
    services.tour_cancel(actor=_user(request), tour=_tour(request, tour_id), reason=payload.reason)
    return _tour(request, tour_id)


@router.get("/tours/{tour_id}/brief", response=BriefOut)
def tour_brief(request: HttpRequest, tour_id: int) -> Any:
    """The tour brief: route, the safety notes it implies and the visitor rules, in Chinese and English."""
    brief = selectors.tour_brief(viewer=_user(request), tour_id=tour_id)
    return {
        "tour": brief.tour,
        "route": brief.route,
        "safety_notes": [vars(n) | {"areas": list(n.areas)} for n in brief.safety_notes],
        "visitor_rules": [vars(n) | {"areas": list(n.areas)} for n in brief.visitor_rules],
    }


@router.get("/tours/{tour_id}/export", response={200: None})
def tour_export(request: HttpRequest, tour_id: int) -> HttpResponse:
    """The application as an .xlsx in the rulebook's form layout (公司参观申请表)."""
    brief = selectors.tour_brief(viewer=_user(request), tour_id=tour_id)
    response = HttpResponse(exports.tour_workbook(brief), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="tour-{tour_id}.xlsx"'
    return response
