"""API of the shared kernel: the working-day calendar."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kam.core import calendar, clock

router = Router(tags=["calendar"])


class MonthCalendarOut(Schema):
    month: str
    official_schedule_known: bool
    working_days: list[date]
    last_working_day: date
    first_working_day: date


@router.get("/calendar/{month}", response=MonthCalendarOut)
def month_calendar(request: HttpRequest, month: str) -> Any:
    """Return a month's working days (official calendar, make-up workdays and company overrides, B1).

    ``official_schedule_known`` is false when the State Council has not published the year's schedule
    and the month falls back to Monday–Friday.
    """
    first = clock.parse_month(month)
    cal = calendar.work_calendar(first.year)
    last = cal.last_working_day(first.year, first.month)
    return {
        "month": first.strftime("%Y-%m"),
        "official_schedule_known": cal.is_known(first.year),
        "working_days": cal.working_days(
            first, date(first.year, first.month, monthrange(first.year, first.month)[1])
        ),
        "last_working_day": last,
        "first_working_day": cal.first_working_day(first.year, first.month),
    }
