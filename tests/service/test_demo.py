"""The demo step: four months of calls of every kind, some breached, some repeats (issue 6 item 11)."""

from __future__ import annotations

import io

import pytest

from kam.accounts.demo import seed_accounts
from kam.core.demo import DemoContext
from kam.org.demo import seed_organisation
from kam.service import demo
from kam.service.models import AssessmentRecord, CallQualityReview, Milestone, ServiceRequest

pytestmark = pytest.mark.django_db


def test_demo_service_desk() -> None:
    ctx = DemoContext(out=io.StringIO())
    seed_organisation(ctx)
    seed_accounts(ctx)
    demo.seed_service(ctx)
    kinds = set(ServiceRequest.objects.values_list("kind", flat=True))
    assert kinds == {"inquiry", "complaint", "rescue", "purchase_callback", "repair_callback"}
    decided = Milestone.objects.filter(status__in=["met", "breached"])
    share = decided.filter(status="breached").count() / decided.count()
    assert 0.05 < share < 0.4, share
    assert AssessmentRecord.objects.exists()
    assert ServiceRequest.objects.filter(status="open").exists()
    reviewed = CallQualityReview.objects.all()
    assert reviewed.count() >= 10 and {r.reviewer.username for r in reviewed} == {"chenjing"}
