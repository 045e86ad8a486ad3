"""Writes of the approval engine: start, decide, resubmit and withdraw requests; delegate (D1, D17).

Other apps use the engine through four functions and one hook:

- :func:`approval_start` ``(*, actor, chain_code, target, amount=None, flags=(), title="")`` opens a
  request on any saved model instance ``target`` with the newest version of the chain. The version is
  pinned and the steps that apply (amount thresholds, flags) are copied to the request, so later
  changes to the chain never affect it. One open request per target and chain (409 otherwise).
- :func:`approval_decide` ``(*, actor, request, step_id, action, comment, version=None)``:
  ``action`` is ``approve``, ``reject`` or ``return`` (the last two need a comment). ``step_id``
  names the step the approver saw (None: the current one), ``version`` optionally the step version
  they saw. Exactly one of two simultaneous decisions on a step counts; the other gets a 409.
- :func:`approval_resubmit` ``(*, actor, request, amount=…, flags=…, title=…)`` after a return: a new
  round of steps from the same pinned version, re-evaluated for the new amount and flags.
- :func:`approval_withdraw` ``(*, actor, request, comment="", checked_by_caller=False)``.
- :func:`kam.approvals.hooks.outcome_handler` registers a function per chain code that runs, inside
  the decision's transaction, when approvers approve, reject or return a request.

Reads are in :mod:`kam.approvals.selectors` (``inbox``, ``current_step``, ``can_see``); the request's
page (``approval_detail``) links back to the target through its ``get_absolute_url``.
Every write is one transaction, leaves an :class:`~kam.approvals.models.ApprovalAction` and a history
entry on the request, and notifies the people concerned (the next approvers and their delegates, or
the requester).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kam.approvals import hooks, rules, selectors
from kam.approvals.models import (
    ActionKind,
    ApprovalAction,
    ApprovalChain,
    ApprovalRequest,
    ChainVersion,
    Delegation,
    RequestStatus,
    RequestStep,
    Resolve,
    StepStatus,
)
from kam.core import audit, clock
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, NotFound, ValidationFailed
from kam.core.permissions import require_admin
from kam.notify.services import notify
from kam.org.models import User

UNKNOWN_CHAIN = gettext_noop("Unknown approval chain: {code}.")
TARGET_NOT_SAVED = gettext_noop("Save the record before asking for its approval.")
ALREADY_OPEN = gettext_noop("This record already has an approval request in progress.")
NO_APPROVER = gettext_noop("Nobody can approve the step “{step}”: give someone that post first.")
STEP_NOT_FOUND = gettext_noop("This request has no such step.")
STEP_NOT_CURRENT = gettext_noop(
    "This step is not awaiting a decision (it was decided already or is not its turn)."
)
STEP_CHANGED = gettext_noop("Someone else has just acted on this step; reload to see what changed.")
ALREADY_DECIDED = gettext_noop("Someone else decided this step a moment ago; your action was not recorded.")
NOT_YOUR_STEP = gettext_noop("This step is not yours to decide.")
OWN_REQUEST = gettext_noop("You cannot decide your own request.")
NOT_REQUESTER = gettext_noop("Only the requester can do this.")
UNKNOWN_USER = gettext_noop("No active user with this id.")
DELEGATION_OVERLAPS = gettext_noop("Another delegation of the same person covers some of these days.")
_UNSET: Any = object()


def _record(
    request: ApprovalRequest,
    kind: str,
    actor: User,
    *,
    step: RequestStep | None = None,
    on_behalf_of: User | None = None,
    comment: str = "",
) -> ApprovalAction:
    return ApprovalAction.objects.create(
        request=request,
        step=step,
        round=request.round,
        kind=kind,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
        at=clock.now(),
    )


def _save(request: ApprovalRequest, actor: User, reason: str) -> None:
    audit.record_actor(request, actor)
    request.save_with_reason(reason)


def _resolve(step: Any, requester: User) -> RequestStep:
    """Turn a chain step into an unsaved request step with its department resolved for ``requester``."""
    resolved = RequestStep(order=step.order, name=step.name, post=step.post)
    if step.resolve == Resolve.DEPARTMENT:
        resolved.department = step.department
    elif step.resolve == Resolve.APPLICANT_DEPARTMENT:
        resolved.department = requester.department
    elif step.resolve == Resolve.APPLICANT_HEAD:
        resolved.department, resolved.head_of, resolved.post = requester.department, True, ""
    return resolved


def _plan_steps(
    version: ChainVersion, requester: User, amount: Decimal | None, flags: list[str]
) -> list[RequestStep]:
    """Return the unsaved steps of one round; refuse a step nobody but the requester could decide."""
    chain_steps = {s.order: s for s in version.steps.select_related("department")}
    specs = [rules.StepSpec(s.order, s.post, s.min_amount, s.flag) for s in chain_steps.values()]
    planned = [
        _resolve(chain_steps[spec.order], requester) for spec in rules.applicable_steps(specs, amount, flags)
    ]
    for step in planned:
        if not [u for u in selectors.step_approvers(step) if u.pk != requester.pk]:
            label = step.name or (step.get_post_display() if step.post else _("Head of department"))
            raise ValidationFailed(NO_APPROVER, field="chain_code", params={"step": label})
    return planned


def _open_round(request: ApprovalRequest, planned: list[RequestStep]) -> RequestStep:
    for index, step in enumerate(planned):
        step.request, step.round = request, request.round
        step.status = StepStatus.PENDING if index == 0 else StepStatus.WAITING
    created = RequestStep.objects.bulk_create(planned)
    return created[0]


def _link(request: ApprovalRequest) -> str:
    return reverse("approval_detail", args=[request.pk])


def _notify_approvers(request: ApprovalRequest, step: RequestStep) -> None:
    approvers = selectors.step_approvers(step)
    recipients = [u for u in [*approvers, *selectors.delegates_of(approvers)] if u.pk != request.requester_id]
    notify(
        recipients=recipients,
        kind="approval",
        title=_("Awaiting your approval: %(title)s") % {"title": request.title},
        body=_("Requested by %(name)s.") % {"name": request.requester.display_name},
        link=_link(request),
        dedupe_key=f"approval:{request.pk}:step:{step.pk}",
    )


def _notify_requester(request: ApprovalRequest, outcome: str, comment: str) -> None:
    titles = {
        RequestStatus.APPROVED: _("Approved: %(title)s"),
        RequestStatus.REJECTED: _("Rejected: %(title)s"),
        RequestStatus.RETURNED: _("Returned for changes: %(title)s"),
    }
    notify(
        recipients=[request.requester],
        kind="approval",
        title=titles[RequestStatus(outcome)] % {"title": request.title},
        body=comment,
        link=_link(request),
    )


@transaction.atomic
def approval_start(
    *,
    actor: User,
    chain_code: str,
    target: models.Model,
    amount: Decimal | None = None,
    flags: Iterable[str] = (),
    title: str = "",
) -> ApprovalRequest:
    """Open an approval request on ``target`` with the newest version of chain ``chain_code``."""
    amount, cleaned = rules.check_amount(amount), rules.clean_flags(flags)
    chain = ApprovalChain.objects.filter(code=chain_code).first()
    version = chain.current_version() if chain else None
    if chain is None or version is None:
        raise ValidationFailed(UNKNOWN_CHAIN, field="chain_code", params={"code": chain_code})
    if target.pk is None:
        raise ValidationFailed(TARGET_NOT_SAVED, field="target")
    target_type = ContentType.objects.get_for_model(target)
    open_ones = ApprovalRequest.objects.filter(chain=chain, target_type=target_type, target_id=target.pk)
    if open_ones.filter(status__in=[RequestStatus.PENDING, RequestStatus.RETURNED]).exists():
        raise Conflict(ALREADY_OPEN, field="target")
    planned = _plan_steps(version, actor, amount, cleaned)
    request = ApprovalRequest(
        chain=chain,
        chain_version=version,
        target_type=target_type,
        target_id=target.pk,
        title=(title or str(target))[:200],
        requester=actor,
        department=actor.department,
        amount=amount,
        flags=cleaned,
        submitted_at=clock.now(),
    )
    _save(request, actor, "submitted")
    first = _open_round(request, planned)
    _record(request, ActionKind.SUBMIT, actor)
    _notify_approvers(request, first)
    return request


def _step_of(request: ApprovalRequest, step_id: int | None) -> RequestStep:
    steps = RequestStep.objects.filter(request=request).select_related("department")
    step = steps.filter(pk=step_id).first() if step_id is not None else selectors.current_step(request)
    if step is None:
        if step_id is None:
            raise Conflict(STEP_NOT_CURRENT, field="step_id")
        raise NotFound(STEP_NOT_FOUND, field="step_id")
    return step


def _authority(actor: User, request: ApprovalRequest, step: RequestStep) -> User | None:
    """Return whom ``actor`` acts for on ``step`` (None: themselves), or refuse."""
    if actor.pk == request.requester_id:
        raise Forbidden(OWN_REQUEST)
    allowed, on_behalf_of = selectors.acting_for(actor, step)
    if not allowed:
        raise Forbidden(NOT_YOUR_STEP)
    if on_behalf_of is not None and on_behalf_of.pk == request.requester_id:
        raise Forbidden(OWN_REQUEST)
    return on_behalf_of


@transaction.atomic
def approval_decide(
    *,
    actor: User,
    request: ApprovalRequest,
    step_id: int | None,
    action: str,
    comment: str,
    version: int | None = None,
) -> ApprovalRequest:
    """Approve, reject or return the current step of ``request``; exactly one simultaneous decision counts.

    The decision is a conditional UPDATE of the step on (status, version): of two approvers racing on
    the same step, the second finds the step changed, writes nothing and gets a 409.
    """
    request = ApprovalRequest.objects.select_related("chain", "requester").get(pk=request.pk)
    step = _step_of(request, step_id)
    on_behalf_of = _authority(actor, request, step)
    if step.status != StepStatus.PENDING or request.status != RequestStatus.PENDING:
        raise Conflict(STEP_NOT_CURRENT, field="step_id")
    if version is not None and version != step.version:
        raise Conflict(STEP_CHANGED, field="version")
    comment = (comment or "").strip()
    new_status = rules.check_decision(action, comment)
    rules.check_transition(rules.STEP_TRANSITIONS, step.status, new_status, kind="step")
    claimed = RequestStep.objects.filter(pk=step.pk, status=StepStatus.PENDING, version=step.version).update(
        status=new_status,
        version=F("version") + 1,
        decided_by=actor,
        on_behalf_of=on_behalf_of,
        decided_at=clock.now(),
        comment=comment,
    )
    if claimed != 1:
        raise Conflict(ALREADY_DECIDED, field="step_id")
    step.refresh_from_db()
    _record(request, action, actor, step=step, on_behalf_of=on_behalf_of, comment=comment)
    _advance(request, step, actor, comment)
    return request


def _advance(request: ApprovalRequest, step: RequestStep, actor: User, comment: str) -> None:
    """Open the next step, or end the request and tell its owner app and its requester."""
    waiting = RequestStep.objects.filter(request=request, round=request.round, status=StepStatus.WAITING)
    following = waiting.order_by("order").first()
    outcome = rules.request_status_after(step.status, more_steps=following is not None)
    if outcome == RequestStatus.PENDING and following is not None:
        RequestStep.objects.filter(pk=following.pk, status=StepStatus.WAITING).update(
            status=StepStatus.PENDING, version=F("version") + 1
        )
        _notify_approvers(request, following)
        return
    rules.check_transition(rules.REQUEST_TRANSITIONS, request.status, outcome, kind="request")
    waiting.update(status=StepStatus.CANCELLED, version=F("version") + 1)
    request.status = outcome
    if outcome != RequestStatus.RETURNED:
        request.finished_at = clock.now()
    _save(request, actor, outcome)
    hooks.fire(request, outcome)
    _notify_requester(request, outcome, comment)


@transaction.atomic
def approval_resubmit(
    *,
    actor: User,
    request: ApprovalRequest,
    amount: Decimal | None = _UNSET,
    flags: Iterable[str] = _UNSET,
    title: str | None = None,
) -> ApprovalRequest:
    """Submit a returned request again: a new round of steps from the version it started with."""
    request = ApprovalRequest.objects.select_for_update().select_related("chain_version").get(pk=request.pk)
    if actor.pk != request.requester_id:
        raise Forbidden(NOT_REQUESTER)
    rules.check_transition(rules.REQUEST_TRANSITIONS, request.status, RequestStatus.PENDING, kind="request")
    if amount is not _UNSET:
        request.amount = rules.check_amount(amount)
    if flags is not _UNSET:
        request.flags = rules.clean_flags(flags)
    planned = _plan_steps(request.chain_version, actor, request.amount, list(request.flags))
    request.round += 1
    request.status = RequestStatus.PENDING
    request.title = (title or request.title)[:200]
    _save(request, actor, "resubmitted")
    first = _open_round(request, planned)
    _record(request, ActionKind.RESUBMIT, actor)
    _notify_approvers(request, first)
    return request


@transaction.atomic
def approval_withdraw(
    *, actor: User, request: ApprovalRequest, comment: str = "", checked_by_caller: bool = False
) -> ApprovalRequest:
    """Withdraw an open request; the requester may, or anyone the owning app has already authorised."""
    request = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk != request.requester_id and not checked_by_caller:
        raise Forbidden(NOT_REQUESTER)
    rules.check_transition(rules.REQUEST_TRANSITIONS, request.status, RequestStatus.WITHDRAWN, kind="request")
    current = selectors.current_step(request)
    if current is not None:
        claimed = RequestStep.objects.filter(
            pk=current.pk, status=StepStatus.PENDING, version=current.version
        ).update(status=StepStatus.CANCELLED, version=F("version") + 1)
        if claimed != 1:
            raise Conflict(ALREADY_DECIDED, field="step_id")
    RequestStep.objects.filter(request=request, status=StepStatus.WAITING).update(
        status=StepStatus.CANCELLED, version=F("version") + 1
    )
    request.status, request.finished_at = RequestStatus.WITHDRAWN, clock.now()
    _save(request, actor, "withdrawn")
    _record(request, ActionKind.WITHDRAW, actor, comment=comment.strip())
    return request


def _active_user(user_id: int | None, field: str) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise ValidationFailed(UNKNOWN_USER, field=field)
    return user


@transaction.atomic
def delegation_create(
    *,
    actor: User,
    delegate_id: int,
    starts_on: date,
    ends_on: date,
    note: str = "",
    delegator_id: int | None = None,
) -> Delegation:
    """Let ``delegate`` act for the actor (or, for an administrator, for ``delegator_id``) between dates."""
    if not actor.is_active:
        raise Forbidden(FORBIDDEN)
    delegator = actor
    if delegator_id is not None and delegator_id != actor.pk:
        require_admin(actor)
        delegator = _active_user(delegator_id, "delegator_id")
    delegate = _active_user(delegate_id, "delegate_id")
    if delegate.pk == delegator.pk:
        raise ValidationFailed(rules.DELEGATE_IS_SELF, field="delegate_id")
    rules.check_delegation_period(starts_on, ends_on, clock.local_today())
    clash = Delegation.objects.filter(delegator=delegator, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if clash.exists():
        raise Conflict(DELEGATION_OVERLAPS, field="starts_on")
    delegation = Delegation(
        delegator=delegator, delegate=delegate, starts_on=starts_on, ends_on=ends_on, note=note.strip()[:200]
    )
    audit.record_actor(delegation, actor)
    delegation.save()
    notify(
        recipients=[delegate],
        kind="delegation",
        title=_("%(name)s has asked you to approve for them from %(start)s to %(end)s")
        % {"name": delegator.display_name, "start": starts_on, "end": ends_on},
        link=reverse("delegation_list"),
    )
    return delegation


@transaction.atomic
def delegation_cancel(*, actor: User, delegation: Delegation) -> None:
    """End a delegation now (its history keeps it); the delegator or an administrator may."""
    if actor.pk != delegation.delegator_id and not actor.holds("admin"):
        raise Forbidden(FORBIDDEN)
    audit.soft_delete(delegation, reason="cancelled", actor=actor)
