"""API of facility tours (D1): create with field-named refusals, submit, approve, assign, brief, export."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from kam.core import clock
from kam.tours import rules, services
from kam.tours.models import FacilityArea, TourApplication
from tests.factories_approvals import areas, tour_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(people: dict[str, Any]) -> dict[str, Any]:
    return {**people, **areas()}


def body(route: list[int], **overrides: Any) -> dict[str, Any]:
    fields = tour_fields(route, **overrides)
    for name in ("visit_date", "start_time", "end_time"):
        fields[name] = fields[name].isoformat()
    return fields


def test_a_tour_through_the_api(site: dict[str, Any], api_client: Any) -> None:
    applicant = api_client(site["spec1"])
    route = [site["hall"].pk, site["power"].pk]
    created = applicant.post("/api/v1/tours/", body(route, interview_or_filming=True))
    assert created.status_code == 201, created.json()
    tour = created.json()
    assert (tour["status"], tour["route"], tour["headcount"]) == ("draft", route, 2)
    submitted = applicant.post(f"/api/v1/tours/{tour['id']}/submit").json()
    assert submitted["status"] == "submitted" and submitted["approval_id"]
    office = api_client(site["office"])
    assigned = office.post(
        f"/api/v1/tours/{tour['id']}/assign",
        {"host_id": site["manager1"].pk, "car": "考斯特", "guide": "王工"},
    )
    assert assigned.status_code == 200 and assigned.json()["guide"] == "王工"
    approval = submitted["approval_id"]
    assert office.post(f"/api/v1/approvals/{approval}/decide", {"action": "approve"}).status_code == 200
    gm = api_client(site["gm"]).post(f"/api/v1/approvals/{approval}/decide", {"action": "approve"})
    assert gm.status_code == 200 and gm.json()["status"] == "approved"
    assert applicant.get(f"/api/v1/tours/{tour['id']}").json()["status"] == "approved"
    brief = applicant.get(f"/api/v1/tours/{tour['id']}/brief").json()
    assert [n["code"] for n in brief["safety_notes"]] == ["helmet", "magnet", "filming"]
    assert brief["safety_notes"][1]["areas"] == ["动力车间"]
    assert [a["name"] for a in brief["route"]] == ["展厅", "动力车间"]
    assert len(brief["visitor_rules"]) == len(rules.VISITOR_RULES)


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"route": "restricted"}, 422, "route"),
        ({"headcount": 0, "visitors": [{"name": "王总"}]}, 422, "headcount"),
        ({"headcount": 5}, 422, "headcount"),
        ({"visit_date": "past"}, 422, "visit_date"),
        ({"visit_date": "not-a-date"}, 422, "visit_date"),
        ({"route": [999_999]}, 422, "route"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(
    site: dict[str, Any], api_client: Any, overrides: dict[str, Any], status: int, field: str
) -> None:
    overrides = dict(overrides)
    route = overrides.pop("route", [site["hall"].pk])
    if route == "restricted":
        route = [site["hall"].pk, site["chemicals"].pk]
    payload = body(route, **{k: v for k, v in overrides.items() if k != "visit_date"})
    if overrides.get("visit_date") == "past":
        payload["visit_date"] = (clock.local_today() - timedelta(days=3)).isoformat()
    elif "visit_date" in overrides:
        payload["visit_date"] = overrides["visit_date"]
    answer = api_client(site["spec1"]).post("/api/v1/tours/", payload)
    assert (answer.status_code, answer.json()["field"]) == (status, field), answer.json()
    assert not TourApplication.all_objects.exists()


def test_patch_and_visibility(site: dict[str, Any], api_client: Any) -> None:
    created = api_client(site["spec1"]).post("/api/v1/tours/", body([site["hall"].pk])).json()
    url = f"/api/v1/tours/{created['id']}"
    assert api_client(site["spec3"]).get(url).status_code == 404  # another department
    assert api_client(site["manager1"]).get(url).status_code == 200  # the department's manager
    assert api_client(site["manager1"]).patch(url, {"purpose": "改"}).status_code == 403
    changed = api_client(site["spec1"]).patch(url, {"purpose": "参观展厅", "route": [site["workshop"].pk]})
    assert changed.status_code == 200 and changed.json()["route"] == [site["workshop"].pk]
    stored = TourApplication.objects.get(pk=created["id"])
    assert stored.purpose == "参观展厅"
    assert stored.history.order_by("-history_id").first().history_change_reason == "changed"
    listed = api_client(site["office"]).get("/api/v1/tours/?status=draft").json()
    assert [t["id"] for t in listed["items"]] == [created["id"]]


def test_export_is_the_rulebooks_form(site: dict[str, Any], api_client: Any) -> None:
    tour = services.tour_create(
        actor=site["spec1"], **tour_fields([site["electrolysis"].pk], organisation="=HYPERLINK(1)")
    )
    answer = api_client(site["spec1"]).get(f"/api/v1/tours/{tour.pk}/export")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "公司参观申请表" in cells
    for label in (
        "参观单位 Organisation",
        "参观人数 Headcount",
        "参观日期 Date",
        "参观时间 Time",
        "参观目的 Purpose",
    ):
        assert label in cells
    assert "'=HYPERLINK(1)" in cells  # escaped, not a formula
    assert {"王总", "李工", "考察生产线", "09:30–11:00", tour.visit_date.isoformat()} <= cells
    assert any("电解车间" in c and "安全帽" not in c for c in cells)
    assert any("手表、信用卡" in c for c in cells)


def test_areas_api(site: dict[str, Any], api_client: Any) -> None:
    listed = api_client(site["spec1"]).get("/api/v1/facility-areas/").json()
    assert listed["count"] == 5
    assert api_client(site["spec1"]).post("/api/v1/facility-areas/", {"name": "新区"}).status_code == 403
    made = api_client(site["office"]).post(
        "/api/v1/facility-areas/", {"name": "配电室", "is_restricted": True}
    )
    assert made.status_code == 201
    area = FacilityArea.objects.get(pk=made.json()["id"])
    assert area.is_restricted
    patched = api_client(site["office"]).patch(f"/api/v1/facility-areas/{area.pk}", {"is_restricted": False})
    assert patched.json()["is_restricted"] is False
    assert api_client(site["spec1"]).get(f"/api/v1/facility-areas/{area.pk}").json()["name"] == "配电室"
