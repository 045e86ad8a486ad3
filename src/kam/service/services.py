"""The writes of the service desk: open requests, record their events, keep their milestones (D10a–D10e).

Every event is validated by the pure engine (:mod:`kam.service.events`), stored, and then ALL the request's
milestones are recomputed from its whole history (:mod:`kam.service.rules`), so events arriving out of order
give the same clocks as events in order. The request row is locked first, so concurrent events serialise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from kam.accounts.models import Account, Contact
from kam.core import audit, calendar, clock
from kam.core.errors import Forbidden, ValidationFailed
from kam.org.models import Department, User
from kam.service import access
from kam.service.events import ServiceEvent, parse_event, parse_kind, sort_events, validate_event
from kam.service.models import Milestone, RequestStatus, ServiceEventRow, ServiceRequest, SlaPolicy
from kam.service.policies import ClockMode, EventType, Policy, RequestKind
from kam.service.policy_json import policy_from_dict, policy_to_dict
from kam.service.rules import (
    MilestoneState,
    MilestoneStatus,
    breached_at,
    compute_milestones,
    next_due,
    responsible_for,
)

SUMMARY_REQUIRED = gettext_noop("A summary is required.")
CUSTOMER_REQUIRED = gettext_noop("Name the customer: a key account or the caller's phone number.")
CONTACT_OTHER_ACCOUNT = gettext_noop("The contact belongs to another account.")
NO_POLICY = gettext_noop("No active SLA policy for this kind of request.")
NOT_ALLOWED = gettext_noop("Your post may not do this on the service desk.")
UNKNOWN_DEPARTMENT = gettext_noop("No such department.")
UNKNOWN_USER = gettext_noop("No such active user.")
PHONE_TOO_LONG = gettext_noop("A phone number has at most 30 characters.")

CALLBACK_START = {
    RequestKind.PURCHASE_CALLBACK: EventType.PURCHASED,
    RequestKind.REPAIR_CALLBACK: EventType.REPAIRED,
}
"""The event that starts a callback request's 3/10/30-day clocks: the purchase or repair itself."""


def require_desk(user: User | None, posts: frozenset[str] = access.DESK_POSTS) -> None:
    if user is not None and not user.is_superuser and not user.holds(*posts):
        raise Forbidden(NOT_ALLOWED)


@lru_cache(maxsize=256)
def _policy_cached(pk: int, definition: str) -> Policy:
    import json

    return policy_from_dict(json.loads(definition))


def policy_of(row: SlaPolicy) -> Policy:
    """Return the engine's policy for a stored version (versions never change, so it is cached)."""
    import json

    return _policy_cached(row.pk, json.dumps(row.definition, sort_keys=True))


def active_policy(kind: RequestKind) -> SlaPolicy:
    row = SlaPolicy.objects.filter(kind=kind.value, active=True).first()
    if row is None:
        raise ValidationFailed(NO_POLICY, field="kind")
    return row


@transaction.atomic
def sla_policy_publish(*, actor: User | None, kind: str, definition: Mapping[str, Any]) -> SlaPolicy:
    """Store ``definition`` as the kind's next version and make it the active one (D10).

    Requests already open keep the version they started with; only new requests take this one.
    """
    require_desk(actor, frozenset({"admin"}))
    request_kind = parse_kind(kind)
    latest = (
        SlaPolicy.all_objects.select_for_update().filter(kind=request_kind.value).aggregate(v=Max("version"))
    )
    version = (latest["v"] or 0) + 1
    policy = policy_from_dict({**dict(definition), "kind": request_kind.value, "version": version})
    SlaPolicy.objects.filter(kind=request_kind.value, active=True).update(active=False)
    row = SlaPolicy(kind=request_kind.value, version=version, definition=policy_to_dict(policy), active=True)
    audit.record_actor(row, actor)
    row.save_with_reason("published")
    return row


