"""Reads of field work, and the only place that decides who sees which rows (D11, D13–D16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, restrict, scope_for
from kam.visits import rules
from kam.visits.codes import ViolationCode
from kam.visits.models import Appointment, ContactPlan, DailyReport, SignIn, Violation, Visit

if TYPE_CHECKING:
    from kam.accounts.models import Account
    from kam.org.models import User


FIELD_REACH = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "inspector": Reach.ALL,
    "regional_manager": Reach.REGION,
    "service_director": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
}
"""Who sees whose field work: the service director answers for the region's staff, inspectors audit all."""


def _scoped(rows: QuerySet[Any], viewer: User) -> QuerySet[Any]:
    """Own rows; a KA manager the department's; a director the region's; inspectors all (D11)."""
    return restrict(rows, viewer, owner="user", department="department", reach_by_post=FIELD_REACH)


def _one(rows: QuerySet[Any], pk: int) -> Any:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def _range(rows: QuerySet[Any], field: str, start: date | None, end: date | None) -> QuerySet[Any]:
    if start is not None:
        rows = rows.filter(**{f"{field}__gte": clock.day_bounds(start)[0]})
    if end is not None:
        rows = rows.filter(**{f"{field}__lt": clock.day_bounds(end)[0]})
    return rows


def sign_in_list(
    *, viewer: User, user_id: int | None = None, start: date | None = None, end: date | None = None
) -> QuerySet[SignIn]:
    rows = _scoped(SignIn.objects.select_related("user", "entered_by"), viewer)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return _range(rows, "occurred_at", start, end)


def duty_desk_entries(*, viewer: User, day: date) -> QuerySet[SignIn]:
    """The sign-ins the viewer entered at the duty desk on ``day`` for specialists who phoned in (D11)."""
    rows = SignIn.objects.select_related("user").filter(entered_by=viewer)
    return _range(rows, "occurred_at", day, day + timedelta(days=1)).order_by("-occurred_at")[:50]


def sign_in_get(*, viewer: User, sign_in_id: int) -> SignIn:
    return _one(sign_in_list(viewer=viewer), sign_in_id)  # type: ignore[no-any-return]


def visit_list(
    *,
    viewer: User,
    user_id: int | None = None,
    account_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Visit]:
    rows = _scoped(Visit.objects.select_related("user", "account", "contact"), viewer)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    return _range(rows, "occurred_at", start, end).prefetch_related("companions")


def visit_get(*, viewer: User, visit_id: int) -> Visit:
    return _one(visit_list(viewer=viewer), visit_id)  # type: ignore[no-any-return]


