"""Rules of hospitality requests (D17) as pure functions: amounts, the workflow, settlement.

A request is a draft until its applicant submits it to the chain customer-service manager → general
manager → finance. Once approved, the applicant records the actual spending by line. Spending above
the budget (in total or on any line) needs an explanation; a total above the budget by more than a
configurable share (default 10 %) goes back to finance, who settle it; otherwise it is settled at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

from kam.core.errors import Conflict, ValidationFailed

LINES = ("meeting", "meals", "transport", "gifts", "other")
DEFAULT_FINANCE_SHARE = Decimal("0.10")
MAX_LINE_AMOUNT = Decimal("1000000")

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"
REJECTED = "rejected"
FINANCE_REVIEW = "finance_review"
SETTLED = "settled"
CANCELLED = "cancelled"

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SUBMITTED, CANCELLED}),
    SUBMITTED: frozenset({APPROVED, REJECTED, RETURNED, CANCELLED}),
    RETURNED: frozenset({SUBMITTED, CANCELLED}),
    APPROVED: frozenset({SETTLED, FINANCE_REVIEW}),
    FINANCE_REVIEW: frozenset({SETTLED, FINANCE_REVIEW}),
    REJECTED: frozenset(),
    SETTLED: frozenset(),
    CANCELLED: frozenset(),
}
EDITABLE = frozenset({DRAFT, RETURNED})
EXPORTABLE = frozenset({APPROVED, FINANCE_REVIEW, SETTLED})

NEGATIVE_AMOUNT = gettext_noop("An amount cannot be negative.")
ABSURD_AMOUNT = gettext_noop("An amount above 1,000,000 yuan per line is not plausible; check it.")
BAD_AMOUNT = gettext_noop("Give the amount as a number of yuan with at most two decimals.")
EMPTY_BUDGET = gettext_noop("Give a budget on at least one line.")
MISSING_LINE = gettext_noop("Give the actual spending on every line (0 when nothing was spent).")
EXPLANATION_REQUIRED = gettext_noop("The spending is above the budget: explain why.")
TRANSITION_REFUSED = gettext_noop("A hospitality request that is “{current}” cannot become “{target}”.")
NOT_APPROVED = gettext_noop("Actual spending can only be recorded on an approved request.")


class RequestTransitionRefused(Conflict):
    pass


def check_transition(current: str, target: str) -> None:
    """Refuse a status change the workflow does not allow (409)."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise RequestTransitionRefused(
            TRANSITION_REFUSED, field="status", params={"current": current, "target": target}
        )


def money(value: object, field: str) -> Decimal:
    """Return ``value`` as yuan, refusing negative, absurd and malformed amounts."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(BAD_AMOUNT, field=field) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed(BAD_AMOUNT, field=field)
    if amount < 0:
        raise ValidationFailed(NEGATIVE_AMOUNT, field=field)
    if amount > MAX_LINE_AMOUNT:
        raise ValidationFailed(ABSURD_AMOUNT, field=field)
    return amount


def check_lines(lines: Mapping[str, object], prefix: str, *, require_all: bool) -> dict[str, Decimal]:
    """Return the five lines as checked amounts; missing lines are 0 unless ``require_all``."""
    checked: dict[str, Decimal] = {}
    for line in LINES:
        value = lines.get(line)
        if value is None:
            if require_all:
                raise ValidationFailed(MISSING_LINE, field=f"{prefix}_{line}")
            value = 0
        checked[line] = money(value, f"{prefix}_{line}")
    return checked


def check_budget(lines: Mapping[str, object]) -> dict[str, Decimal]:
    checked = check_lines(lines, "budget", require_all=False)
    if not any(checked.values()):
        raise ValidationFailed(EMPTY_BUDGET, field="budget_meals")
    return checked


@dataclass(frozen=True)
class Settlement:
    """What recorded spending means: over budget, by how much, and whether finance must look again."""

    budget_total: Decimal
    actual_total: Decimal
    over_lines: tuple[str, ...]
    overrun: Decimal
    needs_explanation: bool
    back_to_finance: bool

    @property
    def status(self) -> str:
        return FINANCE_REVIEW if self.back_to_finance else SETTLED


def settle(
    budget: Mapping[str, Decimal],
    actual: Mapping[str, Decimal],
    *,
    explanation: str,
    share: Decimal = DEFAULT_FINANCE_SHARE,
) -> Settlement:
    """Compare the spending with the budget (D17) and refuse an unexplained overrun."""
    budget_total = sum((budget[line] for line in LINES), Decimal(0))
    actual_total = sum((actual[line] for line in LINES), Decimal(0))
    over = tuple(line for line in LINES if actual[line] > budget[line])
    overrun = max(actual_total - budget_total, Decimal(0))
    needs_explanation = bool(over) or overrun > 0
    if needs_explanation and not explanation.strip():
        raise ValidationFailed(EXPLANATION_REQUIRED, field="overrun_explanation")
    back = overrun > budget_total * share
    return Settlement(budget_total, actual_total, over, overrun, needs_explanation, back)
