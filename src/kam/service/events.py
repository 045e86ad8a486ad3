"""The events of a service request: what each kind takes, how raw input becomes one, and their order (D10).

Every clock is driven by events carrying ``occurred_at``. This module turns plain values (API input or the
stored JSON) into typed :class:`ServiceEvent` values, refusing bad input with a message constant and the
field at fault, and puts a history in time order. No Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import Any

from kam.core.errors import ValidationFailed
from kam.service.policies import (
    EVENT_FIELDS,
    CallbackOutcome,
    EventType,
    Pause,
    Policy,
    RequestKind,
)


def _noop(message: str) -> str:
    """Mark ``message`` for the catalogue as ``gettext_noop`` does, keeping this module free of Django."""
    return message


UNKNOWN_KIND = _noop("Unknown kind of service request.")
UNKNOWN_EVENT_TYPE = _noop("Unknown event type.")
EVENT_NOT_FOR_KIND = _noop("This event does not belong to this kind of service request.")
UNKNOWN_FIELD = _noop("This event does not take this field.")
FIELD_REQUIRED = _noop("This field is required.")
BAD_DATETIME = _noop("Not a valid date and time (ISO 8601 expected).")
NAIVE_DATETIME = _noop("The time must carry a time zone.")
BAD_RINGS = _noop("The number of rings must be a whole number of at least 1.")
BAD_SCORE = _noop("A satisfaction score must be a whole number from 1 to 5.")
BAD_OUTCOME = _noop("The callback outcome must be no_answer, child_answered or owner_answered.")
BAD_ID = _noop("Must be a positive whole number.")
BAD_TEXT = _noop("Must be text.")
OWNER_ONLY = _noop("Only the owner is asked about satisfaction and problems.")
REPLY_BEFORE_EVENT = _noop("The agreed reply time cannot be before the event.")
REQUEST_CLOSED = _noop("The request is closed: only closing or reopening it is accepted.")
NOT_CLOSED = _noop("Only a closed request can be reopened.")

E, K = EventType, RequestKind
_CALL = {E.CALL_ANSWERED, E.CALL_ENDED, E.RESOLVED_ON_CALL, E.REPLY_TIME_AGREED, E.CLOSED, E.REOPENED}
_DEPARTMENT = {E.DEPARTMENT_NOTIFIED, E.CUSTOMER_INFORMED, E.SUPERVISED, E.SATISFACTION_RECORDED}
_CALLBACK = {E.CALLBACK_ATTEMPT, E.PROBLEM_FORWARDED, E.PROBLEM_RESOLUTION_CHECKED, E.CLOSED, E.REOPENED}
KIND_EVENTS: Mapping[RequestKind, frozenset[EventType]] = {
    K.INQUIRY: frozenset(
        _CALL | {E.TRANSFERRED_TO_RESOURCE_CENTRE, E.RESOURCE_CENTRE_REPLIED, E.CUSTOMER_REPLIED}
    ),
    K.COMPLAINT: frozenset(_CALL | _DEPARTMENT),
    K.RESCUE: frozenset(_CALL | _DEPARTMENT),
    K.PURCHASE_CALLBACK: frozenset(_CALLBACK | {E.PURCHASED}),
    K.REPAIR_CALLBACK: frozenset(_CALLBACK | {E.REPAIRED}),
}
"""The events each kind takes, besides any its policy's milestones name."""
REQUIRED_FIELDS: Mapping[EventType, tuple[str, ...]] = {
    E.CALL_ANSWERED: ("rings",),
    E.REPLY_TIME_AGREED: ("reply_by",),
    E.DEPARTMENT_NOTIFIED: ("department_id",),
    E.SATISFACTION_RECORDED: ("score",),
    E.CALLBACK_ATTEMPT: ("outcome",),
}


@dataclass(frozen=True)
class ServiceEvent:
    """One thing that happened to a request; ``sequence`` (the stored order) breaks ties in time."""

    type: EventType
    occurred_at: datetime
    sequence: int = 0
    rings: int | None = None
    reply_by: datetime | None = None
    department_id: int | None = None
    resolver_id: int | None = None
    score: int | None = None
    outcome: CallbackOutcome | None = None
    satisfaction: int | None = None
    problem: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.occurred_at.utcoffset() is None:
            raise ValueError(NAIVE_DATETIME)

    def carries(self, names: Iterable[str]) -> bool:
        return all(getattr(self, name) not in (None, "") for name in names)

    def payload(self) -> dict[str, Any]:
        """Return the values the event's type carries (and its note), JSON-ready."""
        values = {name: getattr(self, name) for name in (*EVENT_FIELDS.get(self.type, ()), "note")}
        return {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in values.items()
            if value not in (None, "")
        }

    def sort_key(self) -> tuple[datetime, int, str, str]:
        return self.occurred_at, self.sequence, self.type.value, repr(sorted(self.payload().items()))


def parse_kind(value: object) -> RequestKind:
    try:
        return RequestKind(str(value))
    except ValueError:
        raise ValidationFailed(UNKNOWN_KIND, field="kind") from None


def event_to_dict(event: ServiceEvent) -> dict[str, Any]:
    """Return the event as plain values that :func:`parse_event` reads back (the sequence is the row's)."""
    return {"type": event.type.value, "occurred_at": event.occurred_at.isoformat(), **event.payload()}


