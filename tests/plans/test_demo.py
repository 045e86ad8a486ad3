"""The demo step: past months planned (some late, some returned), last month locked (issue 4 item 8)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from kam.core import clock
from kam.core.demo import DemoContext
from kam.org.demo import seed_organisation
from kam.plans import demo, rules
from kam.plans.models import MonthlyPlan, Scorecard

pytestmark = pytest.mark.django_db


def test_demo_plans_and_scorecards(at: Any) -> None:
    at(2026, 11, 20, 10, 0)
    ctx = DemoContext(out=io.StringIO())
    seed_organisation(ctx)
    demo.seed_plans(ctx)
    this_month = clock.parse_month("2026-11")
    last = rules.previous_month(this_month)
    assert MonthlyPlan.objects.filter(late=True).exists()
    assert MonthlyPlan.history.filter(status="returned").exists()
    assert MonthlyPlan.objects.filter(month=this_month).count() == 7  # one specialist still missing
    assert Scorecard.objects.filter(month=last).count() == 8
    assert set(Scorecard.objects.filter(month=last).values_list("status", flat=True)) == {"locked"}
    earlier = Scorecard.objects.filter(month=rules.previous_month(last))
    assert set(earlier.values_list("status", flat=True)) == {"open"}
