"""Plan reminders: three working days before the deadline and on its day (B1)."""

from __future__ import annotations

from datetime import timedelta

from kam.core.jobs import periodic


@periodic("plans.remind", every=timedelta(hours=1))
def remind() -> int:
    """Remind specialists who have not submitted next month's plan (B1)."""
    from kam.plans.reminders import plan_reminders_send

    return plan_reminders_send()
