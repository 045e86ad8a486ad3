"""The SLA rules of service requests as pure functions: events in, milestone clocks out (D10a–D10e, B7).

A request's milestones are always recomputed from its whole event history, whatever order the events
arrived in (call-centre systems push late), so the result never depends on arrival order. Times are aware
and ``now`` is passed in. No Django, no database: the services fetch, call these, and store the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from kam.service.events import NAIVE_DATETIME, ServiceEvent, closed_periods, sort_events
from kam.service.policies import (
    ClockSpec,
    EventType,
    IsWorkingDay,
    MilestoneSpec,
    Pause,
    Policy,
    RequestKind,
    Responsible,
)

E, K = EventType, RequestKind


class MilestoneStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    BREACHED = "breached"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class MilestoneState:
    """A milestone as it stands: a breach keeps both its deadline and the late ``done_at``."""

    code: str
    status: MilestoneStatus
    due_at: datetime | None = None
    done_at: datetime | None = None
    next_attempt_at: datetime | None = None
    responsible: Responsible = Responsible.CALL_CENTRE

    def to_dict(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "code": self.code,
            "status": self.status.value,
            "due_at": iso(self.due_at),
            "done_at": iso(self.done_at),
            "next_attempt_at": iso(self.next_attempt_at),
            "responsible": self.responsible.value,
        }


@dataclass(frozen=True)
class _Context:
    clock: ClockSpec
    pauses: tuple[Pause, ...]
    closed_at: datetime | None
    now: datetime
    is_working_day: IsWorkingDay | None

    def advance(self, start: datetime, offset: timedelta, pauses: Sequence[Pause]) -> datetime | None:
        return self.clock.advance(start, offset, pauses=pauses, is_working_day=self.is_working_day)


@dataclass
class _Meeting:
    done_at: datetime | None = None
    last_failed: datetime | None = None


def compute_milestones(
    policy: Policy,
    events: Iterable[ServiceEvent],
    now: datetime,
    *,
    is_working_day: IsWorkingDay | None = None,
) -> list[MilestoneState]:
    """Return each milestone of ``policy`` as it stands at ``now``, from the request's whole history.

    Time while the request is closed counts on no clock: a milestone not yet due at the close is not
    applicable while closed, and runs again, its deadline moved by the closed time, once reopened.
    ``is_working_day`` is the company calendar for a working-hours policy (Monday–Friday without it).
    """
    if now.utcoffset() is None:
        raise ValueError(NAIVE_DATETIME)
    history = sort_events(events)
    pauses = closed_periods(history)
    closed_at = pauses[-1][0] if pauses and pauses[-1][1] is None else None
    context = _Context(policy.clock, pauses, closed_at, now.astimezone(UTC), is_working_day)
    meetings = _match_meetings(policy.milestones, history)
    return [_state(spec, history, meetings[spec.code], context) for spec in policy.milestones]


def _qualifies(spec: MilestoneSpec, event: ServiceEvent) -> bool:
    matches = all(str(getattr(event, name)) == value for name, value in spec.meet_match)
    return event.type in spec.meets and matches and event.carries(spec.meet_requires)


def _match_meetings(specs: Sequence[MilestoneSpec], history: Sequence[ServiceEvent]) -> dict[str, _Meeting]:
    """Give each milestone the event that meets it; a series takes successive qualifying events in turn.

    An event of a meeting type that does not qualify (nobody, or a child, answered) is aimed at the
    earliest unmet milestone of its series and remembered there as the last failed try.
    """
    meetings = {spec.code: _Meeting() for spec in specs}
    groups: dict[tuple[str, str], list[MilestoneSpec]] = {}
    for spec in specs:
        key = ("series", spec.series) if spec.series else ("code", spec.code)
        groups.setdefault(key, []).append(spec)
    for waiting in groups.values():
        for event in history:
            if not waiting:
                break
            if event.type not in waiting[0].meets:
                continue
            if _qualifies(waiting[0], event):
                meetings[waiting.pop(0).code].done_at = event.occurred_at
            else:
                meetings[waiting[0].code].last_failed = event.occurred_at
    return meetings


def _state(
    spec: MilestoneSpec, history: Sequence[ServiceEvent], meeting: _Meeting, context: _Context
) -> MilestoneState:
    not_applicable = MilestoneState(spec.code, MilestoneStatus.NOT_APPLICABLE, responsible=spec.responsible)
    if spec.unless is not None and any(e.type is spec.unless for e in history):
        return not_applicable
    if spec.ring_limit is not None:
        return _ring_state(spec, spec.ring_limit, history, context)
    done = meeting.done_at
    # A milestone's clock stops when it is met: a close after that does not move its deadline.
    pauses = [p for p in context.pauses if done is None or p[0] < done]
    starts = (e for e in history if e.type is spec.start and e.carries(spec.start_requires))
    start = next((e.occurred_at for e in starts), None)
    due = context.advance(start, spec.offset, pauses) if start and spec.offset is not None else None
    status = _status(due, done, context)
    if status is MilestoneStatus.NOT_APPLICABLE:
        return not_applicable
    retry = None
    if done is None and meeting.last_failed is not None and spec.retry_after is not None:
        retry = context.advance(meeting.last_failed, spec.retry_after, context.pauses)
    return MilestoneState(spec.code, status, due, done, retry, spec.responsible)


def _status(due: datetime | None, done: datetime | None, context: _Context) -> MilestoneStatus:
    if done is not None:
        return MilestoneStatus.MET if due is None or done <= due else MilestoneStatus.BREACHED
    if context.closed_at is not None:
        late = due is not None and due < context.closed_at
        return MilestoneStatus.BREACHED if late else MilestoneStatus.NOT_APPLICABLE
    if due is None:
        return MilestoneStatus.PENDING
    return MilestoneStatus.BREACHED if context.now > due else MilestoneStatus.PENDING


def _ring_state(
    spec: MilestoneSpec, limit: int, history: Sequence[ServiceEvent], context: _Context
) -> MilestoneState:
    """Judge answering by rings, not time: met within ``limit`` rings, breached beyond (D10a)."""
    answered = next((e for e in history if e.type in spec.meets and e.rings is not None), None)
    if answered is None or answered.rings is None:
        status = MilestoneStatus.NOT_APPLICABLE if context.closed_at else MilestoneStatus.PENDING
        return MilestoneState(spec.code, status, responsible=spec.responsible)
    status = MilestoneStatus.MET if answered.rings <= limit else MilestoneStatus.BREACHED
    return MilestoneState(spec.code, status, done_at=answered.occurred_at, responsible=spec.responsible)


def next_due(states: Iterable[MilestoneState]) -> datetime | None:
    """Return the earliest deadline still pending: when the sweep next looks, and the queue's order."""
    deadlines = [s.due_at for s in states if s.status is MilestoneStatus.PENDING and s.due_at is not None]
    return min(deadlines, default=None)


