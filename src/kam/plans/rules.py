"""The monthly plan and scorecard arithmetic as pure functions (B1, B2, B3, B6, B7, B8).

No database, no clock: the working-day calendar, the time zone and ``now`` are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from kam.core.errors import ValidationFailed
from kam.core.workdays import WorkCalendar

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
DEFAULT_CAP = Decimal(100)
REMINDER_WORKING_DAYS = 3

PLAN_NOT_POSITIVE = gettext_noop("A planned count must be a positive whole number.")
WEIGHTS_NOT_100 = gettext_noop("The row weights must total 100.")
DUPLICATE_CODE = gettext_noop("Row codes must be unique.")
NO_ROWS = gettext_noop("A template needs at least one row.")
BAD_WEIGHT = gettext_noop("A row weight must be between 0 and 100.")
BAD_CAP = gettext_noop("A completion cap must be at least 100 (per cent).")
COUNTED_NEEDS_SOURCE = gettext_noop("A counted row needs a source.")
NOT_WHOLE = gettext_noop("Weights and caps must be whole numbers.")
UNKNOWN_KIND = gettext_noop("A row is either counted or manual.")
MANUAL_OUT_OF_RANGE = gettext_noop("A manual score must be between 0 and 100.")
NOT_A_MANUAL_ROW = gettext_noop("This row is not scored by the manager.")

COUNTED = "counted"
MANUAL = "manual"


def q2(value: Decimal) -> Decimal:
    """Round to two decimals, half up, as the rulebook's form shows scores."""
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def next_month(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def plan_deadline_day(month: date, calendar: WorkCalendar) -> date:
    """Return the day a plan for ``month`` is due: the last working day of the month before (B1)."""
    before = previous_month(month)
    return calendar.last_working_day(before.year, before.month)


def plan_deadline(month: date, calendar: WorkCalendar, zone: tzinfo) -> datetime:
    """Return the end (23:59:59 local) of the plan's deadline day (B1)."""
    return datetime.combine(plan_deadline_day(month, calendar), time(23, 59, 59), tzinfo=zone)


def is_late(submitted_at: datetime, deadline: datetime) -> bool:
    """Return whether a plan came after its deadline; a late plan is accepted but marked (B1)."""
    return submitted_at >= deadline + timedelta(seconds=1)


def reminder_days(month: date, calendar: WorkCalendar) -> tuple[date, date]:
    """Return the days reminders go out: three working days before the deadline, and on it (B1)."""
    due = plan_deadline_day(month, calendar)
    return calendar.add_working_days(due, -REMINDER_WORKING_DAYS), due


def validate_plan_count(value: object, *, field: str) -> int:
    """Accept a planned count only as a positive whole number of groups (B1, B6)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationFailed(PLAN_NOT_POSITIVE, field=field)
    return value


def validate_manual_score(value: object, *, field: str) -> Decimal:
    """Accept a manager's score between 0 and 100 (B4)."""
    try:
        score = Decimal(str(value))
    except ArithmeticError:
        raise ValidationFailed(MANUAL_OUT_OF_RANGE, field=field) from None
    if isinstance(value, bool) or not score.is_finite() or not 0 <= score <= HUNDRED:
        raise ValidationFailed(MANUAL_OUT_OF_RANGE, field=field)
    return q2(score)


@dataclass(frozen=True)
class RowSpec:
    """One row of a scorecard template (B3): counted from a source or scored by the manager."""

    code: str
    label_zh: str
    label_en: str
    weight: Decimal
    kind: str
    source: str = ""
    cap: Decimal = DEFAULT_CAP
    standard_zh: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "weight": str(self.weight),
            "kind": self.kind,
            "source": self.source,
            "cap": str(self.cap),
            "standard_zh": self.standard_zh,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RowSpec:
        return cls(
            code=str(data["code"]),
            label_zh=str(data.get("label_zh", "")),
            label_en=str(data.get("label_en", "")),
            weight=Decimal(str(data["weight"])),
            kind=str(data.get("kind", MANUAL)),
            source=str(data.get("source", "") or ""),
            cap=Decimal(str(data.get("cap", DEFAULT_CAP) or DEFAULT_CAP)),
            standard_zh=str(data.get("standard_zh", "") or ""),
        )


def validate_template(rows: Sequence[RowSpec]) -> None:
    """Refuse a template whose weights are not whole numbers totalling 100 or whose codes repeat (B3)."""
    if not rows:
        raise ValidationFailed(NO_ROWS, field="rows")
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise ValidationFailed(DUPLICATE_CODE, field="rows")
    for row in rows:
        if not row.weight.is_finite() or not row.cap.is_finite():
            raise ValidationFailed(NOT_WHOLE, field="rows")
        if row.weight != row.weight.to_integral_value() or row.cap != row.cap.to_integral_value():
            raise ValidationFailed(NOT_WHOLE, field="rows")
        if row.kind not in (COUNTED, MANUAL):
            raise ValidationFailed(UNKNOWN_KIND, field="rows")
        if not 0 <= row.weight <= HUNDRED:
            raise ValidationFailed(BAD_WEIGHT, field="rows")
        if row.cap < HUNDRED:
            raise ValidationFailed(BAD_CAP, field="rows")
        if row.kind == COUNTED and not row.source:
            raise ValidationFailed(COUNTED_NEEDS_SOURCE, field="rows")
    if sum((row.weight for row in rows), Decimal(0)) != HUNDRED:
        raise ValidationFailed(WEIGHTS_NOT_100, field="rows")


@dataclass(frozen=True)
class RowResult:
    """A computed scorecard row: rate and capped rate in per cent, score in points (B2, B6)."""

    code: str
    label_zh: str
    label_en: str
    kind: str
    plan: int | None
    actual: Decimal | None
    rate: Decimal | None
    capped_rate: Decimal | None
    weight: Decimal
    score: Decimal
    available: bool = True

    def as_dict(self) -> dict[str, object]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "code": self.code,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "kind": self.kind,
            "plan": self.plan,
            "actual": text(self.actual),
            "rate": text(self.rate),
            "capped_rate": text(self.capped_rate),
            "weight": str(self.weight),
            "score": str(self.score),
            "available": self.available,
        }


