"""The notification page: list, unread filter, mark read (htmx partial or redirect), mark all read."""

from __future__ import annotations

from typing import Any

import pytest

from kam.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(org: dict[str, Any]) -> list[Notification]:
    mine = [
        Notification.objects.create(
            recipient=org["spec1"], kind="test", title=f"通知{i}", body="第一行\n第二行", link=f"/n/{i}/"
        )
        for i in range(1, 4)
    ]
    Notification.objects.create(recipient=org["spec2"], kind="test", title="别人的通知")
    return mine


@pytest.fixture
def signed_in(client: Any, org: dict[str, Any]) -> Any:
    client.force_login(org["spec1"])
    return client


def test_list(signed_in: Any, notes: list[Notification]) -> None:
    response = signed_in.get("/notifications/")

    assert response.status_code == 200
    assert [n.title for n in response.context["page"]] == ["通知3", "通知2", "通知1"]
    page = response.content.decode()
    assert "别人的通知" not in page
    assert "第一行<br>第二行" in page
    assert f'id="note-{notes[0].pk}"' in page
    assert '<span class="badge text-bg-warning" id="unread-badge">3</span>' in page


def test_unread_filter(signed_in: Any, notes: list[Notification]) -> None:
    Notification.objects.filter(pk=notes[2].pk).update(read_at="2026-03-02T01:00:00Z")
    response = signed_in.get("/notifications/", {"unread": "1"})
    assert [n.title for n in response.context["page"]] == ["通知2", "通知1"]
    assert response.context["unread_only"] is True


def test_list_is_paged_by_thirty(signed_in: Any, org: dict[str, Any]) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=org["spec1"], kind="test", title=f"批量{i}") for i in range(35)
    )
    first = signed_in.get("/notifications/")
    second = signed_in.get("/notifications/", {"page": 2})
    assert len(first.context["page"]) == 30
    assert len(second.context["page"]) == 5
    assert "?page=2" in first.content.decode()


def test_empty_list(signed_in: Any) -> None:
    response = signed_in.get("/notifications/")
    assert list(response.context["page"]) == []
    assert "没有通知。" in response.content.decode()


def test_mark_read_with_htmx_returns_the_row(signed_in: Any, notes: list[Notification]) -> None:
    note = notes[0]

    response = signed_in.post(f"/notifications/{note.pk}/read/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    row = response.content.decode()
    assert row.strip().startswith('<li class="list-group-item')
    assert f'id="note-{note.pk}"' in row
    assert "<html" not in row  # a partial, not a page
    assert "hx-post" not in row  # read rows have no mark-as-read button
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_mark_read_without_htmx_follows_the_link(signed_in: Any, notes: list[Notification]) -> None:
    response = signed_in.post(f"/notifications/{notes[1].pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == "/n/2/"
    assert Notification.objects.get(pk=notes[1].pk).read_at is not None


def test_mark_read_of_a_note_without_a_link_returns_to_the_list(signed_in: Any, org: dict[str, Any]) -> None:
    note = Notification.objects.create(recipient=org["spec1"], kind="test", title="无链接")
    response = signed_in.post(f"/notifications/{note.pk}/read/")
    assert response["Location"] == "/notifications/"


def test_mark_read_of_someone_elses_notification_is_404(
    signed_in: Any, org: dict[str, Any], notes: list[Notification]
) -> None:
    theirs = Notification.objects.get(recipient=org["spec2"])
    response = signed_in.post(f"/notifications/{theirs.pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_needs_post(signed_in: Any, notes: list[Notification]) -> None:
    assert signed_in.get(f"/notifications/{notes[0].pk}/read/").status_code == 405
    assert Notification.objects.get(pk=notes[0].pk).read_at is None


def test_mark_all_read(signed_in: Any, org: dict[str, Any], notes: list[Notification]) -> None:
    response = signed_in.post("/notifications/read-all/")

    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=org["spec1"], read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=org["spec2"]).read_at is None
    assert 'id="unread-badge"' not in signed_in.get("/notifications/").content.decode()
