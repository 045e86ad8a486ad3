"""The jobs facade on a real broker: runs only when KAM_BROKER_URL is set (CI sets Redis)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from kam.core import jobs
from kam.core.models import JobLock

pytestmark = [
    pytest.mark.jobs,
    pytest.mark.skipif(not settings.KAM_BROKER_URL, reason="needs KAM_BROKER_URL (a real broker)"),
]


@jobs.job("tests.mark")
def _mark(name: str) -> None:
    JobLock.objects.create(name=name, holder="worker")


@jobs.periodic("tests.slow", every=timedelta(minutes=1))
def _slow() -> None:
    JobLock.objects.create(name=f"tests.slow.ran.{uuid.uuid4().hex}")
    time.sleep(1.0)


def _wait_for(predicate: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def worker(transactional_db: Any, django_db_serialized_rollback: Any) -> Any:
    from celery.contrib.testing.worker import start_worker

    from kam.celery import app

    app.control.purge()
    with start_worker(
        app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
    ) as running:
        yield running


def test_enqueued_job_runs_on_a_worker_after_commit(worker: Any) -> None:
    with transaction.atomic():
        jobs.enqueue("tests.mark", name="after-commit")
        assert not JobLock.objects.filter(name="after-commit").exists()
    assert _wait_for(lambda: JobLock.objects.filter(name="after-commit").exists())


def test_enqueue_inside_a_rolled_back_transaction_sends_nothing(worker: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("tests.mark", name="rolled-back")
        raise RuntimeError("abort")
    jobs.enqueue("tests.mark", name="sentinel")
    assert _wait_for(lambda: JobLock.objects.filter(name="sentinel").exists())
    assert not JobLock.objects.filter(name="rolled-back").exists()


def test_a_periodic_job_sent_twice_at_once_runs_once(worker: Any) -> None:
    from kam.celery import app

    results = [
        app.send_task("kam.run_periodic", args=["tests.slow"], queue=settings.CELERY_TASK_DEFAULT_QUEUE)
        for _ in range(2)
    ]
    outcomes = sorted(r.get(timeout=30) for r in results) if app.conf.result_backend else None
    assert _wait_for(lambda: JobLock.objects.filter(name="tests.slow", runs__gte=1).exists())
    time.sleep(1.5)
    assert JobLock.objects.get(name="tests.slow").runs == 1
    assert JobLock.objects.filter(name__startswith="tests.slow.ran.").count() == 1
    if outcomes is not None:
        assert outcomes == [False, True]
