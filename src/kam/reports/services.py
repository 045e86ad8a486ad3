"""The writes of the reports app: producing and keeping the key account management report (A2p)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from kam.core import calendar, clock
from kam.core.errors import FORBIDDEN, Forbidden
from kam.org.models import Department, User
from kam.reports import rules
from kam.reports.departments import key_account_report
from kam.reports.models import KeyAccountReport, ReportPeriod
from kam.reports.selectors import department_get, report_departments

REPORT_READY = "Key account management report {month}: {department}"


def report_keep(*, department: Department, first: date, year: bool, actor: User | None) -> KeyAccountReport:
    """Compute and keep a report, replacing the figures of the same department and period (A2p).

    No permission check: callers are :func:`report_produce` (which checks) and the schedule.
    """
    period = ReportPeriod.YEAR if year else ReportPeriod.MONTH
    start = date(first.year, 1, 1) if year else first
    figures = key_account_report(department, start, year=year)
    report = KeyAccountReport.objects.filter(department=department, period=period, start=start).first()
    if report is None:
        report = KeyAccountReport(department=department, period=period, start=start)
    report.figures = figures
    report.produced_at = clock.now()
    report.produced_by = actor
    report.save()
    return report


def report_produce(*, actor: User, department_id: int, first: date, year: bool = False) -> KeyAccountReport:
    """Produce and keep the report of a department for a month or a year, on demand (A2p).

    Only managers, the general manager and finance produce reports, and only of departments they see.
    """
    if not (actor.is_superuser or actor.holds(*rules.REPORT_POSTS)):
        raise Forbidden(FORBIDDEN)
    department = department_get(viewer=actor, department_id=department_id)
    with transaction.atomic():
        return report_keep(department=department, first=first, year=year, actor=actor)


def _recipients(department: Department) -> list[User]:
    """The department's KA managers and the regional managers of its region (A2p)."""
    from kam.org.selectors import region_id_of

    region = region_id_of(department.pk)
    wanted = User.objects.filter(is_active=True, posts__code="ka_manager", department_id=department.pk)
    if region is not None:
        regional = User.objects.filter(is_active=True, posts__code="regional_manager", department_id=region)
        wanted = wanted | regional
    return list(wanted.distinct())


def reports_produce_scheduled(*, today: date | None = None) -> int:
    """On the first working day of a month, produce last month's reports and send them (A2p, F3).

    Every key account department gets its report; its KA manager and the region's regional manager
    are notified once (the notification's dedupe key is the department and month). Returns how many
    reports were produced; 0 on any other day.
    """
    from kam.notify.services import notify

    day = today or clock.local_today()
    first_working = calendar.work_calendar(day.year).first_working_day(day.year, day.month)
    month = rules.report_due(day, first_working)
    if month is None:
        return 0
    produced = 0
    for department in report_departments(viewer=None):
        with transaction.atomic():
            report = report_keep(department=department, first=month, year=False, actor=None)
            notify(
                recipients=_recipients(department),
                kind="reports.monthly",
                title=REPORT_READY.format(month=f"{month:%Y-%m}", department=department.name),
                link=reverse("reports:report_kept", kwargs={"kept_report_id": report.pk}),
                dedupe_key=f"reports.monthly:{department.pk}:{month:%Y-%m}",
            )
        produced += 1
    return produced
