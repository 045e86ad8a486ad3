"""Reads of hospitality and who may see what (D2, D17, D18, D19).

The approvers of hospitality requests (customer-service manager, general manager, finance) see every
request; managers see their department's (regional managers their region's); everyone else their
own. Banquets and reception plans follow the same reach with the general manager and the
customer-service manager seeing all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from kam.approvals.models import RequestStep
from kam.core import clock
from kam.core.calendar import work_calendar
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, restrict
from kam.hospitality import budget, planning
from kam.hospitality.models import (
    Banquet,
    BanquetGuest,
    HospitalityRequest,
    Invitation,
    ReceptionPlan,
    ReceptionTask,
)
from kam.org.models import User

REQUEST_REACH = {
    "admin": Reach.ALL,
    "cs_manager": Reach.ALL,
    "general_manager": Reach.ALL,
    "finance": Reach.ALL,
    "regional_manager": Reach.REGION,
    "service_director": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
}
EVENT_REACH = {
    "admin": Reach.ALL,
    "cs_manager": Reach.ALL,
    "general_manager": Reach.ALL,
    "company_office": Reach.ALL,
    "regional_manager": Reach.REGION,
    "service_director": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
}


def request_list(*, viewer: User, status: str | None = None) -> QuerySet[HospitalityRequest]:
    rows = restrict(
        HospitalityRequest.objects.all(), viewer, owner="applicant", reach_by_post=REQUEST_REACH
    ).select_related("applicant", "department", "account", "approval", "settled_by")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-applied_on", "-id")


def request_get(*, viewer: User, request_id: int) -> HospitalityRequest:
    found = request_list(viewer=viewer).filter(pk=request_id).prefetch_related("receipts").first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def approval_steps(request: HospitalityRequest) -> list[RequestStep]:
    """Return the current round's approval steps, for the printed form's three opinions."""
    if request.approval is None:
        return []
    return list(
        RequestStep.objects.filter(request=request.approval, round=request.approval.round)
        .select_related("decided_by", "on_behalf_of")
        .order_by("order")
    )


def export_rows(*, viewer: User, month: date | None = None) -> QuerySet[HospitalityRequest]:
    """Return the approved and settled requests finance pays (D17), optionally of one event month."""
    rows = request_list(viewer=viewer).filter(status__in=budget.EXPORTABLE)
    if month is not None:
        rows = rows.filter(event_date__year=month.year, event_date__month=month.month)
    return rows.order_by("event_date", "id")


def banquet_list(*, viewer: User) -> QuerySet[Banquet]:
    return (
        restrict(Banquet.objects.all(), viewer, owner="organiser", reach_by_post=EVENT_REACH)
        .select_related("organiser", "department", "account")
        .order_by("-starts_at", "-id")
    )


def banquet_get(*, viewer: User, banquet_id: int) -> Banquet:
    found = (
        banquet_list(viewer=viewer)
        .filter(pk=banquet_id)
        .prefetch_related(Prefetch("guests", BanquetGuest.objects.select_related("spouse_of", "contact")))
        .first()
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def holidays_near(day: date) -> set[date]:
    """Return the statutory days off around ``day`` (weekday holidays of the official calendar)."""
    calendar = work_calendar(day.year)
    span = [day + timedelta(days=d) for d in range(-1, 2)]
    return {
        d for d in span if d in calendar.days_off or (d in calendar.overrides and not calendar.overrides[d])
    }


def banquet_warnings(banquet: Banquet) -> list[planning.Warning]:
    day = clock.localtime(banquet.starts_at).date()
    return planning.banquet_warnings(
        banquet_day=day,
        invitations_sent_on=banquet.invitations_sent_on,
        today=clock.local_today(),
        holidays=holidays_near(day),
        taboo_dates=planning.parse_taboo_dates(banquet.taboo_dates),
    )


@dataclass(frozen=True)
class SeatView:
    position: int
    role: str
    guest: BanquetGuest | None
    x: float
    y: float


@dataclass(frozen=True)
class TableView:
    number: int
    side: str
    seats: list[SeatView]
    cx: float
    cy: float


def seating_view(banquet: Banquet) -> list[TableView]:
    """Return the stored seating plan with guests and coordinates for the SVG chart (D2-seat).

    Seats are drawn counter-clockwise from the host at the bottom (everyone faces the centre, so the
    host's right hand is the next seat counter-clockwise seen from above).
    """
    if not banquet.seating:
        return []
    guests = {g.pk: g for g in banquet.guests.all()}
    views = []
    for index, table in enumerate(banquet.seating["tables"]):
        cx, cy = 160 + 320 * (index % 3), 160 + 320 * (index // 3)
        size = len(table["seats"])
        seats = []
        for seat in table["seats"]:
            angle = math.pi / 2 - 2 * math.pi * (seat["position"] - 1) / size
            seats.append(
                SeatView(
                    seat["position"],
                    seat["role"],
                    guests.get(seat["guest_id"]) if seat["guest_id"] is not None else None,
                    round(cx + 110 * math.cos(angle), 1),
                    round(cy + 110 * math.sin(angle), 1),
                )
            )
        views.append(TableView(table["number"], table.get("side", ""), seats, cx, cy))
    return views


def serving_order(banquet: Banquet) -> list[dict[str, Any]]:
    if not banquet.seating:
        return []
    guests = {g.pk: g for g in banquet.guests.all()}
    return [dict(s, guest=guests.get(s["guest_id"])) for s in banquet.seating.get("serving_order", [])]


def menu_taboos(banquet: Banquet) -> list[tuple[str, str]]:
    return planning.menu_taboos(
        (g.name, g.taboos, g.invitation != Invitation.DECLINED) for g in banquet.guests.all()
    )


def reception_list(*, viewer: User) -> QuerySet[ReceptionPlan]:
    """Return the plans the viewer may see by reach, and those with a step assigned to them."""
    visible = restrict(ReceptionPlan.objects.all(), viewer, owner="organiser", reach_by_post=EVENT_REACH)
    assigned = ReceptionTask.objects.filter(who=viewer).values("plan_id")
    return (
        ReceptionPlan.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=assigned))
        .select_related("organiser", "department", "account")
        .order_by("-arrival_at", "-id")
    )


def reception_get(*, viewer: User, plan_id: int) -> ReceptionPlan:
    found = (
        reception_list(viewer=viewer)
        .filter(pk=plan_id)
        .prefetch_related(Prefetch("tasks", ReceptionTask.objects.select_related("who").order_by("order")))
        .first()
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def follow_up_calls_due(*, user: User) -> QuerySet[ReceptionTask]:
    """Return the user's open follow-up calls that are due today or earlier (D19)."""
    _start, end = clock.day_bounds(clock.local_today())
    return (
        ReceptionTask.objects.filter(code=planning.FOLLOW_UP, who=user, done_at__isnull=True, due_at__lt=end)
        .select_related("plan__account")
        .order_by("due_at")
    )
