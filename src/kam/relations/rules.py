"""The rulebook's arithmetic of relationship management, as pure functions on plain values.

D12 (大客户关系评估表): indicator weights that total 100, scores on a 0–100 scale, the grade scale that
maps a score to a grade, the weighted total, the result proposed from the template's thresholds and
the trend of an account's totals. A2o: when a directive is overdue. A2a: which procedure version is
current. C2: the demand totals by product type, region and price range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from kam.core.errors import Conflict, ValidationFailed

DEVELOP = "develop"
MAINTAIN = "maintain"
TERMINATE = "terminate"
RESULTS = (DEVELOP, MAINTAIN, TERMINATE)

SCALE_MIN = Decimal(0)
SCALE_MAX = Decimal(100)
WEIGHT_TOTAL = Decimal(100)
CENT = Decimal("0.01")

WEIGHTS_NOT_100 = gettext_noop("The indicator weights must total 100 (they total {total}).")
WEIGHT_NOT_POSITIVE = gettext_noop("Every indicator needs a weight greater than 0.")
NO_INDICATORS = gettext_noop("A template needs at least one indicator.")
DUPLICATE_INDICATOR = gettext_noop("Two indicators have the same name: {name}.")
SCORE_OUT_OF_SCALE = gettext_noop("The score of “{name}” must be between 0 and 100.")
SCORE_MISSING = gettext_noop("Every indicator needs a score; missing: {names}.")
SCORE_UNKNOWN = gettext_noop("Indicator {id} is not part of this template.")
GRADES_EMPTY = gettext_noop("The grade scale needs at least one grade.")
GRADES_NO_ZERO = gettext_noop("The lowest grade must start at 0 so that every score has a grade.")
GRADES_DUPLICATE = gettext_noop("Two grades start at the same score or have the same name.")
GRADE_OUT_OF_SCALE = gettext_noop("Every grade must start between 0 and 100.")
THRESHOLDS_ORDER = gettext_noop(
    "The terminate threshold must be below the develop threshold, both between 0 and 100."
)
STANDARD_OUT_OF_SCALE = gettext_noop("The standard score must be between 0 and 100.")
DIRECTIVE_MOVE_REFUSED = gettext_noop("A directive that is {current} cannot become {target}.")


@dataclass(frozen=True)
class Grade:
    """A grade of the scale: scores from ``minimum`` up (to the next grade's minimum) earn ``name``."""

    name: str
    minimum: Decimal


@dataclass(frozen=True)
class Thresholds:
    """A total at or above ``develop_at`` proposes develop; below ``terminate_below`` terminate."""

    develop_at: Decimal
    terminate_below: Decimal


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def check_weights(indicators: Sequence[tuple[str, Decimal]]) -> None:
    """Refuse indicators whose weights are not all positive or do not total exactly 100 (D12)."""
    if not indicators:
        raise ValidationFailed(NO_INDICATORS, field="indicators")
    names = [name.strip() for name, _ in indicators]
    for name in names:
        if names.count(name) > 1:
            raise ValidationFailed(DUPLICATE_INDICATOR, field="indicators", params={"name": name})
    if any(weight <= 0 for _, weight in indicators):
        raise ValidationFailed(WEIGHT_NOT_POSITIVE, field="indicators")
    total = sum((weight for _, weight in indicators), Decimal(0))
    if total != WEIGHT_TOTAL:
        raise ValidationFailed(
            WEIGHTS_NOT_100, field="indicators", params={"total": f"{total.normalize():f}"}
        )


def check_grades(grades: Sequence[Grade]) -> list[Grade]:
    """Return the grade scale highest first, refusing gaps at 0, duplicates and minimums off the scale."""
    if not grades:
        raise ValidationFailed(GRADES_EMPTY, field="grades")
    if any(not SCALE_MIN <= g.minimum <= SCALE_MAX for g in grades):
        raise ValidationFailed(GRADE_OUT_OF_SCALE, field="grades")
    minimums = {g.minimum for g in grades}
    names = {g.name.strip() for g in grades}
    if len(minimums) != len(grades) or len(names) != len(grades) or "" in names:
        raise ValidationFailed(GRADES_DUPLICATE, field="grades")
    if SCALE_MIN not in minimums:
        raise ValidationFailed(GRADES_NO_ZERO, field="grades")
    return sorted(grades, key=lambda g: g.minimum, reverse=True)


def check_thresholds(standard: Decimal, thresholds: Thresholds) -> None:
    """Refuse a standard score off the scale, or thresholds out of order (terminate below develop)."""
    if not SCALE_MIN <= standard <= SCALE_MAX:
        raise ValidationFailed(STANDARD_OUT_OF_SCALE, field="standard_score")
    low, high = thresholds.terminate_below, thresholds.develop_at
    if not (SCALE_MIN <= low < high <= SCALE_MAX):
        raise ValidationFailed(THRESHOLDS_ORDER, field="develop_at")


def check_score(name: str, score: Decimal) -> None:
    if not SCALE_MIN <= score <= SCALE_MAX:
        raise ValidationFailed(SCORE_OUT_OF_SCALE, field="scores", params={"name": name})


def grade_of(score: Decimal, grades: Sequence[Grade]) -> str:
    """Return the grade of a score: the grade with the highest minimum not above the score."""
    for grade in sorted(grades, key=lambda g: g.minimum, reverse=True):
        if score >= grade.minimum:
            return grade.name
    return ""


def weighted_points(score: Decimal, weight: Decimal) -> Decimal:
    """Return an indicator's points in the total: its score times its weight out of 100."""
    return _quantize(score * weight / WEIGHT_TOTAL)


def total_of(lines: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Return the assessment's total out of 100 from (score, weight) pairs (D12 合计)."""
    return _quantize(sum((score * weight / WEIGHT_TOTAL for score, weight in lines), Decimal(0)))


def proposed_result(total: Decimal, thresholds: Thresholds) -> str:
    """Propose develop, maintain or terminate from the total and the template's thresholds (D12)."""
    if total >= thresholds.develop_at:
        return DEVELOP
    if total < thresholds.terminate_below:
        return TERMINATE
    return MAINTAIN


def against_standard(total: Decimal, standard: Decimal) -> Decimal:
    """Return how far the total is above (positive) or below (negative) the standard score."""
    return _quantize(total - standard)


def needs_reason(proposed: str, confirmed: str, reason: str) -> bool:
    """Return whether a confirmation lacks its reason: overriding the proposal must say why (D12)."""
    return confirmed != proposed and not reason.strip()


UP, DOWN, STEADY, FIRST = "up", "down", "steady", "first"


def trend(totals_oldest_first: Sequence[Decimal], *, tolerance: Decimal = Decimal(1)) -> str:
    """Return the direction of the last two totals: up, down, steady (within ``tolerance``) or first."""
    if len(totals_oldest_first) < 2:
        return FIRST if totals_oldest_first else ""
    change = totals_oldest_first[-1] - totals_oldest_first[-2]
    if abs(change) < tolerance:
        return STEADY
    return UP if change > 0 else DOWN


# Regional directives (A2o) --------------------------------------------------------------------------

ISSUED, ACKNOWLEDGED, IN_PROGRESS, COMPLETED, REPLIED, WITHDRAWN = (
    "issued",
    "acknowledged",
    "in_progress",
    "completed",
    "replied",
    "withdrawn",
)
DIRECTIVE_MOVES: Mapping[str, frozenset[str]] = {
    ISSUED: frozenset({ACKNOWLEDGED, WITHDRAWN}),
    ACKNOWLEDGED: frozenset({IN_PROGRESS, COMPLETED, WITHDRAWN}),
    IN_PROGRESS: frozenset({IN_PROGRESS, COMPLETED, WITHDRAWN}),
    COMPLETED: frozenset({REPLIED}),
    REPLIED: frozenset(),
    WITHDRAWN: frozenset(),
}
"""issued → acknowledged → in progress (updates) → completed (result) → replied; the issuer may
withdraw it until it is completed."""
DIRECTIVE_OPEN = frozenset({ISSUED, ACKNOWLEDGED, IN_PROGRESS})


def check_directive_move(current: str, target: str) -> None:
    if target not in DIRECTIVE_MOVES.get(current, frozenset()):
        raise Conflict(DIRECTIVE_MOVE_REFUSED, field="status", params={"current": current, "target": target})


def is_overdue(due_on: date | None, status: str, today: date) -> bool:
    """Return whether an open item is past its due date (the due day itself is still on time)."""
    return due_on is not None and status in DIRECTIVE_OPEN and today > due_on


def days_left(due_on: date | None, today: date) -> int | None:
    return None if due_on is None else (due_on - today).days


# Demand analysis (C2) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandLine:
    product_type: str
    region: str
    quantity: Decimal
    price_min: Decimal | None
    price_max: Decimal | None


PRICE_BANDS: tuple[tuple[Decimal, Decimal | None], ...] = (
    (Decimal(0), Decimal(1000)),
    (Decimal(1000), Decimal(10000)),
    (Decimal(10000), Decimal(100000)),
    (Decimal(100000), None),
)
"""Unit price bands of the department view: a line falls in the band of its price range's midpoint."""


def price_band(price_min: Decimal | None, price_max: Decimal | None) -> str:
    """Return the band label of a price range, e.g. ``1000–10000`` or ``100000+``; '' when unknown."""
    known = [p for p in (price_min, price_max) if p is not None]
    if not known:
        return ""
    middle = sum(known, Decimal(0)) / len(known)
    for low, high in PRICE_BANDS:
        if high is None or middle < high:
            return f"{low}+" if high is None else f"{low}–{high}"
    return ""  # pragma: no cover - the last band is open


def demand_totals(lines: Iterable[DemandLine]) -> dict[str, dict[str, Decimal]]:
    """Return the quantities summed by product type, by region and by price band, largest first (C2)."""
    totals: dict[str, dict[str, Decimal]] = {"product_type": {}, "region": {}, "price_band": {}}
    for line in lines:
        keys = {
            "product_type": line.product_type,
            "region": line.region,
            "price_band": price_band(line.price_min, line.price_max),
        }
        for dimension, key in keys.items():
            bucket = totals[dimension]
            bucket[key] = bucket.get(key, Decimal(0)) + line.quantity
    return {
        dimension: dict(sorted(bucket.items(), key=lambda kv: (-kv[1], kv[0])))
        for dimension, bucket in totals.items()
    }


def check_price_range(price_min: Decimal | None, price_max: Decimal | None) -> None:
    if price_min is not None and price_min < 0:
        raise ValidationFailed(PRICE_NEGATIVE, field="price_min")
    if price_min is not None and price_max is not None and price_max < price_min:
        raise ValidationFailed(PRICE_RANGE_ORDER, field="price_max")


PRICE_NEGATIVE = gettext_noop("A price cannot be negative.")
PRICE_RANGE_ORDER = gettext_noop("The highest price must not be below the lowest.")
