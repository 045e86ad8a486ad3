"""Relationship work on the dashboards (F2): directives' status for the regional manager (A2o) and the
needs falling due for the specialist and the KA manager (A2h)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from kam.relations import rules
from kam.relations.models import DirectiveStatus, FollowUp
from kam.relations.selectors import directive_list, need_list

if TYPE_CHECKING:
    from kam.org.models import User
    from kam.reports.selectors import Period

SHOWN = 8


def directive_figures(viewer: User, period: Period) -> dict[str, Any]:
    """Directives the viewer reads: how many in each status, how many overdue, the open ones by due date."""
    rows = directive_list(viewer=viewer)
    late = Q(status__in=rules.DIRECTIVE_OPEN, due_on__lt=period.today)
    counts, overdue = {}, 0
    for status, count, late_count in (
        rows.order_by()
        .values("status")
        .annotate(n=Count("pk"), late=Count("pk", filter=late))
        .values_list("status", "n", "late")
    ):
        counts[status] = count
        overdue += late_count
    open_rows = rows.filter(status__in=rules.DIRECTIVE_OPEN).select_related("department")
    return {
        "statuses": [
            {"status": status.value, "label": str(status.label), "count": counts.get(status.value, 0)}
            for status in DirectiveStatus
        ],
        "open": sum(counts.get(s, 0) for s in rules.DIRECTIVE_OPEN),
        "overdue": overdue,
        "next": [
            {
                "id": d.pk,
                "title": d.title,
                "assignee": d.assignee.display_name,
                "department": d.department.name if d.department else "",
                "due_on": d.due_on,
                "status": str(d.get_status_display()),
                "overdue": d.due_on < period.today,
            }
            for d in open_rows.order_by("due_on", "pk")[:SHOWN]
        ],
    }


def needs_due_figures(viewer: User, period: Period) -> dict[str, Any]:
    """Open needs the viewer follows that are due by the end of the month, soonest first, and the overdue."""
    pending = need_list(viewer=viewer).exclude(status=FollowUp.DONE).filter(due_on__lt=period.next_month)
    counted = pending.aggregate(
        count=Count("pk", distinct=True),
        overdue=Count("pk", distinct=True, filter=Q(due_on__lt=period.today)),
    )
    return {
        "count": counted["count"],
        "overdue": counted["overdue"],
        "next": [
            {
                "id": need.pk,
                "account": need.account.name,
                "direction": need.direction,
                "owner": need.owner.display_name,
                "due_on": need.due_on,
                "overdue": need.due_on is not None and need.due_on < period.today,
            }
            for need in pending.order_by("due_on", "pk")[:SHOWN]
        ],
    }
