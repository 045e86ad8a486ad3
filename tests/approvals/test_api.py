"""API of the approval engine: chains, the inbox, decisions with their 403/409/422, delegations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kam.approvals import rules, services
from kam.approvals.models import ApprovalRequest, Delegation
from kam.core import clock
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def start(people: dict[str, Any]) -> ApprovalRequest:
    return services.approval_start(
        actor=people["spec1"],
        chain_code="hospitality",
        target=TerritoryFactory(),
        amount=Decimal("1500"),
        title="招待",
    )


def test_chains_are_listed_with_their_current_steps(people: dict[str, Any], api_client: Any) -> None:
    body = api_client(people["spec1"]).get("/api/v1/approval-chains/").json()
    chains = {c["code"]: c for c in body["items"]}
    assert [(s["order"], s["post"], s["flag"]) for s in chains["hospitality"]["steps"]] == [
        (1, "cs_manager", ""),
        (2, "general_manager", ""),
        (3, "finance", ""),
    ]
    assert [(s["post"], s["flag"]) for s in chains["tour"]["steps"]] == [
        ("company_office", ""),
        ("general_manager", "interview_or_filming"),
    ]
    one = api_client(people["spec1"]).get(f"/api/v1/approval-chains/{chains['tour']['id']}").json()
    assert (one["code"], one["version"]) == ("tour", 1)


def test_inbox_decide_and_history(people: dict[str, Any], api_client: Any) -> None:
    request = start(people)
    client = api_client(people["cs_manager"])
    inbox = client.get("/api/v1/approvals/inbox").json()
    assert inbox["count"] == 1
    item = inbox["items"][0]
    assert (item["id"], item["chain"], item["step_name"], item["on_behalf_of"]) == (
        request.pk,
        "hospitality",
        "客户服务部经理审核",
        [],
    )
    answer = client.post(
        f"/api/v1/approvals/{request.pk}/decide",
        {"action": "approve", "comment": "同意", "step_id": item["step_id"], "version": item["step_version"]},
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["status"] == "pending"
    assert [(s["order"], s["status"]) for s in body["steps"]] == [
        (1, "approved"),
        (2, "pending"),
        (3, "waiting"),
    ]
    assert [a["kind"] for a in body["actions"]] == ["submit", "approve"]
    assert body["current_step_id"] == body["steps"][1]["id"]
    again = client.post(
        f"/api/v1/approvals/{request.pk}/decide", {"action": "approve", "step_id": item["step_id"]}
    )
    assert again.status_code == 409
    assert again.json()["detail"] == services.STEP_NOT_CURRENT
    assert client.get("/api/v1/approvals/inbox").json()["count"] == 0
    assert api_client(people["gm"]).get("/api/v1/approvals/inbox").json()["count"] == 1


def test_decide_refusals(people: dict[str, Any], api_client: Any) -> None:
    request = start(people)
    url = f"/api/v1/approvals/{request.pk}/decide"
    gm = api_client(people["gm"]).post(url, {"action": "approve"})
    assert (gm.status_code, gm.json()["detail"]) == (403, services.NOT_YOUR_STEP)
    own = api_client(people["spec1"]).post(url, {"action": "approve"})
    assert (own.status_code, own.json()["detail"]) == (403, services.OWN_REQUEST)
    stranger = api_client(people["spec3"]).post(url, {"action": "approve"})
    assert stranger.status_code == 404
    bare = api_client(people["cs_manager"]).post(url, {"action": "reject"})
    assert (bare.status_code, bare.json()["detail"], bare.json()["field"]) == (
        422,
        rules.COMMENT_REQUIRED,
        "comment",
    )
    odd = api_client(people["cs_manager"]).post(url, {"action": "maybe"})
    assert (odd.status_code, odd.json()["field"]) == (422, "action")
    stale = api_client(people["cs_manager"]).post(url, {"action": "approve", "version": 7})
    assert (stale.status_code, stale.json()["detail"]) == (409, services.STEP_CHANGED)
    assert ApprovalRequest.objects.get(pk=request.pk).actions.count() == 1


def test_approval_list_and_detail_visibility(people: dict[str, Any], api_client: Any) -> None:
    request = start(people)
    assert api_client(people["spec1"]).get("/api/v1/approvals/?mine=true").json()["count"] == 1
    assert api_client(people["spec2"]).get("/api/v1/approvals/").json()["count"] == 0
    assert api_client(people["spec2"]).get(f"/api/v1/approvals/{request.pk}").status_code == 404
    detail = api_client(people["finance"]).get(f"/api/v1/approvals/{request.pk}").json()
    assert (detail["target_type"], detail["amount"], detail["chain_version"]) == (
        "org.territory",
        "1500.00",
        1,
    )
    filtered = api_client(people["gm"]).get("/api/v1/approvals/?status=approved&chain=hospitality").json()
    assert filtered["count"] == 0


def test_delegations_api(people: dict[str, Any], api_client: Any) -> None:
    today = clock.local_today().isoformat()
    client = api_client(people["cs_manager"])
    made = client.post(
        "/api/v1/delegations/", {"delegate_id": people["spec2"].pk, "starts_on": today, "ends_on": today}
    )
    assert made.status_code == 201, made.json()
    delegation = Delegation.objects.get(pk=made.json()["id"])
    assert (delegation.delegator, delegation.delegate) == (people["cs_manager"], people["spec2"])
    request = start(people)
    inbox = api_client(people["spec2"]).get("/api/v1/approvals/inbox").json()
    assert [(i["id"], i["on_behalf_of"]) for i in inbox["items"]] == [(request.pk, [people["cs_manager"].pk])]
    assert api_client(people["spec2"]).get("/api/v1/delegations/").json()["count"] == 1
    assert api_client(people["spec3"]).delete(f"/api/v1/delegations/{delegation.pk}").status_code == 404
    assert client.delete(f"/api/v1/delegations/{delegation.pk}").status_code == 204
    assert Delegation.all_objects.get(pk=delegation.pk).deleted_at is not None
    assert api_client(people["spec2"]).get("/api/v1/approvals/inbox").json()["count"] == 0
    bad = client.post(
        "/api/v1/delegations/",
        {"delegate_id": people["spec2"].pk, "starts_on": today, "ends_on": "2000-01-01"},
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "ends_on")
