"""API of relationship management: the conventions (201, {count, items}, 4xx naming the field)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from kam.accounts.models import Account
from kam.relations.models import Assessment, AssessmentTemplate
from kam.relations.services import assessments
from tests.relations.conftest import MAINTAIN_SCORES, scores

pytestmark = pytest.mark.django_db


def _body(template: AssessmentTemplate, account: Any, values: Any) -> dict[str, Any]:
    rows = [{**s, "score": str(s["score"])} for s in scores(template, values)]
    return {"account_id": account.pk, "scores": rows, "suggestions": "加强高层往来"}


def test_assess_and_confirm_through_the_api(
    org: dict[str, Any], account: Any, template: Any, api_client: Any
) -> None:
    specialist = api_client(org["spec1"])
    created = specialist.post("/api/v1/assessments/", _body(template, account, MAINTAIN_SCORES))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["total"], body["proposed"], body["status"], body["difference"]) == (
        "77.50",
        "maintain",
        "proposed",
        "7.50",
    )
    assert [s["grade"] for s in body["scores"]] == ["A", "B", "C", "C", "B", "B", "A", "D"]
    manager = api_client(org["manager1"])
    refused = manager.post(f"/api/v1/assessments/{body['id']}/confirm", {"result": "terminate"})
    assert refused.status_code == 422
    assert refused.json() == {"detail": assessments.REASON_REQUIRED, "field": "reason"}
    assert (
        specialist.post(f"/api/v1/assessments/{body['id']}/confirm", {"result": "maintain"}).status_code
        == 403
    )
    confirmed = manager.post(
        f"/api/v1/assessments/{body['id']}/confirm", {"result": "terminate", "reason": "连续亏损"}
    )
    assert confirmed.status_code == 200 and confirmed.json()["released"] is True
    account = Account.objects.get(pk=account.pk)
    assert (account.owner_id, account.status) == (None, "terminated")
    standing = manager.get(f"/api/v1/relationship-standing/{account.pk}").json()
    assert (standing["latest_result"], standing["latest_total"], standing["trend"]) == (
        "terminate",
        "77.50",
        "first",
    )
    listed = manager.get("/api/v1/assessments/", {"account_id": account.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["result"] == "terminate"


def test_assessment_export_has_the_form_layout(
    org: dict[str, Any], account: Any, template: Any, api_client: Any
) -> None:
    client = api_client(org["spec1"])
    created = client.post("/api/v1/assessments/", _body(template, account, 85)).json()
    response = client.get(f"/api/v1/assessments/{created['id']}/export")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "大客户关系评估表"
    assert sheet["B4"].value == "杭州西湖铝业有限公司"
    assert sheet["A8"].value == "采购量" and sheet["B8"].value == 20
    assert sheet["A16"].value == "合计 Total" and sheet["C16"].value == 85


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"score": "101"}, 422, "scores"),
        ({"score": "-1"}, 422, "scores"),
        ({"indicator_id": 999999}, 422, "scores"),
    ],
)
def test_bad_scores_are_refused(
    org: dict[str, Any],
    account: Any,
    template: Any,
    api_client: Any,
    change: dict[str, Any],
    status: int,
    field: str,
) -> None:
    body = _body(template, account, 80)
    body["scores"][0].update(change)
    response = api_client(org["spec1"]).post("/api/v1/assessments/", body)
    assert response.status_code == status and response.json()["field"] == field
    assert not Assessment.objects.exists()


def test_templates_through_the_api(org: dict[str, Any], api_client: Any) -> None:
    manager = api_client(org["manager1"])
    body = {
        "name": "简化评估",
        "standard_score": 60,
        "develop_at": 80,
        "terminate_below": 50,
        "grades": [["A", 80], ["B", 0]],
        "indicators": [{"name": "采购量", "weight": 70}, {"name": "回款", "weight": 20}],
    }
    refused = manager.post("/api/v1/assessment-templates/", body)
    assert refused.status_code == 422 and refused.json()["field"] == "indicators"
    body["indicators"][1]["weight"] = 30
    created = manager.post("/api/v1/assessment-templates/", body)
    assert created.status_code == 201, created.json()
    template_id = created.json()["id"]
    patched = manager.patch(f"/api/v1/assessment-templates/{template_id}", {"develop_at": 40})
    assert patched.status_code == 422 and patched.json()["field"] == "develop_at"
    assert AssessmentTemplate.objects.get(pk=template_id).develop_at == 80
    assert api_client(org["spec1"]).post("/api/v1/assessment-templates/", body).status_code == 403


def test_needs_demand_and_exports(org: dict[str, Any], account: Any, api_client: Any) -> None:
    client = api_client(org["spec1"])
    need = client.post(
        "/api/v1/needs/",
        {
            "account_id": account.pk,
            "direction": "迁往新厂区",
            "problem": "物流成本高",
            "countermeasure": "就近设仓",
        },
    )
    assert need.status_code == 201 and need.json()["status"] == "open"
    patched = client.patch(f"/api/v1/needs/{need.json()['id']}", {"status": "finished"})
    assert patched.status_code == 422 and patched.json()["field"] == "status"
    line = client.post(
        "/api/v1/demand-lines/",
        {
            "account_id": account.pk,
            "product_type": "铝锭",
            "quantity": "120",
            "region": "华东",
            "price_min": "15000",
            "price_max": "17000",
        },
    )
    assert line.status_code == 201
    bad = client.post(
        "/api/v1/demand-lines/",
        {
            "account_id": account.pk,
            "product_type": "铝锭",
            "quantity": "5",
            "region": "华东",
            "price_min": "9",
            "price_max": "1",
        },
    )
    assert bad.status_code == 422 and bad.json()["field"] == "price_max"
    summary = api_client(org["manager1"]).get("/api/v1/demand-lines/summary").json()
    assert summary["product_type"] == {"铝锭": "120.00"} and summary["price_band"] == {
        "10000–100000": "120.00"
    }
    sheet = load_workbook(io.BytesIO(client.get("/api/v1/needs/export").content)).active
    assert (sheet["A1"].value, sheet["C5"].value, sheet["D5"].value) == (
        "大客户需要对策表",
        "迁往新厂区",
        "物流成本高",
    )
    sheet = load_workbook(io.BytesIO(client.get("/api/v1/demand-lines/export").content)).active
    assert (sheet["A1"].value, sheet["B5"].value, sheet["E5"].value) == (
        "大客户需求分析表",
        "铝锭",
        "15000.00–17000.00",
    )
    assert client.get("/api/v1/needs/").json()["count"] == 1
    assert api_client(org["spec3"]).get("/api/v1/needs/").json()["count"] == 0


def test_directives_meetings_procedures_through_the_api(org: dict[str, Any], api_client: Any) -> None:
    regional, manager = api_client(org["regional"]), api_client(org["manager1"])
    refused = regional.post(
        "/api/v1/directives/",
        {"assignee_id": org["spec1"].pk, "title": "t", "body": "b", "due_on": "2099-01-01"},
    )
    assert refused.status_code == 422 and refused.json()["field"] == "assignee_id"
    created = regional.post(
        "/api/v1/directives/",
        {
            "assignee_id": org["manager1"].pk,
            "title": "走访重点客户",
            "body": "本月内",
            "due_on": "2099-01-01",
        },
    )
    assert created.status_code == 201 and created.json()["overdue"] is False
    directive_id = created.json()["id"]
    assert manager.post(f"/api/v1/directives/{directive_id}/acknowledge").json()["status"] == "acknowledged"
    assert (
        manager.post(f"/api/v1/directives/{directive_id}/updates", {"body": "已走访3家"}).json()["status"]
        == "in_progress"
    )
    assert (
        manager.post(f"/api/v1/directives/{directive_id}/complete", {"result": "全部走访"}).json()["status"]
        == "completed"
    )
    replied = manager.post(f"/api/v1/directives/{directive_id}/reply", {"reply": "已完成"}).json()
    assert replied["status"] == "replied" and len(replied["updates"]) == 1
    meeting = manager.post(
        "/api/v1/meetings/",
        {
            "title": "周例会",
            "held_on": "2026-11-20",
            "attendee_ids": [org["spec1"].pk],
            "actions": [{"description": "提交报表", "owner_id": org["spec1"].pk, "due_on": "2026-12-01"}],
        },
    )
    assert meeting.status_code == 201, meeting.json()
    action_id = meeting.json()["actions"][0]["id"]
    assert api_client(org["spec1"]).post(f"/api/v1/meeting-actions/{action_id}/done").json()["done_at"]
    procedure = manager.post("/api/v1/procedures/", {"title": "合同审核流程", "body": "一、……"}).json()
    version_1 = procedure["current"]["id"]
    manager.post(f"/api/v1/procedures/{procedure['id']}/versions", {"body": "二、……"})
    stale = api_client(org["spec2"]).post(f"/api/v1/procedure-versions/{version_1}/acknowledge")
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    current = manager.get(f"/api/v1/procedures/{procedure['id']}").json()["current"]
    assert current["number"] == 2
    assert (
        api_client(org["spec2"]).post(f"/api/v1/procedure-versions/{current['id']}/acknowledge").status_code
        == 201
    )
    pending = {p["username"] for p in manager.get(f"/api/v1/procedures/{procedure['id']}/pending").json()}
    assert pending == {"manager1", "spec1"}
