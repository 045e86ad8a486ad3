"""Hospitality on the dashboards and in the monthly report: budget against actual, spend (F2, A2p)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.core import clock
from kam.hospitality import budget, reporting
from kam.hospitality.models import HospitalityRequest
from kam.reports.boards import board_figures
from kam.reports.departments import key_account_report
from kam.reports.selectors import Period
from tests.factories_accounts import AccountFactory

pytestmark = pytest.mark.django_db
MARCH = Period(month=date(2026, 3, 1), today=date(2026, 3, 20))


def _request(
    owner: Any, held: date, status: str, budget_lines: dict[str, int], actual: dict[str, int] | None
):
    fields = {f"budget_{line}": Decimal(amount) for line, amount in budget_lines.items()}
    if actual is not None:
        fields |= {f"actual_{line}": Decimal(amount) for line, amount in actual.items()}
        fields["spending_recorded_at"] = clock.now()
    return HospitalityRequest.objects.create(
        applicant=owner,
        department=owner.department,
        applied_on=held,
        account=AccountFactory(owner=owner),
        venue="国宾馆",
        event_date=held,
        customer_attendees="客户",
        our_attendees="我们",
        purpose="答谢",
        status=status,
        **fields,
    )


@pytest.fixture
def march(people: dict[str, Any]) -> dict[str, Any]:
    """ka1: 1,000 + 500 budget (1,200 spent on the first, the second not yet recorded); ka2: 2,000 budget,
    1,800 spent. Not counted: a draft, a rejected request, and hospitality held in April."""
    spec1, spec3 = people["spec1"], people["spec3"]
    _request(
        spec1, date(2026, 3, 5), budget.SETTLED, {"meals": 800, "gifts": 200}, {"meals": 1000, "gifts": 200}
    )
    _request(spec1, date(2026, 3, 31), budget.APPROVED, {"meals": 500}, None)
    _request(spec3, date(2026, 3, 10), budget.FINANCE_REVIEW, {"meeting": 2000}, {"meeting": 1800})
    _request(spec1, date(2026, 3, 6), budget.DRAFT, {"meals": 9000}, None)
    _request(spec3, date(2026, 3, 7), budget.REJECTED, {"meals": 9000}, None)
    _request(spec3, date(2026, 4, 1), budget.SETTLED, {"meals": 9000}, {"meals": 9000})
    return people


def test_budget_against_actual_for_the_general_manager(march: dict[str, Any]) -> None:
    figures = reporting.budget_figures(march["gm"], MARCH)
    rows = {row["department"]: row for row in figures["departments"]}
    assert set(rows) == {"大客户一部", "大客户二部"}
    one, two = rows["大客户一部"], rows["大客户二部"]
    assert (one["requests"], one["recorded"], one["budget"], one["actual"]) == (2, 1, 1500, 1200)
    assert (one["difference"], one["share"]) == (200, 120)
    assert (two["budget"], two["actual"], two["difference"], two["share"]) == (2000, 1800, -200, 90)
    totals = figures["totals"]
    assert (totals["requests"], totals["budget"], totals["actual"], totals["share"]) == (3, 3500, 3000, 100)


def test_a_ka_manager_sees_their_department_only(march: dict[str, Any]) -> None:
    figures = reporting.budget_figures(march["manager1"], MARCH)
    assert [row["department"] for row in figures["departments"]] == ["大客户一部"]


def test_spend_line_of_the_monthly_report(march: dict[str, Any]) -> None:
    ka1, ka2 = march["ka1"], march["ka2"]
    spent = reporting.spend_by_department([ka1.pk, ka2.pk], date(2026, 3, 1), date(2026, 4, 1))
    assert spent == {ka1.pk: Decimal(1200), ka2.pk: Decimal(1800)}
    report = key_account_report(ka1, date(2026, 3, 1))
    line = next(line for line in report["lines"] if line["key"] == "hospitality_spend")
    assert Decimal(str(line["value"])) == Decimal(1200)


def test_the_widget_is_on_the_company_dashboard(march: dict[str, Any]) -> None:
    figures = board_figures(viewer=march["gm"], board="company", period=MARCH)
    assert figures["widgets"]["hospitality_budget"]["totals"]["actual"] == 3000
    client = Client()
    client.force_login(march["gm"])
    page = client.get(
        reverse("reports:dashboard"), {"board": "company", "month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "招待预算与实际" in text and "<td>合计</td>" in text
    assert "3000.00" in text and "120%" in text
