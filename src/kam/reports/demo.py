"""Demo data of the reports: last month's key account management reports, kept as the schedule keeps them."""

from __future__ import annotations

from kam.core import clock
from kam.core.demo import DemoContext
from kam.reports import rules
from kam.reports.selectors import report_departments
from kam.reports.services import report_keep


def seed_reports(ctx: DemoContext) -> None:
    """Keep last month's report of every key account department (A2p), as the first working day would."""
    today = clock.local_today()
    month = rules.month_before(today.replace(day=1))
    departments = report_departments(viewer=None)
    for index, department in enumerate(departments, start=1):
        report_keep(department=department, first=month, year=False, actor=None)
        ctx.progress(index, len(departments))


STEPS = [(95, "Key account management reports of last month", seed_reports)]
