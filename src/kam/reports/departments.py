"""Department results side by side, and the key account management report (A2p).

One grouped query per table for any number of departments: accounts, visits, deals, receivables,
payments, SLA milestones, violations, plans and specialists. Callers decide which departments the
viewer may see (:func:`kam.reports.selectors.report_departments`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce

from kam.accounts.models import Account, AccountStatus, Deal, Payment, Receivable
from kam.core import clock
from kam.org.models import Department, User
from kam.plans.models import MonthlyPlan, PlanStatus
from kam.plans.services.scorecards import scorecard_compute
from kam.reports import rules
from kam.reports.selectors import MONEY, ZERO, _money, _visits_by_code
from kam.reports.widgets import report_lines
from kam.service.models import Milestone
from kam.service.rules import MilestoneStatus
from kam.visits import tallies
from kam.visits.models import Violation, Visit

FIGURES = (
    "specialists",
    "accounts",
    "accounts_new",
    "accounts_developed",
    "accounts_terminated",
    "visits",
    "deals",
    "deal_amount",
    "receivables_due",
    "collected",
    "outstanding",
    "sla_met",
    "sla_breached",
    "sla_rate",
    "violations",
    "plans_submitted",
)
"""The figures of each department, in the order the report and its spreadsheet show them."""


def _grouped(rows: Any, key: str, **annotations: Any) -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in rows.values(key).annotate(**annotations).order_by()}


def _terminated(ids: Sequence[int], first: date, after: date) -> dict[int, int]:
    """Count accounts set to terminated in [first, after): a history entry in the range says terminated
    and none before it did (an account edited while already terminated is not counted again)."""
    history = Account.history.model
    start, end = clock.day_bounds(first)[0], clock.day_bounds(after)[0]
    before = history.objects.filter(history_date__lt=start, status=AccountStatus.TERMINATED).values("id")
    rows = (
        history.objects.filter(
            department_id__in=ids,
            history_date__gte=start,
            history_date__lt=end,
            status=AccountStatus.TERMINATED,
        )
        .exclude(id__in=before)
        .values("department_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    return {row["department_id"]: row["n"] for row in rows}


def _visits(ids: Sequence[int], first: date, after: date) -> dict[int, dict[str, Any]]:
    """Live visits per department: closed months from their kept counts (:mod:`kam.visits.tallies`)."""
    counts = tallies.grouped_counts(first, after, by="department", department_ids=ids)
    return {dep: {"n": n} for dep, n in counts.items()}


def _deals(ids: Sequence[int], start: Any, end: Any) -> dict[int, dict[str, Any]]:
    return _grouped(
        Deal.objects.filter(account__department_id__in=ids, occurred_at__gte=start, occurred_at__lt=end),
        "account__department_id",
        n=Count("id"),
        amount=Coalesce(Sum("amount"), ZERO, output_field=MONEY),
    )


def _payments(ids: Sequence[int], first: date, after: date) -> dict[int, dict[str, Any]]:
    return _grouped(
        Payment.objects.filter(
            receivable__account__department_id__in=ids,
            receivable__deleted_at__isnull=True,
            paid_on__gte=first,
            paid_on__lt=after,
        ),
        "receivable__account__department_id",
        amount=Coalesce(Sum("amount"), ZERO, output_field=MONEY),
    )


def department_results(department_ids: Sequence[int], first: date, after: date) -> dict[int, dict[str, Any]]:
    """Return each department's figures for the local days [first, after) (A2p)."""
    ids = list(department_ids)
    start, end = clock.day_bounds(first)[0], clock.day_bounds(after)[0]
    in_range = Q(created_at__gte=start, created_at__lt=end)
    accounts = _grouped(
        Account.objects.filter(department_id__in=ids),
        "department_id",
        total=Count("id"),
        new=Count("id", filter=in_range),
        developed=Count("id", filter=Q(developed_at__gte=first, developed_at__lt=after)),
    )
    terminated = _terminated(ids, first, after)
    visits = _visits(ids, first, after)
    deals = _deals(ids, start, end)
    outstanding = ExpressionWrapper(F("amount") - F("collected"), output_field=MONEY)
    receivables = _grouped(
        Receivable.objects.filter(account__department_id__in=ids, account__deleted_at__isnull=True),
        "account__department_id",
        due=Coalesce(
            Sum("amount", filter=Q(due_date__gte=first, due_date__lt=after)), ZERO, output_field=MONEY
        ),
        outstanding=Coalesce(Sum(outstanding), ZERO, output_field=MONEY),
    )
    payments = _payments(ids, first, after)
    sla = _grouped(
        Milestone.objects.filter(
            request__department_id__in=ids,
            request__opened_at__gte=start,
            request__opened_at__lt=end,
            request__deleted_at__isnull=True,
        ),
        "request__department_id",
        met=Count("id", filter=Q(status=MilestoneStatus.MET.value)),
        breached=Count("id", filter=Q(status=MilestoneStatus.BREACHED.value)),
    )
    violations = _grouped(
        Violation.objects.filter(department_id__in=ids, day__gte=first, day__lt=after),
        "department_id",
        n=Count("id"),
    )
    plans = _grouped(
        MonthlyPlan.objects.filter(
            department_id__in=ids, month=after, status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED]
        ),
        "department_id",
        n=Count("id"),
    )
    staff = _grouped(
        User.objects.filter(department_id__in=ids, is_active=True, posts__code="specialist"),
        "department_id",
        n=Count("id", distinct=True),
    )
    result = {}
    for dep in ids:
        met = sla.get(dep, {}).get("met", 0)
        breached = sla.get(dep, {}).get("breached", 0)
        result[dep] = {
            "specialists": staff.get(dep, {}).get("n", 0),
            "accounts": accounts.get(dep, {}).get("total", 0),
            "accounts_new": accounts.get(dep, {}).get("new", 0),
            "accounts_developed": accounts.get(dep, {}).get("developed", 0),
            "accounts_terminated": terminated.get(dep, 0),
            "visits": visits.get(dep, {}).get("n", 0),
            "deals": deals.get(dep, {}).get("n", 0),
            "deal_amount": _money(deals.get(dep, {}).get("amount")),
            "receivables_due": _money(receivables.get(dep, {}).get("due")),
            "collected": _money(payments.get(dep, {}).get("amount")),
            "outstanding": _money(receivables.get(dep, {}).get("outstanding")),
            "sla_met": met,
            "sla_breached": breached,
            "sla_rate": rules.rate(met, met + breached),
            "violations": violations.get(dep, {}).get("n", 0),
            "plans_submitted": plans.get(dep, {}).get("n", 0),
        }
    return result


