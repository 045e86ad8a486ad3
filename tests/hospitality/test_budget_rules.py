"""Rules of hospitality requests (D17) without a database: amounts, workflow, settlement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kam.core.errors import Conflict, ValidationFailed
from kam.hospitality import budget

D = Decimal
BUDGET = {"meeting": D(0), "meals": D(1000), "transport": D(0), "gifts": D(0), "other": D(0)}


def lines(**values: int | str) -> dict[str, Decimal]:
    return {line: D(str(values.get(line, 0))) for line in budget.LINES}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", budget.NEGATIVE_AMOUNT),
        ("1000000.01", budget.ABSURD_AMOUNT),
        ("abc", budget.BAD_AMOUNT),
        ("1.234", budget.BAD_AMOUNT),
        ("NaN", budget.BAD_AMOUNT),
        ("Infinity", budget.BAD_AMOUNT),
    ],
)
def test_bad_amounts_are_refused_naming_the_field(value: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        budget.money(value, "budget_meals")
    assert (caught.value.message, caught.value.field) == (message, "budget_meals")


@pytest.mark.parametrize("value", ["0", "0.5", "1000000", "12.30"])
def test_plausible_amounts_pass(value: str) -> None:
    assert budget.money(value, "x") == D(value)


def test_a_budget_needs_one_line_and_defaults_missing_lines_to_zero() -> None:
    with pytest.raises(ValidationFailed) as caught:
        budget.check_budget({})
    assert caught.value.message == budget.EMPTY_BUDGET
    assert budget.check_budget({"gifts": "300"}) == lines(gifts=300)


def test_actual_spending_needs_every_line() -> None:
    with pytest.raises(ValidationFailed) as caught:
        budget.check_lines({"meals": 1}, "actual", require_all=True)
    assert caught.value.field == "actual_meeting"


@pytest.mark.parametrize(
    ("actual", "explanation", "status", "over", "overrun"),
    [
        (lines(meals=900), "", budget.SETTLED, (), D(0)),
        (lines(meals=1000), "", budget.SETTLED, (), D(0)),
        (lines(meals=1050), "多一位客人", budget.SETTLED, ("meals",), D(50)),
        (lines(meals=1100), "多一位客人", budget.SETTLED, ("meals",), D(100)),  # exactly 10 %: not above
        (lines(meals=1100.01), "多一位客人", budget.FINANCE_REVIEW, ("meals",), D("100.01")),
        (lines(meals=800, gifts=150), "礼品", budget.SETTLED, ("gifts",), D(0)),  # a line over, total under
    ],
)
def test_settlement(
    actual: dict[str, Decimal], explanation: str, status: str, over: tuple[str, ...], overrun: Decimal
) -> None:
    outcome = budget.settle(BUDGET, actual, explanation=explanation)
    assert (outcome.status, outcome.over_lines, outcome.overrun) == (status, over, overrun)


@pytest.mark.parametrize("actual", [lines(meals=1001), lines(meals=500, transport=1)])
def test_spending_above_budget_needs_an_explanation(actual: dict[str, Decimal]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        budget.settle(BUDGET, actual, explanation="  ")
    assert (caught.value.message, caught.value.field) == (budget.EXPLANATION_REQUIRED, "overrun_explanation")


@pytest.mark.parametrize(
    ("share", "status"), [(D("0.05"), budget.FINANCE_REVIEW), (D("0.20"), budget.SETTLED)]
)
def test_the_share_that_goes_back_to_finance_is_configurable(share: Decimal, status: str) -> None:
    outcome = budget.settle(BUDGET, lines(meals=1080), explanation="加菜", share=share)
    assert outcome.status == status


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (budget.DRAFT, budget.SUBMITTED, True),
        (budget.RETURNED, budget.SUBMITTED, True),
        (budget.SUBMITTED, budget.APPROVED, True),
        (budget.APPROVED, budget.SETTLED, True),
        (budget.FINANCE_REVIEW, budget.SETTLED, True),
        (budget.DRAFT, budget.APPROVED, False),
        (budget.SETTLED, budget.CANCELLED, False),
        (budget.APPROVED, budget.CANCELLED, False),
        (budget.REJECTED, budget.SUBMITTED, False),
    ],
)
def test_transitions(current: str, target: str, allowed: bool) -> None:
    if allowed:
        budget.check_transition(current, target)
    else:
        with pytest.raises(Conflict):
            budget.check_transition(current, target)
