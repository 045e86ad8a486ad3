"""The jobs facade without a broker: after-commit runs in-process, leases on periodic jobs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction

from kam.core import jobs
from kam.core.models import JobLock

pytestmark = pytest.mark.django_db

LEASE = timedelta(minutes=5)


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Register test jobs in a private copy of the registry; yield the record of their runs."""
    monkeypatch.setattr(jobs, "_jobs", dict(jobs._jobs))
    monkeypatch.setattr(jobs, "_periodic", dict(jobs._periodic))
    calls: list[tuple[str, dict[str, Any]]] = []

    @jobs.job("tests.core.record")
    def record(**kwargs: Any) -> str:
        calls.append(("record", kwargs))
        return "recorded"

    @jobs.job("tests.core.explode")
    def explode() -> None:
        calls.append(("explode", {}))
        raise RuntimeError("boom")

    @jobs.periodic("tests.core.tick", every=timedelta(minutes=1))
    def tick() -> None:
        calls.append(("tick", {}))

    @jobs.periodic("tests.core.crash", every=timedelta(minutes=1), lease=timedelta(minutes=2))
    def crash() -> None:
        calls.append(("crash", {}))
        raise RuntimeError("crash")

    yield calls


def test_enqueue_runs_after_commit_in_process(
    ran: list[tuple[str, dict[str, Any]]], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.KAM_BROKER_URL = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        jobs.enqueue("tests.core.record", account=7)
        assert ran == [], "the job must wait for the commit"
    assert len(callbacks) == 1
    assert ran == [("record", {"account": 7})]


def test_enqueue_in_a_rolled_back_transaction_runs_nothing(
    ran: list[tuple[str, dict[str, Any]]], django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        jobs.enqueue("tests.core.record", account=7)
        raise RuntimeError("abort")
    assert callbacks == []
    assert ran == []


def test_a_failing_in_process_job_is_logged_not_raised(
    ran: list[tuple[str, dict[str, Any]]], django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    with (
        caplog.at_level(logging.ERROR, logger="kam.core.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        jobs.enqueue("tests.core.explode")
    assert ran == [("explode", {})]
    assert "Job tests.core.explode failed" in caplog.text


def test_enqueue_with_a_broker_sends_the_task_after_commit(
    ran: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kam.celery import app

    sent: list[tuple[str, Any, Any]] = []
    monkeypatch.setattr(
        app, "send_task", lambda name, args=None, queue=None, **kw: sent.append((name, args, queue))
    )
    settings.KAM_BROKER_URL = "redis://127.0.0.1:6379/0"
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("tests.core.record", account=7)
        assert sent == []
    assert sent == [
        ("kam.run_job", ["tests.core.record", {"account": 7}], settings.CELERY_TASK_DEFAULT_QUEUE)
    ]
    assert ran == [], "with a broker the job runs on a worker, not here"


def test_unknown_job_raises(ran: list[tuple[str, dict[str, Any]]]) -> None:
    with pytest.raises(KeyError, match=r"tests\.core\.nope"):
        jobs.enqueue("tests.core.nope")
    with pytest.raises(KeyError):
        jobs.run_periodic("tests.core.nope")
    with pytest.raises(KeyError):
        jobs.run("tests.core.nope")


def test_run_returns_the_result(ran: list[tuple[str, dict[str, Any]]]) -> None:
    assert jobs.run("tests.core.record", x=1) == "recorded"
    assert ran == [("record", {"x": 1})]


def test_second_acquire_is_refused_while_the_lease_is_held() -> None:
    assert jobs.acquire("tests.core.lease", LEASE, holder="worker-a") == "worker-a"

    assert jobs.acquire("tests.core.lease", LEASE, holder="worker-b") is None

    lock = JobLock.objects.get(name="tests.core.lease")
    assert lock.holder == "worker-a"
    assert lock.locked_until is not None


def test_release_by_another_holder_does_nothing() -> None:
    jobs.acquire("tests.core.lease", LEASE, holder="worker-a")
    jobs.release("tests.core.lease", "worker-b")
    assert jobs.acquire("tests.core.lease", LEASE, holder="worker-b") is None
    assert JobLock.objects.get(name="tests.core.lease").runs == 0


def test_acquire_is_allowed_after_release() -> None:
    jobs.acquire("tests.core.lease", LEASE, holder="worker-a")
    jobs.release("tests.core.lease", "worker-a")

    lock = JobLock.objects.get(name="tests.core.lease")
    assert lock.locked_until is None
    assert lock.last_finished_at is not None
    assert lock.runs == 1
    assert jobs.acquire("tests.core.lease", LEASE, holder="worker-b") == "worker-b"


def test_acquire_is_allowed_after_the_lease_expires() -> None:
    with time_machine.travel(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False) as traveller:
        assert jobs.acquire("tests.core.lease", LEASE, holder="crashed-worker") == "crashed-worker"
        traveller.shift(LEASE - timedelta(seconds=1))
        assert jobs.acquire("tests.core.lease", LEASE, holder="worker-b") is None
        traveller.shift(timedelta(seconds=2))
        assert jobs.acquire("tests.core.lease", LEASE, holder="worker-b") == "worker-b"
    lock = JobLock.objects.get(name="tests.core.lease")
    assert lock.holder == "worker-b"
    assert lock.locked_until == datetime(2026, 3, 2, 1, 5, 1, tzinfo=UTC) + LEASE


def test_acquire_without_a_holder_names_this_thread() -> None:
    holder = jobs.acquire("tests.core.lease", LEASE)
    assert holder is not None
    assert holder.endswith(f":{threading.get_ident()}")


def test_run_periodic_runs_and_releases(ran: list[tuple[str, dict[str, Any]]]) -> None:
    assert jobs.run_periodic("tests.core.tick") is True
    assert ran == [("tick", {})]
    lock = JobLock.objects.get(name="tests.core.tick")
    assert lock.locked_until is None
    assert lock.runs == 1
    assert jobs.run_periodic("tests.core.tick") is True
    assert JobLock.objects.get(name="tests.core.tick").runs == 2


def test_run_periodic_returns_false_when_held_elsewhere(ran: list[tuple[str, dict[str, Any]]]) -> None:
    jobs.acquire("tests.core.tick", LEASE, holder="other-host:1:1")

    assert jobs.run_periodic("tests.core.tick") is False

    assert ran == []
    lock = JobLock.objects.get(name="tests.core.tick")
    assert lock.holder == "other-host:1:1"
    assert lock.runs == 0


def test_run_periodic_releases_the_lease_when_the_job_fails(ran: list[tuple[str, dict[str, Any]]]) -> None:
    with pytest.raises(RuntimeError, match="crash"):
        jobs.run_periodic("tests.core.crash")
    lock = JobLock.objects.get(name="tests.core.crash")
    assert lock.locked_until is None
    # ... so the next run is not blocked for the length of the lease.
    with pytest.raises(RuntimeError):
        jobs.run_periodic("tests.core.crash")
    assert ran == [("crash", {}), ("crash", {})]


def test_periodic_registration(ran: list[tuple[str, dict[str, Any]]]) -> None:
    specs = jobs.periodic_jobs()
    assert specs["tests.core.tick"].every == timedelta(minutes=1)
    assert specs["tests.core.tick"].lease == timedelta(minutes=5)  # at least five minutes by default
    assert specs["tests.core.crash"].lease == timedelta(minutes=2)
    assert "tests.core.tick" in jobs.registered()


def test_apps_register_their_jobs_at_start_up() -> None:
    assert "notify.deliver" in jobs.registered()
    assert "notify.retry" in jobs.periodic_jobs()


def test_install_beat_schedule(ran: list[tuple[str, dict[str, Any]]], settings: Any) -> None:
    class Conf:
        beat_schedule: dict[str, Any] = {}

    class App:
        conf = Conf()

    app = App()
    jobs.install_beat_schedule(app)
    entry = app.conf.beat_schedule["tests.core.tick"]
    assert entry["task"] == "kam.run_periodic"
    assert entry["args"] == ["tests.core.tick"]
    assert entry["schedule"] == 60.0
    assert entry["options"]["queue"] == settings.CELERY_TASK_DEFAULT_QUEUE
    assert set(app.conf.beat_schedule) == set(jobs.periodic_jobs())


def test_run_scheduler_runs_each_periodic_job_once_per_tick(
    ran: list[tuple[str, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    stop = threading.Event()
    monkeypatch.setattr(
        jobs, "_periodic", {k: v for k, v in jobs._periodic.items() if k.startswith("tests.")}
    )
    # Stop after the first pass: the tick job sets the event when it runs.
    original = jobs._jobs["tests.core.tick"]

    def tick_then_stop() -> None:
        original()
        stop.set()

    monkeypatch.setitem(jobs._jobs, "tests.core.tick", tick_then_stop)
    with caplog.at_level(logging.ERROR, logger="kam.core.jobs"):
        jobs.run_scheduler(stop, tick=0)
    assert sorted(name for name, _ in ran) == ["crash", "tick"]
    assert "Periodic job tests.core.crash failed" in caplog.text


def test_run_scheduler_stops_when_told(ran: list[tuple[str, dict[str, Any]]]) -> None:
    stop = threading.Event()
    stop.set()
    jobs.run_scheduler(stop, tick=0)  # returns at once instead of looping
    assert ran == []
    assert not JobLock.objects.exists()


def test_celery_tasks_enter_the_facade(ran: list[tuple[str, dict[str, Any]]]) -> None:
    from kam.core import tasks

    tasks.run_job("tests.core.record", {"account": 9})
    assert tasks.run_periodic("tests.core.tick") is True
    assert ran == [("record", {"account": 9}), ("tick", {})]
    assert JobLock.objects.get(name="tests.core.tick").runs == 1
