"""Two real Celery workers on the broker run sweeps and events at once: nothing breached or notified twice.

Runs only when ``KAM_BROKER_URL`` names a real broker (Redis in CI), as ``tests/core/test_broker_jobs.py``
(D10, F3, issue 6 item 9). On RabbitMQ the checks pass, but Celery's in-process test worker does not
always stop within its shutdown timeout, so CI does not run them there yet.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from kam.core import jobs
from kam.core.models import JobLock
from kam.notify.models import Notification
from kam.service.models import Milestone, ServiceEventRow
from tests.service.factories import T0, agent, open_request, record

pytestmark = [
    pytest.mark.jobs,
    pytest.mark.skipif(not settings.KAM_BROKER_URL, reason="needs KAM_BROKER_URL (a real broker)"),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="two workers writing at once need a server database"
    ),
]
REQUESTS = 12
SWEEPS = 6


@jobs.job("tests.service_sweep")
def _sweep_and_tell(now: str) -> None:
    """Run the service desk's sweep job and leave how many it breached where the test can read it."""
    result = jobs.run("service.sla_sweep", now=now)
    JobLock.objects.create(name=f"tests.sweep.{uuid.uuid4().hex}", holder=str(result["breached"]))


def _wait_for(predicate: Any, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def two_workers(transactional_db: Any, django_db_serialized_rollback: Any) -> Iterator[list[Any]]:
    from celery.contrib.testing.worker import start_worker

    from kam.celery import app

    app.control.purge()
    with ExitStack() as stack:
        yield [
            stack.enter_context(
                start_worker(
                    app,
                    pool="threads",
                    concurrency=2,
                    perform_ping_check=False,
                    queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
                    hostname=f"kam-service-{n}@{uuid.uuid4().hex[:6]}",
                )
            )
            for n in range(2)
        ]


def test_two_workers_sweep_and_record_events_without_doubles(two_workers: Any, org: dict[str, Any]) -> None:
    from kam.celery import app

    desk = agent(department=org["ka1"], supervisor=org["manager1"])
    requests = []
    for n in range(REQUESTS):
        request = open_request(desk, caller_phone=f"1380000{n:04d}", assignee=org["spec1"])
        record(desk, request, "call_ended", T0)
        requests.append(request)
    now = (T0 + timedelta(minutes=31)).isoformat()
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    for n, request in enumerate(requests):
        if n % 2 == 0:  # half the department notices arrive late, pushed while the sweeps run
            values = {
                "type": "department_notified",
                "occurred_at": (T0 + timedelta(minutes=5)).isoformat(),
                "department_id": org["ka1"].pk,
            }
            app.send_task("kam.run_job", args=["service.event", {"request_id": request.pk, "values": values}],
                          queue=queue)  # fmt: skip
        if n % 4 == 0:
            app.send_task("kam.run_job", args=["tests.service_sweep", {"now": now}], queue=queue)
    for _ in range(SWEEPS - len(range(0, REQUESTS, 4))):
        app.send_task("kam.run_job", args=["tests.service_sweep", {"now": now}], queue=queue)

    def settled() -> bool:
        sweeps = JobLock.objects.filter(name__startswith="tests.sweep.").count()
        notices = ServiceEventRow.objects.filter(type="department_notified").count()
        # At least: a sweep left on the broker by an earlier, interrupted run may run too (and must not
        # breach anything twice either).
        return sweeps >= SWEEPS and notices == REQUESTS // 2

    assert _wait_for(settled), "the workers did not finish in time"
    breached_by_sweeps = sum(
        int(h)
        for h in JobLock.objects.filter(name__startswith="tests.sweep.").values_list("holder", flat=True)
    )
    notified = Milestone.objects.filter(breach_notified_at__isnull=False)
    # Every milestone the sweeps claimed was claimed once: 12 reply times, and the notices of the six
    # requests whose late event had not arrived yet (a notice that arrives later turns the breach to met).
    assert breached_by_sweeps == notified.count()
    assert notified.filter(code="reply_time_agreed").count() == REQUESTS
    assert notified.filter(code="department_notified").count() >= REQUESTS // 2
    keys = list(
        Notification.objects.filter(dedupe_key__startswith="sla:").values_list("recipient", "dedupe_key")
    )
    assert len(keys) == len(set(keys)) == 2 * notified.count()  # the assignee and the supervisor, once each
    assert not Milestone.objects.filter(code="reply_time_agreed", status="pending").exists()