def validate_event(
    raw: Mapping[str, Any],
    *,
    policy: Policy,
    history: Sequence[ServiceEvent] = (),
    sequence: int = 0,
    zone: tzinfo | None = None,
) -> ServiceEvent:
    """Return the event ``raw`` describes if ``policy``'s request may take it after ``history``.

    A request closed at the event's time takes only ``closed`` and ``reopened``; an event that happened
    before the close but arrives after it is history catching up, and is accepted.
    """
    event = parse_event(raw, policy=policy, sequence=sequence, zone=zone)
    marks = [e for e in sort_events(history) if e.type in (E.CLOSED, E.REOPENED)]
    marks = [e for e in marks if e.occurred_at <= event.occurred_at]
    closed = bool(marks) and marks[-1].type is E.CLOSED
    if event.type is E.REOPENED and not closed:
        raise ValidationFailed(NOT_CLOSED, field="type")
    if closed and event.type not in (E.CLOSED, E.REOPENED):
        raise ValidationFailed(REQUEST_CLOSED, field="type")
    return event


def parse_event(
    raw: Mapping[str, Any], *, policy: Policy | None = None, sequence: int = 0, zone: tzinfo | None = None
) -> ServiceEvent:
    """Build a typed event from plain values (API input or stored JSON), refusing bad ones by field.

    With ``policy`` the type must belong to its kind. A time without a zone is read in ``zone``, and
    refused when none is given. ``occurred_at`` is required: the service fills in "now" before this.
    """
    event_type = _event_type(raw.get("type"), policy)
    allowed = {"type", "occurred_at", "note", *EVENT_FIELDS.get(event_type, ())}
    unknown = sorted(str(name) for name in raw if name not in allowed)
    if unknown:
        raise ValidationFailed(UNKNOWN_FIELD, field=unknown[0])
    for name in ("occurred_at", *_required_fields(event_type, policy)):
        if raw.get(name) in (None, ""):
            raise ValidationFailed(FIELD_REQUIRED, field=name)
    event = ServiceEvent(
        type=event_type,
        occurred_at=_moment(raw["occurred_at"], "occurred_at", zone),
        sequence=sequence,
        rings=_whole(raw, "rings", BAD_RINGS),
        reply_by=_moment(raw["reply_by"], "reply_by", zone) if raw.get("reply_by") is not None else None,
        department_id=_whole(raw, "department_id", BAD_ID),
        resolver_id=_whole(raw, "resolver_id", BAD_ID),
        score=_whole(raw, "score", BAD_SCORE, high=5),
        outcome=_outcome(raw.get("outcome")),
        satisfaction=_whole(raw, "satisfaction", BAD_SCORE, high=5),
        problem=_text(raw, "problem") or None,
        note=_text(raw, "note"),
    )
    if event.outcome is not CallbackOutcome.OWNER_ANSWERED:
        # The rulebook asks about use and satisfaction only once the owner is on the line (D10c).
        for name in ("satisfaction", "problem"):
            if getattr(event, name) is not None:
                raise ValidationFailed(OWNER_ONLY, field=name)
    if event.reply_by is not None and event.reply_by < event.occurred_at:
        raise ValidationFailed(REPLY_BEFORE_EVENT, field="reply_by")
    return event


def _event_type(value: object, policy: Policy | None) -> EventType:
    try:
        event_type = EventType(str(value))
    except ValueError:
        raise ValidationFailed(UNKNOWN_EVENT_TYPE, field="type") from None
    if policy is not None and event_type not in KIND_EVENTS[policy.kind] | policy.event_types():
        raise ValidationFailed(EVENT_NOT_FOR_KIND, field="type")
    return event_type


def _required_fields(event_type: EventType, policy: Policy | None) -> tuple[str, ...]:
    required = REQUIRED_FIELDS.get(event_type, ())
    if policy is not None and policy.kind is K.RESCUE and event_type is E.DEPARTMENT_NOTIFIED:
        required += ("resolver_id",)  # D10e: the notice names who will solve it.
    return required


def _moment(value: object, name: str, zone: tzinfo | None) -> datetime:
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationFailed(BAD_DATETIME, field=name) from None
    if not isinstance(moment, datetime):
        raise ValidationFailed(BAD_DATETIME, field=name)
    if moment.utcoffset() is None:
        if zone is None:
            raise ValidationFailed(NAIVE_DATETIME, field=name)
        moment = moment.replace(tzinfo=zone)
    return moment


def _whole(raw: Mapping[str, Any], name: str, message: str, *, high: int | None = None) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (high and value > high):
        raise ValidationFailed(message, field=name)
    return int(value)


def _outcome(value: object) -> CallbackOutcome | None:
    try:
        return None if value is None else CallbackOutcome(str(value))
    except ValueError:
        raise ValidationFailed(BAD_OUTCOME, field="outcome") from None


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(BAD_TEXT, field=name)
    return (value or "").strip()


def sort_events(events: Iterable[ServiceEvent]) -> list[ServiceEvent]:
    """Return the events in time order (in UTC), ties broken by sequence, then by content."""
    in_utc = (replace(e, occurred_at=e.occurred_at.astimezone(UTC)) for e in events)
    return sorted(in_utc, key=ServiceEvent.sort_key)


def closed_periods(history: Sequence[ServiceEvent]) -> tuple[Pause, ...]:
    """Return each stretch from ``closed`` to the ``reopened`` after it (open-ended while still closed)."""
    periods: list[Pause] = []
    closed_at: datetime | None = None
    for event in history:
        if event.type is E.CLOSED and closed_at is None:
            closed_at = event.occurred_at
        elif event.type is E.REOPENED and closed_at is not None:
            periods.append((closed_at, event.occurred_at))
            closed_at = None
    if closed_at is not None:
        periods.append((closed_at, None))
    return tuple(periods)
