"""Plan deadlines and scorecard arithmetic, computed by hand (B1, B2, B3, B6, B7, B8)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.core.errors import ValidationFailed
from kam.core.workdays import WorkCalendar
from kam.plans import rules
from kam.plans.rules import COUNTED, MANUAL, RowSpec

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = Decimal

# 2026: Spring Festival days off on weekdays and the make-up Saturday 2026-02-28 (B1).
CAL_2026 = WorkCalendar(
    days_off=frozenset({date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19)}),
    make_up_days=frozenset({date(2026, 2, 14), date(2026, 2, 28)}),
    known_years=frozenset({2026}),
)
MON_FRI = WorkCalendar()

FORM_1 = [
    RowSpec("visits", "拜访目标指标", "Visits", D(40), COUNTED, "visits"),
    RowSpec("expansion", "拓展目标指标", "Expansion", D(25), COUNTED, "expansion"),
    RowSpec("deals", "成交目标指标", "Deals", D(20), COUNTED, "deals"),
    RowSpec("daily_work", "日常工作指标", "Daily work", D(15), MANUAL),
]


@pytest.mark.parametrize(
    ("month", "calendar", "due"),
    [
        (date(2026, 3, 1), CAL_2026, date(2026, 2, 28)),  # Saturday make-up working day
        (date(2026, 3, 1), MON_FRI, date(2026, 2, 27)),  # without the official calendar: Friday
        (date(2026, 12, 1), MON_FRI, date(2026, 11, 30)),  # Monday
        (date(2026, 6, 1), MON_FRI, date(2026, 5, 29)),  # May ends on a Sunday
        (date(2027, 1, 1), MON_FRI, date(2026, 12, 31)),  # across the year end
    ],
)
def test_plan_deadline_is_the_last_working_day_of_the_month_before(
    month: date, calendar: WorkCalendar, due: date
) -> None:
    assert rules.plan_deadline_day(month, calendar) == due
    deadline = rules.plan_deadline(month, calendar, SHANGHAI)
    assert deadline == datetime(due.year, due.month, due.day, 23, 59, 59, tzinfo=SHANGHAI)


def test_a_company_override_moves_the_deadline() -> None:
    closed = WorkCalendar(overrides={date(2026, 11, 30): False})
    assert rules.plan_deadline_day(date(2026, 12, 1), closed) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (datetime(2026, 2, 28, 23, 59, 59, tzinfo=SHANGHAI), False),
        (datetime(2026, 3, 1, 0, 0, 0, tzinfo=SHANGHAI), True),
        (datetime(2026, 2, 28, 15, 59, 0, tzinfo=UTC), False),  # 23:59 in Shanghai
        (datetime(2026, 2, 28, 16, 0, 0, tzinfo=UTC), True),  # 00:00 on 1 March in Shanghai
        (datetime(2026, 2, 10, 9, 0, tzinfo=SHANGHAI), False),
    ],
)
def test_late_is_after_the_end_of_the_deadline_day(submitted: datetime, late: bool) -> None:
    deadline = rules.plan_deadline(date(2026, 3, 1), CAL_2026, SHANGHAI)
    assert rules.is_late(submitted, deadline) is late


# 2026 with the National Day week: 1–7 October off, make-up Saturday 10 October and Sunday 27 September.
CAL_OCT = WorkCalendar(
    days_off=frozenset(date(2026, 10, d) for d in range(1, 8)),
    make_up_days=frozenset({date(2026, 9, 27), date(2026, 10, 10)}),
    known_years=frozenset({2026}),
)

CLOSED_30_NOV = WorkCalendar(overrides={date(2026, 11, 30): False})


@pytest.mark.parametrize(
    ("month", "calendar", "early", "due"),
    [
        # Deadline Sat 2026-02-28 (make-up day); three working days before: Wed 25th.
        (date(2026, 3, 1), CAL_2026, date(2026, 2, 25), date(2026, 2, 28)),
        # Deadline Mon 2026-11-30; three working days before skip the weekend: Wed 25th.
        (date(2026, 12, 1), MON_FRI, date(2026, 11, 25), date(2026, 11, 30)),
        # Deadline Wed 2026-09-30; counting back crosses the make-up Sunday 27th: Sun 27th is a working day.
        (date(2026, 10, 1), CAL_OCT, date(2026, 9, 27), date(2026, 9, 30)),
        # Without it: Fri 25th.
        (date(2026, 10, 1), MON_FRI, date(2026, 9, 25), date(2026, 9, 30)),
        # January 2026's plan, due Wed 31 December 2025, across the year end: Fri 26th.
        (date(2026, 1, 1), MON_FRI, date(2025, 12, 26), date(2025, 12, 31)),
        # A company override closes Mon 30 Nov: deadline Fri 27th, early reminder Tue 24th.
        (date(2026, 12, 1), CLOSED_30_NOV, date(2026, 11, 24), date(2026, 11, 27)),
    ],
)
def test_reminders_three_working_days_before_and_on_the_day(
    month: date, calendar: WorkCalendar, early: date, due: date
) -> None:
    assert rules.reminder_days(month, calendar) == (early, due)


@pytest.mark.parametrize(
    ("month", "calendar", "submitted", "late"),
    [
        # make-up Saturday 2026-02-28 is the deadline: a plan that Saturday evening is on time
        (date(2026, 3, 1), CAL_2026, datetime(2026, 2, 28, 20, 0, tzinfo=SHANGHAI), False),
        # without the make-up day the deadline is Friday 27th: the same plan is late
        (date(2026, 3, 1), MON_FRI, datetime(2026, 2, 28, 20, 0, tzinfo=SHANGHAI), True),
        # the make-up Sunday 27 September is not the last working day; Wednesday 30th is
        (date(2026, 10, 1), CAL_OCT, datetime(2026, 9, 30, 23, 0, tzinfo=SHANGHAI), False),
        (date(2026, 10, 1), CAL_OCT, datetime(2026, 10, 1, 0, 0, 1, tzinfo=SHANGHAI), True),
        # across the year end: January's plan due Thursday 31 December 2026
        (date(2027, 1, 1), MON_FRI, datetime(2026, 12, 31, 23, 59, 59, tzinfo=SHANGHAI), False),
        (date(2027, 1, 1), MON_FRI, datetime(2027, 1, 1, 9, 0, tzinfo=SHANGHAI), True),
    ],
)
def test_late_marking_follows_the_working_day_calendar(
    month: date, calendar: WorkCalendar, submitted: datetime, late: bool
) -> None:
    deadline = rules.plan_deadline(month, calendar, SHANGHAI)
    assert rules.is_late(submitted, deadline) is late


@pytest.mark.parametrize(
    ("weight", "cap", "plan", "actual", "rate", "capped", "score"),
    [
        (40, 100, 40, 30, "75.00", "75.00", "30.00"),  # 40 × 75%
        (40, 100, 40, 60, "150.00", "100.00", "40.00"),  # capped at 100%
        (40, 120, 40, 60, "150.00", "120.00", "48.00"),  # a 120% cap lets 20% more count
        (40, 120, 40, 44, "110.00", "110.00", "44.00"),  # under the cap: the rate itself
        (25, 100, 3, 1, "33.33", "33.33", "8.33"),  # 25 × 1/3
        (20, 100, 7, 0, "0.00", "0.00", "0.00"),  # nothing done
        (15, 150, 2, 9, "450.00", "150.00", "22.50"),
        (0, 100, 5, 5, "100.00", "100.00", "0.00"),  # a zero-weight row never counts
    ],
)
def test_score_is_weight_times_capped_rate(
    weight: int, cap: int, plan: int, actual: int, rate: str, capped: str, score: str
) -> None:
    spec = RowSpec("visits", "拜访", "Visits", D(weight), COUNTED, "visits", cap=D(cap))
    row = rules.counted_row(spec, plan=plan, actual=actual)
    assert (row.rate, row.capped_rate, row.score) == (D(rate), D(capped), D(score))


@pytest.mark.parametrize(
    ("repeat_complaints", "points_each", "row_scores", "total"),
    [
        (0, "5", ["30.00", "18.75", "20.00", "12.00"], "80.75"),
        (1, "5", ["30.00", "18.75", "20.00", "12.00"], "75.75"),
        (3, "5", ["30.00", "18.75", "20.00", "12.00"], "65.75"),
        (2, "2.5", ["40.00", "25.00", "20.00", "15.00"], "95.00"),
        (4, "1", ["10.00", "5.00", "0.00", "0.00"], "11.00"),
    ],
)
def test_each_repeat_complaint_deducts_its_configured_points(
    repeat_complaints: int, points_each: str, row_scores: list[str], total: str
) -> None:
    deductions = [D(points_each)] * repeat_complaints
    assert rules.total_score([D(s) for s in row_scores], deductions) == D(total)


@pytest.mark.parametrize("value", [0, -1, 1.5, "3", None, True])
def test_plan_counts_must_be_positive_whole_numbers(value: object) -> None:
    with pytest.raises(ValidationFailed) as info:
        rules.validate_plan_count(value, field="visits")
    assert info.value.message == rules.PLAN_NOT_POSITIVE
    assert info.value.field == "visits"


def test_a_positive_plan_count_is_accepted() -> None:
    assert rules.validate_plan_count(12, field="deals") == 12


@pytest.mark.parametrize(
    ("plans", "actuals", "mark", "expected_scores", "total"),
    [
        # visits 30/40 = 75% → 30.00; expansion 3/4 = 75% → 18.75; deals 2/2 → 20.00; daily 80 → 12.00
        (
            {"visits": 40, "expansion": 4, "deals": 2},
            {"visits": 30, "expansion": 3, "deals": 2},
            D(80),
            ["30.00", "18.75", "20.00", "12.00"],
            "80.75",
        ),
        # over-achievement is capped at 100%: visits 50/40 → 40.00; expansion 1/3 = 33.33% → 8.33
        (
            {"visits": 40, "expansion": 3, "deals": 3},
            {"visits": 50, "expansion": 1, "deals": 2},
            D(100),
            ["40.00", "8.33", "13.33", "15.00"],
            "76.66",
        ),
        # no plan → rate unknown, score 0; manual row not scored yet → 0
        (
            {"visits": None, "expansion": 2, "deals": 1},
            {"visits": 9, "expansion": 0, "deals": 1},
            None,
            ["0.00", "0.00", "20.00", "0.00"],
            "20.00",
        ),
    ],
)
def test_form_1_scores_by_hand(
    plans: dict[str, int | None],
    actuals: dict[str, int],
    mark: Decimal | None,
    expected_scores: list[str],
    total: str,
) -> None:
    marks = {"daily_work": mark} if mark is not None else {}
    rows = rules.score_rows(FORM_1, plans=plans, actuals=actuals, marks=marks)
    assert [str(r.score) for r in rows] == expected_scores
    assert str(rules.total_score((r.score for r in rows), [])) == total


def test_rate_and_capped_rate_in_per_cent_with_two_decimals() -> None:
    row = rules.counted_row(FORM_1[0], plan=3, actual=5)
    assert (row.rate, row.capped_rate, row.score) == (D("166.67"), D("100.00"), D("40.00"))
    row = rules.counted_row(FORM_1[0], plan=3, actual=2)
    assert (row.rate, row.capped_rate, row.score) == (D("66.67"), D("66.67"), D("26.67"))


def test_a_row_cap_above_100_lets_over_achievement_count() -> None:
    spec = RowSpec("visits", "拜访", "Visits", D(40), COUNTED, "visits", cap=D(120))
    assert rules.counted_row(spec, plan=10, actual=15).score == D("48.00")


def test_a_missing_source_counts_zero_and_says_so() -> None:
    row = rules.counted_row(FORM_1[0], plan=10, actual=None)
    assert row.available is False
    assert row.score == D("0.00")


def test_half_up_rounding() -> None:
    # 25 × 1/8 = 3.125 → 3.13 (half up, not banker's 3.12)
    assert rules.counted_row(FORM_1[1], plan=8, actual=1).score == D("3.13")
    assert rules.q2(D("2.675")) == D("2.68")


def test_total_subtracts_deductions() -> None:
    assert rules.total_score([D("30.00"), D("18.75")], [D("2"), D("0.5")]) == D("46.25")


def test_form_2_is_all_manual() -> None:
    form_2 = [
        RowSpec("business_management", "业务管理", "", D(60), MANUAL),
        RowSpec("customer_service", "客户服务", "", D(10), MANUAL),
        RowSpec("front_desk_support", "前台支持", "", D(10), MANUAL),
        RowSpec("back_end_response", "后台响应", "", D(10), MANUAL),
        RowSpec("conduct", "平时表现", "", D(10), MANUAL),
    ]
    rules.validate_template(form_2)
    marks = {
        "business_management": D(90),
        "customer_service": D(85),
        "front_desk_support": D(70),
        "back_end_response": D(100),
        "conduct": D(95),
    }
    rows = rules.score_rows(form_2, plans={}, actuals={}, marks=marks)
    # 54 + 8.5 + 7 + 10 + 9.5 = 89
    assert rules.total_score((r.score for r in rows), []) == D("89.00")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], rules.NO_ROWS),
        ([RowSpec("a", "", "", D(60), MANUAL), RowSpec("b", "", "", D(30), MANUAL)], rules.WEIGHTS_NOT_100),
        ([RowSpec("a", "", "", D(50), MANUAL), RowSpec("a", "", "", D(50), MANUAL)], rules.DUPLICATE_CODE),
        ([RowSpec("a", "", "", D(100), COUNTED)], rules.COUNTED_NEEDS_SOURCE),
        ([RowSpec("a", "", "", D(100), COUNTED, "visits", cap=D(90))], rules.BAD_CAP),
        ([RowSpec("a", "", "", D(120), MANUAL), RowSpec("b", "", "", D(-20), MANUAL)], rules.BAD_WEIGHT),
    ],
)
def test_template_validation(rows: list[RowSpec], message: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        rules.validate_template(rows)
    assert info.value.message == message


def test_form_1_is_valid() -> None:
    rules.validate_template(FORM_1)


@pytest.mark.parametrize("value", [-1, "100.01", 101, "abc", True, "NaN"])
def test_manual_score_outside_0_to_100_is_refused(value: object) -> None:
    with pytest.raises(ValidationFailed) as info:
        rules.validate_manual_score(value, field="scores.daily_work")
    assert info.value.message == rules.MANUAL_OUT_OF_RANGE


@pytest.mark.parametrize("value", [0, 100, "85.5"])
def test_manual_score_in_range(value: object) -> None:
    assert rules.validate_manual_score(value, field="x") == rules.q2(D(str(value)))


@pytest.mark.parametrize(
    ("totals", "ranks"),
    [
        ({1: D(90), 2: D(80), 3: D(70)}, {1: 1, 2: 2, 3: 3}),
        ({1: D(90), 2: D(90), 3: D(70)}, {1: 1, 2: 1, 3: 3}),
        ({1: D(50), 2: D(90), 3: D(90), 4: D(90)}, {2: 1, 3: 1, 4: 1, 1: 4}),
        ({}, {}),
    ],
)
def test_ranking_with_ties(totals: dict[int, Decimal], ranks: dict[int, int]) -> None:
    assert rules.rank(totals) == ranks


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    plan=st.integers(min_value=1, max_value=10_000),
    actual=st.integers(min_value=0, max_value=100_000),
    weight=st.integers(min_value=0, max_value=100),
)
def test_a_capped_row_never_scores_above_its_weight(plan: int, actual: int, weight: int) -> None:
    spec = RowSpec("r", "", "", D(weight), COUNTED, "visits")
    score = rules.counted_row(spec, plan=plan, actual=actual).score
    assert D(0) <= score <= D(weight)


def test_month_arithmetic() -> None:
    assert rules.previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    assert rules.next_month(date(2026, 12, 1)) == date(2027, 1, 1)


def test_row_spec_round_trips_through_json() -> None:
    spec = RowSpec("visits", "拜访", "Visits", D(40), COUNTED, "visits", D(110), "标准")
    assert RowSpec.from_dict(spec.as_dict()) == spec
