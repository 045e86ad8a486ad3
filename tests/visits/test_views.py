"""Phone pages of field work: they render for the person, and the forms write through the services."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.visits.models import DailyReport, SignIn, Visit

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["today", "visit/new", "report", "calendar", "violations"])
def test_pages_render(field: dict[str, Any], name: str) -> None:
    path = {"today": "/visits/", "visit/new": "/visits/new/"}.get(name, f"/visits/{name}/")
    response = _client(field["spec1"]).get(path)
    assert response.status_code == 200
    assert b"<script>" not in response.content  # no inline JavaScript (CSP)


def test_one_tap_sign_in(field: dict[str, Any]) -> None:
    response = _client(field["spec1"]).post(
        "/visits/sign-in/", {"lat": INSIDE_LAT, "lng": INSIDE_LNG, "accuracy_m": 9}
    )
    assert response.status_code == 302
    assert SignIn.objects.get(user=field["spec1"]).in_territory is True


def test_log_a_visit(field: dict[str, Any]) -> None:
    body = {"account": field["account"].pk, "plan_code": "C", "result_code": "E", "summary": "喝茶聊行业"}
    response = _client(field["spec1"]).post("/visits/new/", body)
    assert response.status_code == 302
    assert Visit.objects.get(user=field["spec1"]).summary == "喝茶聊行业"


def test_report_page_saves_expenses(field: dict[str, Any]) -> None:
    body = {"item_0": "交通", "amount_0": "12.50", "notes": ""}
    response = _client(field["spec1"]).post("/visits/report/", body)
    assert response.status_code == 302
    report = DailyReport.objects.get(user=field["spec1"])
    assert [(e.item, str(e.amount)) for e in report.expenses.all()] == [("交通", "12.50")]


INSIDE_LNG, INSIDE_LAT = 120.1, 30.1


@pytest.mark.parametrize(("amount", "language"), [("-5", "en"), ("1000000", "zh-hans")])
def test_report_page_refuses_a_bad_expense_and_writes_nothing(
    field: dict[str, Any], amount: str, language: str
) -> None:
    client = _client(field["spec1"])
    client.cookies["django_language"] = language
    response = client.post("/visits/report/", {"item_0": "餐费", "amount_0": amount, "notes": ""})
    assert response.status_code == 200
    expected = (
        "An expense must be more than 0 and at most 100000."
        if language == "en"
        else "费用金额必须大于 0 且不超过 100000。"
    )
    assert expected in response.content.decode()
    assert not DailyReport.objects.exists()


def test_pages_speak_chinese_by_default_and_english_on_request(field: dict[str, Any]) -> None:
    client = _client(field["spec1"])
    assert "在此签到" in client.get("/visits/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Sign in here" in client.get("/visits/").content.decode()


def test_report_page_for_a_future_day_writes_nothing(field: dict[str, Any]) -> None:
    from kam.core import clock

    client = _client(field["spec1"])
    client.cookies["django_language"] = "en"
    tomorrow = clock.local_today().toordinal() + 1
    day = type(clock.local_today()).fromordinal(tomorrow)
    response = client.post("/visits/report/", {"day": f"{day:%Y-%m-%d}", "notes": ""})
    assert b"A daily report cannot be written for a future day." in response.content
    assert not DailyReport.objects.exists()


@pytest.mark.parametrize(
    ("who", "status", "buttons"),
    [
        ("spec1", "open", {"explain"}),
        ("inspector", "open", {"close"}),
        ("director", "open", set()),
        ("director", "explained", {"accept", "reject"}),
        ("inspector", "closed", set()),
    ],
)
def test_a_violation_offers_only_what_its_viewer_may_do(
    field: dict[str, Any], who: str, status: str, buttons: set[str]
) -> None:
    """The person explains, the service director decides, the inspector closes (D11)."""
    from kam.visits.models import Violation
    from tests.factories import UserFactory

    people = {
        "spec1": field["spec1"],
        "inspector": UserFactory(username="inspector1", posts=["inspector"]),
        "director": UserFactory(username="director1", posts=["service_director"], department=field["region"]),
    }
    spec1 = field["spec1"]
    violation = Violation.objects.create(
        code="missing_sign_in", user=spec1, department=spec1.department, day=date(2026, 2, 3), status=status
    )
    client = Client()
    client.force_login(people[who])
    page = client.get(reverse("visits_violation", args=[violation.pk]))
    assert page.status_code == 200
    shown = set(re.findall(r'name="action" value="(\w+)"', page.content.decode()))
    assert shown == buttons