def _customer(
    account: Account | None, contact: Contact | None, caller_phone: str
) -> tuple[Account | None, Contact | None, str]:
    phone = (caller_phone or "").strip()
    if len(phone) > 30:
        raise ValidationFailed(PHONE_TOO_LONG, field="caller_phone")
    if contact is not None:
        if account is None:
            account = contact.account
        elif contact.account_id != account.pk:
            raise ValidationFailed(CONTACT_OTHER_ACCOUNT, field="contact_id")
        phone = phone or contact.mobile
    if account is None and not phone:
        raise ValidationFailed(CUSTOMER_REQUIRED, field="caller_phone")
    return account, contact, phone


@transaction.atomic
def service_request_create(
    *,
    actor: User | None,
    kind: str,
    summary: str,
    account: Account | None = None,
    contact: Contact | None = None,
    caller_phone: str = "",
    category: str = "",
    department: Department | None = None,
    assignee: User | None = None,
    occurred_at: datetime | str | None = None,
    origin: str = "",
) -> ServiceRequest:
    """Open a request under the kind's active policy version (D10); ``actor`` None is the system itself.

    A callback request records its purchase or repair as its first event, so its 3/10/30-day clocks start
    from that date. A complaint from a customer whose earlier complaint or rescue broke a milestone within
    the window is marked as a possible repeat for the agent to confirm or clear (B7).
    """
    require_desk(actor)
    request_kind = parse_kind(kind)
    text = (summary or "").strip()
    if not text:
        raise ValidationFailed(SUMMARY_REQUIRED, field="summary")
    account, contact, phone = _customer(account, contact, caller_phone)
    opened_at = clock.parse_moment(occurred_at) if occurred_at else clock.now()
    request = ServiceRequest(
        kind=request_kind.value,
        account=account,
        contact=contact,
        caller_phone=phone,
        summary=text[:500],
        category=(category or "").strip()[:100],
        department=department or (account.department if account else None),
        assignee=assignee or (account.owner if account and request_kind in CALLBACK_START else None),
        policy=active_policy(request_kind),
        opened_at=opened_at,
        origin=origin,
    )
    audit.record_actor(request, actor)
    request.save_with_reason("opened")
    if request_kind in CALLBACK_START:
        raw = {"type": CALLBACK_START[request_kind].value, "occurred_at": opened_at.isoformat()}
        _record(request, raw, actor=actor, now=clock.now())
    else:
        refresh_milestones(request, now=clock.now())
    if request_kind is RequestKind.COMPLAINT:
        from kam.service.repeats import mark_possible_repeat

        mark_possible_repeat(request)
    return request


def history_of(request: ServiceRequest) -> list[ServiceEvent]:
    """Return the request's stored events as engine values, in time order."""
    rows = ServiceEventRow.objects.filter(request=request).order_by("occurred_at", "sequence")
    return sort_events(
        parse_event({"type": r.type, "occurred_at": r.occurred_at, **r.payload}, sequence=r.sequence)
        for r in rows
    )


def _check_references(event: ServiceEvent) -> None:
    if event.department_id and not Department.objects.filter(pk=event.department_id).exists():
        raise ValidationFailed(UNKNOWN_DEPARTMENT, field="department_id")
    if event.resolver_id and not User.objects.filter(pk=event.resolver_id, is_active=True).exists():
        raise ValidationFailed(UNKNOWN_USER, field="resolver_id")


@transaction.atomic
def service_event_record(
    *, actor: User | None, request: ServiceRequest, values: Mapping[str, Any]
) -> ServiceEventRow:
    """Record one event and recompute every milestone of the request from its whole history (D10).

    The time defaults to now; a time without a zone is local. A closed request takes only ``closed`` and
    ``reopened``; an event that happened before the close but arrives late is accepted (history catching
    up). Closing a rescue (a repair call) opens its repair callback request (D10d).
    """
    require_desk(actor, access.EVENT_POSTS)
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if locked.policy_id == request.policy_id and ServiceRequest.policy.is_cached(request):
        locked.policy = request.policy  # a published version never changes: no need to read it again
    row = _record(locked, dict(values), actor=actor, now=clock.now())
    request.status, request.next_due_at = locked.status, locked.next_due_at
    if row.type == EventType.CLOSED and locked.status == RequestStatus.CLOSED:
        from kam.service.callbacks import open_repair_callback

        open_repair_callback(locked)
    return row


