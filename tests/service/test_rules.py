"""The SLA rules of service requests (D10a–D10e, B7): tables at every edge, then properties.

No database: policies and events are plain values. Times are Asia/Shanghai unless a case says otherwise;
``T0`` is Monday 2026-03-02 10:00 there.
"""

from __future__ import annotations

import ast
import itertools
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam.core.errors import ValidationFailed
from kam.core.workdays import WorkCalendar
from kam.service import events as ev_rules
from kam.service import policy_json
from kam.service.events import KIND_EVENTS, ServiceEvent, event_to_dict, parse_event, validate_event
from kam.service.policies import (
    COMPLAINT_POLICY,
    INQUIRY_POLICY,
    PURCHASE_CALLBACK_POLICY,
    REPAIR_CALLBACK_POLICY,
    RESCUE_POLICY,
    SEEDED_POLICIES,
    CallbackOutcome,
    ClockMode,
    ClockSpec,
    EventType,
    MilestoneSpec,
    Policy,
    RequestKind,
    Responsible,
)
from kam.service.rules import (
    MilestoneState,
    MilestoneStatus,
    RequestSummary,
    Responsibility,
    breached_before,
    compute_milestones,
    is_repeat_candidate,
    next_due,
    repeat_candidate,
    responsible_for,
)

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=SH)
S = timedelta(seconds=1)
MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
E, K, OUT = EventType, RequestKind, CallbackOutcome
PENDING, MET, BREACHED, NA = (
    MilestoneStatus.PENDING,
    MilestoneStatus.MET,
    MilestoneStatus.BREACHED,
    MilestoneStatus.NOT_APPLICABLE,
)

_sequence = itertools.count(1)
_DEFAULTS: dict[EventType, dict[str, Any]] = {
    E.CALL_ANSWERED: {"rings": 1},
    E.DEPARTMENT_NOTIFIED: {"department_id": 7, "resolver_id": 42},
    E.SATISFACTION_RECORDED: {"score": 5},
    E.CALLBACK_ATTEMPT: {"outcome": OUT.OWNER_ANSWERED, "satisfaction": 5},
}


def ev(event_type: EventType, when: datetime, **values: Any) -> ServiceEvent:
    """Return a valid event of ``event_type`` at ``when``; ``values`` override the defaults."""
    merged = {**_DEFAULTS.get(event_type, {}), **values}
    if event_type is E.REPLY_TIME_AGREED:
        merged.setdefault("reply_by", when + HOUR)
    return ServiceEvent(event_type, when, merged.pop("sequence", next(_sequence)), **merged)


def states(policy: Policy, events: list[ServiceEvent], now: datetime, **kw: Any) -> dict[str, MilestoneState]:
    return {s.code: s for s in compute_milestones(policy, events, now, **kw)}


def call(policy: Policy = COMPLAINT_POLICY, rings: int = 2) -> list[ServiceEvent]:
    """Answered at T0 after ``rings`` rings, hung up 5 minutes later."""
    return [ev(E.CALL_ANSWERED, T0, rings=rings), ev(E.CALL_ENDED, T0 + 5 * MIN)]


ENDED = T0 + 5 * MIN


# --- The seeded policies are the rulebook's, exactly as issue 6 lists them. ------------------------------

SEEDED = [
    # kind, code, start event, offset, meeting event, unless, responsible
    (K.INQUIRY, "answer", None, None, E.CALL_ANSWERED, None, "call_centre"),
    (K.INQUIRY, "transfer_to_resource_centre", E.CALL_ENDED, 30 * MIN,
     E.TRANSFERRED_TO_RESOURCE_CENTRE, E.RESOLVED_ON_CALL, "call_centre"),
    (K.INQUIRY, "resource_centre_reply", E.TRANSFERRED_TO_RESOURCE_CENTRE, 3 * HOUR,
     E.RESOURCE_CENTRE_REPLIED, E.RESOLVED_ON_CALL, "resource_centre"),
    (K.INQUIRY, "customer_reply", E.CALL_ENDED, 24 * HOUR, E.CUSTOMER_REPLIED, E.RESOLVED_ON_CALL,
     "call_centre"),
    (K.COMPLAINT, "answer", None, None, E.CALL_ANSWERED, None, "call_centre"),
    (K.COMPLAINT, "reply_time_agreed", E.CALL_ENDED, 30 * MIN, E.REPLY_TIME_AGREED, E.RESOLVED_ON_CALL,
     "call_centre"),
    (K.COMPLAINT, "department_notified", E.CALL_ENDED, 10 * MIN, E.DEPARTMENT_NOTIFIED,
     E.RESOLVED_ON_CALL, "call_centre"),
    (K.COMPLAINT, "customer_informed", E.DEPARTMENT_NOTIFIED, 20 * MIN, E.CUSTOMER_INFORMED,
     E.RESOLVED_ON_CALL, "call_centre"),
    (K.COMPLAINT, "supervision", E.CALL_ENDED, 12 * HOUR, E.SUPERVISED, E.RESOLVED_ON_CALL,
     "department_staff"),
    (K.COMPLAINT, "satisfaction_callback", E.CALL_ENDED, 24 * HOUR, E.SATISFACTION_RECORDED, None,
     "call_centre"),
    (K.RESCUE, "answer", None, None, E.CALL_ANSWERED, None, "call_centre"),
    (K.RESCUE, "department_notified", E.CALL_ENDED, 10 * MIN, E.DEPARTMENT_NOTIFIED, None, "call_centre"),
    (K.RESCUE, "customer_informed", E.DEPARTMENT_NOTIFIED, 20 * MIN, E.CUSTOMER_INFORMED, None,
     "call_centre"),
    (K.RESCUE, "supervision", E.CALL_ENDED, 12 * HOUR, E.SUPERVISED, None, "department_staff"),
    (K.RESCUE, "satisfaction_callback", E.CALL_ENDED, 24 * HOUR, E.SATISFACTION_RECORDED, None,
     "call_centre"),
    (K.PURCHASE_CALLBACK, "callback_1", E.PURCHASED, 3 * DAY, E.CALLBACK_ATTEMPT, None, "call_centre"),
    (K.PURCHASE_CALLBACK, "callback_2", E.PURCHASED, 10 * DAY, E.CALLBACK_ATTEMPT, None, "call_centre"),
    (K.PURCHASE_CALLBACK, "callback_3", E.PURCHASED, 30 * DAY, E.CALLBACK_ATTEMPT, None, "call_centre"),
    (K.PURCHASE_CALLBACK, "problem_forwarded", E.CALLBACK_ATTEMPT, HOUR, E.PROBLEM_FORWARDED, None,
     "call_centre"),
    (K.PURCHASE_CALLBACK, "problem_resolution_checked", E.PROBLEM_FORWARDED, DAY,
     E.PROBLEM_RESOLUTION_CHECKED, None, "call_centre"),
    (K.REPAIR_CALLBACK, "callback_1", E.REPAIRED, 3 * DAY, E.CALLBACK_ATTEMPT, None, "call_centre"),
    (K.REPAIR_CALLBACK, "callback_2", E.REPAIRED, 10 * DAY, E.CALLBACK_ATTEMPT, None, "call_centre"),
    (K.REPAIR_CALLBACK, "callback_3", E.REPAIRED, 30 * DAY, E.CALLBACK_ATTEMPT, None, "call_centre"),
    (K.REPAIR_CALLBACK, "problem_forwarded", E.CALLBACK_ATTEMPT, HOUR, E.PROBLEM_FORWARDED, None,
     "call_centre"),
    (K.REPAIR_CALLBACK, "problem_resolution_checked", E.PROBLEM_FORWARDED, DAY,
     E.PROBLEM_RESOLUTION_CHECKED, None, "call_centre"),
]  # fmt: skip


