"""API of field work: responses, stored rows, history, and bad input answered 4xx naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from kam.visits import rules
from kam.visits.models import DailyReport, SignIn, Violation, Visit
from tests.factories import UserFactory
from tests.visits.conftest import DAY, INSIDE, OUTSIDE

pytestmark = pytest.mark.django_db


def test_sign_in_in_bd09_without_a_zone_is_local(
    field: dict[str, Any], api_client: Any, evening: Any
) -> None:
    bd = rules.wgs84_to_bd09(*INSIDE)
    body = {
        "occurred_at": "2026-03-04T08:45:00",
        "lat": bd[1],
        "lng": bd[0],
        "coord_system": "bd09",
        "accuracy_m": 8,
    }
    response = api_client(field["spec1"]).post("/api/v1/sign-ins/", body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["in_territory"] is True
    assert data["occurred_at"] == "2026-03-04T08:45:00+08:00"
    assert [v["code"] for v in data["violations"]] == ["late_sign_in"]
    stored = SignIn.objects.get(pk=data["id"])
    assert rules.distance_m((stored.lng, stored.lat), INSIDE) < 1  # BD-09's published inverse is approximate
    assert stored.history.first().history_user == field["spec1"]


@pytest.mark.parametrize(
    ("body", "field_name"),
    [
        ({"lat": 95, "lng": 120}, "lat"),
        ({"lat": 30, "lng": -181}, "lng"),
        ({"lat": 30, "lng": 120, "coord_system": "mars"}, "coord_system"),
        ({"lat": 30, "lng": 120, "occurred_at": "yesterday"}, "occurred_at"),
        ({"lng": 120}, "lat"),
    ],
)
def test_bad_sign_ins(field: dict[str, Any], api_client: Any, body: dict[str, Any], field_name: str) -> None:
    response = api_client(field["spec1"]).post("/api/v1/sign-ins/", body)
    assert response.status_code == 422
    assert response.json()["field"] == field_name
    assert not SignIn.objects.exists()


def test_visit_create_and_list(field: dict[str, Any], api_client: Any, evening: Any) -> None:
    client = api_client(field["spec1"])
    body = {
        "account_id": field["account"].pk,
        "contact_id": field["contact"].pk,
        "occurred_at": "2026-03-04T17:10",
        "plan_code": "B",
        "result_code": "A",
        "summary": "签了补充协议",
        "lat": OUTSIDE[1],
        "lng": OUTSIDE[0],
        "growth_rate": "12.5",
    }
    response = client.post("/api/v1/visits/", body)
    assert response.status_code == 201, response.json()
    codes = sorted(v["code"] for v in response.json()["violations"])
    assert codes == ["outside_territory", "visit_outside_hours"]
    visit = Visit.objects.get(pk=response.json()["id"])
    assert (visit.plan_code, visit.result_code, str(visit.growth_rate)) == ("B", "A", "12.50")
    listed = client.get("/api/v1/visits/", {"account_id": field["account"].pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["summary"] == "签了补充协议"
    assert api_client(field["spec3"]).get(f"/api/v1/visits/{visit.pk}").status_code == 404


@pytest.mark.parametrize(
    ("change", "status", "field_name"),
    [
        ({"plan_code": "Z"}, 422, "plan_code"),
        ({"result_code": "F"}, 422, "result_code"),
        ({"lat": 100, "lng": 120}, 422, "lat"),
        ({"other": True}, 404, None),
    ],
)
def test_bad_visits_write_nothing(
    field: dict[str, Any], api_client: Any, change: dict[str, Any], status: int, field_name: str | None
) -> None:
    body = {"account_id": field["account"].pk, "plan_code": "A", "result_code": "A"}
    if change.pop("other", False):
        body["account_id"] = field["other_account"].pk
    body.update(change)
    response = api_client(field["spec1"]).post("/api/v1/visits/", body)
    assert response.status_code == status
    assert response.json().get("field") == field_name
    assert not Visit.objects.exists()


def test_appointments_warn_of_double_bookings(field: dict[str, Any], api_client: Any) -> None:
    client = api_client(field["spec1"])
    body = {"account_id": field["account"].pk, "starts_at": "2026-03-05T09:00", "purpose": "年度回访"}
    first = client.post("/api/v1/appointments/", body)
    second = client.post("/api/v1/appointments/", {**body, "starts_at": "2026-03-05T09:30"})
    assert first.status_code == second.status_code == 201
    assert second.json()["double_booked_with"] == [first.json()["id"]]
    week = client.get("/api/v1/appointments/", {"start": "2026-03-02", "end": "2026-03-09"}).json()
    assert week["count"] == 2
    assert client.post(f"/api/v1/appointments/{first.json()['id']}/cancel").json()["cancelled_at"]


def test_contact_plan(field: dict[str, Any], api_client: Any) -> None:
    body = {"account_id": field["account"].pk, "planned_for": "2026-03-06T10:00", "purpose": "介绍新产品"}
    response = api_client(field["spec1"]).post("/api/v1/contact-plans/", body)
    assert response.status_code == 201
    assert api_client(field["spec1"]).get("/api/v1/contact-plans/").json()["count"] == 1


def test_daily_report_flow(field: dict[str, Any], api_client: Any, evening: Any) -> None:
    client = api_client(field["spec1"])
    body = {
        "day": "2026-03-04",
        "expenses": [{"item": "交通", "amount": "20.00"}, {"item": "停车", "amount": "10"}],
    }
    created = client.post("/api/v1/daily-reports/", body)
    assert created.status_code == 201
    assert created.json()["expense_total"] == "30.00" and created.json()["weekday"] == 3
    report_id = created.json()["id"]
    assert client.post("/api/v1/daily-reports/", body).status_code == 409
    submitted = client.post(f"/api/v1/daily-reports/{report_id}/submit")
    assert submitted.json()["status"] == "submitted" and submitted.json()["late"] is True
    approved = api_client(field["manager1"]).post(f"/api/v1/daily-reports/{report_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert DailyReport.objects.get(pk=report_id).history.first().history_user == field["manager1"]


@pytest.mark.parametrize(
    ("body", "status", "field_name"),
    [
        ({"day": "2026-03-05"}, 422, "day"),
        ({"day": "2026-03-04", "expenses": [{"item": "餐", "amount": "-1"}]}, 422, "expenses.0.amount"),
        ({"day": "2026-03-04", "expenses": [{"item": "餐", "amount": "99999999"}]}, 422, "expenses.0.amount"),
    ],
)
def test_bad_reports(
    field: dict[str, Any], api_client: Any, evening: Any, body: Any, status: int, field_name: str
) -> None:
    response = api_client(field["spec1"]).post("/api/v1/daily-reports/", body)
    assert response.status_code == status
    assert response.json()["field"].startswith(field_name.split(".")[0])
    assert not DailyReport.objects.exists()


def test_violations_filters_and_workflow(field: dict[str, Any], api_client: Any, evening: Any) -> None:
    from kam.visits import services

    services.discipline_sweep(day=DAY, now=evening)
    director = UserFactory(posts=["service_director"], department=field["region"])
    inspector = UserFactory(posts=["inspector"], department=None)
    listed = (
        api_client(director)
        .get("/api/v1/violations/", {"month": "2026-03", "code": "missing_sign_in"})
        .json()
    )
    assert listed["count"] == 3
    mine = Violation.objects.get(user=field["spec1"])
    assert api_client(director).get("/api/v1/violations/", {"month": "2026-13"}).json()["field"] == "month"
    explained = api_client(field["spec1"]).post(
        f"/api/v1/violations/{mine.pk}/explain", {"explanation": "年假"}
    )
    assert explained.json()["status"] == "explained"
    assert (
        api_client(field["spec2"])
        .post(f"/api/v1/violations/{mine.pk}/explain", {"explanation": "x"})
        .status_code
        == 404
    )
    assert api_client(field["manager1"]).post(f"/api/v1/violations/{mine.pk}/accept", {}).status_code == 403
    rejected = api_client(director).post(f"/api/v1/violations/{mine.pk}/reject", {"note": "无假条"})
    assert rejected.json()["status"] == "rejected"
    closed = api_client(inspector).post(f"/api/v1/violations/{mine.pk}/close", {"note": "已约谈"})
    assert closed.json()["status"] == "closed" and "已约谈" in closed.json()["audit_notes"]
    assert api_client(director).post(f"/api/v1/violations/{mine.pk}/accept", {}).status_code == 409
