"""Repeat complaints (B7): spot them, let the agent confirm or clear them, charge the people responsible."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from kam.core import audit
from kam.core.errors import ValidationFailed
from kam.org.models import User
from kam.service import access
from kam.service.models import (
    AssessmentRecord,
    Milestone,
    RepeatStatus,
    ServiceEventRow,
    ServiceRequest,
)
from kam.service.policies import RequestKind
from kam.service.rules import (
    REPEAT_SOURCES,
    REPEAT_WINDOW_DAYS,
    RequestSummary,
    breached_before,
    compute_milestones,
    repeat_candidate,
)
from kam.service.services import history_of, policy_of, require_desk

NOT_A_COMPLAINT = gettext_noop("Only a complaint can be a repeat.")
NOT_A_REPEAT = gettext_noop(
    "That request is not an earlier complaint or rescue of the same customer with a breach."
)
REPEAT_REASON = "Repeat complaint #{repeat}: milestone {code} of request #{request} was not met."


def repeat_window_days() -> int:
    return int(getattr(settings, "KAM_REPEAT_WINDOW_DAYS", REPEAT_WINDOW_DAYS))


def repeat_deduction() -> Decimal:
    """Return the points one repeat-complaint record takes off the month's score (B7, configurable)."""
    return Decimal(str(getattr(settings, "KAM_REPEAT_COMPLAINT_DEDUCTION", "2")))


def summary_of(request: ServiceRequest, *, at: object = None) -> RequestSummary:
    """Return what B7 needs of a request, its milestones computed from its history as at ``at``."""
    moment = at or request.opened_at
    states = compute_milestones(policy_of(request.policy), history_of(request), moment)  # type: ignore[arg-type]
    return RequestSummary(
        id=request.pk,
        kind=RequestKind(request.kind),
        opened_at=request.opened_at,
        account_id=request.account_id,
        caller_phone=request.caller_phone,
        milestones=tuple(states),
    )


def _earlier(request: ServiceRequest) -> list[ServiceRequest]:
    since = request.opened_at - timedelta(days=repeat_window_days())
    same = Q(account_id=request.account_id) if request.account_id else Q(pk__in=[])
    digits = "".join(ch for ch in request.caller_phone if ch.isdigit())
    if digits:
        same |= Q(caller_phone__contains=digits[-8:])
    kinds = [k.value for k in REPEAT_SOURCES]
    rows = ServiceRequest.objects.filter(
        same, kind__in=kinds, opened_at__gte=since, opened_at__lt=request.opened_at
    )
    return list(rows.exclude(pk=request.pk).select_related("policy")[:50])


def mark_possible_repeat(request: ServiceRequest) -> ServiceRequest | None:
    """Link a new complaint to the earlier request it seems to repeat, for the agent to confirm (B7)."""
    earlier = {r.pk: r for r in _earlier(request)}
    found = repeat_candidate(
        [summary_of(r, at=request.opened_at) for r in earlier.values()],
        summary_of(request),
        repeat_window_days(),
    )
    if found is None:
        return None
    ServiceRequest.all_objects.filter(pk=request.pk).update(
        repeat_of_id=found.id, repeat_status=RepeatStatus.SUGGESTED
    )
    request.repeat_of_id, request.repeat_status = found.id, RepeatStatus.SUGGESTED
    return earlier[found.id]


def _responsible_person(earlier: ServiceRequest, milestone: Milestone | None) -> User | None:
    """Return who answers for a milestone: the named resolver, else the assignee, else who took the call."""
    if milestone is not None and milestone.responsible_user is not None:
        return milestone.responsible_user
    if earlier.assignee is not None:
        return earlier.assignee
    first = (
        ServiceEventRow.objects.filter(request=earlier, recorded_by__isnull=False)
        .order_by("sequence")
        .first()
    )
    return first.recorded_by if first else None


@transaction.atomic
def repeat_confirm(
    *, actor: User | None, request: ServiceRequest, earlier: ServiceRequest
) -> list[AssessmentRecord]:
    """Confirm that ``request`` repeats ``earlier`` and charge each breached milestone's owner (B7).

    Only milestones that had broken before the repeat complaint came in are charged; confirming twice
    creates no second record.
    """
    require_desk(actor)
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if locked.kind != RequestKind.COMPLAINT:
        raise ValidationFailed(NOT_A_COMPLAINT, field="request_id")
    found = repeat_candidate(
        [summary_of(earlier, at=locked.opened_at)], summary_of(locked), repeat_window_days()
    )
    if found is None:
        raise ValidationFailed(NOT_A_REPEAT, field="request_id")
    locked.repeat_of, locked.repeat_status = earlier, RepeatStatus.CONFIRMED
    audit.record_actor(locked, actor)
    locked.save_with_reason("repeat confirmed")
    request.repeat_of, request.repeat_status = earlier, RepeatStatus.CONFIRMED
    rows = {m.code: m for m in Milestone.objects.filter(request=earlier).select_related("responsible_user")}
    records = []
    for state in breached_before(found.milestones, locked.opened_at):
        person = _responsible_person(earlier, rows.get(state.code))
        exists = AssessmentRecord.objects.filter(repeat=locked, request=earlier, milestone_code=state.code)
        if person is None or exists.exists():
            continue
        record = AssessmentRecord(
            user=person,
            request=earlier,
            repeat=locked,
            milestone_code=state.code,
            deduction=repeat_deduction(),
            occurred_at=locked.opened_at,
            reason=REPEAT_REASON.format(repeat=locked.pk, code=state.code, request=earlier.pk),
        )
        audit.record_actor(record, actor)
        record.save_with_reason("repeat complaint")
        records.append(record)
    return records


@transaction.atomic
def repeat_clear(*, actor: User | None, request: ServiceRequest) -> ServiceRequest:
    """Record that the complaint is not a repeat; records made by an earlier confirmation are withdrawn."""
    require_desk(actor, access.DESK_POSTS)
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    for record in AssessmentRecord.objects.filter(repeat=locked):
        audit.soft_delete(record, reason="repeat cleared", actor=actor)
    locked.repeat_status = RepeatStatus.CLEARED
    audit.record_actor(locked, actor)
    locked.save_with_reason("repeat cleared")
    request.repeat_status = RepeatStatus.CLEARED
    return locked
