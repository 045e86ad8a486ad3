"""Writes of daily visit reports: assembled from the day's visits, expenses, submission, sign-off (D16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from kam.core import audit, clock
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.org.models import User
from kam.visits import rules
from kam.visits.codes import ReportStatus
from kam.visits.models import DailyReport, ExpenseLine, Visit
from kam.visits.services.common import discipline_rules

FUTURE_DAY = gettext_noop("A daily report cannot be written for a future day.")
REPORT_EXISTS = gettext_noop("There is already a report for this day.")
NOT_DRAFT = gettext_noop("Only a draft report can be changed or submitted.")
NOT_AWAITING = gettext_noop("This report is not waiting for your sign-off.")


@dataclass(frozen=True)
class ExpenseInput:
    item: str
    amount: Decimal
    note: str = ""


def _check_expenses(expenses: Sequence[ExpenseInput]) -> None:
    for index, line in enumerate(expenses):
        if not rules.expense_ok(line.amount):
            raise ValidationFailed(rules.BAD_EXPENSE, field=f"expenses.{index}.amount")


def _manager_of(user: User) -> User | None:
    department = user.department
    head = getattr(department, "head", None) if department is not None else None
    return head if head is not None and head.pk != user.pk else None


def _assemble(report: DailyReport) -> None:
    """Fill the day's counts from the visit records (D16)."""
    start, end = clock.day_bounds(report.day)
    visits = Visit.objects.filter(user_id=report.user_id, occurred_at__gte=start, occurred_at__lt=end)
    lines = [
        rules.VisitLine(v.problems_solved, v.problems_open, tuple(str(c) for c in v.companions.all()))
        for v in visits.prefetch_related("companions")
    ]
    summary = rules.summarise_day(lines)
    report.visits_count, report.solved_count, report.unsolved_count = (
        summary.visits,
        summary.solved,
        summary.unsolved,
    )
    report.companions = "、".join(summary.companions)[:500]


@transaction.atomic
def daily_report_create(
    *, actor: User, day: date, expenses: Sequence[ExpenseInput] = (), notes: str = ""
) -> DailyReport:
    """Start the report of one day, assembled from that day's visits; one per person per day (D16)."""
    if day > clock.local_today():
        raise ValidationFailed(FUTURE_DAY, field="day")
    _check_expenses(expenses)
    if DailyReport.objects.filter(user=actor, day=day).exists():
        raise Conflict(REPORT_EXISTS, field="day")
    report = DailyReport(
        user=actor,
        department_id=actor.department_id,
        day=day,
        supervisor=actor.supervisor,
        manager=_manager_of(actor),
        notes=notes,
    )
    _assemble(report)
    audit.record_actor(report, actor)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise Conflict(REPORT_EXISTS, field="day") from None
    ExpenseLine.objects.bulk_create(
        [ExpenseLine(report=report, item=e.item, amount=e.amount, note=e.note) for e in expenses]
    )
    return report


def expense_total(report: DailyReport) -> Decimal:
    return sum((line.amount for line in report.expenses.all()), Decimal("0"))


@transaction.atomic
def daily_report_submit(*, actor: User, report: DailyReport) -> DailyReport:
    """Submit the report with fresh counts; after the day's due time it is marked late (D16)."""
    if report.user_id != actor.pk:
        raise Forbidden(FORBIDDEN)
    if report.status != ReportStatus.DRAFT:
        raise Conflict(NOT_DRAFT, field="status")
    _assemble(report)
    report.submitted_at = clock.now()
    report.late = rules.report_late(
        day=report.day, submitted_at=report.submitted_at, rules=discipline_rules(), tz=clock.local_zone()
    )
    report.status = ReportStatus.SUBMITTED
    audit.record_actor(report, actor)
    report.save_with_reason("submitted")
    return report


@transaction.atomic
def daily_report_approve(*, actor: User, report: DailyReport) -> DailyReport:
    """Sign the report off: the supervisor first, then the department manager (D16).

    Where one person is both, or the report names no supervisor, one signature by the manager completes it.
    """
    if actor.pk != report.supervisor_id and not _is_manager(actor, report):
        raise Forbidden(FORBIDDEN)
    if report.status == ReportStatus.SUBMITTED and actor.pk == report.supervisor_id:
        report.supervisor_signed_at = clock.now()
        report.status = ReportStatus.SUPERVISOR_SIGNED
        if report.manager_id in (None, actor.pk):
            report.manager_signed_at = report.supervisor_signed_at
            report.status = ReportStatus.APPROVED
    elif report.status in (ReportStatus.SUBMITTED, ReportStatus.SUPERVISOR_SIGNED) and _is_manager(
        actor, report
    ):
        if report.status == ReportStatus.SUBMITTED and report.supervisor_id is not None:
            raise Conflict(NOT_AWAITING, field="status")
        report.manager_signed_at = clock.now()
        report.status = ReportStatus.APPROVED
    else:
        raise Conflict(NOT_AWAITING, field="status")
    audit.record_actor(report, actor)
    report.save_with_reason("signed")
    return report


def _is_manager(actor: User, report: DailyReport) -> bool:
    if report.manager_id is not None:
        return actor.pk == report.manager_id
    return actor.holds("ka_manager") and actor.department_id == report.department_id


def pending_sign_off(user: User) -> Q:
    """Filter of the reports waiting for ``user``'s signature."""
    return Q(status=ReportStatus.SUBMITTED, supervisor_id=user.pk) | Q(
        status=ReportStatus.SUPERVISOR_SIGNED, manager_id=user.pk
    )
