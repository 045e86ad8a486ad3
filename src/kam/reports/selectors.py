"""The figures of every dashboard, each from a few aggregate queries, cut to what the viewer may see.

Visibility comes from :mod:`kam.core.scoping` (own → department → region → all): a specialist's
dashboard counts only their own rows, a KA manager's their department's, a regional manager's the
region's, the general manager's and finance's everything. Service figures use the service desk's own
selectors (its reach is wider for the desk), violations the field-work selectors. Nothing here loads
rows one by one: every table is grouped and summed by the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_noop

from kam.accounts.models import Account, Deal, Receivable
from kam.core import clock
from kam.core.errors import NOT_FOUND, Forbidden, NotFound
from kam.core.scoping import DEFAULT_REACH, Reach, Scope, scope_for, scope_q
from kam.org.models import Department, DepartmentKind, User
from kam.plans import sources
from kam.plans.models import AnnualTarget, MonthlyPlan
from kam.plans.services.scorecards import scorecard_compute
from kam.reports import rules
from kam.service import selectors as service_selectors
from kam.service.models import RequestStatus, ServiceRequest
from kam.visits import selectors as visit_selectors
from kam.visits import tallies
from kam.visits.codes import PlanCode, ResultCode, ViolationStatus
from kam.visits.models import Appointment, Violation, Visit

REPORT_REACH = {**DEFAULT_REACH, "finance": Reach.ALL, "service_director": Reach.REGION}
"""How far each post sees in reports: as everywhere, plus finance, which answers for the whole company."""

BOARD_FORBIDDEN = gettext_noop("This dashboard is not one of your posts' dashboards.")
UNKNOWN_BOARD = gettext_noop("Unknown dashboard.")
ZERO = Decimal("0.00")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
STANDING = [ViolationStatus.OPEN, ViolationStatus.EXPLAINED, ViolationStatus.REJECTED]
"""Violations still standing: not accepted and not closed (D11)."""


@dataclass(frozen=True)
class Period:
    """The month a dashboard looks at, and the day it is looked at (for today's items and ageing)."""

    month: date
    today: date

    @property
    def next_month(self) -> date:
        return rules.month_after(self.month)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return clock.month_bounds(self.month)

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def as_of(self) -> date:
        """The day receivables are aged on: today for the current month, else the month's last day."""
        last = self.next_month.toordinal() - 1
        return min(self.today, date.fromordinal(last))


def period_of(month: str | None, *, field: str = "month") -> Period:
    """Return the period of ``YYYY-MM`` (this month when empty); a bad month is a 422 naming ``field``."""
    today = clock.local_today()
    first = clock.parse_month(month, field=field) if month else date(today.year, today.month, 1)
    return Period(first, today)


def _scope(viewer: User) -> Scope:
    return scope_for(viewer, REPORT_REACH)


def _beyond_departments(rows: QuerySet[Any], scope: Scope, *, owner: str, department: str) -> bool:
    """Whether the viewer owns rows outside the departments it reaches (a manager almost never does)."""
    mine = rows.filter(**{f"{owner}_id": scope.user_id})
    return mine.exclude(**{f"{department}_id__in": sorted(scope.department_ids or ())}).exists()


def _reaches_departments(scope: Scope) -> bool:
    return scope.reach >= Reach.DEPARTMENT and not scope.sees_all and bool(scope.department_ids)


def _cut(
    rows: QuerySet[Any], scope: Scope, *, owner: str | None, department: str | None, large: bool = False
) -> QuerySet[Any]:
    """Cut ``rows`` to the scope: the viewer's own rows and those of the departments it reaches.

    For a ``large`` table (visits), when the viewer owns no rows outside its departments, the owner
    term is left out, so the database answers from a department index alone instead of testing "mine
    or my department's" on every row (the dashboards' p95, issue 10).
    """
    narrow = large and owner and department and _reaches_departments(scope)
    if narrow and not _beyond_departments(rows, scope, owner=owner, department=department):  # type: ignore[arg-type]
        owner = None
    return rows.filter(scope_q(scope, owner=owner, department=department)).order_by()


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def board_check(viewer: User, board: str) -> None:
    """Refuse a dashboard the viewer's posts do not open (403), or one that does not exist (404)."""
    if board not in rules.BOARDS:
        raise NotFound(UNKNOWN_BOARD)
    posts = set(viewer.post_codes()) | ({"admin"} if viewer.is_superuser else set())
    if board not in rules.boards_for(posts):
        raise Forbidden(BOARD_FORBIDDEN)


# Shared pieces ------------------------------------------------------------------------------------


def _visits_by_code(rows: QuerySet[Visit]) -> dict[str, Any]:
    """Count visits by plan code × result code in one grouped query (D16)."""
    matrix = {p: {r: 0 for r in ResultCode.values} for p in PlanCode.values}
    for row in rows.values("plan_code", "result_code").annotate(n=Count("*")):
        if row["plan_code"] in matrix and row["result_code"] in matrix[row["plan_code"]]:
            matrix[row["plan_code"]][row["result_code"]] = row["n"]
    by_plan = {p: sum(matrix[p].values()) for p in matrix}
    by_result = {r: sum(matrix[p][r] for p in matrix) for r in ResultCode.values}
    return {"matrix": matrix, "by_plan": by_plan, "by_result": by_result, "total": sum(by_plan.values())}


def _funnel(codes: dict[str, Any], deals: int) -> list[dict[str, Any]]:
    """The road from first visit to deal: first visits, promising or better, deals at a visit, deals."""
    first = codes["by_plan"][PlanCode.FIRST_VISIT]
    promising = codes["by_result"][ResultCode.PROMISING] + codes["by_result"][ResultCode.DEAL]
    return [
        {"stage": "first_visits", "value": first},
        {"stage": "promising", "value": promising},
        {"stage": "deal_visits", "value": codes["by_result"][ResultCode.DEAL]},
        {"stage": "deals", "value": deals},
    ]


def _ageing(scope: Scope, as_of: date) -> dict[str, Any]:
    """Sum what is outstanding per ageing bucket in one query (A2n)."""
    outstanding = ExpressionWrapper(F("amount") - F("collected"), output_field=MONEY)
    sums = {}
    for name, earliest, latest in rules.ageing_ranges(as_of):
        due = Q()
        if earliest is not None:
            due &= Q(due_date__gte=earliest)
        if latest is not None:
            due &= Q(due_date__lte=latest)
        sums[name] = Coalesce(Sum(outstanding, filter=due), ZERO, output_field=MONEY)
    rows = _cut(
        Receivable.objects.filter(account__deleted_at__isnull=True, collected__lt=F("amount")),
        scope,
        owner="account__owner",
        department="account__department",
    )
    buckets = {name: _money(value) for name, value in rows.aggregate(**sums).items()}
    return {"as_of": as_of, "buckets": buckets, "total": sum(buckets.values(), ZERO)}


def _deal_figures(scope: Scope, period: Period) -> dict[str, Any]:
    """Deals of the month and of the year to the month's end, counted and summed in one query."""
    start, end = period.bounds
    year_start = clock.day_bounds(date(period.month.year, 1, 1))[0]
    in_month = Q(occurred_at__gte=start, occurred_at__lt=end)
    in_year = Q(occurred_at__gte=year_start, occurred_at__lt=end)
    rows = _cut(
        Deal.objects.filter(
            account__deleted_at__isnull=True, occurred_at__gte=year_start, occurred_at__lt=end
        ),
        scope,
        owner="specialist",
        department="account__department",
    )
    got = rows.aggregate(
        month_count=Count("id", filter=in_month),
        month_amount=Coalesce(Sum("amount", filter=in_month), ZERO, output_field=MONEY),
        year_count=Count("id", filter=in_year),
        year_amount=Coalesce(Sum("amount", filter=in_year), ZERO, output_field=MONEY),
    )
    return {
        "count": got["month_count"],
        "amount": _money(got["month_amount"]),
        "year_count": got["year_count"],
        "year_amount": _money(got["year_amount"]),
    }


def _month_visits(scope: Scope, period: Period) -> QuerySet[Visit]:
    start, end = period.bounds
    return _cut(
        Visit.objects.filter(occurred_at__gte=start, occurred_at__lt=end),
        scope,
        owner="user",
        department="department",
        large=True,
    )


def _violations(scope: Scope, period: Period) -> QuerySet[Violation]:
    return _cut(
        Violation.objects.filter(day__gte=period.month, day__lt=period.next_month),
        scope,
        owner="user",
        department="department",
    )


def _by(rows: QuerySet[Any], field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in rows.values(field).annotate(n=Count("id")).order_by(field)}


def _person(full_name: str | None, username: str) -> str:
    return full_name or username


# Specialist ---------------------------------------------------------------------------------------

PLAN_ROWS = (("visits", "visits"), ("expansion", "expansions"), ("deals", "deals"))
"""Each counted scorecard source and the planned count it is measured against (B1, B5)."""


def specialist_board(*, viewer: User, period: Period) -> dict[str, Any]:
    """This month's plan against actuals, today's appointments, callbacks due, standing violations."""
    plan = (
        MonthlyPlan.objects.filter(specialist=viewer, month=period.month)
        .values("visits", "expansions", "deals", "status")
        .first()
    )
    plan_rows = []
    for source, plan_field in PLAN_ROWS:
        counted = sources.count(source, [viewer.pk], period.month, period.next_month)
        actual = None if counted is None else counted.get(viewer.pk, 0)
        planned: int | None = int(str(dict(plan)[plan_field])) if plan else None
        plan_rows.append(
            {"code": source, "plan": planned, "actual": actual, "rate": rules.rate(actual or 0, planned or 0)}
        )
    day_start, day_end = clock.day_bounds(period.today)
    appointments = (
        Appointment.objects.filter(
            user=viewer, cancelled_at__isnull=True, starts_at__gte=day_start, starts_at__lt=day_end
        )
        .select_related("account")
        .order_by("starts_at")[:20]
    )
    callbacks = (
        ServiceRequest.objects.filter(assignee=viewer, status=RequestStatus.OPEN)
        .select_related("account")
        .order_by(F("next_due_at").asc(nulls_last=True), "opened_at")[:10]
    )
    violations = (
        Violation.objects.filter(user=viewer, status__in=STANDING)
        .order_by("-day", "id")
        .values("id", "code", "day", "status")
    )
    return {
        "board": "specialist",
        "month": period.key,
        "plan_status": plan["status"] if plan else None,
        "plan": plan_rows,
        "appointments": [
            {
                "id": a.pk,
                "starts_at": a.starts_at,
                "account_id": a.account_id,
                "account": a.account.name,
                "purpose": a.purpose,
                "place": a.place,
            }
            for a in appointments
        ],
        "callbacks": [
            {
                "id": r.pk,
                "kind": r.kind,
                "summary": r.summary,
                "account": r.account.name if r.account else "",
                "next_due_at": r.next_due_at,
            }
            for r in callbacks
        ],
        "violations": list(violations[:20]),
    }


# KA manager ---------------------------------------------------------------------------------------


def _plan_status(scope: Scope, period: Period) -> dict[str, dict[str, int]]:
    """Count this month's and next month's plans by status in one query (B1)."""
    rows = _cut(
        MonthlyPlan.objects.filter(month__in=[period.month, period.next_month]),
        scope,
        owner="specialist",
        department="department",
    )
    found: dict[str, dict[str, int]] = {period.key: {}, f"{period.next_month:%Y-%m}": {}}
    for row in rows.values("month", "status").annotate(n=Count("id")):
        found[f"{row['month']:%Y-%m}"][row["status"]] = row["n"]
    return found


def _visit_total(scope: Scope, first: date, after: date) -> int:
    """Count the live visits of [first, after) in the scope, from the kept month counts where it can."""
    if scope.sees_all:
        return tallies.total(first, after)
    if scope.reach is Reach.NONE:
        return 0
    if not _reaches_departments(scope):
        return tallies.total(first, after, user_ids=[scope.user_id or 0])
    if not _beyond_departments(Visit.objects.all(), scope, owner="user", department="department"):
        return tallies.total(first, after, department_ids=sorted(scope.department_ids or ()))
    start, end = clock.day_bounds(first)[0], clock.day_bounds(after)[0]
    rows = Visit.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    return _cut(rows, scope, owner="user", department="department", large=True).count()


def _targets(scope: Scope, period: Period, deals: dict[str, Any]) -> dict[str, Any]:
    """The year's targets of the visible departments against the year to the month's end (A2b)."""
    targets = AnnualTarget.objects.filter(year=period.month.year)
    if scope.reach is not Reach.ALL:
        targets = targets.filter(department_id__in=sorted(scope.department_ids or ()))
    target = targets.aggregate(
        visits=Coalesce(Sum("visits"), 0),
        expansions=Coalesce(Sum("expansions"), 0),
        deals=Coalesce(Sum("deals"), 0),
    )
    year_start = date(period.month.year, 1, 1)
    developed = _cut(
        Account.objects.filter(developed_at__gte=year_start, developed_at__lt=period.next_month),
        scope,
        owner="owner",
        department="department",
    ).count()
    visits = _visit_total(scope, year_start, period.next_month)
    rows = [
        ("visits", target["visits"], visits),
        ("expansions", target["expansions"], developed),
        ("deals", target["deals"], deals["year_count"]),
    ]
    return {
        "year": period.month.year,
        "rows": [{"code": c, "target": t, "actual": a, "rate": rules.rate(a, t)} for c, t, a in rows],
    }


def _service_pressure(viewer: User, period: Period) -> dict[str, int]:
    """SLA breaches of the month and repeat complaints charged in it (D10, B7)."""
    start, end = period.bounds
    breached = service_selectors.breaches(viewer=viewer).filter(breached_at__gte=start, breached_at__lt=end)
    repeats = service_selectors.assessment_record_list(viewer=viewer, month=period.key)
    return {"sla_breaches": breached.count(), "repeat_complaints": repeats.count()}


def manager_board(*, viewer: User, period: Period) -> dict[str, Any]:
    """The team's scorecards and plans, visits by code and funnel, targets, ageing, service, violations."""
    scope = _scope(viewer)
    # The viewers of this board see whole departments, so each department's cards are computed at once
    # (plans' scorecard_compute: a fixed number of queries per department, however many specialists).
    cards = [
        card
        for department in report_departments(viewer=viewer)
        for card in scorecard_compute(department_id=department.pk, month=period.month)
    ]
    codes = _visits_by_code(_month_visits(scope, period))
    deals = _deal_figures(scope, period)
    return {
        "board": "ka_manager",
        "month": period.key,
        "scorecards": [
            {
                "scorecard_id": c.scorecard.pk,
                "user_id": c.user_id,
                "name": c.scorecard.specialist.display_name,
                "department_id": c.scorecard.department_id,
                "total": c.total,
                "rank": c.rank,
                "status": c.scorecard.status,
            }
            for c in cards
        ],
        "plans": _plan_status(scope, period),
        "visits": codes,
        "funnel": _funnel(codes, deals["count"]),
        "deals": deals,
        "targets": _targets(scope, period, deals),
        "ageing": _ageing(scope, period.as_of),
        "service": _service_pressure(viewer, period),
        "violations": _by(_violations(scope, period), "code"),
    }


# Customer service and call centre ----------------------------------------------------------------


def _summed(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Add up met and breached over the rows sharing ``keys``, with the rate, in key order."""
    totals: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        total = totals.setdefault(key, {**dict(zip(keys, key, strict=True)), "met": 0, "breached": 0})
        total["met"] += row["met"]
        total["breached"] += row["breached"]
    return [
        {**total, "rate": round(100 * total["met"] / (total["met"] + total["breached"]), 1)}
        for _, total in sorted(totals.items())
    ]


def service_board(*, viewer: User, period: Period) -> dict[str, Any]:
    """SLA compliance by kind, milestone and department for the month, and the queue's next deadlines."""
    cube = service_selectors.compliance(viewer=viewer, month=period.key, by_code=True)
    by_department = _summed(cube, ("kind", "department"))
    kinds = {(str(row["kind"])): row for row in _summed(cube, ("kind",))}
    milestones = _summed(cube, ("code",))
    queue = service_selectors.queue(viewer=viewer).prefetch_related(None)[:10]
    met = sum(k["met"] for k in kinds.values())
    breached = sum(k["breached"] for k in kinds.values())
    return {
        "board": "service",
        "month": period.key,
        "compliance": {"met": met, "breached": breached, "rate": rules.rate(met, met + breached)},
        "by_kind": [
            {"kind": k, **v, "rate": rules.rate(v["met"], v["met"] + v["breached"])}
            for k, v in sorted(kinds.items())
        ],
        "by_milestone": [
            {**row, "rate": rules.rate(row["met"], row["met"] + row["breached"])} for row in milestones
        ],
        "by_department": by_department,
        "queue": [
            {
                "id": r.pk,
                "kind": r.kind,
                "summary": r.summary,
                "account": r.account.name if r.account else "",
                "department": r.department.name if r.department else "",
                "assignee": r.assignee.display_name if r.assignee else "",
                "next_due_at": r.next_due_at,
            }
            for r in queue
        ],
    }


# Service director and inspectors -----------------------------------------------------------------


def discipline_board(*, viewer: User, period: Period) -> dict[str, Any]:
    """Violations of the visit discipline by person and rule, and by status, for the month (D11)."""
    rows = visit_selectors.violation_list(viewer=viewer, month=period.month).order_by()
    people: dict[int, dict[str, Any]] = {}
    grouped = rows.values("user_id", "user__full_name", "user__username", "code").annotate(n=Count("id"))
    for row in grouped.order_by("user_id", "code"):
        person = people.setdefault(
            row["user_id"],
            {
                "user_id": row["user_id"],
                "name": _person(row["user__full_name"], row["user__username"]),
                "codes": {},
                "total": 0,
            },
        )
        person["codes"][row["code"]] = row["n"]
        person["total"] += row["n"]
    by_code: dict[str, int] = {}
    for person in people.values():
        for code, n in person["codes"].items():
            by_code[code] = by_code.get(code, 0) + n
    return {
        "board": "discipline",
        "month": period.key,
        "people": sorted(people.values(), key=lambda p: (-p["total"], p["name"])),
        "by_code": by_code,
        "by_status": _by(rows, "status"),
        "total": sum(by_code.values()),
    }


def department_get(*, viewer: User, department_id: int) -> Department:
    """Return a department whose figures ``viewer`` may see; any other is a 404."""
    scope = _scope(viewer)
    if scope.reach is Reach.ALL or department_id in (scope.department_ids or ()):
        found = Department.objects.filter(pk=department_id).first()
        if found is not None:
            return found
    raise NotFound(NOT_FOUND)


def report_departments(*, viewer: User | None) -> list[Department]:
    """Return the key account departments (those with specialists) whose reports ``viewer`` may open.

    ``viewer=None`` is the schedule, which produces every department's report.
    """
    staffed = User.objects.filter(is_active=True, posts__code="specialist").values("department_id")
    rows = Department.objects.filter(pk__in=staffed, kind=DepartmentKind.DEPARTMENT)
    scope = _scope(viewer) if viewer is not None else None
    if scope is not None and scope.reach is not Reach.ALL:
        rows = rows.filter(pk__in=sorted(scope.department_ids or ()))
    return list(rows.order_by("id"))