def test_seeded_policies_have_exactly_the_issue_milestones_in_order() -> None:
    for kind, policy in SEEDED_POLICIES.items():
        assert [s.code for s in policy.milestones] == [row[1] for row in SEEDED if row[0] is kind]
        assert policy.version == 1
        assert policy.clock.mode is ClockMode.WALL
    assert set(SEEDED_POLICIES) == set(RequestKind)


@pytest.mark.parametrize(("kind", "code", "start", "offset", "meets", "unless", "responsible"), SEEDED)
def test_seeded_milestone(kind, code, start, offset, meets, unless, responsible) -> None:
    spec = SEEDED_POLICIES[kind].spec(code)
    assert (spec.start, spec.offset, spec.meets, spec.unless) == (start, offset, (meets,), unless)
    assert spec.responsible == responsible
    assert spec.ring_limit == (3 if code == "answer" else None)


@pytest.mark.parametrize(
    ("policy", "code", "field"),
    [
        (RESCUE_POLICY, "department_notified", "resolver_id"),
        (PURCHASE_CALLBACK_POLICY, "callback_2", "satisfaction"),
        (REPAIR_CALLBACK_POLICY, "callback_3", "satisfaction"),
    ],
)
def test_seeded_meeting_conditions(policy: Policy, code: str, field: str) -> None:
    assert field in policy.spec(code).meet_requires


# --- Every timed milestone at its deadline: exactly on it, a second late, pending, overdue. -------------


def _timed_specs() -> list[Any]:
    return [
        pytest.param(policy, spec, id=f"{policy.kind}.{spec.code}")
        for policy in SEEDED_POLICIES.values()
        for spec in policy.milestones
        if spec.offset is not None
    ]


def _clock_started(policy: Policy, spec: MilestoneSpec) -> list[ServiceEvent]:
    """Start ``spec``'s clock at T0; earlier callbacks of its series are met a minute later."""
    assert spec.start is not None
    problem = {"problem": "the tap leaks"} if "problem" in spec.start_requires else {}
    events = [ev(spec.start, T0, **problem)]
    series = [s for s in policy.milestones if spec.series and s.series == spec.series]
    events += [ev(E.CALLBACK_ATTEMPT, T0 + MIN) for _ in range(series.index(spec) if series else 0)]
    return events


@pytest.mark.parametrize(
    ("done_after", "now_after", "status", "keeps_done"),
    [
        pytest.param(timedelta(0), timedelta(0), MET, True, id="met-exactly-at-the-deadline"),
        pytest.param(-S, timedelta(0), MET, True, id="met-a-second-early"),
        pytest.param(S, 2 * S, BREACHED, True, id="met-one-second-late"),
        pytest.param(None, timedelta(0), PENDING, False, id="unmet-at-the-deadline"),
        pytest.param(None, S, BREACHED, False, id="unmet-one-second-past"),
    ],
)
@pytest.mark.parametrize(("policy", "spec"), _timed_specs())
def test_deadline_edges(policy, spec, done_after, now_after, status, keeps_done) -> None:
    assert spec.offset is not None
    due = T0 + spec.offset
    events = _clock_started(policy, spec)
    if done_after is not None:
        events.append(ev(spec.meets[0], due + done_after))
    state = states(policy, events, due + now_after)[spec.code]
    assert (state.status, state.due_at) == (status, due)
    assert state.done_at == (due + done_after if keeps_done else None)


@pytest.mark.parametrize(
    ("code", "due_local"),
    [
        ("reply_time_agreed", datetime(2026, 3, 2, 10, 35, tzinfo=SH)),
        ("department_notified", datetime(2026, 3, 2, 10, 15, tzinfo=SH)),
        ("supervision", datetime(2026, 3, 2, 22, 5, tzinfo=SH)),
        ("satisfaction_callback", datetime(2026, 3, 3, 10, 5, tzinfo=SH)),
    ],
)
def test_complaint_deadlines_in_shanghai_time(code: str, due_local: datetime) -> None:
    state = states(COMPLAINT_POLICY, call(), T0)[code]
    assert state.due_at == due_local
    assert state.due_at is not None and state.due_at.utcoffset() == timedelta(0)
    assert state.due_at.astimezone(SH).hour == due_local.hour


def test_events_given_in_utc_and_shanghai_time_give_the_same_clocks() -> None:
    in_utc = [replace(e, occurred_at=e.occurred_at.astimezone(UTC)) for e in call()]
    now = T0 + HOUR
    assert compute_milestones(COMPLAINT_POLICY, in_utc, now) == compute_milestones(
        COMPLAINT_POLICY, call(), now.astimezone(UTC)
    )


def test_customer_informed_counts_from_the_department_notice_not_the_call() -> None:
    events = [*call(), ev(E.DEPARTMENT_NOTIFIED, ENDED + 8 * MIN)]
    state = states(COMPLAINT_POLICY, events, ENDED + 9 * MIN)["customer_informed"]
    assert (state.status, state.due_at) == (PENDING, ENDED + 28 * MIN)


def test_a_clock_whose_start_has_not_happened_has_no_deadline() -> None:
    state = states(COMPLAINT_POLICY, call(), T0 + 2 * DAY)["customer_informed"]
    assert (state.status, state.due_at, state.done_at) == (PENDING, None, None)


@pytest.mark.parametrize("naive", ["now", "event"])
def test_naive_times_are_refused(naive: str) -> None:
    plain = datetime(2026, 3, 2, 10, 0)
    with pytest.raises(ValueError, match="time zone"):
        if naive == "now":
            compute_milestones(COMPLAINT_POLICY, call(), plain)
        else:
            ServiceEvent(E.CALL_ENDED, plain)


@pytest.mark.parametrize(
    ("policy", "resolver", "status"),
    [
        (RESCUE_POLICY, None, BREACHED),
        (RESCUE_POLICY, 42, MET),
        (COMPLAINT_POLICY, None, MET),
    ],
    ids=["rescue-without-resolver", "rescue-naming-resolver", "complaint-needs-no-resolver"],
)
def test_a_rescue_notice_counts_only_when_it_names_who_will_solve_it(policy, resolver, status) -> None:
    events = [*call(policy), ev(E.DEPARTMENT_NOTIFIED, ENDED + 5 * MIN, resolver_id=resolver)]
    state = states(policy, events, ENDED + HOUR)["department_notified"]
    assert state.status is status
    assert state.done_at == (ENDED + 5 * MIN if status is MET else None)


def test_rules_modules_import_nothing_from_django() -> None:
    package = Path(ev_rules.__file__).parent
    for module in ("rules.py", "events.py", "policies.py", "policy_json.py"):
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        imported = [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        ]
        imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [name for name in imported if name.split(".")[0] == "django"], module


# --- Answering within 3 rings. -----------------------------------------------------------------------------


@pytest.mark.parametrize("policy", [INQUIRY_POLICY, COMPLAINT_POLICY, RESCUE_POLICY], ids=str)
@pytest.mark.parametrize(
    ("rings", "status"),
    [(1, MET), (3, MET), (4, BREACHED), (9, BREACHED), (None, PENDING)],
)
def test_answer_within_three_rings(policy: Policy, rings: int | None, status: MilestoneStatus) -> None:
    events = [ev(E.CALL_ENDED, ENDED)]
    if rings is not None:
        events.append(ev(E.CALL_ANSWERED, T0, rings=rings))
    state = states(policy, events, T0 + DAY)["answer"]
    assert (state.status, state.due_at) == (status, None)
    assert state.done_at == (T0 if rings else None)


