"""Pages of hospitality: the request's journey in pages, print form, banquet chart and cards, receptions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.core import clock
from kam.hospitality import budget
from kam.hospitality.models import Banquet, HospitalityRequest, ReceptionPlan
from kam.hospitality.services import banquets

pytestmark = pytest.mark.django_db


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_a_request_through_the_pages(people: dict[str, Any]) -> None:
    applicant = client_for(people["spec1"])
    form = {
        "account": people["account"].pk,
        "venue": "国宾馆",
        "event_date": (clock.local_today() + timedelta(days=3)).isoformat(),
        "customer_attendees": "王建华",
        "our_attendees": "张三",
        "budget_meals": "800",
        "purpose": "答谢",
    }
    bad = applicant.post(reverse("hospitality:request_create"), form | {"budget_meals": "-1"})
    assert bad.status_code == 200 and budget.NEGATIVE_AMOUNT in bad.content.decode()
    assert not HospitalityRequest.objects.exists()
    created = applicant.post(reverse("hospitality:request_create"), form)
    request = HospitalityRequest.objects.get()
    assert created.status_code == 302 and created["Location"] == request.get_absolute_url()
    applicant.post(reverse("hospitality:request_submit", args=[request.pk]))
    request.refresh_from_db()
    for who in ("cs_manager", "gm", "finance"):
        answer = client_for(people[who]).post(
            reverse("approval_decide", args=[request.approval_id]), {"action": "approve", "comment": ""}
        )
        assert answer.status_code == 302
    request.refresh_from_db()
    assert request.status == budget.APPROVED
    spent = applicant.post(
        reverse("hospitality:request_spending", args=[request.pk]),
        {
            "actual_meeting": 0,
            "actual_meals": 900,
            "actual_transport": 0,
            "actual_gifts": 0,
            "actual_other": 0,
        },
    )
    assert spent.status_code == 200 and budget.EXPLANATION_REQUIRED in spent.content.decode()
    applicant.post(
        reverse("hospitality:request_spending", args=[request.pk]),
        {
            "actual_meeting": 0,
            "actual_meals": 900,
            "actual_transport": 0,
            "actual_gifts": 0,
            "actual_other": 0,
            "overrun_explanation": "多一人",
        },
    )
    request.refresh_from_db()
    assert request.status == budget.FINANCE_REVIEW
    finance = client_for(people["finance"])
    assert finance.post(reverse("hospitality:request_settle", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.status == budget.SETTLED
    page = client_for(people["spec1"], "zh-hans").get(reverse("hospitality:request_print", args=[request.pk]))
    text = page.content.decode()
    assert "大客户招待申请表" in text and "客户服务部经理审核" in text and "900.00" in text
    export = finance.get(reverse("hospitality:request_export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_banquet_pages_chart_and_cards(people: dict[str, Any]) -> None:
    banquet = banquets.banquet_create(
        actor=people["spec1"],
        title="欢迎晚宴",
        venue="国宾馆",
        starts_at=clock.now() + timedelta(days=3),
        table_size=8,
    )
    organiser = client_for(people["spec1"])
    management = {
        "g-TOTAL_FORMS": "4",
        "g-INITIAL_FORMS": "0",
        "g-MIN_NUM_FORMS": "0",
        "g-MAX_NUM_FORMS": "1000",
    }
    rows = {
        "g-0-name": "主人",
        "g-0-role": "host",
        "g-0-side": "host",
        "g-0-rank": "1",
        "g-0-invitation": "accepted",
        "g-1-name": "贵宾",
        "g-1-role": "guest",
        "g-1-side": "guest",
        "g-1-rank": "1",
        "g-1-invitation": "accepted",
        "g-2-name": "",
        "g-2-role": "guest",
        "g-2-side": "guest",
        "g-2-rank": "100",
        "g-2-invitation": "not_sent",
        "g-3-name": "",
        "g-3-role": "guest",
        "g-3-side": "guest",
        "g-3-rank": "100",
        "g-3-invitation": "not_sent",
    }
    no_host = dict(rows, **{"g-0-role": "guest"})
    refused = organiser.post(reverse("hospitality:banquet_guests", args=[banquet.pk]), management | no_host)
    assert refused.status_code == 200 and "The guest list has no host." in refused.content.decode()
    saved = organiser.post(reverse("hospitality:banquet_guests", args=[banquet.pk]), management | rows)
    assert saved.status_code == 302
    organiser.post(reverse("hospitality:banquet_seat", args=[banquet.pk]), {"table_size": "8"})
    banquet = Banquet.objects.get(pk=banquet.pk)
    assert banquet.seating is not None
    detail = organiser.get(reverse("hospitality:banquet_detail", args=[banquet.pk])).content.decode()
    assert "Invitations should go out at least 14 days before the banquet." in detail
    chart = organiser.get(reverse("hospitality:banquet_chart", args=[banquet.pk]))
    assert chart["Content-Type"] == "image/svg+xml" and chart.content.count(b'class="seat"') == 8
    cards = organiser.get(reverse("hospitality:banquet_cards", args=[banquet.pk])).content.decode()
    assert cards.count('class="place-card"') == 2 and cards.count('class="table-card"') == 1


def test_reception_pages_in_chinese(people: dict[str, Any]) -> None:
    client = client_for(people["spec1"], "zh-hans")
    start = clock.localtime(clock.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    created = client.post(
        reverse("hospitality:reception_create"),
        {
            "account": people["account"].pk,
            "visitors": "王建华",
            "arrival_at": start.strftime("%Y-%m-%dT%H:%M"),
            "arrival_place": "机场",
            "departure_at": (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "departure_place": "东站",
        },
    )
    plan = ReceptionPlan.objects.get()
    assert created.status_code == 302
    page = client.get(reverse("hospitality:reception_detail", args=[plan.pk])).content.decode()
    assert "送行" in page and "电话回访" in page
    for name in ("request_list", "banquet_list", "reception_list", "request_create", "banquet_create"):
        assert client.get(reverse(f"hospitality:{name}")).status_code == 200


def test_refusals_on_chinese_pages_are_in_chinese(people: dict[str, Any]) -> None:
    client = client_for(people["spec1"], "zh-hans")
    form = {
        "account": people["account"].pk,
        "venue": "国宾馆",
        "event_date": (clock.local_today() + timedelta(days=3)).isoformat(),
        "customer_attendees": "王建华",
        "our_attendees": "张三",
        "budget_meals": "-1",
        "purpose": "答谢",
    }
    bad = client.post(reverse("hospitality:request_create"), form).content.decode()
    assert "金额不能为负数。" in bad and budget.NEGATIVE_AMOUNT not in bad
    banquet = banquets.banquet_create(
        actor=people["spec1"], title="晚宴", venue="国宾馆", starts_at=clock.now() + timedelta(days=30)
    )
    guests = [{"name": "郑华", "side": "host", "role": "host", "rank": 1}]
    guests += [{"name": f"宾客{n}", "rank": n} for n in range(1, 9)]
    banquets.banquet_set_guests(actor=people["spec1"], banquet=banquet, guests=guests)
    seat = reverse("hospitality:banquet_seat", args=[banquet.pk])
    detail = client.post(seat, {"table_size": "8", "tables": "1"}, follow=True).content.decode()
    assert "1 桌、每桌 8 座，坐不下 9 人。" in detail  # filled in after translating (F4)
