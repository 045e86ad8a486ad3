"""Hospitality on the dashboards and in the monthly report (F2, A2p, D17).

The general manager's, finance's and the KA manager's dashboards show the hospitality budget against the
actual spending of the month; the key account management report has a line with the month's spend. Both
count the requests that were approved (approved, back with finance, settled) for hospitality held in the
period; a request's actual spending counts once it is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from kam.hospitality import budget
from kam.hospitality.models import HospitalityRequest
from kam.hospitality.selectors import request_list

if TYPE_CHECKING:
    from kam.org.models import User
    from kam.reports.selectors import Period

COUNTED = (budget.APPROVED, budget.FINANCE_REVIEW, budget.SETTLED)
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _total(prefix: str) -> Any:
    """The sum of a request's five lines (``budget_…`` or ``actual_…``), an unrecorded line as 0."""
    lines = [Coalesce(F(f"{prefix}_{line}"), ZERO) for line in budget.LINES]
    total: Any = lines[0]
    for line in lines[1:]:
        total = total + line
    return total


def budget_figures(viewer: User, period: Period) -> dict[str, Any]:
    """Budget against actual per department for the viewer's reach, hospitality held in the month (F2)."""
    first, after = period.month, period.next_month
    rows = (
        request_list(viewer=viewer)
        .filter(status__in=COUNTED, event_date__gte=first, event_date__lt=after)
        .order_by()
        .values("department_id", "department__name")
        .annotate(
            requests=Count("pk"),
            budget=Sum(_total("budget")),
            recorded=Count("pk", filter=Q(spending_recorded_at__isnull=False)),
            recorded_budget=Sum(_total("budget"), filter=Q(spending_recorded_at__isnull=False)),
            actual=Sum(_total("actual"), filter=Q(spending_recorded_at__isnull=False)),
        )
        .order_by("department__name")
    )
    departments = []
    for row in rows:
        actual = row["actual"] or Decimal(0)
        recorded_budget = row["recorded_budget"] or Decimal(0)
        departments.append(
            {
                "department": row["department__name"],
                "requests": row["requests"],
                "budget": row["budget"] or Decimal(0),
                "recorded": row["recorded"],
                "actual": actual,
                "difference": actual - recorded_budget,
                "share": _share(actual, recorded_budget),
            }
        )
    totals = {
        key: sum((d[key] for d in departments), Decimal(0)) for key in ("budget", "actual", "difference")
    }
    totals["requests"] = sum(d["requests"] for d in departments)
    totals["recorded"] = sum(d["recorded"] for d in departments)
    recorded_budget = totals["actual"] - totals["difference"]
    totals["share"] = _share(totals["actual"], recorded_budget)
    return {"departments": departments, "totals": totals}


def _share(actual: Decimal, planned: Decimal) -> int | None:
    """Return actual spending as a whole percentage of its budget (None without a budget)."""
    return None if not planned else int((actual * 100 / planned).to_integral_value())


def spend_by_department(department_ids: list[int], first: date, after: date) -> Mapping[int, Decimal]:
    """Return the recorded hospitality spending per department, hospitality held in [first, after) (A2p)."""
    rows = (
        HospitalityRequest.objects.filter(
            department_id__in=department_ids,
            status__in=COUNTED,
            spending_recorded_at__isnull=False,
            event_date__gte=first,
            event_date__lt=after,
        )
        .order_by()
        .values("department_id")
        .annotate(spent=Sum(_total("actual")))
    )
    return {row["department_id"]: row["spent"] or Decimal(0) for row in rows}