def test_a_call_never_answered_on_a_closed_request_is_not_applicable() -> None:
    state = states(INQUIRY_POLICY, [ev(E.CLOSED, T0)], T0 + DAY)["answer"]
    assert state.status is NA


# --- Resolved on the call: the conditional milestones do not apply. -------------------------------------

CONDITIONAL = {
    K.INQUIRY: {"transfer_to_resource_centre", "resource_centre_reply", "customer_reply"},
    K.COMPLAINT: {"reply_time_agreed", "department_notified", "customer_informed", "supervision"},
    K.RESCUE: set(),
}


@pytest.mark.parametrize("policy", [INQUIRY_POLICY, COMPLAINT_POLICY, RESCUE_POLICY], ids=str)
@pytest.mark.parametrize("resolved_last", [False, True], ids=["in-order", "resolution-pushed-late"])
def test_resolved_on_call(policy: Policy, resolved_last: bool) -> None:
    resolved = ev(E.RESOLVED_ON_CALL, T0 + 4 * MIN)
    events = [*call(policy), resolved] if resolved_last else [resolved, *call(policy)]
    result = states(policy, events, T0 + 3 * DAY)
    not_applicable = {code for code, s in result.items() if s.status is NA}
    assert not_applicable == CONDITIONAL[policy.kind]
    for code in not_applicable:
        assert (result[code].due_at, result[code].done_at) == (None, None)
    assert result["answer"].status is MET
    if policy is not INQUIRY_POLICY:
        assert result["satisfaction_callback"].status is BREACHED


# --- Out of order: the whole history decides, not the order of arrival. -----------------------------------


def _complaint_history() -> list[ServiceEvent]:
    return [
        *call(rings=4),
        ev(E.REPLY_TIME_AGREED, ENDED + 20 * MIN),
        ev(E.DEPARTMENT_NOTIFIED, ENDED + 11 * MIN),
        ev(E.CUSTOMER_INFORMED, ENDED + 32 * MIN),  # due 20 min after the notice at +11
        ev(E.SUPERVISED, ENDED + 12 * HOUR),
    ]


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(lambda events: list(reversed(events)), id="reversed"),
        pytest.param(lambda events: events[2:] + events[:2], id="call-pushed-last"),
        pytest.param(lambda events: sorted(events, key=lambda e: e.type.value), id="by-type"),
    ],
)
def test_out_of_order_events_give_the_same_milestones(order: Any) -> None:
    events = _complaint_history()
    now = ENDED + 2 * DAY
    expected = compute_milestones(COMPLAINT_POLICY, events, now)
    assert compute_milestones(COMPLAINT_POLICY, order(events), now) == expected
    statuses = {s.code: s.status for s in expected}
    assert statuses == {
        "answer": BREACHED,
        "reply_time_agreed": MET,
        "department_notified": BREACHED,
        "customer_informed": BREACHED,
        "supervision": MET,
        "satisfaction_callback": BREACHED,
    }


def test_a_late_pushed_meeting_event_turns_a_breach_into_met() -> None:
    events = call()
    assert states(COMPLAINT_POLICY, events, ENDED + HOUR)["department_notified"].status is BREACHED
    events.append(ev(E.DEPARTMENT_NOTIFIED, ENDED + 9 * MIN))
    assert states(COMPLAINT_POLICY, events, ENDED + HOUR)["department_notified"].status is MET


def test_sequence_breaks_ties_in_time() -> None:
    first = ev(E.DEPARTMENT_NOTIFIED, ENDED, department_id=1, sequence=1)
    second = ev(E.DEPARTMENT_NOTIFIED, ENDED, department_id=2, sequence=2)
    for events in ([first, second], [second, first]):
        assert responsible_for(COMPLAINT_POLICY, "supervision", events).department_id == 2


# --- A closed request stops every clock; reopening it starts them again. ----------------------------------


@pytest.mark.parametrize(
    ("extra", "now", "status", "due", "done"),
    [
        pytest.param([(E.CLOSED, 2 * HOUR)], 3 * HOUR, NA, None, None, id="closed-before-due"),
        pytest.param(
            [(E.CLOSED, 2 * HOUR), (E.REOPENED, 5 * HOUR)],
            6 * HOUR,
            PENDING,
            ENDED + 15 * HOUR,
            None,
            id="reopened-deadline-moves-by-closed-time",
        ),
        pytest.param(
            [(E.CLOSED, 2 * HOUR), (E.REOPENED, 5 * HOUR)],
            15 * HOUR + 5 * MIN + S,
            BREACHED,
            ENDED + 15 * HOUR,
            None,
            id="reopened-then-overdue",
        ),
        pytest.param(
            [(E.CLOSED, 2 * HOUR), (E.REOPENED, 5 * HOUR), (E.SUPERVISED, 15 * HOUR + 5 * MIN)],
            2 * DAY,
            MET,
            ENDED + 15 * HOUR,
            T0 + 15 * HOUR + 5 * MIN,
            id="reopened-met-at-moved-deadline",
        ),
        pytest.param(
            [(E.CLOSED, 2 * HOUR), (E.REOPENED, 3 * HOUR), (E.CLOSED, 4 * HOUR), (E.REOPENED, 6 * HOUR)],
            7 * HOUR,
            PENDING,
            ENDED + 15 * HOUR,
            None,
            id="closed-twice-both-pauses-count",
        ),
        pytest.param(
            [(E.CLOSED, 13 * HOUR)], DAY, BREACHED, ENDED + 12 * HOUR, None, id="closed-after-the-deadline"
        ),
        pytest.param(
            [(E.SUPERVISED, HOUR), (E.CLOSED, 2 * HOUR)],
            DAY,
            MET,
            ENDED + 12 * HOUR,
            T0 + HOUR,
            id="met-before-close-keeps-its-deadline",
        ),
    ],
)
def test_closed_and_reopened(extra, now, status, due, done) -> None:
    events = [*call(), *(ev(t, T0 + offset) for t, offset in extra)]
    state = states(COMPLAINT_POLICY, events, T0 + now)["supervision"]
    assert (state.status, state.due_at, state.done_at) == (status, due, done)


def test_reopening_brings_back_only_the_milestones_pending_at_the_close() -> None:
    events = [*call(), ev(E.CLOSED, ENDED + HOUR), ev(E.REOPENED, ENDED + 2 * HOUR)]
    closed = states(COMPLAINT_POLICY, events[:-1], ENDED + 90 * MIN)
    reopened = states(COMPLAINT_POLICY, events, ENDED + 3 * HOUR)
    assert closed["department_notified"].status is BREACHED  # it was already late when closed
    assert reopened["department_notified"].status is BREACHED
    assert closed["satisfaction_callback"].status is NA
    assert reopened["satisfaction_callback"].status is PENDING
    assert reopened["satisfaction_callback"].due_at == ENDED + 25 * HOUR


# --- Callbacks at 3/10/30 days: only the owner, with satisfaction recorded, meets one. --------------------

BOUGHT = T0


def _bought(*attempts: tuple[timedelta, dict[str, Any]]) -> list[ServiceEvent]:
    return [ev(E.PURCHASED, BOUGHT), *(ev(E.CALLBACK_ATTEMPT, BOUGHT + at, **v) for at, v in attempts)]


NO_ANSWER = {"outcome": OUT.NO_ANSWER, "satisfaction": None}
CHILD = {"outcome": OUT.CHILD_ANSWERED, "satisfaction": None}
OWNER = {"outcome": OUT.OWNER_ANSWERED, "satisfaction": 4}
OWNER_NO_SCORE = {"outcome": OUT.OWNER_ANSWERED, "satisfaction": None}


