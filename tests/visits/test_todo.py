"""Field work on the to-do list and on the scorecard; the sweep stays set-based (D11, D14, D16, B7)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kam.core import clock, navigation
from kam.plans import sources
from kam.visits import services
from kam.visits.models import Violation
from kam.visits.todo import field_work
from tests.factories import UserFactory
from tests.visits.conftest import DAY, INSIDE, local

pytestmark = pytest.mark.django_db


def _kinds(user: Any) -> list[str]:
    return [item.kind for item in field_work(user)]


def test_todo_lists_todays_appointments_the_report_and_violations(field: dict[str, Any]) -> None:
    spec1 = field["spec1"]
    with clock.frozen_at(local(7, 0)):
        appointment, _c = services.appointment_create(
            actor=spec1, account_id=field["account"].pk, starts_at=local(9), purpose="送样品"
        )
        items = field_work(spec1)
    assert [i.kind for i in items] == ["visits_appointment", "visits_report"]
    assert items[0].link == f"/visits/appointments/{appointment.pk}/" and items[0].due == local(9)
    assert "2026-03-04" in str(items[1].title) and items[1].urgent is False
    services.discipline_sweep(day=DAY - timedelta(days=1), now=local(7, 0))  # Tuesday: no sign-in
    with clock.frozen_at(local(19, 30)):
        items = field_work(spec1)
        assert any(i.kind == "visits_report" and i.urgent for i in items)  # due at 20:00
        assert "visits_violation" in _kinds(spec1)
        assert field_work in navigation._registry.todo  # registered for the home page
        report = services.daily_report_create(actor=spec1, day=DAY)
        services.sign_in_record(actor=spec1, lat=INSIDE[1], lng=INSIDE[0], occurred_at=local(8))
        assert "visits_report" in _kinds(spec1)  # a draft still waits to be submitted
        services.daily_report_submit(actor=spec1, report=report)
        assert "visits_report" not in _kinds(spec1)
        assert "visits_sign_off" in _kinds(field["manager1"])  # the supervisor signs it off
        violation = Violation.objects.get(user=spec1)
        services.violation_explain(actor=spec1, violation=violation, explanation="年假")
        assert "visits_violation" not in _kinds(spec1)
        director = UserFactory(posts=["service_director"], department=field["region"])
        assert "visits_decide" in _kinds(director)


def test_no_report_todo_on_a_holiday_or_for_other_posts(field: dict[str, Any]) -> None:
    with clock.frozen_at(local(10, 0, day=DAY + timedelta(days=3))):  # Saturday
        assert _kinds(field["spec1"]) == []
    with clock.frozen_at(local(10, 0)):
        assert _kinds(field["manager1"]) == []


def test_months_violations_are_offered_when_scoring_daily_work(field: dict[str, Any], evening: Any) -> None:
    """Registered with kam.plans.sources in VisitsConfig.ready: the scorecard reads them (D11, B7)."""
    services.discipline_sweep(day=DAY, now=local(23, 0))
    month = DAY.replace(day=1), DAY.replace(month=4, day=1)
    found = sources.collect_deductions([field["spec1"].pk, field["manager1"].pk], *month)
    assert [(d.code, d.occurred_on) for d in found[field["spec1"].pk]] == [("visits.missing_sign_in", DAY)]
    assert found[field["spec1"].pk][0].link.startswith("/visits/violations/")
    assert field["manager1"].pk not in found


def test_sweep_runs_a_fixed_number_of_queries_whatever_the_headcount(field: dict[str, Any]) -> None:
    """Set-based: a handful of queries per day, not one per person (D11)."""

    def queries() -> int:
        Violation.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            services.discipline_sweep(day=DAY, now=local(23, 0))
        return len(captured.captured_queries)

    few = queries()
    for n in range(12):
        UserFactory(posts=["specialist"], department=field["ka1"], username=f"extra{n}")
    assert queries() == few
    assert Violation.objects.filter(code="missing_sign_in").count() == 16
