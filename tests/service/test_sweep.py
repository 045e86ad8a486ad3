"""The set-based SLA sweep: its cost follows the milestones falling due, not their number (D10, F3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kam.notify.models import Delivery, Notification
from kam.service.models import Milestone
from kam.service.sweep import sla_sweep
from tests.factories import UserFactory
from tests.service.factories import T0, agent, open_request, record

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)


@pytest.fixture
def desk(org: dict[str, Any]) -> Any:
    return agent(department=org["ka1"], supervisor=org["manager1"])


def _complaints(desk: Any, assignee: Any, n: int) -> None:
    for i in range(n):
        request = open_request(desk, caller_phone=f"1390000{i:04d}", assignee=assignee)
        record(desk, request, "call_ended", T0)


def _queries(now: Any, **kwargs: Any) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as seen:
        breached = sla_sweep(now=now, **kwargs).breached
    return breached, len(seen.captured_queries)


def test_queries_do_not_grow_with_the_milestones_due(desk: Any, org: dict[str, Any]) -> None:
    _complaints(desk, org["spec1"], 2)
    few = _queries(T0 + 31 * MIN)  # department_notified and reply_time_agreed of each: 4
    _complaints(desk, org["spec1"], 6)
    Milestone.objects.filter(status="breached").update(status="met")
    many = _queries(T0 + 31 * MIN)  # the 12 of the six new complaints
    assert (few[0], many[0]) == (4, 12)
    assert many[1] == few[1] <= 12


def test_batches_claim_everything_once(desk: Any, org: dict[str, Any]) -> None:
    _complaints(desk, org["spec1"], 5)
    assert sla_sweep(now=T0 + 31 * MIN, batch=3).breached == 10
    assert sla_sweep(now=T0 + 31 * MIN, batch=3).breached == 0
    keys = list(Notification.objects.values_list("recipient__username", "dedupe_key"))
    assert len(keys) == len(set(keys)) == 20
    assert {name for name, _ in keys} == {"spec1", "manager1"}


def test_deliveries_follow_email_and_inactive_people_are_skipped(desk: Any, org: dict[str, Any]) -> None:
    quiet = UserFactory(username="quiet", email="", supervisor=UserFactory(username="gone", is_active=False))
    _complaints(desk, quiet, 1)
    _complaints(desk, org["spec1"], 1)
    sla_sweep(now=T0 + 11 * MIN)
    names = sorted(Notification.objects.values_list("recipient__username", flat=True))
    assert names == ["manager1", "quiet", "spec1"]
    emailed = {d.notification.recipient.username for d in Delivery.objects.filter(channel="email")}
    assert "quiet" not in emailed and emailed <= {"manager1", "spec1"}


def test_a_met_milestone_is_never_breached_by_a_later_sweep(desk: Any, org: dict[str, Any]) -> None:
    request = open_request(desk, assignee=org["spec1"])
    record(desk, request, "call_ended", T0)
    record(desk, request, "department_notified", T0 + 10 * MIN, department_id=org["ka1"].pk)
    sla_sweep(now=T0 + 31 * MIN)
    states = dict(Milestone.objects.filter(request=request).values_list("code", "status"))
    assert states["department_notified"] == "met" and states["reply_time_agreed"] == "breached"


def test_nobody_named_tells_the_department_head(desk: Any, org: dict[str, Any]) -> None:
    head = UserFactory(username="head1", department=org["ka1"])
    org["ka1"].head = head
    org["ka1"].save()
    request = open_request(desk, department=org["ka1"])
    record(desk, request, "call_ended", T0)
    sla_sweep(now=T0 + 11 * MIN)
    notice = Notification.objects.get()
    assert notice.recipient == head
    assert notice.title == f"SLA breached: department_notified of service request #{request.pk}"
    assert notice.link == reverse("service_request", args=[request.pk])
    assert notice.dedupe_key == f"sla:{request.milestones.get(code='department_notified').pk}:1"


def test_a_webhook_adds_a_delivery_per_notice(desk: Any, org: dict[str, Any], settings: Any) -> None:
    settings.KAM_WEBHOOK_URL = "http://127.0.0.1:9/hook"
    _complaints(desk, org["spec1"], 1)
    sla_sweep(now=T0 + 11 * MIN)
    assert Notification.objects.count() == 2
    assert Delivery.objects.filter(channel="webhook").count() == 2


def test_a_closed_request_is_not_escalated_to_the_head(desk: Any, org: dict[str, Any]) -> None:
    org["ka1"].head = UserFactory(username="head1", department=org["ka1"])
    org["ka1"].save()
    request = open_request(desk, assignee=org["spec1"], department=org["ka1"])
    record(desk, request, "call_ended", T0)
    sla_sweep(now=T0 + 11 * MIN)
    record(desk, request, "closed", T0 + 20 * MIN)
    sla_sweep(now=T0 + 2 * 60 * MIN)
    assert not Notification.objects.filter(dedupe_key__endswith=":2").exists()
