"""The company's working-day calendar: the official Chinese schedule plus overrides from the database."""

from __future__ import annotations

import time
from datetime import date
from functools import lru_cache

from holidays.countries.china import China, ChinaStaticHolidays

from kam.core.workdays import WorkCalendar, build_calendar

_CACHE_KEY = "kam:calendar:version"


@lru_cache(maxsize=64)
def _official(year: int) -> tuple[frozenset[date], frozenset[date], bool]:
    """Return the official days off, make-up workdays and whether ``year``'s schedule is published."""
    known = year in ChinaStaticHolidays.special_public_holidays
    china = China(years=year)
    days_off = frozenset(d for d in china if d.year == year)
    make_up = frozenset(d for d in china.weekend_workdays if d.year == year)
    return days_off, make_up, known


def official_years_known() -> list[int]:
    return sorted(ChinaStaticHolidays.special_public_holidays)


def _overrides_version() -> tuple[int, int]:
    """Return a key that changes when overrides change here, and every minute for other processes."""
    from django.core.cache import cache

    return int(cache.get(_CACHE_KEY, 0)), int(time.time() // 60)


def invalidate() -> None:
    """Drop cached calendars after a company override changes."""
    from django.core.cache import cache

    try:
        cache.incr(_CACHE_KEY)
    except ValueError:
        cache.set(_CACHE_KEY, 1, None)
    _calendar.cache_clear()


@lru_cache(maxsize=32)
def _calendar(years: tuple[int, ...], version: tuple[int, int]) -> WorkCalendar:
    from kam.core.models import CalendarOverride

    days_off: set[date] = set()
    make_up: set[date] = set()
    known: set[int] = set()
    for year in years:
        off, up, is_known = _official(year)
        days_off |= off
        make_up |= up
        if is_known:
            known.add(year)
    overrides = dict(
        CalendarOverride.objects.filter(date__year__in=years).values_list("date", "is_working_day")
    )
    return build_calendar(days_off, make_up, known, overrides)


def work_calendar(*years: int) -> WorkCalendar:
    """Return the calendar covering ``years`` and their neighbours (deadlines cross year ends)."""
    span = sorted({y + d for y in years for d in (-1, 0, 1)})
    return _calendar(tuple(span), _overrides_version())


def last_working_day(year: int, month: int) -> date:
    """Return the month's last working day (B1): ``last_working_day(2026, 2)`` is 2026-02-28."""
    return work_calendar(year).last_working_day(year, month)


def is_working_day(day: date) -> bool:
    return work_calendar(day.year).is_working_day(day)