@pytest.mark.parametrize(
    ("attempts", "now", "expected"),
    [
        pytest.param(
            [(DAY, NO_ANSWER)], 2 * DAY, {"callback_1": (PENDING, None, DAY + 2 * HOUR)}, id="no-answer"
        ),
        pytest.param([(DAY, CHILD)], 2 * DAY, {"callback_1": (PENDING, None, DAY + 2 * HOUR)}, id="child"),
        pytest.param(
            [(DAY, OWNER_NO_SCORE)], 2 * DAY, {"callback_1": (PENDING, None, DAY + 2 * HOUR)}, id="no-score"
        ),
        pytest.param(
            [(DAY, NO_ANSWER), (DAY + 3 * HOUR, OWNER)],
            2 * DAY,
            {"callback_1": (MET, DAY + 3 * HOUR, None), "callback_2": (PENDING, None, None)},
            id="no-answer-then-owner",
        ),
        pytest.param(
            [(DAY, NO_ANSWER), (2 * DAY, CHILD)],
            2 * DAY,
            {"callback_1": (PENDING, None, 2 * DAY + 2 * HOUR)},
            id="the-last-failed-try-counts",
        ),
        pytest.param(
            [(DAY, CHILD)],
            3 * DAY + S,
            {"callback_1": (BREACHED, None, DAY + 2 * HOUR)},
            id="never-reached-by-day-3",
        ),
        pytest.param(
            [(5 * DAY, OWNER)],
            6 * DAY,
            {"callback_1": (BREACHED, 5 * DAY, None), "callback_2": (PENDING, None, None)},
            id="late-owner-meets-the-first-late",
        ),
        pytest.param(
            [(DAY, OWNER), (2 * DAY, OWNER), (3 * DAY, OWNER)],
            4 * DAY,
            {
                "callback_1": (MET, DAY, None),
                "callback_2": (MET, 2 * DAY, None),
                "callback_3": (MET, 3 * DAY, None),
            },
            id="attempts-meet-the-earliest-unmet-in-turn",
        ),
        pytest.param(
            [(DAY, OWNER), (9 * DAY, NO_ANSWER)],
            9 * DAY,
            {"callback_1": (MET, DAY, None), "callback_2": (PENDING, None, 9 * DAY + 2 * HOUR)},
            id="a-failed-try-aims-at-the-next-unmet",
        ),
    ],
)
def test_callbacks(attempts, now, expected) -> None:
    result = states(PURCHASE_CALLBACK_POLICY, _bought(*attempts), BOUGHT + now)
    for code, (status, done, retry) in expected.items():
        state = result[code]
        assert state.status is status, code
        assert state.done_at == (BOUGHT + done if done is not None else None), code
        assert state.next_attempt_at == (BOUGHT + retry if retry is not None else None), code


@pytest.mark.parametrize(
    ("policy", "start"), [(PURCHASE_CALLBACK_POLICY, E.PURCHASED), (REPAIR_CALLBACK_POLICY, E.REPAIRED)]
)
def test_callback_deadlines_are_3_10_30_days_after_the_purchase_or_repair(
    policy: Policy, start: EventType
) -> None:
    result = states(policy, [ev(start, T0)], T0)
    assert [result[f"callback_{n}"].due_at for n in (1, 2, 3)] == [T0 + 3 * DAY, T0 + 10 * DAY, T0 + 30 * DAY]


@pytest.mark.parametrize(
    ("forwarded", "checked", "now", "forward_status", "check_status", "check_due"),
    [
        pytest.param(30 * MIN, 20 * HOUR, DAY * 2, MET, MET, 30 * MIN + DAY, id="both-in-time"),
        pytest.param(HOUR, None, HOUR, MET, PENDING, HOUR + DAY, id="forwarded-exactly-at-1h"),
        pytest.param(HOUR + S, None, 2 * HOUR, BREACHED, PENDING, HOUR + S + DAY, id="forwarded-1s-late"),
        pytest.param(None, None, HOUR + S, BREACHED, PENDING, None, id="never-forwarded"),
        pytest.param(
            30 * MIN, DAY + 30 * MIN + S, 2 * DAY, MET, BREACHED, 30 * MIN + DAY, id="checked-1s-late"
        ),
    ],
)
def test_problem_found_starts_forwarding_and_checking_clocks(
    forwarded, checked, now, forward_status, check_status, check_due
) -> None:
    found = BOUGHT + 2 * DAY
    events = _bought((2 * DAY, {**OWNER, "problem": "the screen flickers"}))
    if forwarded is not None:
        events.append(ev(E.PROBLEM_FORWARDED, found + forwarded))
    if checked is not None:
        events.append(ev(E.PROBLEM_RESOLUTION_CHECKED, found + checked))
    result = states(PURCHASE_CALLBACK_POLICY, events, found + now)
    assert (result["problem_forwarded"].status, result["problem_forwarded"].due_at) == (
        forward_status,
        found + HOUR,
    )
    check = result["problem_resolution_checked"]
    assert (check.status, check.due_at) == (check_status, found + check_due if check_due else None)
    assert result["callback_1"].status is MET


def test_no_problem_found_leaves_the_problem_clocks_unstarted() -> None:
    result = states(PURCHASE_CALLBACK_POLICY, _bought((DAY, OWNER)), BOUGHT + 40 * DAY)
    assert [
        (result[c].status, result[c].due_at) for c in ("problem_forwarded", "problem_resolution_checked")
    ] == [
        (PENDING, None),
        (PENDING, None),
    ]
    closed = [*_bought((DAY, OWNER)), ev(E.CLOSED, BOUGHT + 31 * DAY)]
    assert states(PURCHASE_CALLBACK_POLICY, closed, BOUGHT + 40 * DAY)["problem_forwarded"].status is NA


# --- Working-hours clocks pause outside the working day. ------------------------------------------------

OFFICE = ClockSpec(ClockMode.WORKING_HOURS, "Asia/Shanghai", ((time(9), time(17)),))
SPLIT_DAY = ClockSpec(ClockMode.WORKING_HOURS, "Asia/Shanghai", ((time(9), time(12)), (time(13), time(17))))
MON, FRI, SAT = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 7)


def sh(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SH)


@pytest.mark.parametrize(
    ("clock", "start", "offset", "due"),
    [
        pytest.param(OFFICE, sh(MON, 10), HOUR, sh(MON, 11), id="inside-the-day"),
        pytest.param(OFFICE, sh(MON, 16, 30), HOUR, sh(MON + DAY, 9, 30), id="over-a-night"),
        pytest.param(OFFICE, sh(FRI, 16, 30), HOUR, sh(MON + 7 * DAY, 9, 30), id="over-a-weekend"),
        pytest.param(OFFICE, sh(SAT, 10), HOUR, sh(MON + 7 * DAY, 10), id="starting-on-a-saturday"),
        pytest.param(OFFICE, sh(MON, 7), 30 * MIN, sh(MON, 9, 30), id="starting-before-opening"),
        pytest.param(OFFICE, sh(MON, 9), 8 * HOUR, sh(MON, 17), id="filling-the-day-ends-at-closing"),
        pytest.param(OFFICE, sh(MON, 9), 8 * HOUR + S, sh(MON + DAY, 9) + S, id="a-second-more-is-tomorrow"),
        pytest.param(OFFICE, sh(MON, 10), 24 * HOUR, sh(MON + 3 * DAY, 10), id="24-working-hours-are-3-days"),
        pytest.param(SPLIT_DAY, sh(MON, 11, 30), HOUR, sh(MON, 13, 30), id="over-lunch"),
        pytest.param(ClockSpec(), sh(FRI, 16, 30), HOUR, sh(FRI, 17, 30), id="wall-clock-never-pauses"),
    ],
)
def test_working_hours_clock(clock: ClockSpec, start: datetime, offset: timedelta, due: datetime) -> None:
    assert clock.advance(start, offset) == due
    assert clock.advance(start.astimezone(UTC), offset) == due


