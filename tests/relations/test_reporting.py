"""Relationship work on the dashboards: directives' status and the needs falling due (F2, A2o, A2h)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kam.core import clock
from kam.relations import reporting
from kam.relations.models import Directive, Need
from kam.relations.services import department, records
from kam.reports.selectors import Period

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)
MARCH = Period(month=date(2026, 3, 1), today=TODAY)


@pytest.fixture
def directives(org: dict[str, Any]) -> dict[str, Any]:
    """Three directives of the regional manager: one open to each KA manager, one completed."""
    regional = org["regional"]
    with clock.frozen_at(clock.day_bounds(date(2026, 3, 1))[0] + timedelta(hours=9)):
        first = department.directive_issue(
            actor=regional,
            assignee_id=org["manager1"].pk,
            title="走访前十客户",
            body="本月内",
            due_on="2026-03-10",
        )
        department.directive_issue(
            actor=regional,
            assignee_id=org["manager2"].pk,
            title="清理应收款",
            body="月底前",
            due_on="2026-03-31",
        )
        done = department.directive_issue(
            actor=regional, assignee_id=org["manager1"].pk, title="提交计划", body="尽快", due_on="2026-03-05"
        )
        department.directive_acknowledge(actor=org["manager1"], directive=done)
        department.directive_complete(actor=org["manager1"], directive=done, result="已提交")
    return {"overdue": first}


def test_directive_status_for_the_regional_manager(org: dict[str, Any], directives: dict[str, Any]) -> None:
    figures = reporting.directive_figures(org["regional"], MARCH)
    counts = {row["status"]: row["count"] for row in figures["statuses"]}
    assert (counts["issued"], counts["completed"], figures["open"], figures["overdue"]) == (2, 1, 2, 1)
    assert [(d["title"], d["overdue"]) for d in figures["next"]] == [
        ("走访前十客户", True),
        ("清理应收款", False),
    ]


def test_a_ka_manager_counts_their_own_directives(org: dict[str, Any], directives: dict[str, Any]) -> None:
    figures = reporting.directive_figures(org["manager2"], MARCH)
    assert (figures["open"], figures["overdue"], [d["title"] for d in figures["next"]]) == (
        1,
        0,
        ["清理应收款"],
    )
    assert Directive.objects.count() == 3


def test_needs_due_this_month_soonest_first(org: dict[str, Any], account: Any) -> None:
    spec1 = org["spec1"]
    for direction, due in (
        ("扩产", "2026-03-25"),
        ("降本", "2026-03-02"),
        ("明年", "2026-04-02"),
        ("无期限", None),
    ):
        records.need_create(
            actor=spec1, account_id=account.pk, direction=direction, problem="交期", due_on=due
        )
    Need.objects.filter(direction="扩产").update(status="in_progress")
    records.need_create(
        actor=spec1, account_id=account.pk, direction="已完成", problem="-", due_on="2026-03-01"
    )
    Need.objects.filter(direction="已完成").update(status="done")
    figures = reporting.needs_due_figures(spec1, MARCH)
    assert (figures["count"], figures["overdue"]) == (2, 1)
    assert [(n["direction"], n["overdue"]) for n in figures["next"]] == [("降本", True), ("扩产", False)]
    assert reporting.needs_due_figures(org["spec3"], MARCH)["count"] == 0


def test_the_panels_show_on_the_dashboards(org: dict[str, Any], directives: dict[str, Any]) -> None:
    client = Client()
    client.force_login(org["regional"])
    with clock.frozen_at(clock.day_bounds(TODAY)[0] + timedelta(hours=9)):
        page = client.get(reverse("reports:dashboard"), {"board": "region", "month": "2026-03"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "大区工作指令" in text and "走访前十客户" in text and "1 项已逾期" in text
