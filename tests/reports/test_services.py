"""Producing and keeping the key account management report, on demand and on schedule (A2p)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kam.core.errors import Forbidden, NotFound
from kam.notify.models import Notification
from kam.reports import services
from kam.reports.models import KeyAccountReport

pytestmark = pytest.mark.django_db


def test_report_figures_of_a_department_month(dataset: dict[str, Any]) -> None:
    kept = services.report_produce(
        actor=dataset["manager1"], department_id=dataset["ka1"].pk, first=date(2026, 2, 1)
    )
    kept.refresh_from_db()
    figures = kept.figures
    assert figures["label"] == "2026-02"
    assert figures["department"] == "大客户一部"
    assert figures["figures"]["accounts_new"] == 3
    assert figures["figures"]["accounts_developed"] == 1
    assert figures["figures"]["accounts_terminated"] == 1
    assert figures["figures"]["deals"] == 2
    assert figures["figures"]["deal_amount"] == "15000.50"
    assert figures["figures"]["receivables_due"] == "3000.00"
    assert figures["figures"]["collected"] == "500.00"
    assert figures["figures"]["sla_rate"] == "50.0"
    assert figures["visits"]["by_plan"] == {"A": 2, "B": 1, "C": 1}
    assert [r["name"] for r in figures["ranking"]] and {r["rank"] for r in figures["ranking"]} <= {1, 2}
    assert kept.produced_by == dataset["manager1"]
    assert kept.history.count() == 1


def test_producing_again_replaces_the_figures_and_keeps_history(dataset: dict[str, Any]) -> None:
    first = services.report_produce(
        actor=dataset["manager1"], department_id=dataset["ka1"].pk, first=date(2026, 2, 1)
    )
    again = services.report_produce(
        actor=dataset["regional"], department_id=dataset["ka1"].pk, first=date(2026, 2, 1)
    )
    assert first.pk == again.pk
    assert KeyAccountReport.objects.count() == 1
    assert again.history.count() == 2


def test_year_report(dataset: dict[str, Any]) -> None:
    kept = services.report_produce(
        actor=dataset["manager1"], department_id=dataset["ka1"].pk, first=date(2026, 2, 1), year=True
    )
    assert kept.period == "year"
    assert kept.start == date(2026, 1, 1)
    assert kept.figures["figures"]["deals"] == 3
    assert kept.figures["figures"]["visits"] == 5
    assert kept.figures["figures"]["accounts_developed"] == 2
    assert kept.figures["ranking"] == []


def test_only_report_posts_of_visible_departments(dataset: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        services.report_produce(
            actor=dataset["spec1"], department_id=dataset["ka1"].pk, first=date(2026, 2, 1)
        )
    with pytest.raises(NotFound):
        services.report_produce(
            actor=dataset["manager1"], department_id=dataset["ka2"].pk, first=date(2026, 2, 1)
        )
    assert not KeyAccountReport.objects.exists()


def test_schedule_runs_on_the_first_working_day_only(dataset: dict[str, Any]) -> None:
    assert services.reports_produce_scheduled(today=date(2026, 3, 3)) == 0
    assert not KeyAccountReport.objects.exists()
    # 2 March 2026 is a Monday, the first working day of March: February's reports go out.
    assert services.reports_produce_scheduled(today=date(2026, 3, 2)) == 3
    kept = KeyAccountReport.objects.get(department=dataset["ka1"])
    assert kept.start == date(2026, 2, 1)
    assert kept.produced_by is None
    recipients = set(
        Notification.objects.filter(kind="reports.monthly", link__contains=f"/{kept.pk}/").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"manager1", "regional"}
    # Run again the same day: the notifications are not repeated.
    services.reports_produce_scheduled(today=date(2026, 3, 2))
    assert Notification.objects.filter(kind="reports.monthly", recipient=dataset["manager1"]).count() == 1
    assert Notification.objects.filter(kind="reports.monthly", recipient=dataset["manager3"]).count() == 1


def test_demo_keeps_last_months_reports(dataset: dict[str, Any]) -> None:
    import io

    from kam.core.demo import DemoContext
    from kam.reports.demo import STEPS

    ((_order, _label, seed),) = STEPS
    seed(DemoContext(out=io.StringIO()))
    kept = KeyAccountReport.objects.order_by("department_id")
    assert [k.start for k in kept] == [date(2026, 1, 1)] * 3  # looked at on 20 February: January's reports
    assert all(k.produced_by is None for k in kept)