@pytest.mark.parametrize(
    ("start", "offset", "pauses", "due"),
    [
        pytest.param(
            sh(MON, 10), 2 * HOUR, [(sh(MON, 10, 30), sh(MON, 11))], sh(MON, 12, 30), id="closed-for-30-min"
        ),
        pytest.param(
            sh(MON, 15),
            2 * HOUR,
            [(sh(MON, 16), sh(MON + DAY, 10))],
            sh(MON + DAY, 11),
            id="closed-overnight",
        ),
        pytest.param(
            sh(MON, 10), HOUR, [(sh(MON + DAY, 9, 30), sh(MON + DAY, 10))], sh(MON, 11), id="closed-after-due"
        ),
        pytest.param(sh(MON, 10), HOUR, [(sh(SAT, 10), sh(SAT, 12))], sh(MON, 11), id="closed-on-a-weekend"),
        pytest.param(sh(MON, 10), 9 * HOUR, [(sh(MON, 12), None)], None, id="still-closed"),
    ],
)
def test_working_hours_clock_with_a_closed_request(start, offset, pauses, due) -> None:
    assert OFFICE.advance(start, offset, pauses=pauses) == due


def test_working_hours_follow_the_company_calendar() -> None:
    # Monday 9 March off (a holiday moved onto it), Saturday 14 March a make-up working day (补班).
    calendar = WorkCalendar(
        days_off=frozenset({date(2026, 3, 9)}),
        make_up_days=frozenset({date(2026, 3, 14)}),
        known_years=frozenset({2026}),
    )
    friday = sh(FRI, 16, 30)
    assert OFFICE.advance(friday, HOUR, is_working_day=calendar.is_working_day) == sh(
        date(2026, 3, 10), 9, 30
    )
    saturday = sh(date(2026, 3, 13), 16, 30)
    assert OFFICE.advance(saturday, HOUR, is_working_day=calendar.is_working_day) == sh(
        date(2026, 3, 14), 9, 30
    )


def test_working_hours_windows_are_local_across_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock = ClockSpec(ClockMode.WORKING_HOURS, "Europe/Berlin", ((time(9), time(17)),))
    friday = datetime(2026, 3, 27, 16, 30, tzinfo=berlin)  # summer time starts on Sunday 29 March
    due = clock.advance(friday, HOUR)
    assert due == datetime(2026, 3, 30, 9, 30, tzinfo=berlin)
    assert due is not None and due.astimezone(UTC).hour == 7


def test_wall_offsets_are_elapsed_time_across_daylight_saving() -> None:
    new_york = ZoneInfo("America/New_York")
    saturday = datetime(2026, 3, 7, 12, 0, tzinfo=new_york)  # clocks go forward on Sunday 8 March
    assert ClockSpec().advance(saturday, 24 * HOUR) == datetime(2026, 3, 8, 13, 0, tzinfo=new_york)


def test_a_policy_on_working_hours_pauses_its_milestones() -> None:
    policy = replace(COMPLAINT_POLICY, clock=OFFICE)
    friday_call = [ev(E.CALL_ANSWERED, sh(FRI, 16, 45)), ev(E.CALL_ENDED, sh(FRI, 16, 55))]
    result = states(policy, friday_call, sh(SAT, 12))
    assert (result["department_notified"].status, result["department_notified"].due_at) == (
        PENDING,
        sh(MON + 7 * DAY, 9, 5),
    )
    # 24 working hours: 5 minutes on Friday, Monday, Tuesday, and 7 h 55 on Wednesday.
    assert result["satisfaction_callback"].due_at == sh(MON + 9 * DAY, 16, 55)


def test_a_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="no working time"):
        OFFICE.advance(sh(MON, 10), HOUR, is_working_day=lambda day: False)


# --- Bad input is refused with a message that names the field. -------------------------------------------

NOON = "2026-03-02T12:00:00+08:00"


