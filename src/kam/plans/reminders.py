"""Who is reminded of the monthly plan, and who is missing after the deadline (B1)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from kam.core import clock
from kam.core.calendar import work_calendar
from kam.notify.services import notify
from kam.org.models import User
from kam.plans import rules
from kam.plans.models import MonthlyPlan


def specialists_without_plan(month: date, department_ids: list[int] | None = None) -> list[User]:
    """Return the active specialists with no live plan for ``month`` (B1)."""
    users = User.objects.filter(is_active=True, posts__code="specialist").distinct()
    if department_ids is not None:
        users = users.filter(department_id__in=department_ids)
    planned = MonthlyPlan.objects.filter(month=month).values("specialist_id")
    return list(users.exclude(pk__in=planned).order_by("id"))


def plan_reminders_send(today: date | None = None) -> int:
    """Send the reminders due today: three working days before the deadline, and on its day (B1).

    The dedupe key names the user, month and reminder, so running hourly sends each one once.
    """
    today = today or clock.local_today()
    month = rules.next_month(date(today.year, today.month, 1))
    early, due = rules.reminder_days(month, work_calendar(month.year))
    if today not in (early, due):
        return 0
    which = "due" if today == due else "early"
    sent = 0
    link = reverse("plans:my_plan")
    for user in specialists_without_plan(month):
        sent += len(
            notify(
                recipients=[user],
                kind="plan_reminder",
                title=_("Submit your plan for %(month)s by %(due)s")
                % {"month": f"{month:%Y-%m}", "due": due},
                link=link,
                dedupe_key=f"plans:reminder:{month:%Y-%m}:{which}:{user.pk}",
            )
        )
    return sent