def breached_at(state: MilestoneState) -> datetime | None:
    """Return when a breached milestone broke: its deadline, or for rings the late answer."""
    if state.status is not MilestoneStatus.BREACHED:
        return None
    return state.due_at or state.done_at


@dataclass(frozen=True)
class Responsibility:
    """Who answers for a milestone: a post, and for a department's milestone the department and resolver."""

    post: Responsible
    department_id: int | None = None
    user_id: int | None = None


def responsible_for(policy: Policy, code: str, events: Iterable[ServiceEvent]) -> Responsibility:
    """Return who owns milestone ``code``; a department's milestone goes to the last department notified.

    Supervision is the department's: the call centre only checks that the service happened, and a
    service not delivered in time is what the rulebook records against the one responsible (B7).
    """
    spec = policy.spec(code)
    if spec.responsible is not Responsible.DEPARTMENT:
        return Responsibility(spec.responsible)
    notices = [e for e in sort_events(events) if e.type is E.DEPARTMENT_NOTIFIED]
    if not notices:
        return Responsibility(spec.responsible)
    return Responsibility(spec.responsible, notices[-1].department_id, notices[-1].resolver_id)


@dataclass(frozen=True)
class RequestSummary:
    """What B7 needs of a request: its customer, when it was opened, its milestones as they stand."""

    id: int
    kind: RequestKind
    opened_at: datetime
    account_id: int | None = None
    caller_phone: str = ""
    milestones: tuple[MilestoneState, ...] = field(default=())


REPEAT_WINDOW_DAYS = 30
REPEAT_SOURCES = frozenset({K.COMPLAINT, K.RESCUE})


def same_customer(one: RequestSummary, other: RequestSummary) -> bool:
    """Compare accounts when both requests have one, else the callers' phone numbers (digits only)."""
    if one.account_id is not None and other.account_id is not None:
        return one.account_id == other.account_id
    mine, theirs = _phone(one.caller_phone), _phone(other.caller_phone)
    return bool(mine) and mine == theirs


def _phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return re.sub(r"^(00)?86(?=1\d{10}$)", "", digits)


def repeat_candidate(
    previous: Iterable[RequestSummary], new: RequestSummary, window_days: int = REPEAT_WINDOW_DAYS
) -> RequestSummary | None:
    """Return the latest earlier complaint or rescue that ``new`` repeats, if any (B7).

    It must be the same customer's, opened at most ``window_days`` before, with a milestone that broke
    before the new complaint came in: a breach after it cannot have caused it.
    """
    if new.kind is not K.COMPLAINT:
        return None
    window = timedelta(days=window_days)
    found = [
        earlier
        for earlier in previous
        if earlier.id != new.id
        and earlier.kind in REPEAT_SOURCES
        and timedelta(0) < new.opened_at - earlier.opened_at <= window
        and same_customer(earlier, new)
        and breached_before(earlier.milestones, new.opened_at)
    ]
    return max(found, key=lambda r: (r.opened_at, r.id), default=None)


def is_repeat_candidate(
    previous: Iterable[RequestSummary], new: RequestSummary, window_days: int = REPEAT_WINDOW_DAYS
) -> bool:
    return repeat_candidate(previous, new, window_days) is not None


def breached_before(states: Iterable[MilestoneState], moment: datetime) -> list[MilestoneState]:
    """Return the milestones that had broken before ``moment``: those a repeat complaint is charged to."""
    return [s for s in states if (broke := breached_at(s)) is not None and broke < moment]
