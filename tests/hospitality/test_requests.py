"""Hospitality requests (D17) through the API and the services: three approvals, spending, settlement."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook

from kam.approvals.models import ApprovalAction
from kam.core import audit, clock
from kam.core.errors import Conflict, Forbidden
from kam.hospitality import budget
from kam.hospitality.models import HospitalityRequest, Receipt
from kam.hospitality.services import requests
from kam.notify.models import Notification

pytestmark = pytest.mark.django_db


def body(people: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "account_id": people["account"].pk,
        "venue": "西湖国宾馆",
        "event_date": (clock.local_today() + timedelta(days=7)).isoformat(),
        "customer_attendees": "王建华 董事长",
        "our_attendees": "张三",
        "budget_meals": "1000.00",
        "budget_gifts": "200",
        "purpose": "答谢客户",
        **overrides,
    }


def approve_all(people: dict[str, Any], api_client: Any, approval_id: int) -> None:
    for who in ("cs_manager", "gm", "finance"):
        answer = api_client(people[who]).post(
            f"/api/v1/approvals/{approval_id}/decide", {"action": "approve"}
        )
        assert answer.status_code == 200, answer.json()


def test_a_request_runs_through_three_approvals_and_settlement(
    people: dict[str, Any], api_client: Any
) -> None:
    applicant = api_client(people["spec1"])
    created = applicant.post("/api/v1/hospitality-requests/", body(people))
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["status"], Decimal(data["budget_total"])) == ("draft", Decimal(1200))
    submitted = applicant.post(f"/api/v1/hospitality-requests/{data['id']}/submit").json()
    assert submitted["status"] == "submitted"
    approval_id = submitted["approval_id"]
    # Finance cannot approve before the customer-service manager and the general manager.
    early = api_client(people["finance"]).post(
        f"/api/v1/approvals/{approval_id}/decide", {"action": "approve"}
    )
    assert early.status_code == 403
    approve_all(people, api_client, approval_id)
    stored = HospitalityRequest.objects.get(pk=data["id"])
    assert stored.status == budget.APPROVED
    kinds = list(ApprovalAction.objects.filter(request_id=approval_id).values_list("kind", flat=True))
    assert kinds == ["submit", "approve", "approve", "approve"]
    upload = applicant.client.post(
        f"/api/v1/hospitality-requests/{data['id']}/receipts",
        {"file": SimpleUploadedFile("发票.pdf", b"%PDF-1.4 receipt"), "line": "meals"},
        headers=applicant.headers,
    )
    assert upload.status_code == 201, upload.json()
    assert Receipt.objects.get(request=stored).line == "meals"
    spent = applicant.post(
        f"/api/v1/hospitality-requests/{data['id']}/spending",
        {
            "actual_meeting": 0,
            "actual_meals": "950.50",
            "actual_transport": 0,
            "actual_gifts": 200,
            "actual_other": 0,
        },
    )
    assert spent.status_code == 200, spent.json()
    assert (spent.json()["status"], Decimal(spent.json()["actual_total"])) == ("settled", Decimal("1150.50"))
    stored.refresh_from_db()
    assert stored.settled_at is not None and stored.actual_meals == Decimal("950.50")
    with translation.override("en"):  # the reasons read in the reader's language
        reasons = [e["reason"] for e in audit.history_entries(stored, limit=10)][:2]
    assert reasons == ["spending recorded", "approved"]


def _approved(people: dict[str, Any]) -> HospitalityRequest:
    from kam.approvals import services as approvals

    request = requests.request_create(
        actor=people["spec1"],
        account_id=people["account"].pk,
        event_date=clock.local_today(),
        venue="公司接待中心",
        customer_attendees="客户",
        our_attendees="我们",
        purpose="洽谈",
        budget_meals=Decimal(1000),
    )
    requests.request_submit(actor=people["spec1"], request=request)
    for who in ("cs_manager", "gm", "finance"):
        request.refresh_from_db()
        approvals.approval_decide(
            actor=people[who], request=request.approval, step_id=None, action="approve", comment=""
        )
    request.refresh_from_db()
    return request


ACTUAL = {"meeting": 0, "meals": 1200, "transport": 0, "gifts": 0, "other": 0}


def test_spending_well_above_budget_goes_back_to_finance(people: dict[str, Any], api_client: Any) -> None:
    request = _approved(people)
    outcome = requests.request_record_spending(
        actor=people["spec1"], request=request, actual=ACTUAL, overrun_explanation="客户多来两人"
    )
    assert outcome.back_to_finance and outcome.overrun == Decimal(200)
    request.refresh_from_db()
    assert (request.status, request.settled_at) == (budget.FINANCE_REVIEW, None)
    assert Notification.objects.filter(recipient=people["finance"], kind="hospitality").exists()
    with pytest.raises(Forbidden):
        requests.request_settle(actor=people["gm"], request=request)
    settled = api_client(people["finance"]).post(
        f"/api/v1/hospitality-requests/{request.pk}/settle", {"comment": "核对无误"}
    )
    assert settled.status_code == 200 and settled.json()["status"] == "settled"
    request.refresh_from_db()
    assert request.settled_by == people["finance"]


@override_settings(KAM_HOSPITALITY_FINANCE_SHARE="0.25")
def test_the_finance_share_comes_from_the_settings(people: dict[str, Any]) -> None:
    request = _approved(people)
    outcome = requests.request_record_spending(
        actor=people["spec1"], request=request, actual=ACTUAL, overrun_explanation="加菜"
    )
    assert outcome.status == budget.SETTLED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"budget_meals": "-5"}, "budget_meals"),
        ({"budget_gifts": "99999999"}, "budget_gifts"),
        ({"budget_meals": "0", "budget_gifts": "0"}, "budget_meals"),
        ({"venue": "  "}, "venue"),
        ({"account_id": 999999}, "account_id"),
    ],
)
def test_bad_requests_are_a_422_naming_the_field_and_write_nothing(
    people: dict[str, Any], api_client: Any, overrides: dict[str, Any], field: str
) -> None:
    answer = api_client(people["spec1"]).post("/api/v1/hospitality-requests/", body(people, **overrides))
    assert (answer.status_code, answer.json()["field"]) == (422, field), answer.json()
    assert not HospitalityRequest.objects.exists()


def test_spending_on_a_request_not_approved_is_refused(people: dict[str, Any], api_client: Any) -> None:
    applicant = api_client(people["spec1"])
    created = applicant.post("/api/v1/hospitality-requests/", body(people)).json()
    answer = applicant.post(
        f"/api/v1/hospitality-requests/{created['id']}/spending",
        {"actual_meeting": 0, "actual_meals": 1, "actual_transport": 0, "actual_gifts": 0, "actual_other": 0},
    )
    assert answer.status_code == 409 and answer.json()["detail"] == budget.NOT_APPROVED
    assert HospitalityRequest.objects.get(pk=created["id"]).actual_meals is None


def test_unexplained_overrun_writes_nothing(people: dict[str, Any], api_client: Any) -> None:
    request = _approved(people)
    answer = api_client(people["spec1"]).post(
        f"/api/v1/hospitality-requests/{request.pk}/spending",
        {
            "actual_meeting": 0,
            "actual_meals": 1001,
            "actual_transport": 0,
            "actual_gifts": 0,
            "actual_other": 0,
        },
    )
    assert (answer.status_code, answer.json()["field"]) == (422, "overrun_explanation")
    request.refresh_from_db()
    assert (request.status, request.actual_meals) == (budget.APPROVED, None)


def test_an_approver_cannot_decide_a_step_that_is_not_theirs(people: dict[str, Any], api_client: Any) -> None:
    applicant = api_client(people["spec1"])
    created = applicant.post("/api/v1/hospitality-requests/", body(people)).json()
    approval = applicant.post(f"/api/v1/hospitality-requests/{created['id']}/submit").json()["approval_id"]
    answer = api_client(people["gm"]).post(f"/api/v1/approvals/{approval}/decide", {"action": "approve"})
    assert answer.status_code == 403
    assert HospitalityRequest.objects.get(pk=created["id"]).status == budget.SUBMITTED


def test_return_edit_and_resubmit(people: dict[str, Any], api_client: Any) -> None:
    applicant = api_client(people["spec1"])
    created = applicant.post("/api/v1/hospitality-requests/", body(people)).json()
    approval = applicant.post(f"/api/v1/hospitality-requests/{created['id']}/submit").json()["approval_id"]
    returned = api_client(people["cs_manager"]).post(
        f"/api/v1/approvals/{approval}/decide", {"action": "return", "comment": "礼品太贵"}
    )
    assert returned.status_code == 200
    url = f"/api/v1/hospitality-requests/{created['id']}"
    assert applicant.get(url).json()["status"] == "returned"
    assert applicant.patch(url, {"budget_gifts": "100"}).json()["budget_total"] == "1100.00"
    assert applicant.post(f"{url}/submit").json()["status"] == "submitted"
    with pytest.raises(Conflict):
        requests.request_update(
            actor=people["spec1"], request=HospitalityRequest.objects.get(pk=created["id"]), venue="x"
        )


def test_finance_exports_approved_and_settled_requests(people: dict[str, Any], api_client: Any) -> None:
    approved = _approved(people)
    requests.request_create(
        actor=people["spec1"],
        account_id=people["account"].pk,
        event_date=clock.local_today(),
        venue="=cmd|' /C calc'!A0",
        customer_attendees="x",
        our_attendees="y",
        purpose="draft is not exported",
        budget_meals=Decimal(10),
    )
    answer = api_client(people["finance"]).get("/api/v1/hospitality-requests/export")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == approved.pk
    assert rows[1][13] == 1000  # budget total


def test_receipts_are_refused_before_approval_and_when_empty(people: dict[str, Any]) -> None:
    request = _approved(people)
    with pytest.raises(Exception) as caught:
        requests.receipt_attach(
            actor=people["spec1"], request=request, upload=SimpleUploadedFile("a.pdf", b"")
        )
    assert getattr(caught.value, "field", None) == "file"
    assert not Receipt.objects.exists()
