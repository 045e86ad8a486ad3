"""The service desk pages: queue with countdowns, timeline with event forms, breaches, compliance (D10)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.service.models import ServiceEventRow, ServiceRequest
from kam.service.sweep import sla_sweep
from tests.service.factories import T0, agent, open_request, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(org: dict[str, Any]) -> Any:
    return agent(department=org["ka1"], supervisor=org["manager1"])


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_queue_orders_by_next_deadline_with_countdowns(desk: Any) -> None:
    later = open_request(desk, summary="稍后到期")
    record(desk, later, "call_ended", T0 + timedelta(hours=1))
    sooner = open_request(desk, summary="马上到期")
    record(desk, sooner, "call_ended", T0)
    page = _client(desk).get(reverse("service_queue")).content.decode()
    assert page.index("马上到期") < page.index("稍后到期")
    assert 'data-deadline="2026-03-02T09:10:00+08:00"' in page
    assert "service/countdown.js" in page and "<script>" not in page


def test_timeline_records_an_event_and_shows_the_call_script(desk: Any) -> None:
    request = open_request(desk)
    url = reverse("service_request", args=[request.pk])
    page = _client(desk).get(url).content.decode()
    assert "department_notified" in page and 'for="ev-rings"' in page
    response = _client(desk).post(
        reverse("service_event", args=[request.pk]), {"type": "call_answered", "rings": "2"}
    )
    assert response.status_code == 302
    assert ServiceEventRow.objects.get(request=request).payload == {"rings": 2}
    refused = _client(desk).post(
        reverse("service_event", args=[request.pk]), {"type": "call_answered"}, follow=True
    )
    assert "rings" in refused.content.decode()
    assert ServiceEventRow.objects.filter(request=request).count() == 1


def test_new_request_page_opens_a_request(desk: Any) -> None:
    response = _client(desk).post(
        reverse("service_request_new"),
        {"kind": "inquiry", "summary": "咨询保修", "caller_phone": "13800138000"},
    )
    created = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "service_request", args=[created.pk]
    )


def test_breaches_and_compliance_for_supervisors(desk: Any, org: dict[str, Any]) -> None:
    request = open_request(desk, department=org["ka1"])
    record(desk, request, "call_ended", T0)
    sla_sweep(now=T0 + timedelta(hours=1))
    page = _client(org["manager1"]).get(reverse("service_breaches")).content.decode()
    assert "通知相关部门（10分钟）" in page
    table = _client(org["manager1"]).get(reverse("service_compliance"), {"month": "2026-03"}).content.decode()
    assert "大客户一部" in table
    assert _client(org["spec1"]).get(reverse("service_breaches")).status_code == 403


def test_compliance_filters_by_kind_milestone_department_and_month(desk: Any, org: dict[str, Any]) -> None:
    complaint = open_request(desk, department=org["ka1"])
    record(desk, complaint, "call_ended", T0)
    inquiry = open_request(desk, kind="inquiry", department=org["ka2"], caller_phone="13900000001")
    record(desk, inquiry, "call_ended", T0)
    sla_sweep(now=T0 + timedelta(hours=1))
    client = _client(org["admin"])
    client.cookies["django_language"] = "en"
    url = reverse("service_compliance")

    def rows(**query: Any) -> str:
        page = client.get(url, {"month": "2026-03", **query}).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0]

    everything = rows()
    assert "Complaint" in everything and "Purchase inquiry" in everything
    only_inquiries = rows(kind="inquiry")
    assert "Purchase inquiry" in only_inquiries and "Complaint" not in only_inquiries
    assert "<td>0</td><td>1</td>" in rows(kind="complaint", milestone="department_notified")
    by_department = rows(department_id=str(org["ka2"].pk))
    assert "大客户二部" in by_department and "大客户一部" not in by_department
    assert "No milestones decided yet." in rows(month="2026-04") or "2026-04" not in everything
    refused = client.get(url, {"department_id": "x"}, follow=True).content.decode()
    assert "department_id" in refused and "Complaint" in refused  # the filter is dropped, the table stays
    assert 'for="milestone"' in everything or 'for="milestone"' in client.get(url).content.decode()


def test_english_pages_with_the_language_cookie(desk: Any) -> None:
    request = open_request(desk)
    client = _client(desk)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("service_request", args=[request.pk])).content.decode()
    assert "Notify the department (10 min)" in page and "Record an event" in page
    chinese = _client(desk).get(reverse("service_request", args=[request.pk])).content.decode()
    assert "通知相关部门（10分钟）" in chinese and "记录事件" in chinese


def test_account_picker_finds_accounts_by_name_and_pinyin_with_contacts(
    desk: Any, org: dict[str, Any]
) -> None:
    from kam.accounts import rules as account_rules
    from kam.accounts.models import Account
    from tests.factories_accounts import AccountFactory, ContactFactory

    account = AccountFactory(name="华中电力集团", owner=org["spec1"])
    pinyin, initials = account_rules.search_keys(account.name, "")
    Account.objects.filter(pk=account.pk).update(search_pinyin=pinyin, search_initials=initials)
    ContactFactory(account=account, name="王经理", mobile="13700000000")
    client = _client(desk)
    url = reverse("service_account_picker")
    for term in ("华中", "huazhong", "hzdl"):
        found = client.get(url, {"account_q": term}).content.decode()
        assert "华中电力集团" in found and "王经理" in found, term
    assert "华中电力集团" not in client.get(url, {"account_q": "no-such"}).content.decode()
    assert client.get(url).content.decode().strip() == ""
    assert _client(org["spec1"]).get(url, {"account_q": "华中"}).status_code == 403


def test_new_request_takes_the_picked_account_and_contact(desk: Any, org: dict[str, Any]) -> None:
    from tests.factories_accounts import AccountFactory, ContactFactory

    account = AccountFactory(name="华中电力集团", owner=org["spec1"], department=org["ka1"])
    contact = ContactFactory(account=account, name="王经理", mobile="13700000000")
    other = ContactFactory(account=AccountFactory(owner=org["spec1"]), name="李")
    client = _client(desk)
    client.cookies["django_language"] = "en"
    url = reverse("service_request_new")
    values = {"kind": "complaint", "summary": "空调不制冷", "account_id": account.pk}
    refused = client.post(url, {**values, "contact_id": other.pk}, follow=True).content.decode()
    assert "contact_id" in refused and not ServiceRequest.objects.exists()
    refused = client.post(url, {**values, "account_id": "999999"}, follow=True).content.decode()
    assert "account_id" in refused and not ServiceRequest.objects.exists()
    assert client.post(url, {**values, "contact_id": contact.pk}).status_code == 302
    created = ServiceRequest.objects.get()
    assert (created.account, created.contact, created.caller_phone) == (account, contact, "13700000000")
    assert created.department == org["ka1"]