@pytest.mark.parametrize(
    ("policy", "raw", "message", "field"),
    [
        (
            COMPLAINT_POLICY,
            {"type": "call_dropped", "occurred_at": NOON},
            ev_rules.UNKNOWN_EVENT_TYPE,
            "type",
        ),
        (COMPLAINT_POLICY, {"occurred_at": NOON}, ev_rules.UNKNOWN_EVENT_TYPE, "type"),
        (COMPLAINT_POLICY, {"type": "call_answered", "occurred_at": NOON}, ev_rules.FIELD_REQUIRED, "rings"),
        (
            COMPLAINT_POLICY,
            {"type": "call_answered", "occurred_at": NOON, "rings": 0},
            ev_rules.BAD_RINGS,
            "rings",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "call_answered", "occurred_at": NOON, "rings": -2},
            ev_rules.BAD_RINGS,
            "rings",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "call_answered", "occurred_at": NOON, "rings": "3"},
            ev_rules.BAD_RINGS,
            "rings",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "call_answered", "occurred_at": NOON, "rings": True},
            ev_rules.BAD_RINGS,
            "rings",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "satisfaction_recorded", "occurred_at": NOON, "score": 0},
            ev_rules.BAD_SCORE,
            "score",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "satisfaction_recorded", "occurred_at": NOON, "score": 6},
            ev_rules.BAD_SCORE,
            "score",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "satisfaction_recorded", "occurred_at": NOON},
            ev_rules.FIELD_REQUIRED,
            "score",
        ),
        (
            PURCHASE_CALLBACK_POLICY,
            {"type": "callback_attempt", "occurred_at": NOON, "outcome": "busy"},
            ev_rules.BAD_OUTCOME,
            "outcome",
        ),
        (
            PURCHASE_CALLBACK_POLICY,
            {"type": "callback_attempt", "occurred_at": NOON},
            ev_rules.FIELD_REQUIRED,
            "outcome",
        ),
        (
            PURCHASE_CALLBACK_POLICY,
            {"type": "callback_attempt", "occurred_at": NOON, "outcome": "owner_answered", "satisfaction": 6},
            ev_rules.BAD_SCORE,
            "satisfaction",
        ),
        (
            PURCHASE_CALLBACK_POLICY,
            {"type": "callback_attempt", "occurred_at": NOON, "outcome": "no_answer", "satisfaction": 5},
            ev_rules.OWNER_ONLY,
            "satisfaction",
        ),
        (
            REPAIR_CALLBACK_POLICY,
            {
                "type": "callback_attempt",
                "occurred_at": NOON,
                "outcome": "child_answered",
                "problem": "noisy",
            },
            ev_rules.OWNER_ONLY,
            "problem",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "callback_attempt", "occurred_at": NOON, "outcome": "no_answer"},
            ev_rules.EVENT_NOT_FOR_KIND,
            "type",
        ),
        (
            PURCHASE_CALLBACK_POLICY,
            {"type": "repaired", "occurred_at": NOON},
            ev_rules.EVENT_NOT_FOR_KIND,
            "type",
        ),
        (
            RESCUE_POLICY,
            {"type": "department_notified", "occurred_at": NOON, "department_id": 3},
            ev_rules.FIELD_REQUIRED,
            "resolver_id",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "department_notified", "occurred_at": NOON},
            ev_rules.FIELD_REQUIRED,
            "department_id",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "department_notified", "occurred_at": NOON, "department_id": 0},
            ev_rules.BAD_ID,
            "department_id",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "reply_time_agreed", "occurred_at": NOON, "reply_by": "2026-03-02T11:59:59+08:00"},
            ev_rules.REPLY_BEFORE_EVENT,
            "reply_by",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "reply_time_agreed", "occurred_at": NOON, "reply_by": "soon"},
            ev_rules.BAD_DATETIME,
            "reply_by",
        ),
        (COMPLAINT_POLICY, {"type": "call_ended"}, ev_rules.FIELD_REQUIRED, "occurred_at"),
        (
            COMPLAINT_POLICY,
            {"type": "call_ended", "occurred_at": "yesterday"},
            ev_rules.BAD_DATETIME,
            "occurred_at",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "call_ended", "occurred_at": 1741000000},
            ev_rules.BAD_DATETIME,
            "occurred_at",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "call_ended", "occurred_at": "2026-03-02T12:00"},
            ev_rules.NAIVE_DATETIME,
            "occurred_at",
        ),
        (
            COMPLAINT_POLICY,
            {"type": "call_ended", "occurred_at": NOON, "rings": 2},
            ev_rules.UNKNOWN_FIELD,
            "rings",
        ),
        (COMPLAINT_POLICY, {"type": "call_ended", "occurred_at": NOON, "note": 5}, ev_rules.BAD_TEXT, "note"),
    ],
)
def test_bad_events_are_refused(policy: Policy, raw: dict[str, Any], message: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        validate_event(raw, policy=policy)
    assert (refused.value.message, refused.value.field) == (message, field)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        ev_rules.parse_kind("praise")
    assert (refused.value.message, refused.value.field) == (ev_rules.UNKNOWN_KIND, "kind")
    assert ev_rules.parse_kind("rescue") is K.RESCUE


CLOSE = T0 + HOUR
Z = timedelta(0)


@pytest.mark.parametrize(
    ("history", "event", "offset", "refusal"),
    [
        pytest.param([(E.CLOSED, Z)], E.SUPERVISED, MIN, ev_rules.REQUEST_CLOSED, id="after-closed"),
        pytest.param([(E.CLOSED, Z)], E.SUPERVISED, Z, ev_rules.REQUEST_CLOSED, id="at-the-close"),
        pytest.param([(E.CLOSED, Z)], E.SUPERVISED, -MIN, None, id="late-push-of-an-earlier-event"),
        pytest.param([(E.CLOSED, Z)], E.CLOSED, MIN, None, id="closing-again"),
        pytest.param([(E.CLOSED, Z)], E.REOPENED, MIN, None, id="reopening"),
        pytest.param([], E.REOPENED, MIN, ev_rules.NOT_CLOSED, id="reopening-an-open-request"),
        pytest.param([(E.CLOSED, Z)], E.REOPENED, -MIN, ev_rules.NOT_CLOSED, id="reopening-before-the-close"),
        pytest.param(
            [(E.CLOSED, Z), (E.REOPENED, 2 * MIN)],
            E.SUPERVISED,
            MIN,
            ev_rules.REQUEST_CLOSED,
            id="while-it-was-closed",
        ),
        pytest.param(
            [(E.CLOSED, Z), (E.REOPENED, 2 * MIN)], E.SUPERVISED, 3 * MIN, None, id="after-reopening"
        ),
    ],
)
def test_events_on_a_closed_request(history, event, offset, refusal) -> None:
    past = [ev(t, CLOSE + at) for t, at in history]
    raw = {"type": event.value, "occurred_at": (CLOSE + offset).isoformat()}
    if refusal is None:
        assert validate_event(raw, policy=COMPLAINT_POLICY, history=past).type is event
    else:
        with pytest.raises(ValidationFailed) as refused:
            validate_event(raw, policy=COMPLAINT_POLICY, history=past)
        assert (refused.value.message, refused.value.field) == (refusal, "type")


@pytest.mark.parametrize(
    ("raw", "zone", "expected"),
    [
        (
            {"type": "call_answered", "occurred_at": "2026-03-02T10:00:00+08:00", "rings": 3},
            None,
            ServiceEvent(E.CALL_ANSWERED, T0, 5, rings=3),
        ),
        (
            {"type": "call_answered", "occurred_at": "2026-03-02T02:00:00Z", "rings": 3},
            None,
            ServiceEvent(E.CALL_ANSWERED, T0, 5, rings=3),
        ),
        (
            {"type": "call_ended", "occurred_at": "2026-03-02T10:00", "note": "  called from a mobile  "},
            SH,
            ServiceEvent(E.CALL_ENDED, T0, 5, note="called from a mobile"),
        ),
        ({"type": "call_ended", "occurred_at": T0}, None, ServiceEvent(E.CALL_ENDED, T0, 5)),
        (
            {"type": "department_notified", "occurred_at": T0, "department_id": 3, "resolver_id": 9},
            None,
            ServiceEvent(E.DEPARTMENT_NOTIFIED, T0, 5, department_id=3, resolver_id=9),
        ),
        (
            {
                "type": "callback_attempt",
                "occurred_at": T0,
                "outcome": "owner_answered",
                "satisfaction": 2,
                "problem": " rattles ",
            },
            None,
            ServiceEvent(
                E.CALLBACK_ATTEMPT, T0, 5, outcome=OUT.OWNER_ANSWERED, satisfaction=2, problem="rattles"
            ),
        ),
        (
            {"type": "callback_attempt", "occurred_at": T0, "outcome": "no_answer", "problem": ""},
            None,
            ServiceEvent(E.CALLBACK_ATTEMPT, T0, 5, outcome=OUT.NO_ANSWER),
        ),
    ],
)
def test_good_events_are_parsed(raw: dict[str, Any], zone: Any, expected: ServiceEvent) -> None:
    parsed = parse_event(raw, sequence=5, zone=zone)
    assert parsed == expected
    assert parsed.occurred_at.utcoffset() is not None
    assert parse_event(json.loads(json.dumps(event_to_dict(parsed))), sequence=5) == expected


def test_a_policy_may_take_events_beyond_its_kinds_table() -> None:
    spec = MilestoneSpec("thanked", meets=(E.CUSTOMER_REPLIED,), start=E.CALL_ENDED, offset=HOUR)
    policy = replace(COMPLAINT_POLICY, milestones=(*COMPLAINT_POLICY.milestones, spec))
    raw = {"type": "customer_replied", "occurred_at": NOON}
    assert E.CUSTOMER_REPLIED not in KIND_EVENTS[K.COMPLAINT]
    assert validate_event(raw, policy=policy).type is E.CUSTOMER_REPLIED


# --- Policies to and from the JSON the models store. --------------------------------------------------


@pytest.mark.parametrize(
    "policy", [*SEEDED_POLICIES.values(), replace(COMPLAINT_POLICY, clock=SPLIT_DAY)], ids=str
)
def test_policy_round_trips_through_json(policy: Policy) -> None:
    stored = json.loads(json.dumps(policy_json.policy_to_dict(policy)))
    assert policy_json.policy_from_dict(stored) == policy


def test_policy_json_is_readable() -> None:
    stored = policy_json.policy_to_dict(RESCUE_POLICY)
    assert stored["clock"] == {"mode": "wall"}
    assert stored["milestones"][0] == {
        "code": "answer",
        "meets": ["call_answered"],
        "responsible": "call_centre",
        "ring_limit": 3,
    }
    assert stored["milestones"][1]["offset_seconds"] == 600
    assert policy_json.policy_to_dict(replace(RESCUE_POLICY, clock=SPLIT_DAY))["clock"] == {
        "mode": "working_hours",
        "zone": "Asia/Shanghai",
        "windows": [["09:00", "12:00"], ["13:00", "17:00"]],
        "workdays": [0, 1, 2, 3, 4],
    }


def _broken(change: Any) -> dict[str, Any]:
    stored = policy_json.policy_to_dict(COMPLAINT_POLICY)
    change(stored)
    return stored


def _set(path: str, value: Any) -> Any:
    def change(stored: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = stored
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key = int(last) if last.isdigit() else last
        if value is KeyError:
            del target[key]
        else:
            target[key] = value

    return change


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (_set("kind", "praise"), policy_json.POLICY_BAD_VALUE, "kind"),
        (_set("version", 0), policy_json.POLICY_BAD_VALUE, "version"),
        (_set("version", KeyError), policy_json.POLICY_REQUIRED, "version"),
        (_set("milestones", []), policy_json.POLICY_REQUIRED, "milestones"),
        (_set("colour", "red"), policy_json.POLICY_UNKNOWN_KEY, "colour"),
        (_set("milestones.1.start", "call_dropped"), policy_json.POLICY_BAD_VALUE, "milestones[1].start"),
        (_set("milestones.1.meets", []), policy_json.POLICY_BAD_VALUE, "milestones[1].meets"),
        (
            _set("milestones.1.offset_seconds", -1),
            policy_json.POLICY_BAD_VALUE,
            "milestones[1].offset_seconds",
        ),
        (
            _set("milestones.1.offset_seconds", KeyError),
            policy_json.POLICY_TIMING,
            "milestones[1].ring_limit",
        ),
        (_set("milestones.1.ring_limit", 3), policy_json.POLICY_TIMING, "milestones[1].ring_limit"),
        (_set("milestones.0.ring_limit", KeyError), policy_json.POLICY_TIMING, "milestones[0].ring_limit"),
        (_set("milestones.1.code", "answer"), policy_json.POLICY_DUPLICATE_CODE, "milestones"),
        (
            _set("milestones.1.responsible", "janitor"),
            policy_json.POLICY_BAD_VALUE,
            "milestones[1].responsible",
        ),
        (_set("milestones.1.due", 5), policy_json.POLICY_UNKNOWN_KEY, "milestones[1].due"),
        (
            _set("milestones.2.meet_requires", ["score"]),
            policy_json.POLICY_BAD_VALUE,
            "milestones[2].meet_requires",
        ),
        (
            _set("milestones.2.meet_match", {"outcome": "x"}),
            policy_json.POLICY_BAD_VALUE,
            "milestones[2].meet_match",
        ),
        (_set("milestones.1", "answer"), policy_json.POLICY_BAD_VALUE, "milestones[1]"),
        (_set("milestones.1.code", 5), policy_json.POLICY_BAD_VALUE, "milestones[1].code"),
        (_set("milestones.1.code", "  "), policy_json.POLICY_BAD_VALUE, "milestones[1].code"),
        (
            _set("milestones.1.start_requires", "problem"),
            policy_json.POLICY_BAD_VALUE,
            "milestones[1].start_requires",
        ),
        (
            _set("milestones.1.meet_match", ["outcome"]),
            policy_json.POLICY_BAD_VALUE,
            "milestones[1].meet_match",
        ),
        (
            _set("clock", {"mode": "working_hours", "windows": []}),
            policy_json.POLICY_BAD_VALUE,
            "clock.windows",
        ),
        (
            _set("clock", {"mode": "working_hours", "windows": [["9am", "5pm"]]}),
            policy_json.POLICY_BAD_VALUE,
            "clock.windows",
        ),
        (_set("clock", {"mode": "lunar"}), policy_json.POLICY_BAD_VALUE, "clock.mode"),
        (
            _set("clock", {"mode": "working_hours", "zone": "Mars/Base"}),
            policy_json.POLICY_BAD_VALUE,
            "clock.zone",
        ),
        (
            _set("clock", {"mode": "working_hours", "windows": [["09:00", "13:00"], ["12:00", "17:00"]]}),
            policy_json.POLICY_BAD_VALUE,
            "clock.windows",
        ),
        (
            _set("clock", {"mode": "working_hours", "windows": [["17:00", "09:00"]]}),
            policy_json.POLICY_BAD_VALUE,
            "clock.windows",
        ),
        (
            _set("clock", {"mode": "working_hours", "workdays": [0, 7]}),
            policy_json.POLICY_BAD_VALUE,
            "clock.workdays",
        ),
        (
            _set("clock", {"mode": "working_hours", "workdays": [1, 1]}),
            policy_json.POLICY_BAD_VALUE,
            "clock.workdays",
        ),
    ],
)
def test_bad_policies_are_refused(change: Any, message: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        policy_json.policy_from_dict(_broken(change))
    assert (refused.value.message, refused.value.field) == (message, field)


def test_a_policy_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        policy_json.policy_from_dict(["answer"])
    assert (refused.value.message, refused.value.field) == (policy_json.POLICY_BAD_VALUE, "policy")


# --- Who answers for a breach (B7). -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "code", "events", "expected"),
    [
        (COMPLAINT_POLICY, "answer", [], Responsibility(Responsible.CALL_CENTRE)),
        (COMPLAINT_POLICY, "customer_informed", [], Responsibility(Responsible.CALL_CENTRE)),
        (INQUIRY_POLICY, "resource_centre_reply", [], Responsibility(Responsible.RESOURCE_CENTRE)),
        (PURCHASE_CALLBACK_POLICY, "callback_2", [], Responsibility(Responsible.CALL_CENTRE)),
        (COMPLAINT_POLICY, "supervision", [], Responsibility(Responsible.DEPARTMENT)),
        (
            RESCUE_POLICY,
            "supervision",
            [ev(E.DEPARTMENT_NOTIFIED, T0, department_id=3, resolver_id=11)],
            Responsibility(Responsible.DEPARTMENT, 3, 11),
        ),
        (
            RESCUE_POLICY,
            "supervision",
            [
                ev(E.DEPARTMENT_NOTIFIED, T0 + HOUR, department_id=4, resolver_id=12),
                ev(E.DEPARTMENT_NOTIFIED, T0, department_id=3, resolver_id=11),
            ],
            Responsibility(Responsible.DEPARTMENT, 4, 12),
        ),
    ],
)
def test_responsible_for(
    policy: Policy, code: str, events: list[ServiceEvent], expected: Responsibility
) -> None:
    assert responsible_for(policy, code, events) == expected


