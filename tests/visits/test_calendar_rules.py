"""Calendar rules on plain values: the days a view shows, paging, double bookings (D14)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kam.visits import rules

SH = ZoneInfo("Asia/Shanghai")


def at(hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 3, 4, hh, mm, tzinfo=SH)


@pytest.mark.parametrize(
    ("view", "day", "start", "end"),
    [
        ("day", date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 5)),
        ("week", date(2026, 3, 4), date(2026, 3, 2), date(2026, 3, 9)),  # Wednesday → Monday to Sunday
        ("week", date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 9)),  # a Monday starts its own week
        ("week", date(2026, 3, 8), date(2026, 3, 2), date(2026, 3, 9)),  # a Sunday ends it
        ("month", date(2026, 3, 18), date(2026, 2, 23), date(2026, 4, 6)),  # whole weeks around March
        ("month", date(2026, 6, 1), date(2026, 6, 1), date(2026, 7, 6)),  # June 1st is a Monday
        ("month", date(2026, 12, 31), date(2026, 11, 30), date(2027, 1, 4)),  # across the year
    ],
)
def test_calendar_range(view: str, day: date, start: date, end: date) -> None:
    assert rules.calendar_range(view, day) == (start, end)
    assert (end - start).days % 7 == 0 or view == "day"


def test_unknown_view_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.calendar_range("year", date(2026, 3, 4))


@pytest.mark.parametrize(
    ("view", "day", "direction", "expected"),
    [
        ("day", date(2026, 3, 1), -1, date(2026, 2, 28)),
        ("week", date(2026, 3, 4), 1, date(2026, 3, 11)),
        ("month", date(2026, 1, 31), -1, date(2025, 12, 1)),
        ("month", date(2026, 12, 5), 1, date(2027, 1, 1)),
    ],
)
def test_calendar_step(view: str, day: date, direction: int, expected: date) -> None:
    assert rules.calendar_step(view, day, direction) == expected


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ([], set()),
        ([(1, 7, at(9), at(10)), (2, 7, at(10), at(11))], set()),  # touching is not overlapping
        ([(1, 7, at(9), at(10)), (2, 7, at(9, 59), at(11))], {1, 2}),
        ([(1, 7, at(9), at(10)), (2, 8, at(9), at(10))], set()),  # two people, same hour
        ([(1, 7, at(9), at(12)), (2, 7, at(10), at(11)), (3, 7, at(11, 30), at(13))], {1, 2, 3}),
        ([(1, 7, at(9), at(10)), (2, 7, at(9), at(10)), (3, 7, at(14), at(15))], {1, 2}),
    ],
)
def test_double_booked(slots: list[tuple[int, int, datetime, datetime]], expected: set[int]) -> None:
    assert rules.double_booked(slots) == expected
    assert rules.double_booked(reversed(slots)) == expected
    assert timedelta(0) < at(10) - at(9)


def test_every_service_message_is_in_the_catalogue() -> None:
    """The pages translate the services' messages: each constant is listed for makemessages."""
    from kam.visits import api, messages
    from kam.visits.services import common, discipline, fieldwork, planning, reports

    constants = {
        value
        for module in (rules, common, discipline, fieldwork, planning, reports, api)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and value.endswith(".") and "{" not in value
    }
    from kam.core import errors

    constants -= {api.BAD_VIEW, api.REQUIRED}  # API only
    constants -= {v for v in vars(errors).values() if isinstance(v, str)}  # the core's own catalogue
    assert constants <= set(messages.MESSAGES)
