"""Pages of the approval engine: the inbox, the decision form, delegations, the to-do entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kam.approvals import services
from kam.approvals.models import ApprovalRequest, Delegation
from kam.core import clock
from kam.core.navigation import todo_for
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language  # the pages' English text is asserted by default
    return client


def start(people: dict[str, Any]) -> ApprovalRequest:
    return services.approval_start(
        actor=people["spec1"],
        chain_code="hospitality",
        target=TerritoryFactory(),
        amount=Decimal("900"),
        title="招待万向",
    )


def test_inbox_detail_and_decision(people: dict[str, Any]) -> None:
    request = start(people)
    client = client_for(people["cs_manager"])
    inbox = client.get(reverse("approval_inbox"))
    assert inbox.status_code == 200 and "招待万向" in inbox.content.decode()
    with translation.override("en"):
        todo = [(str(i.title), i.link) for i in todo_for(people["cs_manager"]) if i.kind == "approval"]
    assert todo == [("1 request awaits your approval", reverse("approval_inbox"))]
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("approval_detail", args=[request.pk])).content.decode()
    assert 'id="decide"' in page
    step = request.steps.get(order=1)
    answer = client.post(
        reverse("approval_decide", args=[request.pk]),
        {"action": "approve", "comment": "同意", "step_id": step.pk, "version": step.version},
    )
    assert answer.status_code == 302 and answer["Location"] == reverse("approval_inbox")
    step.refresh_from_db()
    assert (step.status, step.decided_by, step.comment) == ("approved", people["cs_manager"], "同意")
    stale = client.post(
        reverse("approval_decide", args=[request.pk]), {"action": "approve", "step_id": step.pk, "version": 0}
    )
    assert stale.status_code == 302 and stale["Location"] == reverse("approval_detail", args=[request.pk])
    assert request.actions.count() == 2


def test_requester_sees_no_decision_form_and_others_no_request(people: dict[str, Any]) -> None:
    request = start(people)
    page = client_for(people["spec1"]).get(reverse("approval_detail", args=[request.pk]))
    assert page.status_code == 200 and 'id="decide"' not in page.content.decode()
    assert client_for(people["spec2"]).get(reverse("approval_detail", args=[request.pk])).status_code == 404
    refused = client_for(people["gm"]).post(
        reverse("approval_decide", args=[request.pk]), {"action": "approve"}
    )
    assert refused.status_code == 403
    assert request.actions.count() == 1


def test_delegation_page(people: dict[str, Any]) -> None:
    client = client_for(people["gm"])
    today = clock.local_today().isoformat()
    answer = client.post(
        reverse("delegation_list"),
        {"delegate": people["manager1"].pk, "starts_on": today, "ends_on": today, "note": "出差"},
    )
    assert answer.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate, delegation.note) == (
        people["gm"],
        people["manager1"],
        "出差",
    )
    again = client.post(
        reverse("delegation_list"), {"delegate": people["manager2"].pk, "starts_on": today, "ends_on": today}
    )
    assert again.status_code == 200 and services.DELEGATION_OVERLAPS in again.content.decode()
    assert (
        client_for(people["spec1"]).post(reverse("delegation_cancel", args=[delegation.pk])).status_code
        == 404
    )
    assert client.post(reverse("delegation_cancel", args=[delegation.pk])).status_code == 302
    assert not Delegation.objects.exists()


def test_a_refused_delegation_is_explained_in_chinese_on_a_chinese_page(people: dict[str, Any]) -> None:
    today = clock.local_today()
    services.delegation_create(
        actor=people["gm"], delegate_id=people["manager1"].pk, starts_on=today, ends_on=today
    )
    again = client_for(people["gm"], "zh-hans").post(
        reverse("delegation_list"),
        {"delegate": people["manager2"].pk, "starts_on": today.isoformat(), "ends_on": today.isoformat()},
    )
    page = again.content.decode()
    assert again.status_code == 200
    assert "同一人的另一项审批代理已覆盖其中部分日期。" in page and services.DELEGATION_OVERLAPS not in page