def test_responsibility_of_an_unknown_milestone_is_an_error() -> None:
    with pytest.raises(KeyError):
        responsible_for(COMPLAINT_POLICY, "tea_served", [])


# --- Repeat complaints (B7). ------------------------------------------------------------------------------

_LATE = MilestoneState("department_notified", BREACHED, due_at=T0 + 15 * MIN)
_ON_TIME = MilestoneState("department_notified", MET, due_at=T0 + 15 * MIN, done_at=T0 + 10 * MIN)


def summary(
    id: int, kind: RequestKind, opened: datetime, *milestones: MilestoneState, **who: Any
) -> RequestSummary:
    who = who or {"account_id": 1}
    return RequestSummary(id, kind, opened, milestones=milestones, **who)


NEW = summary(99, K.COMPLAINT, T0 + 10 * DAY)


@pytest.mark.parametrize(
    ("earlier", "new", "window", "repeats"),
    [
        pytest.param(summary(1, K.COMPLAINT, T0, _LATE), NEW, 30, True, id="breached-complaint"),
        pytest.param(summary(1, K.RESCUE, T0, _LATE), NEW, 30, True, id="breached-rescue"),
        pytest.param(summary(1, K.INQUIRY, T0, _LATE), NEW, 30, False, id="inquiry-is-not-a-source"),
        pytest.param(summary(1, K.COMPLAINT, T0, _ON_TIME), NEW, 30, False, id="nothing-breached"),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE),
            replace(NEW, kind=K.RESCUE),
            30,
            False,
            id="new-request-is-not-a-complaint",
        ),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE),
            replace(NEW, opened_at=T0 + 30 * DAY),
            30,
            True,
            id="exactly-30-days",
        ),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE),
            replace(NEW, opened_at=T0 + 30 * DAY + S),
            30,
            False,
            id="30-days-and-a-second",
        ),
        pytest.param(summary(1, K.COMPLAINT, T0, _LATE), NEW, 7, False, id="configured-window-of-7-days"),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE),
            replace(NEW, opened_at=T0 + 10 * MIN),
            30,
            False,
            id="breach-after-the-new-complaint",
        ),
        pytest.param(summary(1, K.COMPLAINT, T0, _LATE, account_id=2), NEW, 30, False, id="other-account"),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE, caller_phone="+86 138-0013-8000"),
            replace(NEW, account_id=None, caller_phone="13800138000"),
            30,
            True,
            id="same-phone",
        ),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE, caller_phone="13800138000"),
            replace(NEW, account_id=None, caller_phone="13900139000"),
            30,
            False,
            id="other-phone",
        ),
        pytest.param(
            summary(1, K.COMPLAINT, T0, _LATE, caller_phone=""),
            replace(NEW, account_id=None, caller_phone=""),
            30,
            False,
            id="no-phone-no-account",
        ),
        pytest.param(summary(99, K.COMPLAINT, T0, _LATE), NEW, 30, False, id="not-itself"),
    ],
)
def test_repeat_complaints(earlier: RequestSummary, new: RequestSummary, window: int, repeats: bool) -> None:
    assert is_repeat_candidate([earlier], new, window_days=window) is repeats
    assert repeat_candidate([earlier], new, window_days=window) == (earlier if repeats else None)


