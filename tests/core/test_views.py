"""The health check, the home page with the to-do list, the menu by post."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from kam.core import views
from kam.core.navigation import menu_for, todo_for
from kam.notify import services as notify_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR_ADMIN = "/admin/core/calendaroverride/"


def english(client: Any, path: str) -> Any:
    """Fetch ``path`` in English, the language a user picks with the switcher (a cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(path)


def test_healthz(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_broken_database(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class BrokenConnection:
        def cursor(self) -> Any:
            raise RuntimeError("database is locked")

    monkeypatch.setattr(views, "connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "database is locked"}


def test_home_requires_login(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_home_shows_an_empty_to_do_list(client: Any, org: dict[str, Any]) -> None:
    # Someone without posts: the apps' to-do providers (a specialist's daily report...) have nothing.
    client.force_login(UserFactory(department=org["ka1"], posts=[]))
    response = english(client, "/")
    assert response.status_code == 200
    assert response.context["todo"] == []
    assert 'id="todo"' in response.content.decode()
    assert "Nothing to do right now." in response.content.decode()


def test_home_shows_the_to_do_list(client: Any, org: dict[str, Any]) -> None:
    reader = UserFactory(department=org["ka1"], posts=[])
    notify_services.notify(recipients=[reader], kind="test", title="拜访计划待提交")
    notify_services.notify(recipients=[reader], kind="test", title="第二条")
    client.force_login(reader)

    response = english(client, "/")

    assert response.status_code == 200
    page = response.content.decode()
    assert [item.kind for item in response.context["todo"]] == ["notification"]
    assert "2 unread notifications" in page
    assert f'href="{reverse("notifications")}"' in page


def test_home_shows_the_day_and_the_months_last_working_day(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["spec1"])
    with time_machine.travel(datetime(2026, 2, 21, 10, 0, tzinfo=SHANGHAI), tick=False):
        response = english(client, "/")
    page = response.content.decode()
    assert response.context["today"].isoformat() == "2026-02-21"
    assert response.context["is_working_day"] is False  # Spring Festival week
    assert "last working day of the month: 2026-02-28" in page
    assert "day off" in page


def calendar_todos(user: Any) -> list[Any]:
    return [item for item in todo_for(user) if item.kind == "calendar"]


def test_admin_in_q4_is_told_next_years_schedule_is_missing(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["admin"])
    with time_machine.travel(datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI), tick=False):
        items = calendar_todos(org["admin"])
        response = english(client, "/")
    assert len(items) == 1
    assert items[0].link == CALENDAR_ADMIN
    assert "2027" in str(items[0].title)
    page = response.content.decode()
    assert "The official holiday schedule for 2027 is not published yet" in page
    assert f'href="{CALENDAR_ADMIN}"' in page


@pytest.mark.parametrize(
    ("moment", "post", "shown"),
    [
        (datetime(2026, 9, 30, 23, 0, tzinfo=SHANGHAI), "admin", False),  # still Q3 in Shanghai
        (datetime(2026, 9, 30, 17, 0, tzinfo=ZoneInfo("UTC")), "admin", True),  # 1 October in Shanghai
        (datetime(2026, 12, 31, 12, 0, tzinfo=SHANGHAI), "admin", True),
        (datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI), "ka_manager", False),  # not an administrator
        (datetime(2025, 11, 1, 9, 0, tzinfo=SHANGHAI), "admin", False),  # 2026 is published
    ],
)
def test_schedule_reminder_only_for_admins_in_q4_of_an_unpublished_next_year(
    db: Any, moment: datetime, post: str, shown: bool
) -> None:
    user = UserFactory(department=None, posts=[post])
    with time_machine.travel(moment, tick=False):
        assert bool(calendar_todos(user)) is shown


def test_superuser_counts_as_admin_for_the_reminder(db: Any) -> None:
    root = UserFactory(department=None, is_superuser=True, is_staff=True)
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert len(calendar_todos(root)) == 1


def test_urgent_items_come_first(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from kam.core import navigation
    from kam.core.navigation import TodoItem

    user = UserFactory(posts=["specialist"])
    later = TodoItem(title="later", link="/", due=datetime(2026, 3, 2, tzinfo=SHANGHAI))
    sooner = TodoItem(title="sooner", link="/", due=datetime(2026, 3, 1, tzinfo=SHANGHAI))
    undated = TodoItem(title="undated", link="/")
    urgent = TodoItem(title="urgent", link="/", urgent=True)
    monkeypatch.setattr(navigation._registry, "todo", [lambda u: [undated, later, urgent, sooner]])

    assert [item.title for item in todo_for(user)] == ["urgent", "sooner", "later", "undated"]


def test_menu_by_post(org: dict[str, Any]) -> None:
    admin_menu = [entry["name"] for entry in menu_for(org["admin"])]
    specialist_menu = [entry["name"] for entry in menu_for(org["spec1"])]
    assert admin_menu[0] == "home"
    assert "admin:index" in admin_menu
    assert "directory" in specialist_menu
    assert "admin:index" not in specialist_menu


def test_page_shows_menu_and_unread_badge(client: Any, org: dict[str, Any]) -> None:
    notify_services.notify(recipients=[org["admin"]], kind="test", title="新通知")
    client.force_login(org["admin"])
    page = english(client, "/").content.decode()
    assert 'href="/admin/"' in page
    assert '<span class="badge text-bg-warning" id="unread-badge">1</span>' in page


def test_menu_skips_duplicates_and_unknown_pages(
    org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kam.core import navigation

    monkeypatch.setattr(navigation._registry, "nav", list(navigation._registry.nav))
    before = len(navigation._registry.nav)
    navigation.nav_item("Home again", "home")
    navigation.nav_item("Not built yet", "no-such-page")

    assert len(navigation._registry.nav) == before + 1
    names = [entry["name"] for entry in menu_for(org["spec1"])]
    assert names.count("home") == 1
    assert "no-such-page" not in names