def departments_side_by_side(
    departments: Sequence[Department], first: date, after: date
) -> list[dict[str, Any]]:
    """Return one row per department with its name and figures, in the order given."""
    figures = department_results([d.pk for d in departments], first, after)
    return [{"department_id": d.pk, "department": d.name, **figures[d.pk]} for d in departments]


def _extra_lines(department_id: int, first: date, after: date) -> list[dict[str, Any]]:
    """The lines other apps add to the report (hospitality spend, …), see :mod:`kam.reports.widgets`."""
    lines = []
    for line in report_lines():
        value = line.compute([department_id], first, after).get(department_id, 0)
        lines.append({"key": line.key, "label": str(line.label), "value": value})
    return lines


def key_account_report(department: Department, first: date, *, year: bool = False) -> dict[str, Any]:
    """Build the key account management report of a department for a month or a year (A2p).

    Accounts new, developed and terminated; visits by plan and result code; deals and amounts;
    receivables due and collected; SLA compliance; the scorecard ranking (for a month); and the lines
    other apps register (hospitality spend). The result is plain JSON-able data, kept as it is.
    """
    after = date(first.year + 1, 1, 1) if year else rules.month_after(first)
    start, end = clock.day_bounds(first)[0], clock.day_bounds(after)[0]
    figures = department_results([department.pk], first, after)[department.pk]
    codes = _visits_by_code(
        Visit.objects.filter(
            department_id=department.pk, occurred_at__gte=start, occurred_at__lt=end
        ).order_by()
    )
    ranking = []
    if not year:
        for card in scorecard_compute(department_id=department.pk, month=first):
            ranking.append(
                {
                    "rank": card.rank,
                    "user_id": card.user_id,
                    "name": card.scorecard.specialist.display_name,
                    "total": str(card.total),
                    "status": card.scorecard.status,
                }
            )
    return {
        "department_id": department.pk,
        "department": department.name,
        "period": "year" if year else "month",
        "start": first.isoformat(),
        "end": after.isoformat(),
        "label": f"{first:%Y}" if year else f"{first:%Y-%m}",
        "figures": {k: _plain(v) for k, v in figures.items()},
        "visits": codes,
        "ranking": ranking,
        "lines": [
            {**line, "value": _plain(line["value"])} for line in _extra_lines(department.pk, first, after)
        ],
    }


def _plain(value: Any) -> Any:
    """Money and rates as strings, so the kept report reads back exactly as it was produced."""
    return str(value) if isinstance(value, Decimal) else value


def _totals(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for name in FIGURES:
        if name == "sla_rate":
            continue
        totals[name] = sum((row[name] for row in rows), Decimal(0) if name in MONEY_FIGURES else 0)
    totals["sla_rate"] = rules.rate(totals["sla_met"], totals["sla_met"] + totals["sla_breached"])
    return totals


MONEY_FIGURES = frozenset({"deal_amount", "receivables_due", "collected", "outstanding"})


def company_board(*, viewer: User, period: Any) -> dict[str, Any]:
    """Department results for the month, side by side with the company's totals (general manager, finance)."""
    from kam.reports.selectors import report_departments

    rows = departments_side_by_side(report_departments(viewer=viewer), period.month, period.next_month)
    return {"board": "company", "month": period.key, "departments": rows, "totals": _totals(rows)}


def region_board(*, viewer: User, period: Any) -> dict[str, Any]:
    """The region's departments side by side: the month, and the year to the month's end."""
    from kam.reports.selectors import report_departments

    departments = report_departments(viewer=viewer)
    month = departments_side_by_side(departments, period.month, period.next_month)
    return {
        "board": "region",
        "month": period.key,
        "departments": month,
        "totals": _totals(month),
        "year_to_date": year_to_date(departments, date(period.month.year, 1, 1), period.next_month),
    }


def year_to_date(departments: Sequence[Department], first: date, after: date) -> list[dict[str, Any]]:
    """Visits, deals and collections of each department for [first, after): only what the board shows."""
    ids = [d.pk for d in departments]
    start, end = clock.day_bounds(first)[0], clock.day_bounds(after)[0]
    visits, deals, payments = (
        _visits(ids, first, after),
        _deals(ids, start, end),
        _payments(ids, first, after),
    )
    return [
        {
            "department_id": d.pk,
            "department": d.name,
            "visits": visits.get(d.pk, {}).get("n", 0),
            "deals": deals.get(d.pk, {}).get("n", 0),
            "deal_amount": _money(deals.get(d.pk, {}).get("amount")),
            "collected": _money(payments.get(d.pk, {}).get("amount")),
        }
        for d in departments
    ]