def test_the_latest_earlier_breached_request_is_the_one_repeated() -> None:
    older = summary(1, K.COMPLAINT, T0, _LATE)
    newer = summary(2, K.RESCUE, T0 + 2 * DAY, replace(_LATE, due_at=T0 + 2 * DAY + HOUR))
    clean = summary(3, K.COMPLAINT, T0 + 3 * DAY, _ON_TIME)
    assert repeat_candidate([newer, clean, older], NEW) == newer


def test_breached_before_charges_only_breaches_before_the_moment() -> None:
    rings = MilestoneState("answer", BREACHED, done_at=T0)
    late_met = MilestoneState("supervision", BREACHED, due_at=T0 + 12 * HOUR, done_at=T0 + 13 * HOUR)
    pending = MilestoneState("satisfaction_callback", PENDING, due_at=T0 + DAY)
    assert breached_before([rings, late_met, pending, _ON_TIME], T0 + 12 * HOUR) == [rings]
    assert breached_before([rings, late_met, pending, _ON_TIME], T0 + 12 * HOUR + S) == [rings, late_met]


# --- The next deadline, for the sweep and the queue. ----------------------------------------------------


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        ([], None),
        ([MilestoneState("a", PENDING)], None),
        ([MilestoneState("a", PENDING, T0 + HOUR), MilestoneState("b", PENDING, T0 + MIN)], T0 + MIN),
        (
            [MilestoneState("a", BREACHED, T0), MilestoneState("b", MET, T0, T0), MilestoneState("c", NA)],
            None,
        ),
        ([MilestoneState("a", BREACHED, T0), MilestoneState("b", PENDING, T0 + DAY)], T0 + DAY),
    ],
)
def test_next_due(milestones: list[MilestoneState], expected: datetime | None) -> None:
    assert next_due(milestones) == expected


def test_milestone_state_as_plain_values() -> None:
    state = states(COMPLAINT_POLICY, [*call(), ev(E.DEPARTMENT_NOTIFIED, ENDED + 11 * MIN)], T0 + DAY)
    assert state["department_notified"].to_dict() == {
        "code": "department_notified",
        "status": "breached",
        "due_at": "2026-03-02T02:15:00+00:00",
        "done_at": "2026-03-02T02:16:00+00:00",
        "next_attempt_at": None,
        "responsible": "call_centre",
    }


# --- Properties over any history. -------------------------------------------------------------------------

_ZONES = [UTC, SH, ZoneInfo("America/New_York")]


@st.composite
def histories(draw: st.DrawFn) -> tuple[Policy, list[ServiceEvent], datetime]:
    policy = draw(st.sampled_from(list(SEEDED_POLICIES.values())))
    types = sorted(KIND_EVENTS[policy.kind])
    events = []
    for sequence in range(draw(st.integers(0, 12))):
        event_type = draw(st.sampled_from(types))
        when = (T0 + draw(st.integers(0, 40 * 24 * 4)) * 15 * MIN).astimezone(draw(st.sampled_from(_ZONES)))
        values: dict[str, Any] = {"sequence": sequence}
        if event_type is E.CALL_ANSWERED:
            values["rings"] = draw(st.integers(1, 6))
        if event_type is E.DEPARTMENT_NOTIFIED:
            values["resolver_id"] = draw(st.sampled_from([None, 1, 2]))
        if event_type is E.CALLBACK_ATTEMPT:
            outcome = draw(st.sampled_from(list(CallbackOutcome)))
            owner = outcome is OUT.OWNER_ANSWERED
            values["outcome"] = outcome
            values["satisfaction"] = draw(st.sampled_from([None, 3])) if owner else None
            values["problem"] = draw(st.sampled_from([None, "leaks"])) if owner else None
        events.append(ev(event_type, when, **values))
    now = T0 + draw(st.integers(0, 50 * 24 * 4)) * 15 * MIN
    return policy, events, now


@settings(max_examples=300, deadline=None)
@given(histories(), st.randoms(use_true_random=False))
def test_any_order_of_the_same_events_gives_the_same_milestones(history: Any, random: Any) -> None:
    policy, events, now = history
    shuffled = list(events)
    random.shuffle(shuffled)
    assert compute_milestones(policy, shuffled, now) == compute_milestones(policy, events, now)


@settings(max_examples=300, deadline=None)
@given(histories())
def test_statuses_agree_with_due_and_done_times(history: Any) -> None:
    policy, events, now = history
    closed = ev_rules.closed_periods(ev_rules.sort_events(events))
    is_closed = bool(closed) and closed[-1][1] is None
    for state in compute_milestones(policy, events, now):
        spec = policy.spec(state.code)
        due, done = state.due_at, state.done_at
        if state.status is NA:
            assert (due, done, state.next_attempt_at) == (None, None, None)
        elif state.status is MET:
            assert done is not None and (due is None or done <= due)
        elif state.status is PENDING:
            assert done is None and not is_closed and (due is None or now <= due)
        elif spec.ring_limit is not None:
            assert due is None and done is not None
        else:
            assert due is not None and (done > due if done is not None else is_closed or now > due)
        if due is not None:
            assert spec.start is not None and spec.offset is not None
            starts = [e.occurred_at for e in events if e.type is spec.start]
            assert min(starts) + spec.offset <= due  # closed time only ever moves a deadline later
            assert due.utcoffset() == timedelta(0)


def _brute_force_due(start: datetime, offset: timedelta) -> datetime:
    """Count quarter hours one by one on OFFICE's clock: an independent reference."""
    counted, moment = timedelta(0), start
    while True:
        local = moment.astimezone(SH)
        if local.weekday() < 5 and time(9) <= local.time() < time(17):
            counted += 15 * MIN
        moment += 15 * MIN
        if counted == offset:
            return moment


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 14 * 24 * 4), st.integers(1, 4 * 8 * 4))
def test_working_hours_clock_matches_counting_quarter_hours(
    start_quarters: int, offset_quarters: int
) -> None:
    start = T0 + start_quarters * 15 * MIN
    offset = offset_quarters * 15 * MIN
    assert OFFICE.advance(start, offset) == _brute_force_due(start, offset)