def contact_plan_list(
    *,
    viewer: User,
    user_id: int | None = None,
    department_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[ContactPlan]:
    rows = _scoped(ContactPlan.objects.select_related("user", "account", "contact"), viewer)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return _range(rows, "planned_for", start, end)


def contact_plan_get(*, viewer: User, plan_id: int) -> ContactPlan:
    return _one(contact_plan_list(viewer=viewer), plan_id)  # type: ignore[no-any-return]


def appointment_list(
    *,
    viewer: User,
    user_id: int | None = None,
    department_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Appointment]:
    """List bookings for a calendar: a person's, or a department's (D14); cancelled ones are left out."""
    rows = _scoped(Appointment.objects.select_related("user", "account", "contact"), viewer)
    rows = rows.filter(cancelled_at__isnull=True)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return _range(rows, "starts_at", start, end)


def appointment_get(*, viewer: User, appointment_id: int) -> Appointment:
    rows = _scoped(Appointment.objects.select_related("user", "account"), viewer)
    return _one(rows, appointment_id)  # type: ignore[no-any-return]


def daily_report_list(
    *, viewer: User, user_id: int | None = None, status: str | None = None
) -> QuerySet[DailyReport]:
    rows = _scoped(DailyReport.objects.select_related("user", "supervisor", "manager"), viewer)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if status:
        rows = rows.filter(status=status)
    return rows.prefetch_related("expenses")


def daily_report_get(*, viewer: User, report_id: int) -> DailyReport:
    return _one(daily_report_list(viewer=viewer), report_id)  # type: ignore[no-any-return]


def violation_list(
    *,
    viewer: User,
    user_id: int | None = None,
    month: date | None = None,
    code: str | None = None,
    status: str | None = None,
) -> QuerySet[Violation]:
    """List violations: the director sees the staff of the region they answer for, inspectors all (D11)."""
    rows = _scoped(Violation.objects.select_related("user", "department"), viewer)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if month is not None:
        nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        rows = rows.filter(day__gte=month, day__lt=nxt)
    if code:
        rows = rows.filter(code=code)
    if status:
        rows = rows.filter(status=status)
    return rows


def violation_get(*, viewer: User, violation_id: int) -> Violation:
    return _one(violation_list(viewer=viewer), violation_id)  # type: ignore[no-any-return]


def visit_counts(user_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Count visit records per specialist in the local days [start, end) — the scorecard's "visits" row."""
    rows = Visit.objects.filter(
        user_id__in=list(user_ids),
        occurred_at__gte=clock.day_bounds(start)[0],
        occurred_at__lt=clock.day_bounds(end)[0],
    )
    return {row["user_id"]: row["n"] for row in rows.values("user_id").annotate(n=Count("*")).order_by()}


def violation_deductions(user_ids: Sequence[int], start: date, end: date) -> dict[int, list[Any]]:
    """Offer the month's standing violations to the manager scoring ``daily_work`` (D11, B7).

    Violations whose explanation was accepted are left out; the points per violation are configurable.
    """
    from kam.plans.sources import Deduction

    points = Decimal(str(getattr(settings, "KAM_VISIT_DISCIPLINE", {}).get("deduction_points", "1")))
    rows = Violation.objects.filter(user_id__in=list(user_ids), day__gte=start, day__lt=end).exclude(
        status="accepted"
    )
    labels = {code.value: str(code.label) for code in ViolationCode}
    found: dict[int, list[Any]] = {}
    for user_id, code, pk, day in rows.order_by("day", "id").values_list("user_id", "code", "pk", "day"):
        found.setdefault(user_id, []).append(
            Deduction(
                code=f"visits.{code}",
                label=labels.get(code, code),
                points=points,
                link=f"/visits/violations/{pk}/",
                occurred_on=day,
            )
        )
    return found


def account_panel(account: Account, user: User) -> dict[str, Any]:
    """The account 360° page's "visits" section: the latest visits the viewer may see."""
    return {"visits": list(visit_list(viewer=user, account_id=account.pk)[:10])}


@dataclass(frozen=True)
class CalendarEntry:
    """One line of a calendar: an appointment or a contact plan, flagged when double-booked (D13, D14)."""

    kind: str  # "appointment" | "contact_plan"
    pk: int
    starts_at: datetime
    ends_at: datetime | None
    account: str
    person: str
    purpose: str
    place: str
    double_booked: bool


def calendar(
    *,
    viewer: User,
    view: str,
    day: date,
    user_id: int | None = None,
    department_id: int | None = None,
) -> dict[str, Any]:
    """Lay out a person's or a department's appointments and contact plans by day (D13, D14).

    Appointments of one person that overlap are flagged as double-booked; three queries in all.
    """
    start, end = rules.calendar_range(view, day)
    appointments = list(
        appointment_list(viewer=viewer, user_id=user_id, department_id=department_id, start=start, end=end)
    )
    plans = list(
        contact_plan_list(viewer=viewer, user_id=user_id, department_id=department_id, start=start, end=end)
    )
    clashing = rules.double_booked((a.pk, a.user_id, a.starts_at, a.ends_at) for a in appointments)
    entries = [
        CalendarEntry(
            "appointment",
            a.pk,
            a.starts_at,
            a.ends_at,
            a.account.name,
            str(a.user),
            a.purpose,
            a.place,
            a.pk in clashing,
        )
        for a in appointments
    ] + [
        CalendarEntry(
            "contact_plan", p.pk, p.planned_for, None, p.account.name, str(p.user), p.purpose, p.place, False
        )
        for p in plans
    ]
    entries.sort(key=lambda e: (e.starts_at, e.kind, e.pk))
    days: dict[date, list[CalendarEntry]] = {start + timedelta(days=n): [] for n in range((end - start).days)}
    for entry in entries:
        days.setdefault(clock.localtime(entry.starts_at).date(), []).append(entry)
    return {
        "start": start,
        "end": end,
        "days": days,
        "double_booked": len(clashing),
        "count": len(entries),
    }


def calendar_people(viewer: User) -> QuerySet[User]:
    """The people whose calendars the viewer may open: themselves, and those their post reaches."""
    from kam.org.models import User as UserModel

    scope = scope_for(viewer, FIELD_REACH)
    rows = UserModel.objects.filter(is_active=True)
    if scope.reach is not Reach.ALL:
        allowed = Q(pk=viewer.pk)
        if scope.reach >= Reach.DEPARTMENT and scope.department_ids:
            allowed |= Q(department_id__in=sorted(scope.department_ids))
        rows = rows.filter(allowed)
    return rows.select_related("department").order_by("department_id", "username")
