"""The company calendar: the official schedule plus CalendarOverride rows, cached until invalidated (B1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from kam.core import calendar
from kam.core.models import CalendarOverride
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    """Overrides written here are rolled back after the test; so must the cached calendars be."""
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_last_working_day_of_february_2026() -> None:
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)
    assert calendar.is_working_day(date(2026, 2, 28))
    assert not calendar.is_working_day(date(2026, 2, 23))


def test_override_takes_effect_after_invalidate() -> None:
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)

    CalendarOverride.objects.create(date=date(2026, 2, 28), is_working_day=False, note="公司决定休息")
    calendar.invalidate()
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 27)
    assert not calendar.is_working_day(date(2026, 2, 28))

    CalendarOverride.objects.filter(date=date(2026, 2, 28)).delete()
    CalendarOverride.objects.create(date=date(2026, 3, 1), is_working_day=True)
    calendar.invalidate()
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)
    assert calendar.is_working_day(date(2026, 3, 1))


def test_cached_calendar_is_reused_until_invalidated() -> None:
    """Invalidation is what makes a new override visible in this process within the minute."""
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)
    CalendarOverride.objects.create(date=date(2026, 2, 28), is_working_day=False)
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)
    calendar.invalidate()
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 27)


def test_override_in_an_unpublished_year() -> None:
    assert not calendar.work_calendar(2031).is_known(2031)
    assert calendar.last_working_day(2031, 5) == date(2031, 5, 30)
    CalendarOverride.objects.create(date=date(2031, 5, 31), is_working_day=True, note="补班")
    calendar.invalidate()
    assert calendar.last_working_day(2031, 5) == date(2031, 5, 31)


def test_calendar_covers_neighbouring_years() -> None:
    """Deadlines cross year ends, so a year's calendar also knows the years either side."""
    CalendarOverride.objects.create(date=date(2027, 1, 1), is_working_day=False)
    calendar.invalidate()
    cal = calendar.work_calendar(2026)
    assert cal.is_known(2025)
    assert cal.is_known(2026)
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_official_years_known() -> None:
    known = calendar.official_years_known()
    assert 2026 in known
    assert 2031 not in known
    assert known == sorted(known)


def test_admin_saving_an_override_invalidates(client: Any) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True, department=None)
    client.force_login(admin)
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)

    response = client.post(
        "/admin/core/calendaroverride/add/",
        {"date": "2026-02-28", "is_working_day": "", "note": "年会"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get()
    assert override.is_working_day is False
    assert override.history.get().history_user == admin
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 27)

    response = client.post(f"/admin/core/calendaroverride/{override.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert calendar.last_working_day(2026, 2) == date(2026, 2, 28)


def test_calendar_api(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])

    response = client.get("/api/v1/calendar/2026-02")

    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2026-02"
    assert body["official_schedule_known"] is True
    assert body["last_working_day"] == "2026-02-28"
    assert body["first_working_day"] == "2026-02-02"
    assert "2026-02-14" in body["working_days"]
    assert "2026-02-20" not in body["working_days"]


def test_calendar_api_unpublished_year(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["spec1"]).get("/api/v1/calendar/2031-10")

    assert response.status_code == 200
    assert response.json()["official_schedule_known"] is False
    assert response.json()["first_working_day"] == "2031-10-01"


@pytest.mark.parametrize("month", ["2026-13", "2026-2", "february"])
def test_calendar_api_bad_month(org: dict[str, Any], api_client: Any, month: str) -> None:
    from kam.core.clock import BAD_MONTH

    response = api_client(org["spec1"]).get(f"/api/v1/calendar/{month}")

    assert response.status_code == 422
    assert response.json() == {"detail": BAD_MONTH, "field": "month"}


def test_calendar_api_needs_a_token(db: Any, api_client: Any) -> None:
    assert api_client(None).get("/api/v1/calendar/2026-02").status_code == 401
