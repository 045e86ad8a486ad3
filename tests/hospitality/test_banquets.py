"""The banquet planner (D2) through the API: guests, taboos, warnings, invitations, seating (D2-seat)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest

from kam.core import clock
from kam.hospitality import rules
from kam.hospitality.models import Banquet, BanquetGuest

pytestmark = pytest.mark.django_db


def banquet_body(**overrides: Any) -> dict[str, Any]:
    day = clock.local_today() + timedelta(days=30)
    return {
        "title": "欢迎晚宴",
        "starts_at": datetime.combine(day, time(18, 30), tzinfo=clock.local_zone()).isoformat(),
        "venue": "国宾馆",
        "table_size": 8,
        **overrides,
    }


def guests(people: dict[str, Any], *, host: bool = True, interpreter: bool = False) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if host:
        rows.append({"name": "主人", "role": "host", "rank": 1})
    rows += [
        {"name": "王建华", "side": "guest", "rank": 1, "contact_id": people["contact"].pk},
        {"name": "王夫人", "side": "guest", "rank": 2, "spouse_of": 2 if host else 1, "female": True},
        {"name": "陪同甲", "side": "host", "rank": 3},
        {"name": "客人乙", "side": "guest", "rank": 4, "taboos": "海鲜过敏", "invitation": "declined"},
    ]
    if interpreter:
        rows.append({"name": "翻译", "side": "guest", "rank": 9, "is_interpreter": True})
    return rows


@pytest.fixture
def banquet(people: dict[str, Any], api_client: Any) -> dict[str, Any]:
    answer = api_client(people["spec1"]).post(
        "/api/v1/banquets/", banquet_body(account_id=people["account"].pk)
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_guest_list_takes_taboos_from_the_contact_and_seats_by_the_rules(
    people: dict[str, Any], api_client: Any, banquet: dict[str, Any]
) -> None:
    organiser = api_client(people["spec1"])
    url = f"/api/v1/banquets/{banquet['id']}"
    saved = organiser.put(f"{url}/guests", {"guests": guests(people, interpreter=True)})
    assert saved.status_code == 200, saved.json()
    rows = {g["name"]: g for g in saved.json()}
    assert rows["王建华"]["taboos"] == "不吃猪肉"
    assert rows["王夫人"]["spouse_of_id"] == rows["王建华"]["id"]
    detail = organiser.get(url).json()
    assert [t["name"] for t in detail["menu_taboos"]] == ["王建华"]  # the declined guest's taboo is left out
    seating = organiser.post(f"{url}/seating", {"table_size": 8})
    assert seating.status_code == 200, seating.json()
    plan = seating.json()
    assert set(plan) == {"tables", "serving_order"}
    main = {s["position"]: s for s in plan["tables"][0]["seats"]}
    assert plan["tables"][0]["number"] == 1 and len(main) == 8
    assert (main[1]["guest_id"], main[1]["role"]) == (rows["主人"]["id"], rules.HOST)
    assert (main[2]["guest_id"], main[2]["role"]) == (rows["王建华"]["id"], rules.PRINCIPAL)
    assert (main[3]["guest_id"], main[3]["role"]) == (rows["翻译"]["id"], rules.INTERPRETER)
    seated = {s["guest_id"] for t in plan["tables"] for s in t["seats"] if s["guest_id"]}
    assert rows["客人乙"]["id"] not in seated
    assert plan["serving_order"][0]["guest_id"] == rows["王夫人"]["id"]  # the female principal guest first
    assert Banquet.objects.get(pk=banquet["id"]).seating == plan | {
        "tables": [dict(t) for t in Banquet.objects.get(pk=banquet["id"]).seating["tables"]]
    }


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: guests(p, host=False), rules.NO_HOST),
        (
            lambda p: [{"name": "主人", "role": "host"}, {"name": "翻译", "is_interpreter": True}],
            rules.INTERPRETER_WITHOUT_PRINCIPAL,
        ),
        (
            lambda p: [{"name": "主人", "role": "host"}] + [{"name": f"客{i}"} for i in range(8)],
            rules.TOO_MANY_GUESTS.format(people=9, tables=1, size=8),
        ),
        (
            lambda p: [{"name": "主人", "role": "host"}, {"name": "甲", "spouse_of": 5}],
            "“Spouse of” must give the position of another guest on the list.",
        ),
        (
            lambda p: [{"name": "主人", "role": "host"}, {"name": "甲", "rank": 0}],
            "Give the rank as a whole number from 1 (most senior) to 999.",
        ),
    ],
)
def test_bad_guest_lists_are_refused_and_nothing_is_written(
    people: dict[str, Any], api_client: Any, banquet: dict[str, Any], make: Any, message: str
) -> None:
    client = api_client(people["spec1"])
    client.patch(f"/api/v1/banquets/{banquet['id']}", {"table_count": 1})
    answer = client.put(f"/api/v1/banquets/{banquet['id']}/guests", {"guests": make(people)})
    assert answer.status_code == 422 and answer.json()["detail"] == message, answer.json()
    assert answer.json()["field"]
    assert not BanquetGuest.objects.exists()


def test_seating_without_a_host_is_refused(
    people: dict[str, Any], api_client: Any, banquet: dict[str, Any]
) -> None:
    answer = api_client(people["spec1"]).post(f"/api/v1/banquets/{banquet['id']}/seating", {})
    assert (answer.status_code, answer.json()["detail"]) == (422, rules.NO_HOST)
    assert Banquet.objects.get(pk=banquet["id"]).seating is None


def test_warnings_short_notice_and_taboo_date(people: dict[str, Any], api_client: Any) -> None:
    day = clock.local_today() + timedelta(days=5)
    answer = api_client(people["spec1"]).post(
        "/api/v1/banquets/",
        banquet_body(
            starts_at=datetime.combine(day, time(12), tzinfo=clock.local_zone()).isoformat(),
            taboo_dates=[day.isoformat()],
        ),
    )
    assert [w["code"] for w in answer.json()["warnings"]] == ["short_notice", "taboo_date"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"table_size": 9}, "table_size"),
        ({"taboo_dates": ["soon"]}, "taboo_dates"),
        ({"level": "royal"}, "level"),
        ({"venue": ""}, "venue"),
    ],
)
def test_bad_banquets_are_refused(
    people: dict[str, Any], api_client: Any, overrides: dict[str, Any], field: str
) -> None:
    answer = api_client(people["spec1"]).post("/api/v1/banquets/", banquet_body(**overrides))
    assert (answer.status_code, answer.json()["field"]) == (422, field)
    assert not Banquet.objects.exists()


def test_invitations_are_tracked_and_only_the_organiser_changes_them(
    people: dict[str, Any], api_client: Any, banquet: dict[str, Any]
) -> None:
    organiser = api_client(people["spec1"])
    saved = organiser.put(f"/api/v1/banquets/{banquet['id']}/guests", {"guests": guests(people)}).json()
    guest_id = saved[1]["id"]
    url = f"/api/v1/banquets/{banquet['id']}/guests/{guest_id}/invitation"
    assert organiser.post(url, {"invitation": "sent"}).json()["invitation"] == "sent"
    assert Banquet.objects.get(pk=banquet["id"]).invitations_sent_on == clock.local_today()
    assert organiser.post(url, {"invitation": "maybe"}).status_code == 422
    assert api_client(people["manager1"]).post(url, {"invitation": "declined"}).status_code == 403
    assert BanquetGuest.objects.get(pk=guest_id).invitation == "sent"


def test_other_departments_do_not_see_the_banquet(
    people: dict[str, Any], api_client: Any, banquet: dict[str, Any]
) -> None:
    assert api_client(people["spec3"]).get(f"/api/v1/banquets/{banquet['id']}").status_code == 404
    assert api_client(people["manager1"]).get(f"/api/v1/banquets/{banquet['id']}").status_code == 200


def test_the_customer_can_be_cleared_and_an_omitted_one_is_kept(
    people: dict[str, Any], api_client: Any, banquet: dict[str, Any]
) -> None:
    organiser = api_client(people["spec1"])
    url = f"/api/v1/banquets/{banquet['id']}"
    assert organiser.patch(url, {"venue": "国宾馆二楼"}).status_code == 200
    assert Banquet.objects.get(pk=banquet["id"]).account_id == people["account"].pk
    assert organiser.patch(url, {"account_id": None}).status_code == 200
    assert Banquet.objects.get(pk=banquet["id"]).account_id is None
    assert organiser.patch(url, {"account_id": people["account"].pk}).status_code == 200
    assert Banquet.objects.get(pk=banquet["id"]).account_id == people["account"].pk