def completion_rate(actual: int, plan: int | None) -> Decimal | None:
    """Return actual / plan in per cent, unrounded; None without a positive plan (B2)."""
    if not plan or plan <= 0:
        return None
    return Decimal(actual) * HUNDRED / Decimal(plan)


def counted_row(spec: RowSpec, *, plan: int | None, actual: int | None) -> RowResult:
    """Score a counted row: weight × min(rate, cap); a missing source or plan scores 0 (B2, B6)."""
    available = actual is not None
    rate = completion_rate(actual or 0, plan)
    capped = None if rate is None else min(rate, spec.cap)
    score = q2(spec.weight * capped / HUNDRED) if capped is not None else Decimal("0.00")
    return RowResult(
        code=spec.code,
        label_zh=spec.label_zh,
        label_en=spec.label_en,
        kind=spec.kind,
        plan=plan,
        actual=Decimal(actual or 0),
        rate=None if rate is None else q2(rate),
        capped_rate=None if capped is None else q2(capped),
        weight=spec.weight,
        score=score,
        available=available,
    )


def manual_row(spec: RowSpec, *, mark: Decimal | None) -> RowResult:
    """Score a manager-scored row: weight × mark / 100; not yet scored counts 0 (B4)."""
    score = q2(spec.weight * mark / HUNDRED) if mark is not None else Decimal("0.00")
    return RowResult(
        code=spec.code,
        label_zh=spec.label_zh,
        label_en=spec.label_en,
        kind=spec.kind,
        plan=None,
        actual=mark,
        rate=None,
        capped_rate=None,
        weight=spec.weight,
        score=score,
    )


def score_rows(
    specs: Sequence[RowSpec],
    *,
    plans: Mapping[str, int | None],
    actuals: Mapping[str, int | None],
    marks: Mapping[str, Decimal],
) -> list[RowResult]:
    """Score every row of a template for one specialist-month (B2, B4, B5)."""
    rows = []
    for spec in specs:
        if spec.kind == COUNTED:
            rows.append(counted_row(spec, plan=plans.get(spec.code), actual=actuals.get(spec.code)))
        else:
            rows.append(manual_row(spec, mark=marks.get(spec.code)))
    return rows


def total_score(scores: Iterable[Decimal], deductions: Iterable[Decimal]) -> Decimal:
    """Return Σ row scores − Σ deductions with two decimals (B2, B7)."""
    return q2(sum(scores, Decimal(0)) - sum(deductions, Decimal(0)))


def rank(totals: Mapping[int, Decimal]) -> dict[int, int]:
    """Rank by total, highest first; equal totals share a rank and the next rank skips (1, 2, 2, 4) (B8)."""
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    ranks: dict[int, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            current, previous = position, total
        ranks[key] = current
    return ranks
