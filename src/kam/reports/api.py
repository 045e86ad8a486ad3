"""API of reports and dashboards: each dashboard's figures as JSON, and the key account management report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core.errors import NOT_FOUND, NotFound, ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.reports import boards, rules, services
from kam.reports.departments import key_account_report
from kam.reports.models import KeyAccountReport
from kam.reports.selectors import department_get, period_of, report_departments

router = Router(tags=["reports"])

PERIOD_INVALID = gettext_noop("The period is either month or year.")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


class BoardsOut(Schema):
    boards: list[str]
    home: str | None


class KeptOut(Schema):
    id: int
    department_id: int
    period: str
    start: date
    produced_at: datetime
    produced_by_id: int | None
    figures: dict[str, Any]


class ProduceIn(Schema):
    month: str
    department_id: int | None = None
    period: str = "month"


@router.get("/reports/dashboards/", response=BoardsOut, summary="The dashboards the caller may open")
def dashboards(request: HttpRequest) -> dict[str, Any]:
    available = boards.available(_user(request))
    return {"boards": available, "home": available[0] if available else None}


@router.get("/reports/dashboards/{board}", response=dict[str, Any], summary="A dashboard's figures")
def dashboard(request: HttpRequest, board: str, month: str | None = None) -> dict[str, Any]:
    """Return a dashboard's figures for a month (``YYYY-MM``, this month by default), cut to the caller."""
    period = period_of(month)
    return boards.board_figures(viewer=_user(request), board=board, period=period)


def _department_id(viewer: User, department_id: int | None) -> int:
    if department_id is not None:
        return department_id
    departments = report_departments(viewer=viewer)
    if not departments:
        raise NotFound(NOT_FOUND)
    return next((d.pk for d in departments if d.pk == viewer.department_id), departments[0].pk)


def _check_period(value: str) -> bool:
    if value not in ("month", "year"):
        raise ValidationFailed(PERIOD_INVALID, field="period")
    return value == "year"


@router.get(
    "/reports/key-account-report", response=dict[str, Any], summary="The key account management report"
)
def report(
    request: HttpRequest, month: str | None = None, department_id: int | None = None, period: str = "month"
) -> dict[str, Any]:
    """Compute a department's report for a month or year (A2p); the caller's department by default."""
    viewer = _user(request)
    require_posts(viewer, *rules.REPORT_POSTS)
    year = _check_period(period)
    first = period_of(month).month
    department = department_get(viewer=viewer, department_id=_department_id(viewer, department_id))
    return key_account_report(department, date(first.year, 1, 1) if year else first, year=year)


@router.post("/reports/key-account-reports/", response={201: KeptOut}, summary="Produce and keep a report")
def report_keep(request: HttpRequest, payload: ProduceIn) -> Status[KeyAccountReport]:
    viewer = _user(request)
    require_posts(viewer, *rules.REPORT_POSTS)
    year = _check_period(payload.period)
    first = period_of(payload.month).month
    kept = services.report_produce(
        actor=viewer, department_id=_department_id(viewer, payload.department_id), first=first, year=year
    )
    return Status(201, kept)


@router.get("/reports/key-account-reports/", response=list[KeptOut], summary="Kept reports")
@paginate(LimitOffsetPagination)
def report_list(request: HttpRequest, department_id: int | None = None) -> Any:
    viewer = _user(request)
    require_posts(viewer, *rules.REPORT_POSTS)
    ids = [d.pk for d in report_departments(viewer=viewer)]
    rows = KeyAccountReport.objects.filter(department_id__in=ids)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return rows.order_by("-start", "department_id", "id")


@router.get("/reports/key-account-reports/{kept_report_id}", response=KeptOut, summary="One kept report")
def report_get(request: HttpRequest, kept_report_id: int) -> KeyAccountReport:
    viewer = _user(request)
    require_posts(viewer, *rules.REPORT_POSTS)
    kept = KeyAccountReport.objects.filter(pk=kept_report_id).first()
    if kept is None:
        raise NotFound(NOT_FOUND)
    department_get(viewer=viewer, department_id=kept.department_id)
    return kept
