"""The clock: parsing times and months in the local zone, and a clock tests and sweeps can set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kam.core import clock
from kam.core.errors import ValidationFailed

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2026-03-01T09:30", datetime(2026, 3, 1, 1, 30, tzinfo=UTC)),  # no zone: Asia/Shanghai
        ("2026-03-01 09:30:15", datetime(2026, 3, 1, 1, 30, 15, tzinfo=UTC)),
        ("2026-03-01T01:00", datetime(2026, 2, 28, 17, 0, tzinfo=UTC)),  # local day, previous UTC day
        ("2026-03-01T09:30Z", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("2026-03-01T09:30:00+00:00", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("2026-03-01T09:30:00+09:00", datetime(2026, 3, 1, 0, 30, tzinfo=UTC)),
        ("  2026-03-01T09:30Z  ", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
    ],
)
def test_parse_moment(text: str, expected_utc: datetime) -> None:
    parsed = clock.parse_moment(text)
    assert timezone.is_aware(parsed)
    assert parsed == expected_utc


def test_parse_moment_without_zone_is_read_in_shanghai() -> None:
    parsed = clock.parse_moment("2026-03-01T09:30")
    assert parsed.utcoffset() == timedelta(hours=8)
    assert clock.localtime(parsed).hour == 9


def test_parse_moment_follows_the_configured_zone(settings: Any) -> None:
    settings.TIME_ZONE = "Europe/London"
    assert clock.parse_moment("2026-07-01T09:30") == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["yesterday", "", "2026-02-30T10:00", "2026-03-01T25:00", "10:00", "2026/03/01"]
)
def test_parse_moment_refuses_garbage_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        clock.parse_moment(text)
    assert caught.value.message == clock.BAD_DATETIME
    assert caught.value.field == "occurred_at"
    assert caught.value.status == 422


def test_parse_moment_names_the_given_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        clock.parse_moment("soon", field="called_at")
    assert caught.value.field == "called_at"
    assert caught.value.as_dict() == {"detail": clock.BAD_DATETIME, "field": "called_at"}


def test_parse_moment_takes_datetimes() -> None:
    aware = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert clock.parse_moment(aware) is aware
    assert clock.parse_moment(datetime(2026, 3, 1, 9, 30)) == datetime(2026, 3, 1, 9, 30, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-02", date(2026, 2, 1)), ("2026-12", date(2026, 12, 1)), ("1900-01", date(1900, 1, 1))],
)
def test_parse_month(text: str, expected: date) -> None:
    assert clock.parse_month(text) == expected


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-2", "202602", "2026-02-01", "1899-12", "", "Feb"]
)
def test_parse_month_refuses(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        clock.parse_month(text)
    assert caught.value.message == clock.BAD_MONTH
    assert caught.value.field == "month"


def test_parse_month_names_the_given_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        clock.parse_month("2026-13", field="plan_month")
    assert caught.value.field == "plan_month"


def test_parse_day() -> None:
    assert clock.parse_day("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(ValidationFailed) as caught:
        clock.parse_day("2026-02-30", field="visit_date")
    assert (caught.value.message, caught.value.field) == (clock.BAD_DATE, "visit_date")


def test_frozen_at_sets_and_restores_the_clock() -> None:
    moment = datetime(2026, 2, 27, 23, 59, tzinfo=SHANGHAI)
    with clock.frozen_at(moment) as frozen:
        assert frozen == moment
        assert clock.now() == moment
        assert clock.local_today() == date(2026, 2, 27)
        later = moment + timedelta(days=1)
        with clock.frozen_at(later):
            assert clock.now() == later
        assert clock.now() == moment
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)


def test_frozen_at_reads_a_naive_time_locally() -> None:
    with clock.frozen_at(datetime(2026, 3, 1, 7, 0)):
        assert clock.now() == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
        assert timezone.is_aware(clock.now())


def test_frozen_at_restores_after_an_error() -> None:
    with pytest.raises(RuntimeError), clock.frozen_at(datetime(2020, 1, 1, tzinfo=UTC)):
        raise RuntimeError
    assert clock.now().year >= 2026


def test_local_today_crosses_midnight_before_utc() -> None:
    # 17:00 UTC on 31 January is 01:00 on 1 February in Shanghai.
    with clock.frozen_at(datetime(2026, 1, 31, 17, 0, tzinfo=UTC)):
        assert clock.local_today() == date(2026, 2, 1)


def test_day_and_month_bounds_are_local() -> None:
    start, end = clock.day_bounds(date(2026, 3, 1))
    assert start == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)
    start, end = clock.month_bounds(date(2026, 12, 1))
    assert start == datetime(2026, 12, 1, tzinfo=SHANGHAI)
    assert end == datetime(2027, 1, 1, tzinfo=SHANGHAI)
    start, end = clock.month_bounds(date(2026, 2, 1))
    assert end == datetime(2026, 3, 1, tzinfo=SHANGHAI)
