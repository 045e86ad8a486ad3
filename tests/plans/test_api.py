"""The plans and scorecards API: responses, stored state and history (B1–B8, issue 4 item 7)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kam.core import clock
from kam.plans import rules
from kam.plans.models import ManualScore, MonthlyPlan, Scorecard
from kam.plans.services import plans as plan_services
from kam.plans.services import scorecards as card_services
from tests.factories_accounts import AccountFactory
from tests.plans.conftest import MONTH

pytestmark = pytest.mark.django_db

BODY = {"month": "2026-12", "visits": 40, "expansions": 4, "deals": 2}


def test_submit_a_plan(org: dict[str, Any], api_client: Any, at: Any) -> None:
    at(2026, 11, 30, 9, 0)
    response = api_client(org["spec1"]).post("/api/v1/plans/", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["deadline"] == "2026-11-30T23:59:59+08:00"
    assert (body["late"], body["status"], body["month"], body["visits"]) == (
        False,
        "submitted",
        "2026-12",
        40,
    )
    assert body["submitted_at"].startswith("2026-11-30T")
    plan = MonthlyPlan.objects.get(pk=body["id"])
    assert plan.specialist == org["spec1"]
    assert plan.history.first().history_user == org["spec1"]


def test_a_late_plan(org: dict[str, Any], api_client: Any, at: Any) -> None:
    at(2026, 12, 2, 9, 0)
    body = api_client(org["spec1"]).post("/api/v1/plans/", BODY).json()
    assert body["late"] is True


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"visits": 0}, 422, "visits"),
        ({"deals": -1}, 422, "deals"),
        ({"month": "2026-1"}, 422, "month"),
        ({"month": "2026-13"}, 422, "month"),
        ({"expansions": 1.5}, 422, None),
        ({"visits": "3"}, 422, None),
    ],
)
def test_bad_plans_write_nothing(
    org: dict[str, Any], api_client: Any, change: dict[str, Any], status: int, field: str | None
) -> None:
    response = api_client(org["spec1"]).post("/api/v1/plans/", {**BODY, **change})
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field
    assert not MonthlyPlan.objects.exists()


def test_a_second_plan_is_409(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    assert client.post("/api/v1/plans/", BODY).status_code == 201
    response = client.post("/api/v1/plans/", {**BODY, "visits": 99})
    assert response.status_code == 409
    assert response.json()["detail"] == plan_services.PLAN_EXISTS
    assert MonthlyPlan.objects.get().visits == 40


def test_manager_submits_for_a_specialist_and_decides(org: dict[str, Any], api_client: Any) -> None:
    manager = api_client(org["manager1"])
    plan = manager.post("/api/v1/plans/", {**BODY, "specialist_id": org["spec2"].pk}).json()
    assert plan["specialist_id"] == org["spec2"].pk
    assert api_client(org["manager2"]).post(f"/api/v1/plans/{plan['id']}/approve", {}).status_code == 404
    assert api_client(org["spec2"]).post(f"/api/v1/plans/{plan['id']}/approve", {}).status_code == 403
    returned = manager.post(f"/api/v1/plans/{plan['id']}/return", {"comment": "请补充拓展计划"})
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["comment"]) == ("returned", "请补充拓展计划")
    again = api_client(org["spec2"]).post("/api/v1/plans/", {**BODY, "expansions": 6})
    assert again.status_code == 201 and again.json()["id"] == plan["id"]
    approved = manager.post(f"/api/v1/plans/{plan['id']}/approve", {})
    assert approved.json()["status"] == "approved"
    assert MonthlyPlan.objects.get().history.first().history_user == org["manager1"]


def test_scorecards_list_with_rows_and_rank(
    org: dict[str, Any], api_client: Any, fake_visits: dict[int, int]
) -> None:
    api_client(org["spec1"]).post("/api/v1/plans/", BODY)
    api_client(org["spec2"]).post("/api/v1/plans/", {**BODY, "visits": 10})
    fake_visits.update({org["spec1"].pk: 20, org["spec2"].pk: 10})
    AccountFactory(owner=org["spec1"], developed_at=date(2026, 12, 10))
    response = api_client(org["manager1"]).get("/api/v1/scorecards/?month=2026-12")
    assert response.status_code == 200
    items = {i["user_id"]: i for i in response.json()["items"]}
    assert set(items) == {org["spec1"].pk, org["spec2"].pk}
    one = items[org["spec1"].pk]
    assert [(r["code"], r["plan"], r["actual"], r["rate"], r["weight"], r["score"]) for r in one["rows"]] == [
        ("visits", 40, "20", "50.00", "40", "20.00"),
        ("expansion", 4, "1", "25.00", "25", "6.25"),
        ("deals", 2, "0", "0.00", "20", "0.00"),
        ("daily_work", None, None, None, "15", "0.00"),
    ]
    assert (one["total"], one["status"], one["month"]) == ("26.25", "open", "2026-12")
    assert one["template"] == "客户专人月度考核表（表一）"
    # spec2: 10/10 visits → 40.00
    assert (items[org["spec2"].pk]["total"], items[org["spec2"].pk]["rank"], one["rank"]) == ("40.00", 1, 2)


def test_a_specialist_sees_only_their_own_scorecard(org: dict[str, Any], api_client: Any) -> None:
    client = api_client(org["spec1"])
    items = client.get("/api/v1/scorecards/?month=2026-12").json()["items"]
    assert [i["user_id"] for i in items] == [org["spec1"].pk]
    assert client.get(f"/api/v1/scorecards/?month=2026-12&user_id={org['spec2'].pk}").status_code == 404
    assert client.get("/api/v1/scorecards/?month=12-2026").status_code == 422


def test_manual_scores_and_lock(org: dict[str, Any], api_client: Any, fake_visits: dict[int, int]) -> None:
    items = (
        api_client(org["manager1"]).get(f"/api/v1/scorecards/?month=2026-12&user_id={org['spec1'].pk}").json()
    )
    card_id = items["items"][0]["id"]
    own = api_client(org["spec1"]).post(
        f"/api/v1/scorecards/{card_id}/manual-scores", {"scores": {"daily_work": 100}}
    )
    assert own.status_code == 403 and own.json()["detail"] == card_services.SELF_SCORING
    out_of_range = api_client(org["manager1"]).post(
        f"/api/v1/scorecards/{card_id}/manual-scores", {"scores": {"daily_work": 120}}
    )
    assert out_of_range.status_code == 422 and out_of_range.json()["detail"] == rules.MANUAL_OUT_OF_RANGE
    assert not ManualScore.objects.exists()
    ok = api_client(org["manager1"]).post(
        f"/api/v1/scorecards/{card_id}/manual-scores", {"scores": {"daily_work": 90}}
    )
    assert ok.status_code == 200
    assert ok.json()["rows"][3]["score"] == "13.50" and ok.json()["total"] == "13.50"
    adjusted = api_client(org["manager1"]).post(
        f"/api/v1/scorecards/{card_id}/adjust", {"code": "daily_work", "score": "15", "reason": "季度表彰"}
    )
    assert adjusted.json()["rows"][3]["score"] == "15.00"
    no_reason = api_client(org["manager1"]).post(
        f"/api/v1/scorecards/{card_id}/adjust", {"code": "daily_work", "score": "1", "reason": ""}
    )
    assert no_reason.status_code == 422
    locked = api_client(org["manager1"]).post(f"/api/v1/scorecards/{card_id}/lock")
    assert locked.status_code == 200 and locked.json()["status"] == "locked"
    stored = Scorecard.objects.get(pk=card_id)
    assert (stored.total, stored.locked_by) == (15, org["manager1"])
    again = api_client(org["manager1"]).post(
        f"/api/v1/scorecards/{card_id}/manual-scores", {"scores": {"daily_work": 10}}
    )
    assert again.status_code == 409
    assert api_client(org["spec1"]).post("/api/v1/plans/", BODY).status_code == 409


def test_lock_month_and_templates_and_targets(org: dict[str, Any], api_client: Any) -> None:
    manager = api_client(org["manager1"])
    locked = manager.post(
        "/api/v1/scorecard-months/lock", {"department_id": org["ka1"].pk, "month": "2026-12"}
    )
    assert locked.json() == {"locked": 2}
    assert Scorecard.objects.filter(month=MONTH, status="locked").count() == 2
    bad = manager.post(
        "/api/v1/scorecard-templates/",
        {"name": "x", "rows": [{"code": "a", "weight": "90", "kind": "manual"}]},
    )
    assert bad.status_code == 422 and bad.json()["detail"] == rules.WEIGHTS_NOT_100
    templates = manager.get("/api/v1/scorecard-templates/").json()
    assert templates["count"] == 2
    target = manager.post(
        "/api/v1/annual-targets/",
        {"department_id": org["ka1"].pk, "year": 2027, "visits": 480, "expansions": 40, "deals": 24},
    )
    assert target.status_code == 200 and target.json()["visits"] == 480
    assert api_client(org["spec1"]).get("/api/v1/annual-targets/?year=2027").json()["count"] == 1
    assert clock.parse_month("2026-12") == MONTH
