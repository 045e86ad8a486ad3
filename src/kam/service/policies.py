"""SLA policies as data: the milestones of each kind of service request and the clock they run on (D10).

A policy is what the admin edits and what a request freezes when it starts (its ``version``): plain frozen
dataclasses, serialisable to and from JSON by :mod:`kam.service.policy_json`. The seeded policies are
the rulebook's 客户服务质量标准 exactly as issue 6 lists them. No Django, no database, no clock reading here:
:mod:`kam.service.rules` computes the milestones of a request from a policy and its events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

NO_WORKING_TIME = "The working-hours calendar has no working time within {days} days."

MAX_SCAN_DAYS = 800
DEFAULT_ZONE = "Asia/Shanghai"

IsWorkingDay = Callable[[date], bool]
"""Decides whether a local date is a working day, e.g. ``kam.core.workdays.WorkCalendar.is_working_day``."""
Pause = tuple[datetime, datetime | None]
"""A stretch of time no clock counts (a closed request); ``None`` as its end means it has not ended."""


class RequestKind(StrEnum):
    INQUIRY = "inquiry"
    COMPLAINT = "complaint"
    RESCUE = "rescue"
    PURCHASE_CALLBACK = "purchase_callback"
    REPAIR_CALLBACK = "repair_callback"


class EventType(StrEnum):
    CALL_ANSWERED = "call_answered"
    CALL_ENDED = "call_ended"
    RESOLVED_ON_CALL = "resolved_on_call"
    REPLY_TIME_AGREED = "reply_time_agreed"
    TRANSFERRED_TO_RESOURCE_CENTRE = "transferred_to_resource_centre"
    RESOURCE_CENTRE_REPLIED = "resource_centre_replied"
    CUSTOMER_REPLIED = "customer_replied"
    DEPARTMENT_NOTIFIED = "department_notified"
    CUSTOMER_INFORMED = "customer_informed"
    SUPERVISED = "supervised"
    SATISFACTION_RECORDED = "satisfaction_recorded"
    PURCHASED = "purchased"
    REPAIRED = "repaired"
    CALLBACK_ATTEMPT = "callback_attempt"
    PROBLEM_FORWARDED = "problem_forwarded"
    PROBLEM_RESOLUTION_CHECKED = "problem_resolution_checked"
    CLOSED = "closed"
    REOPENED = "reopened"


class CallbackOutcome(StrEnum):
    NO_ANSWER = "no_answer"
    CHILD_ANSWERED = "child_answered"
    OWNER_ANSWERED = "owner_answered"


class ClockMode(StrEnum):
    WALL = "wall"
    WORKING_HOURS = "working_hours"


class Responsible(StrEnum):
    """The post that owns a milestone; the values are ``kam.org.models.PostCode`` codes."""

    CALL_CENTRE = "call_centre"
    RESOURCE_CENTRE = "resource_centre"
    DEPARTMENT = "department_staff"


EVENT_FIELDS: Mapping[EventType, tuple[str, ...]] = {
    EventType.CALL_ANSWERED: ("rings",),
    EventType.REPLY_TIME_AGREED: ("reply_by",),
    EventType.DEPARTMENT_NOTIFIED: ("department_id", "resolver_id"),
    EventType.SATISFACTION_RECORDED: ("score",),
    EventType.CALLBACK_ATTEMPT: ("outcome", "satisfaction", "problem"),
}
"""The values each event type carries besides ``type``, ``occurred_at`` and ``note``."""


@dataclass(frozen=True)
class ClockSpec:
    """How a policy counts time: wall time (the rulebook's), or working hours of a calendar.

    Working hours are ``windows`` of local time in ``zone`` on working days; the days come from the
    company calendar passed to :meth:`advance`, else from ``workdays`` (Monday = 0).
    """

    mode: ClockMode = ClockMode.WALL
    zone: str = DEFAULT_ZONE
    windows: tuple[tuple[time, time], ...] = ((time(9), time(17)),)
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)

    def advance(
        self,
        start: datetime,
        offset: timedelta,
        *,
        pauses: Sequence[Pause] = (),
        is_working_day: IsWorkingDay | None = None,
    ) -> datetime | None:
        """Return the moment ``offset`` of counted time after ``start`` (UTC), or None if a pause never ends.

        Offsets are elapsed time, so 24 h is 24 real hours even across a daylight-saving change.
        """
        remaining = offset
        for begin, end in _subtract(self._segments(start, is_working_day), sorted(pauses, key=_pause_key)):
            if end is None or begin + remaining <= end:
                return begin + remaining
            remaining -= end - begin
        return None

    def _segments(self, start: datetime, is_working_day: IsWorkingDay | None) -> Iterator[Pause]:
        """Yield the stretches of counted time from ``start`` on, in UTC; wall time is one endless one."""
        if self.mode is ClockMode.WALL:
            yield start.astimezone(UTC), None
        else:
            yield from self._working_segments(start.astimezone(UTC), is_working_day)

    def _working_segments(self, start: datetime, is_working_day: IsWorkingDay | None) -> Iterator[Pause]:
        zone = ZoneInfo(self.zone)
        working = is_working_day or (lambda day: day.weekday() in self.workdays)
        day = start.astimezone(zone).date()
        for _ in range(MAX_SCAN_DAYS):
            if working(day):
                for opens, closes in self.windows:
                    begin = datetime.combine(day, opens, zone).astimezone(UTC)
                    end = datetime.combine(day, closes, zone).astimezone(UTC)
                    if end > start:
                        yield max(begin, start), end
            day += timedelta(days=1)
        raise ValueError(NO_WORKING_TIME.format(days=MAX_SCAN_DAYS))


def _pause_key(pause: Pause) -> datetime:
    return pause[0]


def _subtract(segments: Iterator[Pause], pauses: Sequence[Pause]) -> Iterator[Pause]:
    """Yield the parts of ``segments`` outside ``pauses``; stop at a pause that has not ended."""
    for seg_start, seg_end in segments:
        cursor = seg_start
        for p_start, p_end in pauses:
            if p_end is not None and p_end <= cursor:
                continue
            if seg_end is not None and p_start >= seg_end:
                break
            if p_start > cursor:
                yield cursor, p_start
            if p_end is None:
                return
            cursor = p_end
            if seg_end is not None and cursor >= seg_end:
                break
        if seg_end is None or cursor < seg_end:
            yield cursor, seg_end


@dataclass(frozen=True)
class MilestoneSpec:
    """One clock of a policy: when it starts, how long it runs, what meets it and when it applies.

    ``start`` events count only when they carry every value in ``start_requires``; meeting events only
    when they carry every value in ``meet_requires`` and equal ``meet_match``. ``unless`` names the event
    that makes the milestone not applicable. Milestones sharing a ``series`` are met one by one, in policy
    order, by successive qualifying events; the events of a meeting type that do not qualify suggest
    the next try ``retry_after`` later. ``ring_limit`` replaces the clock for answering a call.
    """

    code: str
    meets: tuple[EventType, ...]
    responsible: Responsible = Responsible.CALL_CENTRE
    start: EventType | None = None
    offset: timedelta | None = None
    ring_limit: int | None = None
    unless: EventType | None = None
    start_requires: tuple[str, ...] = ()
    meet_match: tuple[tuple[str, str], ...] = ()
    meet_requires: tuple[str, ...] = ()
    series: str | None = None
    retry_after: timedelta | None = None


@dataclass(frozen=True)
class Policy:
    kind: RequestKind
    version: int
    milestones: tuple[MilestoneSpec, ...]
    clock: ClockSpec = ClockSpec()

    def spec(self, code: str) -> MilestoneSpec:
        for spec in self.milestones:
            if spec.code == code:
                return spec
        raise KeyError(code)

    def event_types(self) -> frozenset[EventType]:
        """Return every event type the policy's milestones start, meet or exclude on."""
        found: set[EventType] = set()
        for spec in self.milestones:
            found.update(spec.meets)
            found.update(t for t in (spec.start, spec.unless) if t is not None)
        return frozenset(found)


# --- The rulebook's policies (客户服务质量标准), exactly as issue 6 item 2 lists them. -------------------

MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
E, R = EventType, Responsible
CALLBACK_RETRY_AFTER = 2 * HOUR
"""The rulebook only says "call again next time" (下次再打); two hours is the suggestion, editable."""

ANSWER = MilestoneSpec("answer", meets=(E.CALL_ANSWERED,), ring_limit=3)
"""Every call is picked up within 3 rings (D10a, D10b, D10e)."""


def _after(code: str, start: EventType, offset: timedelta, meets: EventType, **extra: Any) -> MilestoneSpec:
    return MilestoneSpec(code, meets=(meets,), start=start, offset=offset, **extra)


_UNSOLVED: dict[str, Any] = {"unless": E.RESOLVED_ON_CALL}

INQUIRY_POLICY = Policy(
    RequestKind.INQUIRY,
    1,
    (
        ANSWER,
        _after(
            "transfer_to_resource_centre",
            E.CALL_ENDED,
            30 * MINUTE,
            E.TRANSFERRED_TO_RESOURCE_CENTRE,
            **_UNSOLVED,
        ),
        _after(
            "resource_centre_reply",
            E.TRANSFERRED_TO_RESOURCE_CENTRE,
            3 * HOUR,
            E.RESOURCE_CENTRE_REPLIED,
            responsible=R.RESOURCE_CENTRE,
            **_UNSOLVED,
        ),
        _after("customer_reply", E.CALL_ENDED, 24 * HOUR, E.CUSTOMER_REPLIED, **_UNSOLVED),
    ),
)


def _department_chain(
    notice_requires: tuple[str, ...], conditions: dict[str, Any]
) -> tuple[MilestoneSpec, ...]:
    """Return notify in 10 min, inform the customer 20 min later, supervise within 12 h, call back in 24 h."""
    return (
        _after(
            "department_notified",
            E.CALL_ENDED,
            10 * MINUTE,
            E.DEPARTMENT_NOTIFIED,
            meet_requires=notice_requires,
            **conditions,
        ),
        _after("customer_informed", E.DEPARTMENT_NOTIFIED, 20 * MINUTE, E.CUSTOMER_INFORMED, **conditions),
        _after("supervision", E.CALL_ENDED, 12 * HOUR, E.SUPERVISED, responsible=R.DEPARTMENT, **conditions),
        _after("satisfaction_callback", E.CALL_ENDED, 24 * HOUR, E.SATISFACTION_RECORDED),
    )


COMPLAINT_POLICY = Policy(
    RequestKind.COMPLAINT,
    1,
    (
        ANSWER,
        _after("reply_time_agreed", E.CALL_ENDED, 30 * MINUTE, E.REPLY_TIME_AGREED, **_UNSOLVED),
        *_department_chain(("department_id",), _UNSOLVED),
    ),
)
RESCUE_POLICY = Policy(
    RequestKind.RESCUE, 1, (ANSWER, *_department_chain(("department_id", "resolver_id"), {}))
)


def _callback_policy(kind: RequestKind, start: EventType) -> Policy:
    """Return callbacks at 3/10/30 days, each met by the owner answering with satisfaction (D10c, D10d)."""
    owner = {
        "meet_match": (("outcome", CallbackOutcome.OWNER_ANSWERED.value),),
        "meet_requires": ("satisfaction",),
        "series": "callback",
        "retry_after": CALLBACK_RETRY_AFTER,
    }
    callbacks = tuple(
        _after(f"callback_{n}", start, days * DAY, E.CALLBACK_ATTEMPT, **owner)
        for n, days in ((1, 3), (2, 10), (3, 30))
    )
    problem = _after(
        "problem_forwarded", E.CALLBACK_ATTEMPT, HOUR, E.PROBLEM_FORWARDED, start_requires=("problem",)
    )
    checked = _after("problem_resolution_checked", E.PROBLEM_FORWARDED, DAY, E.PROBLEM_RESOLUTION_CHECKED)
    return Policy(kind, 1, (*callbacks, problem, checked))


PURCHASE_CALLBACK_POLICY = _callback_policy(RequestKind.PURCHASE_CALLBACK, E.PURCHASED)
REPAIR_CALLBACK_POLICY = _callback_policy(RequestKind.REPAIR_CALLBACK, E.REPAIRED)

SEEDED_POLICIES: Mapping[RequestKind, Policy] = {
    p.kind: p
    for p in (
        INQUIRY_POLICY,
        COMPLAINT_POLICY,
        RESCUE_POLICY,
        PURCHASE_CALLBACK_POLICY,
        REPAIR_CALLBACK_POLICY,
    )
}
