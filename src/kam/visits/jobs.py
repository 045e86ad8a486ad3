"""Background jobs of field work: the daily discipline sweep and appointment reminders (D11, D14)."""

from __future__ import annotations

from datetime import timedelta

from kam.core import clock
from kam.core.jobs import periodic


@periodic("visits.discipline_sweep", every=timedelta(hours=6))
def discipline_sweep() -> int:
    """Sweep yesterday, once it is over; repeated runs add nothing already recorded (D11).

    Today is left alone: a sign-in may still come, and it is judged late as it arrives.
    """
    from kam.visits import services

    return services.discipline_sweep(day=clock.local_today() - timedelta(days=1))


@periodic("visits.appointment_reminders", every=timedelta(minutes=5))
def appointment_reminders() -> int:
    """Remind people of their appointments in the next hour, once per appointment (D14)."""
    from kam.visits import services

    return services.appointment_reminders()
