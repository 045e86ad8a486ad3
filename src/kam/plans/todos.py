"""The KA manager's to-do item: specialists whose plan is missing after the deadline (B1)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from kam.core import clock
from kam.core.navigation import TodoItem, todo_provider
from kam.org.models import User
from kam.org.selectors import department_subtree_ids
from kam.plans.reminders import specialists_without_plan
from kam.plans.services.plans import deadline_for


@todo_provider
def missing_plans(user: User) -> Iterable[TodoItem]:
    """List, for a KA manager, the month whose plans are overdue and how many are missing (B1)."""
    if not user.holds("ka_manager") or not user.department_id:
        return []
    today = clock.local_today()
    month = date(today.year, today.month, 1)
    deadline = deadline_for(month)
    if clock.now() <= deadline:
        return []
    missing = specialists_without_plan(month, sorted(department_subtree_ids(user.department_id)))
    if not missing:
        return []
    names = ", ".join(u.display_name for u in missing[:5])
    return [
        TodoItem(
            title=_("%(n)d plans missing for %(month)s") % {"n": len(missing), "month": f"{month:%Y-%m}"},
            link=reverse("plans:board") + f"?month={month:%Y-%m}",
            due=deadline,
            kind="plans_missing",
            detail=names,
            urgent=True,
        )
    ]