def _record(
    request: ServiceRequest, raw: dict[str, Any], *, actor: User | None, now: datetime
) -> ServiceEventRow:
    if raw.get("occurred_at") in (None, ""):
        raw["occurred_at"] = now
    policy = policy_of(request.policy)
    history = history_of(request)
    sequence = (max((e.sequence for e in history), default=0)) + 1
    event = validate_event(raw, policy=policy, history=history, sequence=sequence, zone=clock.local_zone())
    _check_references(event)
    row = ServiceEventRow.objects.create(
        request=request,
        sequence=sequence,
        type=event.type.value,
        occurred_at=event.occurred_at,
        payload=event.payload(),
        recorded_by=actor,
    )
    refresh_milestones(request, now=now, history=[*history, event], policy=policy)
    return row


def _is_closed(history: Sequence[ServiceEvent]) -> bool:
    marks = [e for e in history if e.type in (EventType.CLOSED, EventType.REOPENED)]
    return bool(marks) and marks[-1].type is EventType.CLOSED


_STORED = [
    "position",
    "status",
    "due_at",
    "done_at",
    "next_attempt_at",
    "responsible_post",
    "responsible_department_id",
    "responsible_user_id",
    "breached_at",
]
"""The milestone fields the engine computes; a row is written only when one of them changed."""


def refresh_milestones(
    request: ServiceRequest,
    *,
    now: datetime,
    history: Sequence[ServiceEvent] | None = None,
    policy: Policy | None = None,
) -> list[Milestone]:
    """Store the milestones as the engine computes them now, keeping what the sweep recorded.

    A deadline passed unmet stays ``pending`` until the sweep breaches it, so that the breach is noticed
    and notified exactly once, by the sweep; a milestone met late is ``breached`` with both times.
    """
    policy = policy or policy_of(request.policy)
    events = sort_events(history if history is not None else history_of(request))
    working = calendar.is_working_day if policy.clock.mode is ClockMode.WORKING_HOURS else None
    states = compute_milestones(policy, events, now, is_working_day=working)
    closed = _is_closed(events)
    rows = {m.code: m for m in Milestone.objects.select_for_update().filter(request=request)}
    kept: list[Milestone] = []
    changed: list[Milestone] = []
    created: list[Milestone] = []
    for position, state in enumerate(states):
        row = rows.get(state.code) or Milestone(request=request, code=state.code)
        before = [getattr(row, field) for field in _STORED]
        _apply(
            row, state, position, closed=closed, responsibility=responsible_for(policy, state.code, events)
        )
        kept.append(row)
        if not row.pk:
            created.append(row)
        elif [getattr(row, field) for field in _STORED] != before:
            changed.append(row)
    if changed:  # an event moves one or two clocks; the others are not written again
        Milestone.objects.bulk_update(changed, _STORED)
    if created:
        Milestone.objects.bulk_create(created)
    request.status = RequestStatus.CLOSED if closed else RequestStatus.OPEN
    pending = [MilestoneState(r.code, MilestoneStatus(r.status), r.due_at) for r in kept]
    request.next_due_at = None if closed else next_due(pending)
    ServiceRequest.all_objects.filter(pk=request.pk).update(
        status=request.status, next_due_at=request.next_due_at
    )
    return kept


def _apply(
    row: Milestone, state: MilestoneState, position: int, *, closed: bool, responsibility: Any
) -> None:
    status = state.status
    overdue_unmet = status is MilestoneStatus.BREACHED and state.done_at is None and not closed
    if overdue_unmet and row.status != MilestoneStatus.BREACHED:
        status = MilestoneStatus.PENDING  # the sweep breaches it, and notifies, exactly once
    row.position = position
    row.status = status.value
    row.due_at, row.done_at, row.next_attempt_at = state.due_at, state.done_at, state.next_attempt_at
    row.responsible_post = state.responsible.value
    row.responsible_department_id = responsibility.department_id
    row.responsible_user_id = responsibility.user_id
    if status is MilestoneStatus.BREACHED:
        row.breached_at = row.breached_at or breached_at(state)
    else:
        row.breached_at = None
