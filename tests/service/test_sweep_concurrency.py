"""Two sweeps at once on PostgreSQL breach and notify each milestone exactly once (D10, F3)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections

from kam.notify.models import Notification
from kam.service.models import Milestone
from kam.service.sweep import sla_sweep
from tests.service.factories import T0, agent, open_request, record

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_sweeps_in_threads_breach_each_milestone_once(org: dict[str, Any]) -> None:
    desk = agent(department=org["ka1"], supervisor=org["manager1"])
    for n in range(20):
        request = open_request(desk, caller_phone=f"1380000{n:04d}", assignee=org["spec1"])
        record(desk, request, "call_ended", T0)
    now = T0 + timedelta(minutes=31)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def sweep() -> None:
        try:
            barrier.wait()
            results.append(sla_sweep(now=now).breached)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    breached = Milestone.objects.filter(status="breached")
    assert sum(results) == breached.count() == 40  # department_notified and reply_time_agreed
    keys = list(
        Notification.objects.filter(dedupe_key__startswith="sla:").values_list("dedupe_key", "recipient")
    )
    assert len(keys) == len(set(keys)) == 80  # the assignee and the supervisor, once each
