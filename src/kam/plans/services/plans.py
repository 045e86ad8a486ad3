"""Monthly plans: submit, approve, return (B1)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from kam.core import audit, clock
from kam.core.calendar import work_calendar
from kam.core.errors import FORBIDDEN, NOT_FOUND, Conflict, Forbidden, NotFound, ValidationFailed
from kam.org.models import User
from kam.plans import rules
from kam.plans.models import MonthlyPlan, PlanStatus, Scorecard, ScorecardStatus
from kam.plans.services.common import require_manager_of

PLAN_EXISTS = gettext_noop("A plan for this month already exists.")
MONTH_LOCKED = gettext_noop("This month's scorecard is locked.")
NOT_A_SPECIALIST = gettext_noop("Plans are submitted for specialists.")
NOT_SUBMITTED = gettext_noop("Only a submitted plan can be approved or returned.")
COMMENT_REQUIRED = gettext_noop("A returned plan needs a comment.")


def _specialist_for(actor: User, specialist_id: int | None) -> User:
    """A specialist plans for themselves; a KA manager may plan for a specialist of their department."""
    if specialist_id is None or specialist_id == actor.pk:
        if not actor.holds("specialist"):
            raise Forbidden(FORBIDDEN)
        return actor
    specialist = User.objects.filter(pk=specialist_id, is_active=True).first()
    if specialist is None:
        raise ValidationFailed(NOT_FOUND, field="specialist_id")
    require_manager_of(actor, specialist.department_id)
    if not specialist.holds("specialist"):
        raise ValidationFailed(NOT_A_SPECIALIST, field="specialist_id")
    return specialist


def plan_submit(
    *,
    actor: User,
    month: str,
    visits: object,
    expansions: object,
    deals: object,
    specialist_id: int | None = None,
) -> MonthlyPlan:
    """Submit a specialist's plan for ``month``; after the deadline it is accepted and marked late (B1, B6).

    A second plan for the same month is refused (409) unless the first was returned, in which case it
    is resubmitted; a month whose scorecard is locked takes no plan.
    """
    first = clock.parse_month(month)
    counts = {
        name: rules.validate_plan_count(value, field=name)
        for name, value in (("visits", visits), ("expansions", expansions), ("deals", deals))
    }
    specialist = _specialist_for(actor, specialist_id)
    with transaction.atomic():
        if Scorecard.objects.filter(
            specialist=specialist, month=first, status=ScorecardStatus.LOCKED
        ).exists():
            raise Conflict(MONTH_LOCKED, field="month")
        plan = MonthlyPlan.objects.select_for_update().filter(specialist=specialist, month=first).first()
        if plan is not None and plan.status != PlanStatus.RETURNED:
            raise Conflict(PLAN_EXISTS, field="month")
        now = clock.now()
        deadline = deadline_for(first)
        plan = plan or MonthlyPlan(specialist=specialist, month=first)
        plan.department_id = specialist.department_id
        plan.visits, plan.expansions, plan.deals = counts["visits"], counts["expansions"], counts["deals"]
        plan.deadline, plan.submitted_at = deadline, now
        plan.late = rules.is_late(now, deadline)
        plan.status = PlanStatus.SUBMITTED
        audit.record_actor(plan, actor)
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:
            # Two first submissions raced past the check above; the unique constraint kept one.
            raise Conflict(PLAN_EXISTS, field="month") from None
    return plan


def deadline_for(first: date) -> datetime:
    """Return the aware deadline of the plan for the month starting ``first`` (B1)."""
    return rules.plan_deadline(first, work_calendar(first.year), clock.local_zone())


def _decide(actor: User, plan_id: int, status: str, comment: str) -> MonthlyPlan:
    with transaction.atomic():
        plan = MonthlyPlan.objects.select_for_update().filter(pk=plan_id).first()
        if plan is None:
            raise NotFound(NOT_FOUND)
        require_manager_of(actor, plan.department_id)
        if plan.status != PlanStatus.SUBMITTED:
            raise Conflict(NOT_SUBMITTED, field="status")
        plan.status, plan.comment = status, comment
        audit.record_actor(plan, actor)
        plan.save_with_reason(status)
    return plan


def plan_approve(*, actor: User, plan_id: int, comment: str = "") -> MonthlyPlan:
    """Approve a submitted plan: the KA manager of its department (B1)."""
    return _decide(actor, plan_id, PlanStatus.APPROVED, comment.strip())


def plan_return(*, actor: User, plan_id: int, comment: str) -> MonthlyPlan:
    """Return a submitted plan with a comment; the specialist may then resubmit it (B1)."""
    if not (comment or "").strip():
        raise ValidationFailed(COMMENT_REQUIRED, field="comment")
    return _decide(actor, plan_id, PlanStatus.RETURNED, comment.strip())
