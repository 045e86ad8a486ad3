"""Working-day arithmetic on plain values (B1).

The official Chinese calendar moves days off onto weekdays and makes some weekends working days
(调休). The calendar is built from the ``holidays`` library's published schedule plus company
overrides; a year without a published schedule falls back to Monday–Friday, and ``is_known`` says so.
No database or clock access here: :mod:`kam.core.calendar` builds a :class:`WorkCalendar`.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_SCAN_DAYS = 400


@dataclass(frozen=True)
class WorkCalendar:
    """Working days from the official schedule and company overrides."""

    days_off: frozenset[date] = frozenset()
    """Official days off that fall on weekdays (holidays and the days they were moved to)."""
    make_up_days: frozenset[date] = frozenset()
    """Official working weekends (补班)."""
    known_years: frozenset[int] = frozenset()
    """Years whose official schedule is published; others are Monday–Friday."""
    overrides: Mapping[date, bool] = field(default_factory=dict)
    """Company decisions: date → working or not; they win over everything else."""

    def is_known(self, year: int) -> bool:
        return year in self.known_years

    def is_working_day(self, day: date) -> bool:
        """Return whether ``day`` is a working day: company override, then official, then Mon–Fri."""
        if day in self.overrides:
            return self.overrides[day]
        if self.is_known(day.year):
            if day in self.make_up_days:
                return True
            if day in self.days_off:
                return False
        return day.weekday() < 5

    def last_working_day(self, year: int, month: int) -> date:
        """Return the last working day of a month; the monthly plan is due on it (B1)."""
        day = date(year, month, _cal.monthrange(year, month)[1])
        return self.previous_working_day(day, inclusive=True)

    def first_working_day(self, year: int, month: int) -> date:
        return self.next_working_day(date(year, month, 1), inclusive=True)

    def previous_working_day(self, day: date, *, inclusive: bool = False) -> date:
        step = day if inclusive else day - timedelta(days=1)
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(step):
                return step
            step -= timedelta(days=1)
        raise ValueError(f"No working day within {MAX_SCAN_DAYS} days before {day}")

    def next_working_day(self, day: date, *, inclusive: bool = False) -> date:
        step = day if inclusive else day + timedelta(days=1)
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(step):
                return step
            step += timedelta(days=1)
        raise ValueError(f"No working day within {MAX_SCAN_DAYS} days after {day}")

    def add_working_days(self, day: date, count: int) -> date:
        """Move ``count`` working days from ``day`` (negative goes back); ``day`` itself is not counted."""
        step = day
        for _ in range(abs(count)):
            step = self.next_working_day(step) if count > 0 else self.previous_working_day(step)
        return step

    def working_days(self, start: date, end: date) -> list[date]:
        """Return the working days in [start, end]."""
        days, step = [], start
        while step <= end:
            if self.is_working_day(step):
                days.append(step)
            step += timedelta(days=1)
        return days


def build_calendar(
    official_days_off: Iterable[date],
    official_make_up_days: Iterable[date],
    known_years: Iterable[int],
    overrides: Mapping[date, bool] | None = None,
) -> WorkCalendar:
    """Assemble a calendar; weekend days off are dropped since weekends are off anyway."""
    return WorkCalendar(
        days_off=frozenset(d for d in official_days_off if d.weekday() < 5),
        make_up_days=frozenset(d for d in official_make_up_days if d.weekday() >= 5),
        known_years=frozenset(known_years),
        overrides=dict(overrides or {}),
    )
