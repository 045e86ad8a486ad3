"""The approval engine's pure rules: conditional steps, transition tables, decisions, delegation dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kam.approvals import rules
from kam.approvals.rules import StepSpec
from kam.core.errors import ValidationFailed

CHAIN = [
    StepSpec(1, "cs_manager"),
    StepSpec(2, "general_manager", min_amount=Decimal("5000")),
    StepSpec(3, "finance"),
    StepSpec(4, "general_manager", flag="interview_or_filming"),
]


@pytest.mark.parametrize(
    ("amount", "flags", "orders"),
    [
        (None, (), [1, 3]),
        (Decimal("4999.99"), (), [1, 3]),
        (Decimal("5000"), (), [1, 2, 3]),
        (Decimal("80000"), ("interview_or_filming",), [1, 2, 3, 4]),
        (Decimal(0), ("interview_or_filming", "other"), [1, 3, 4]),
    ],
)
def test_conditional_steps(amount: Decimal | None, flags: tuple[str, ...], orders: list[int]) -> None:
    assert [s.order for s in rules.applicable_steps(CHAIN, amount, flags)] == orders


def test_steps_come_in_chain_order_whatever_the_input_order() -> None:
    assert [s.order for s in rules.applicable_steps(list(reversed(CHAIN)), None, ())] == [1, 3]


def test_a_request_no_step_applies_to_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.applicable_steps([StepSpec(1, "finance", flag="x")], None, ())
    assert (caught.value.message, caught.value.field) == (rules.NO_STEPS, "chain_code")


@pytest.mark.parametrize(
    ("table", "current", "target", "allowed"),
    [
        (rules.REQUEST_TRANSITIONS, rules.PENDING, rules.APPROVED, True),
        (rules.REQUEST_TRANSITIONS, rules.PENDING, rules.RETURNED, True),
        (rules.REQUEST_TRANSITIONS, rules.RETURNED, rules.PENDING, True),
        (rules.REQUEST_TRANSITIONS, rules.RETURNED, rules.WITHDRAWN, True),
        (rules.REQUEST_TRANSITIONS, rules.PENDING, rules.PENDING, False),
        (rules.REQUEST_TRANSITIONS, rules.RETURNED, rules.APPROVED, False),
        (rules.REQUEST_TRANSITIONS, rules.APPROVED, rules.WITHDRAWN, False),
        (rules.REQUEST_TRANSITIONS, rules.REJECTED, rules.PENDING, False),
        (rules.STEP_TRANSITIONS, rules.WAITING, rules.PENDING, True),
        (rules.STEP_TRANSITIONS, rules.PENDING, rules.APPROVED, True),
        (rules.STEP_TRANSITIONS, rules.WAITING, rules.APPROVED, False),
        (rules.STEP_TRANSITIONS, rules.APPROVED, rules.REJECTED, False),
        (rules.STEP_TRANSITIONS, rules.CANCELLED, rules.PENDING, False),
    ],
)
def test_transition_tables(
    table: dict[str, frozenset[str]], current: str, target: str, allowed: bool
) -> None:
    if allowed:
        rules.check_transition(table, current, target, kind="request")
        return
    with pytest.raises(rules.TransitionRefused) as caught:
        rules.check_transition(table, current, target, kind="request")
    assert caught.value.message == rules.TRANSITION_REFUSED.format(
        kind="request", current=current, target=target
    )
    assert caught.value.status == 409


@pytest.mark.parametrize(
    ("action", "comment", "result", "message"),
    [
        ("approve", "", rules.APPROVED, None),
        ("reject", "超出预算", rules.REJECTED, None),
        ("return", "请补充同席人员", rules.RETURNED, None),
        ("reject", "  ", None, rules.COMMENT_REQUIRED),
        ("return", "", None, rules.COMMENT_REQUIRED),
        ("ok", "", None, rules.UNKNOWN_ACTION),
        ("approve", "x" * 2001, None, rules.COMMENT_TOO_LONG),
    ],
)
def test_decisions(action: str, comment: str, result: str | None, message: str | None) -> None:
    if message is None:
        assert rules.check_decision(action, comment) == result
        return
    with pytest.raises(ValidationFailed) as caught:
        rules.check_decision(action, comment)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("step", "more", "expected"),
    [
        (rules.APPROVED, True, rules.PENDING),
        (rules.APPROVED, False, rules.APPROVED),
        (rules.REJECTED, True, rules.REJECTED),
        (rules.RETURNED, True, rules.RETURNED),
    ],
)
def test_request_status_after_a_step(step: str, more: bool, expected: str) -> None:
    assert rules.request_status_after(step, more_steps=more) == expected


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Decimal("-0.01"), rules.NEGATIVE_AMOUNT), (Decimal("100000000.01"), rules.ABSURD_AMOUNT)],
)
def test_bad_amounts(amount: Decimal, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.check_amount(amount)
    assert (caught.value.message, caught.value.field) == (message, "amount")


def test_good_amounts_pass() -> None:
    assert rules.check_amount(None) is None
    assert rules.check_amount(Decimal("0")) == Decimal("0")
    assert rules.check_amount(rules.MAX_AMOUNT) == rules.MAX_AMOUNT


def test_flags_are_cleaned_and_checked() -> None:
    assert rules.clean_flags(["b", " a ", "b", ""]) == ["a", "b"]
    with pytest.raises(ValidationFailed) as caught:
        rules.clean_flags(["Filming!"])
    assert (caught.value.message, caught.value.field) == (rules.UNKNOWN_FLAG.format(flag="Filming!"), "flags")


TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (date(2026, 3, 10), date(2026, 3, 10), None),
        (date(2026, 3, 1), date(2026, 3, 10), None),
        (date(2026, 3, 12), date(2026, 3, 11), rules.DELEGATION_ENDS_BEFORE_START),
        (date(2026, 3, 1), date(2026, 3, 9), rules.DELEGATION_IN_PAST),
        (date(2026, 3, 10), date(2027, 3, 11), rules.DELEGATION_TOO_LONG),
    ],
)
def test_delegation_periods(starts: date, ends: date, message: str | None) -> None:
    if message is None:
        rules.check_delegation_period(starts, ends, TODAY)
        return
    with pytest.raises(ValidationFailed) as caught:
        rules.check_delegation_period(starts, ends, TODAY)
    assert (caught.value.message, caught.value.field) == (message, "ends_on")
