"""The service desk API: requests with milestones, events, repeats, records, policies; bad input (D10, B7)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from kam.service import events as msg
from kam.service.models import AssessmentRecord, ServiceEventRow, ServiceRequest
from kam.service.services import CUSTOMER_REQUIRED
from tests.factories_accounts import AccountFactory
from tests.service.factories import T0, agent, open_request, record

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)


@pytest.fixture
def desk(org: dict[str, Any]) -> Any:
    return agent(department=org["ka1"], supervisor=org["manager1"])


def test_create_returns_milestones_and_stores_the_request(
    desk: Any, api_client: Any, org: dict[str, Any]
) -> None:
    account = AccountFactory(owner=org["spec1"])
    body = {
        "kind": "rescue",
        "account_id": account.pk,
        "summary": "电梯困人",
        "occurred_at": "2026-03-02T09:00",
    }
    response = api_client(desk).post("/api/v1/service-requests/", body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [m["code"] for m in data["milestones"]] == [
        "answer", "department_notified", "customer_informed", "supervision", "satisfaction_callback",
    ]  # fmt: skip
    assert data["policy_version"] == 1 and data["department_id"] == org["ka1"].pk
    stored = ServiceRequest.objects.get(pk=data["id"])
    assert (stored.account, stored.opened_at) == (account, T0)
    assert stored.history.first().history_user == desk


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({"kind": "gossip", "summary": "x", "caller_phone": "1"}, "kind", msg.UNKNOWN_KIND),
        ({"kind": "inquiry", "summary": "x"}, "caller_phone", CUSTOMER_REQUIRED),
        (
            {"kind": "inquiry", "summary": "x", "caller_phone": "1", "occurred_at": "昨天"},
            "occurred_at",
            None,
        ),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(
    desk: Any, api_client: Any, body: dict[str, Any], field: str, detail: str | None
) -> None:
    response = api_client(desk).post("/api/v1/service-requests/", body)
    assert response.status_code == 422 and response.json()["field"] == field
    if detail:
        assert response.json()["detail"] == detail
    assert not ServiceRequest.objects.exists()


def test_specialist_may_not_open_requests(org: dict[str, Any], api_client: Any) -> None:
    response = api_client(org["spec1"]).post(
        "/api/v1/service-requests/", {"kind": "inquiry", "summary": "x", "caller_phone": "1"}
    )
    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_event_recomputes_milestones(desk: Any, api_client: Any) -> None:
    request = open_request(desk)
    url = f"/api/v1/service-requests/{request.pk}/events/"
    assert (
        api_client(desk).post(url, {"type": "call_ended", "occurred_at": T0.isoformat()}).status_code == 201
    )
    response = api_client(desk).post(url, {"type": "resolved_on_call", "occurred_at": T0.isoformat()})
    by_code = {m["code"]: m for m in response.json()["milestones"]}
    assert by_code["department_notified"]["status"] == "not_applicable"
    assert by_code["satisfaction_callback"]["due_at"] is not None
    assert ServiceEventRow.objects.filter(request=request).count() == 2


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({"type": "teleported"}, "type", msg.UNKNOWN_EVENT_TYPE),
        ({"type": "call_answered", "rings": 0}, "rings", msg.BAD_RINGS),
        ({"type": "call_answered", "rings": -2}, "rings", msg.BAD_RINGS),
        ({"type": "call_answered", "rings": "three"}, "rings", msg.BAD_RINGS),
        ({"type": "satisfaction_recorded", "score": 0}, "score", msg.BAD_SCORE),
        ({"type": "reply_time_agreed", "reply_by": "明天下午"}, "reply_by", msg.BAD_DATETIME),
        ({"type": "call_ended", "occurred_at": "2026-13-40T25:00"}, "occurred_at", msg.BAD_DATETIME),
        ({"type": "satisfaction_recorded", "score": 6}, "score", msg.BAD_SCORE),
        ({"type": "call_ended", "occurred_at": "not a time"}, "occurred_at", msg.BAD_DATETIME),
        ({"type": "callback_attempt"}, "type", msg.EVENT_NOT_FOR_KIND),
        ({"type": "call_ended", "rings": 2}, "rings", msg.UNKNOWN_FIELD),
    ],
)
def test_event_bad_input_is_422_and_nothing_written(
    desk: Any, api_client: Any, body: dict[str, Any], field: str, detail: str
) -> None:
    request = open_request(desk)
    response = api_client(desk).post(f"/api/v1/service-requests/{request.pk}/events/", body)
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["detail"]) == (field, detail)
    assert not ServiceEventRow.objects.filter(request=request).exists()


def test_callback_outcome_must_be_listed(desk: Any, api_client: Any) -> None:
    request = open_request(desk, kind="repair_callback")
    body = {"type": "callback_attempt", "outcome": "voicemail"}
    response = api_client(desk).post(f"/api/v1/service-requests/{request.pk}/events/", body)
    assert (response.status_code, response.json()["field"]) == (422, "outcome")
    assert ServiceEventRow.objects.filter(request=request).count() == 1  # only the repair itself


@pytest.mark.parametrize("satisfaction", [0, 6, "很好"])
def test_callback_satisfaction_outside_one_to_five_is_refused(
    desk: Any, api_client: Any, satisfaction: Any
) -> None:
    request = open_request(desk, kind="purchase_callback")
    body = {"type": "callback_attempt", "outcome": "owner_answered", "satisfaction": satisfaction}
    response = api_client(desk).post(f"/api/v1/service-requests/{request.pk}/events/", body)
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["detail"]) == ("satisfaction", msg.BAD_SCORE)
    assert ServiceEventRow.objects.filter(request=request).count() == 1  # only the purchase itself


def test_closed_request_takes_only_close_and_reopen(desk: Any, api_client: Any) -> None:
    request = open_request(desk)
    record(desk, request, "closed", T0 + MIN)
    url = f"/api/v1/service-requests/{request.pk}/events/"
    refused = api_client(desk).post(url, {"type": "call_ended", "occurred_at": (T0 + 2 * MIN).isoformat()})
    assert (refused.status_code, refused.json()["detail"]) == (422, msg.REQUEST_CLOSED)
    reopened = api_client(desk).post(url, {"type": "reopened", "occurred_at": (T0 + 3 * MIN).isoformat()})
    assert reopened.status_code == 201 and reopened.json()["status"] == "open"


def test_unseen_request_is_404(org: dict[str, Any], desk: Any, api_client: Any) -> None:
    request = open_request(desk, department=org["ka2"])
    assert api_client(org["spec1"]).get(f"/api/v1/service-requests/{request.pk}").status_code == 404
    assert api_client(org["manager2"]).get(f"/api/v1/service-requests/{request.pk}").status_code == 200


def test_repeat_of_confirms_and_records_are_listed(desk: Any, api_client: Any, org: dict[str, Any]) -> None:
    account = AccountFactory(owner=org["spec1"])
    earlier = open_request(desk, account=account, caller_phone="", assignee=org["spec2"])
    record(desk, earlier, "call_ended", T0)
    record(desk, earlier, "resolved_on_call", T0)
    record(desk, earlier, "satisfaction_recorded", T0 + 30 * 60 * MIN, score=2)  # 30 h: a day late
    repeat = open_request(desk, account=account, caller_phone="", occurred_at=T0 + 48 * 60 * MIN)
    response = api_client(desk).post(
        f"/api/v1/service-requests/{repeat.pk}/repeat-of", {"request_id": earlier.pk}
    )
    assert response.status_code == 200 and response.json()["repeat_status"] == "confirmed"
    assert AssessmentRecord.objects.get().milestone_code == "satisfaction_callback"
    listed = api_client(org["manager1"]).get(
        "/api/v1/assessment-records/", {"user_id": org["spec2"].pk, "month": "2026-03"}
    )
    assert listed.json()["count"] == 1
    assert (
        api_client(org["manager1"]).get("/api/v1/assessment-records/", {"month": "2026-04"}).json()["count"]
        == 0
    )
    assert api_client(org["spec1"]).get("/api/v1/assessment-records/").json()["count"] == 0
    bad = api_client(desk).get("/api/v1/assessment-records/", {"month": "2026-13"})
    assert (bad.status_code, bad.json()["field"]) == (422, "month")


def test_sla_policies_are_listed(desk: Any, api_client: Any) -> None:
    data = api_client(desk).get("/api/v1/sla-policies/", {"kind": "complaint"}).json()
    assert data["count"] == 1
    assert data["items"][0]["definition"]["milestones"][0] == {
        "code": "answer", "meets": ["call_answered"], "responsible": "call_centre", "ring_limit": 3,
    }  # fmt: skip
