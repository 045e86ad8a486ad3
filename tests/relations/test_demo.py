"""The demo step: assessments with all three results, needs, demand, directives, meetings (issue 7)."""

from __future__ import annotations

import io

import pytest

from kam.accounts.demo import seed_accounts
from kam.core.demo import DemoContext
from kam.org.demo import seed_organisation
from kam.relations import demo
from kam.relations.models import (
    Acknowledgement,
    Assessment,
    DemandLine,
    Directive,
    MarketNote,
    Meeting,
    Need,
    ProcedureVersion,
)

pytestmark = pytest.mark.django_db


def test_demo_relationships() -> None:
    ctx = DemoContext(out=io.StringIO())
    seed_organisation(ctx)
    seed_accounts(ctx)
    demo.seed_relations(ctx)
    latest = Assessment.objects.exclude(suggestions="半年度评估")
    assert set(latest.values_list("proposed", flat=True)) == {"develop", "maintain", "terminate"}
    assert latest.filter(status="confirmed", result="terminate", released=True).exists()
    assert latest.filter(status="confirmed").exclude(reason="").exists()  # an override with its reason
    assert latest.filter(status="proposed").exists()
    assert Need.objects.filter(status="open").exists() and DemandLine.objects.count() >= 10
    assert MarketNote.objects.filter(proposal_status="accepted").exists()
    assert Directive.objects.filter(status="replied").exists() and Directive.objects.count() == 3
    assert Meeting.objects.get().actions.count() == 2
    assert ProcedureVersion.objects.count() == 3 and Acknowledgement.objects.count() == 4
