"""The scheduled key account management report: the first working day of each month (A2p)."""

from __future__ import annotations

from datetime import timedelta

from kam.core.jobs import periodic


@periodic("reports.monthly", every=timedelta(hours=1))
def monthly() -> int:
    """Produce and send last month's reports when today is the month's first working day (A2p)."""
    from kam.reports.services import reports_produce_scheduled

    return reports_produce_scheduled()
