"""Field work on the home page's to-do list: today's appointments, the day's report, violations (D11–D16)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from kam.core import clock
from kam.core.calendar import is_working_day
from kam.core.navigation import TodoItem, todo_provider
from kam.org.models import User
from kam.visits.codes import ReportStatus, ViolationStatus
from kam.visits.models import Appointment, DailyReport, Violation
from kam.visits.services.common import discipline_rules
from kam.visits.services.reports import pending_sign_off

AWAITING_EXPLANATION = (ViolationStatus.OPEN, ViolationStatus.REJECTED)


@todo_provider
def field_work(user: User) -> Iterable[TodoItem]:
    """List the person's own field-work to-dos, and the sign-offs and decisions waiting for them."""
    items: list[TodoItem] = []
    today = clock.local_today()
    start, end = clock.day_bounds(today)
    now = clock.now()
    for appointment in Appointment.objects.filter(
        user=user, cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    ).select_related("account"):
        items.append(
            TodoItem(
                title=_("Appointment %(time)s: %(account)s")
                % {"time": f"{clock.localtime(appointment.starts_at):%H:%M}", "account": appointment.account},
                link=reverse("visits_appointment_edit", args=[appointment.pk]),
                due=appointment.starts_at,
                kind="visits_appointment",
                detail=appointment.purpose,
                urgent=appointment.starts_at <= now + timedelta(hours=1) and appointment.ends_at > now,
            )
        )
    if user.holds("specialist"):
        items.extend(_reports(user, today, now))
    waiting = Violation.objects.filter(user=user, status__in=AWAITING_EXPLANATION).order_by("day")
    count = waiting.count()
    if count:
        first = waiting.first()
        assert first is not None
        items.append(
            TodoItem(
                title=_("%(n)d visit-discipline violation(s) awaiting your explanation") % {"n": count},
                link=reverse("visits_violation", args=[first.pk])
                if count == 1
                else reverse("visits_violations") + f"?status={first.status}&month={first.day:%Y-%m}",
                kind="visits_violation",
                detail=", ".join(f"{v.day:%m-%d} {v.get_code_display()}" for v in waiting[:5]),
            )
        )
    if user.holds("service_director", "admin"):
        from kam.visits import selectors

        to_decide = selectors.violation_list(viewer=user, status=ViolationStatus.EXPLAINED)
        explained = to_decide.count()
        oldest = to_decide.order_by("day").first()
        if oldest is not None:
            items.append(
                TodoItem(
                    title=_("%(n)d explanation(s) of violations to decide") % {"n": explained},
                    link=reverse("visits_violations") + f"?status=explained&month={oldest.day:%Y-%m}",
                    kind="visits_decide",
                )
            )
    sign_offs = DailyReport.objects.filter(pending_sign_off(user)).count()
    if sign_offs:
        items.append(
            TodoItem(
                title=_("%(n)d daily visit report(s) to sign off") % {"n": sign_offs},
                link=reverse("visits_report"),
                kind="visits_sign_off",
            )
        )
    return items


def _reports(user: User, today: date, now: datetime) -> list[TodoItem]:
    """Today's report when it is not submitted yet on a working day, and earlier drafts (D16)."""
    items: list[TodoItem] = []
    drafts = {
        r.day: r
        for r in DailyReport.objects.filter(user=user, status=ReportStatus.DRAFT, day__lte=today).order_by(
            "day"
        )
    }
    today_submitted = DailyReport.objects.filter(user=user, day=today).exclude(status=ReportStatus.DRAFT)
    due_time = discipline_rules().report_due
    zone = clock.local_zone()
    if is_working_day(today) and today not in drafts and not today_submitted.exists():
        drafts[today] = None  # type: ignore[assignment]
    for day in sorted(drafts):
        due = datetime.combine(day, due_time, tzinfo=zone)
        items.append(
            TodoItem(
                title=_("Submit the daily visit report of %(day)s") % {"day": f"{day:%Y-%m-%d}"},
                link=reverse("visits_report") + f"?day={day:%Y-%m-%d}",
                due=due,
                kind="visits_report",
                urgent=now > due - timedelta(hours=1),
            )
        )
    return items
