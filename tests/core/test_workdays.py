"""Working-day arithmetic (B1) on plain values: the official Chinese calendar, fall-back years, overrides.

No database: the official schedule comes straight from the ``holidays`` library through
:func:`kam.core.calendar._official`, which reads no table; overrides are passed in by hand.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam.core.calendar import _official
from kam.core.workdays import WorkCalendar, build_calendar

UNPUBLISHED_YEAR = 2031


def official(*years: int, overrides: dict[date, bool] | None = None) -> WorkCalendar:
    """Return the calendar of ``years`` as the library publishes it, plus ``overrides``."""
    days_off: set[date] = set()
    make_up: set[date] = set()
    known: set[int] = set()
    for year in years:
        off, up, is_known = _official(year)
        days_off |= off
        make_up |= up
        if is_known:
            known.add(year)
    return build_calendar(days_off, make_up, known, overrides)


CAL = official(2022, 2023, 2024, 2025, 2026, 2027, UNPUBLISHED_YEAR)


@pytest.mark.parametrize(
    ("year", "month", "expected", "why"),
    [
        (2026, 1, date(2026, 1, 30), "31st is a plain Saturday"),
        (2026, 2, date(2026, 2, 28), "Saturday 28th is a make-up workday (Spring Festival)"),
        (2026, 5, date(2026, 5, 29), "30th/31st are a weekend; 9th was the make-up Saturday"),
        (2026, 10, date(2026, 10, 30), "31st is a Saturday; the make-up Saturday was the 10th"),
        (2026, 12, date(2026, 12, 31), "a Thursday"),
        (2025, 1, date(2025, 1, 27), "28th–31st are the Spring Festival holiday"),
        (2023, 9, date(2023, 9, 28), "Friday 29th is Mid-Autumn, then a weekend"),
        (2022, 12, date(2022, 12, 30), "31st is a Saturday"),
        (2023, 12, date(2023, 12, 29), "31st is a Sunday"),
        (2024, 2, date(2024, 2, 29), "leap year"),
        (UNPUBLISHED_YEAR, 5, date(2031, 5, 30), "unpublished year: Monday–Friday"),
        (UNPUBLISHED_YEAR, 2, date(2031, 2, 28), "unpublished year: a Friday"),
    ],
)
def test_last_working_day(year: int, month: int, expected: date, why: str) -> None:
    assert CAL.last_working_day(year, month) == expected, why


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 28), True),  # make-up Saturday
        (date(2026, 2, 14), True),  # make-up Saturday
        (date(2026, 1, 4), True),  # make-up Sunday
        (date(2026, 9, 20), True),  # make-up Sunday before National Day
        (date(2026, 10, 10), True),  # make-up Saturday after National Day
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 7), False),  # moved day off (Wednesday)
        (date(2026, 10, 8), True),  # first day back
        (date(2026, 2, 20), False),  # Spring Festival, a Friday
        (date(2026, 2, 23), False),  # day off moved from the 28th, a Monday
        (date(2026, 5, 5), False),  # Labour Day holiday, a Tuesday
        (date(2026, 3, 7), False),  # ordinary Saturday
        (date(2026, 3, 9), True),  # ordinary Monday
        (date(2031, 1, 1), True),  # New Year's Day in an unpublished year: plain Wednesday
        (date(2031, 10, 1), True),  # National Day in an unpublished year: plain Wednesday
        (date(2031, 10, 4), False),  # Saturday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_october_2026_around_national_day() -> None:
    october = CAL.working_days(date(2026, 10, 1), date(2026, 10, 31))
    assert CAL.first_working_day(2026, 10) == date(2026, 10, 8)
    assert date(2026, 10, 10) in october
    assert not any(date(2026, 10, d) in october for d in range(1, 8))
    # 22 weekdays minus 5 holiday weekdays plus the make-up Saturday.
    assert len(october) == 18


def test_known_years() -> None:
    assert CAL.is_known(2026)
    assert CAL.is_known(2025)
    assert not CAL.is_known(UNPUBLISHED_YEAR)
    assert not official(UNPUBLISHED_YEAR).is_known(UNPUBLISHED_YEAR)


def test_unpublished_year_is_monday_to_friday() -> None:
    may = CAL.working_days(date(2031, 5, 1), date(2031, 5, 31))
    weekdays = [date(2031, 5, d) for d in range(1, 32) if date(2031, 5, d).weekday() < 5]
    assert may == weekdays


@pytest.mark.parametrize(
    ("overrides", "year", "month", "without", "with_"),
    [
        # The company keeps the make-up Saturday off after all.
        ({date(2026, 2, 28): False}, 2026, 2, date(2026, 2, 28), date(2026, 2, 27)),
        # The company works an ordinary Saturday.
        ({date(2026, 1, 31): True}, 2026, 1, date(2026, 1, 30), date(2026, 1, 31)),
        # A company day off on an ordinary Friday.
        ({date(2026, 7, 31): False}, 2026, 7, date(2026, 7, 31), date(2026, 7, 30)),
        # An unpublished year: the administrator enters the make-up workday.
        ({date(2031, 5, 31): True}, 2031, 5, date(2031, 5, 30), date(2031, 5, 31)),
        # An override outside the month changes nothing in it.
        ({date(2026, 3, 31): False}, 2026, 2, date(2026, 2, 28), date(2026, 2, 28)),
    ],
)
def test_overrides_win_both_ways(
    overrides: dict[date, bool], year: int, month: int, without: date, with_: date
) -> None:
    assert official(year).last_working_day(year, month) == without
    assert official(year, overrides=overrides).last_working_day(year, month) == with_


def test_override_makes_an_official_holiday_a_working_day() -> None:
    cal = official(2026, overrides={date(2026, 10, 1): True})
    assert cal.is_working_day(date(2026, 10, 1))
    assert cal.first_working_day(2026, 10) == date(2026, 10, 1)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # over the National Day week
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # ... onto the make-up Saturday
        (date(2026, 10, 8), -1, date(2026, 9, 30)),
        (date(2026, 2, 24), -1, date(2026, 2, 14)),  # back over Spring Festival to a make-up Saturday
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
        (date(2026, 2, 28), 1, date(2026, 3, 2)),
        (date(2026, 3, 6), 5, date(2026, 3, 13)),  # a plain week
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # from a Saturday
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # over New Year onto the make-up Sunday
        (date(2026, 12, 31), 1, date(2027, 1, 1)),  # 2027 is unpublished: New Year's Day is a Friday
        (date(2026, 3, 7), 0, date(2026, 3, 7)),  # zero moves nowhere, even from a day off
    ],
)
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert CAL.add_working_days(start, count) == expected


def test_previous_and_next_working_day() -> None:
    assert CAL.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert CAL.next_working_day(date(2026, 10, 8), inclusive=True) == date(2026, 10, 8)
    assert CAL.next_working_day(date(2026, 10, 8)) == date(2026, 10, 9)
    assert CAL.previous_working_day(date(2026, 10, 8)) == date(2026, 9, 30)
    assert CAL.previous_working_day(date(2026, 10, 8), inclusive=True) == date(2026, 10, 8)


def test_no_working_day_at_all_is_an_error_not_a_hang() -> None:
    never = WorkCalendar(overrides={date(2026, 1, 1) + timedelta(days=i): False for i in range(-450, 450)})
    with pytest.raises(ValueError, match="No working day"):
        never.previous_working_day(date(2026, 1, 1))
    with pytest.raises(ValueError, match="No working day"):
        never.next_working_day(date(2026, 1, 1))


def test_build_calendar_drops_redundant_days() -> None:
    saturday, monday = date(2026, 3, 7), date(2026, 3, 9)
    cal = build_calendar([saturday, monday], [saturday, monday], [2026])
    assert cal.days_off == frozenset({monday})
    assert cal.make_up_days == frozenset({saturday})
    assert cal.known_years == frozenset({2026})
    assert cal.overrides == {}


def test_official_schedule_of_2026() -> None:
    days_off, make_up, known = _official(2026)
    assert known
    assert {date(2026, 2, 14), date(2026, 2, 28), date(2026, 10, 10)} <= make_up
    assert all(d.year == 2026 for d in days_off | make_up)
    assert date(2026, 10, 1) in days_off


# Properties --------------------------------------------------------------------------------------

months = st.tuples(st.integers(min_value=2020, max_value=2032), st.integers(min_value=1, max_value=12))
override_maps = st.dictionaries(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)), st.booleans(), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(months)
def test_last_working_day_is_the_last_working_day_of_its_month(year_month: tuple[int, int]) -> None:
    year, month = year_month
    last = CAL.last_working_day(year, month)
    month_end = stdlib_calendar.monthrange(year, month)[1]
    assert (last.year, last.month) == (year, month)
    assert CAL.is_working_day(last)
    assert not any(CAL.is_working_day(date(year, month, d)) for d in range(last.day + 1, month_end + 1))


@settings(max_examples=150, deadline=None)
@given(override_maps, st.integers(min_value=1, max_value=12))
def test_last_working_day_with_any_overrides(overrides: dict[date, bool], month: int) -> None:
    cal = official(2026, overrides=overrides)
    last = cal.last_working_day(2026, month)
    month_end = stdlib_calendar.monthrange(2026, month)[1]
    if last.month == month:
        assert cal.is_working_day(last)
        assert not any(cal.is_working_day(date(2026, month, d)) for d in range(last.day + 1, month_end + 1))
    else:
        # Every day of the month was overridden off: the last working day lies before the month.
        assert last < date(2026, month, 1)
        assert not cal.working_days(date(2026, month, 1), date(2026, month, month_end))


@settings(max_examples=150, deadline=None)
@given(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=-40, max_value=40),
)
def test_add_working_days_counts_working_days(start: date, count: int) -> None:
    end = CAL.add_working_days(start, count)
    if count > 0:
        assert len(CAL.working_days(start + timedelta(days=1), end)) == count
        assert CAL.is_working_day(end)
    elif count < 0:
        assert len(CAL.working_days(end, start - timedelta(days=1))) == -count
        assert CAL.is_working_day(end)
    else:
        assert end == start
    if CAL.is_working_day(start):
        assert CAL.add_working_days(end, -count) == start
