"""Pages of plans and scorecards, reminders and the manager's to-do item (B1, B8)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from kam.core.navigation import todo_for
from kam.notify.models import Notification
from kam.plans import services
from kam.plans.models import MonthlyPlan, Scorecard
from kam.plans.reminders import plan_reminders_send

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_my_plan_page_submits(org: dict[str, Any], at: Any) -> None:
    at(2026, 11, 20, 10, 0)
    client = client_for(org["spec1"])
    page = client.get("/plans/")
    assert page.status_code == 200 and "2026-11-30 23:59" in page.content.decode()
    response = client.post("/plans/", {"month": "2026-12", "visits": "30", "expansions": "3", "deals": "0"})
    assert response.status_code == 200 and not MonthlyPlan.objects.exists()  # 0 deals refused
    response = client.post("/plans/", {"month": "2026-12", "visits": "30", "expansions": "3", "deals": "2"})
    assert response.status_code == 302
    assert MonthlyPlan.objects.get().deals == 2


def test_board_shows_missing_and_decides(org: dict[str, Any], at: Any) -> None:
    at(2026, 12, 3, 10, 0)
    plan = services.plan_submit(actor=org["spec1"], month="2026-12", visits=30, expansions=3, deals=2)
    page = client_for(org["manager1"]).get("/plans/board/?month=2026-12")
    assert page.status_code == 200
    assert org["spec2"].display_name in page.content.decode()  # missing
    items = todo_for(org["manager1"])
    assert any(i.kind == "plans_missing" and org["spec2"].display_name in str(i.detail) for i in items)
    response = client_for(org["manager1"]).post(
        f"/plans/{plan.pk}/decide/", {"decision": "return", "comment": "改"}
    )
    assert response.status_code == 302
    assert MonthlyPlan.objects.get().status == "returned"
    assert client_for(org["spec2"]).post(f"/plans/{plan.pk}/decide/", {}).status_code == 404


def test_reminders_go_out_once_on_their_days(org: dict[str, Any]) -> None:
    # December 2026's plan is due Mon 30 Nov; three working days before: Wed 25 Nov.
    assert plan_reminders_send(date(2026, 11, 24)) == 0
    first = plan_reminders_send(date(2026, 11, 25))
    assert first >= 4  # spec1..spec4 have no plan
    assert plan_reminders_send(date(2026, 11, 25)) == 0
    services.plan_submit(actor=org["spec1"], month="2026-12", visits=30, expansions=3, deals=2)
    on_the_day = plan_reminders_send(date(2026, 11, 30))
    assert on_the_day == first - 1
    assert not Notification.objects.filter(recipient=org["spec1"], dedupe_key__contains=":due:").exists()


def test_scorecard_pages_and_exports(org: dict[str, Any]) -> None:
    services.plan_submit(actor=org["spec1"], month="2026-12", visits=30, expansions=3, deals=2)
    manager = client_for(org["manager1"])
    listing = manager.get("/plans/scorecards/?month=2026-12")
    assert listing.status_code == 200 and org["spec1"].display_name in listing.content.decode()
    card = Scorecard.objects.get(specialist=org["spec1"], month=date(2026, 12, 1))
    assert manager.get(f"/plans/scorecards/{card.pk}/").status_code == 200
    manager.post(f"/plans/scorecards/{card.pk}/manual/", {"score_daily_work": "80"})
    manager.post(
        f"/plans/scorecards/{card.pk}/adjust/", {"code": "daily_work", "score": "14", "reason": "表现突出"}
    )
    export = manager.get(f"/plans/scorecards/{card.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "客户专人月度考核表"
    assert list(rows[2]) == ["序号", "指标", "标准", "计划(组)", "实际(组)", "完成率", "权重", "得分"]
    assert rows[6][1] == "日常工作指标" and rows[6][7] == 14
    assert rows[-1][1] == "合计"
    month = manager.get("/plans/scorecards/export.xlsx?month=2026-12")
    book = load_workbook(io.BytesIO(b"".join(month.streaming_content)))
    assert len(book.sheetnames) == 3  # ranking + spec1 + spec2
    assert manager.get("/plans/scorecards/print/?month=2026-12").status_code == 200
    assert client_for(org["spec1"]).post(f"/plans/scorecards/{card.pk}/lock/").status_code == 403
    manager.post("/plans/scorecards/lock/", {"month": "2026-12"})
    assert set(Scorecard.objects.filter(month=date(2026, 12, 1)).values_list("status", flat=True)) == {
        "locked"
    }
