"""API of the signed-in user's notifications: list, unread count, mark read, mark all read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kam.core import clock
from kam.core.errors import NOT_FOUND
from kam.notify.models import Notification

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def notes(org: dict[str, Any]) -> list[Notification]:
    """Three notifications of spec1, oldest first, and one of spec2."""
    mine = [
        Notification.objects.create(recipient=org["spec1"], kind="test", title=f"第{i}条", link=f"/n/{i}")
        for i in range(1, 4)
    ]
    Notification.objects.create(recipient=org["spec2"], kind="test", title="别人的")
    return mine


def test_list_shows_own_notifications_newest_first(
    org: dict[str, Any], api_client: Any, notes: list[Notification]
) -> None:
    response = api_client(org["spec1"]).get("/api/v1/notifications/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [n["title"] for n in body["items"]] == ["第3条", "第2条", "第1条"]
    assert set(body["items"][0]) == {"id", "kind", "title", "body", "link", "created_at", "read_at"}


def test_list_is_paginated_and_filters_unread(
    org: dict[str, Any], api_client: Any, notes: list[Notification]
) -> None:
    client = api_client(org["spec1"])
    Notification.objects.filter(pk=notes[2].pk).update(read_at=T0)

    page = client.get("/api/v1/notifications/", {"limit": 1, "offset": 1}).json()
    unread = client.get("/api/v1/notifications/", {"unread": "true"}).json()
    read = client.get("/api/v1/notifications/", {"unread": "false"}).json()

    assert (page["count"], [n["title"] for n in page["items"]]) == (3, ["第2条"])
    assert [n["title"] for n in unread["items"]] == ["第2条", "第1条"]
    assert [n["title"] for n in read["items"]] == ["第3条"]


def test_unread_count(org: dict[str, Any], api_client: Any, notes: list[Notification]) -> None:
    assert api_client(org["spec1"]).get("/api/v1/notifications/unread-count").json() == {"unread": 3}
    assert api_client(org["spec2"]).get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    assert api_client(org["spec3"]).get("/api/v1/notifications/unread-count").json() == {"unread": 0}


def test_mark_read(org: dict[str, Any], api_client: Any, notes: list[Notification]) -> None:
    client = api_client(org["spec1"])

    with clock.frozen_at(T0):
        response = client.post(f"/api/v1/notifications/{notes[0].pk}/read")

    assert response.status_code == 200
    assert response.json()["id"] == notes[0].pk
    assert response.json()["read_at"].startswith("2026-03-02T01:00:00")
    assert Notification.objects.get(pk=notes[0].pk).read_at == T0
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 2}


def test_mark_read_of_someone_elses_notification_is_404(
    org: dict[str, Any], api_client: Any, notes: list[Notification]
) -> None:
    theirs = Notification.objects.get(recipient=org["spec2"])
    response = api_client(org["spec1"]).post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read(org: dict[str, Any], api_client: Any, notes: list[Notification]) -> None:
    client = api_client(org["spec1"])

    response = client.post("/api/v1/notifications/read-all")

    assert response.status_code == 200
    assert response.json() == {"unread": 0}
    assert not Notification.objects.filter(recipient=org["spec1"], read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=org["spec2"]).read_at is None


def test_anonymous_gets_401(db: Any, api_client: Any) -> None:
    client = api_client(None)
    assert client.get("/api/v1/notifications/").status_code == 401
    assert client.get("/api/v1/notifications/unread-count").status_code == 401
    assert client.post("/api/v1/notifications/read-all").status_code == 401
