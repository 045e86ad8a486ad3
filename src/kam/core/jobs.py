"""The jobs facade: background work in-process by default, on Celery workers when a broker is set.

Apps register work in their ``jobs.py`` with :func:`job` or :func:`periodic` and queue it with
:func:`enqueue`, which sends only after the surrounding transaction commits. Periodic jobs take a
lease in :class:`~kam.core.models.JobLock` first, so several workers never run the same job at once.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)

JobFunction = Callable[..., Any]


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    lease: timedelta


_jobs: dict[str, JobFunction] = {}
_periodic: dict[str, Periodic] = {}


def job(name: str) -> Callable[[JobFunction], JobFunction]:
    """Register ``fn`` under ``name`` so that :func:`enqueue` can run it anywhere."""

    def register(fn: JobFunction) -> JobFunction:
        _jobs[name] = fn
        return fn

    return register


def periodic(
    name: str, *, every: timedelta, lease: timedelta | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Register a job that runs every ``every``; the lease bounds how long a crashed run blocks it."""

    def register(fn: JobFunction) -> JobFunction:
        _jobs[name] = fn
        _periodic[name] = Periodic(name, every, lease or max(every * 5, timedelta(minutes=5)))
        return fn

    return register


def registered() -> dict[str, JobFunction]:
    return dict(_jobs)


def periodic_jobs() -> dict[str, Periodic]:
    return dict(_periodic)


def broker_configured() -> bool:
    return bool(settings.KAM_BROKER_URL)


def enqueue(name: str, /, **kwargs: Any) -> None:
    """Run job ``name`` after the current transaction commits: on a worker, or here and now."""
    if name not in _jobs:
        raise KeyError(f"Unknown job {name!r}")
    if broker_configured():
        transaction.on_commit(lambda: _send(name, kwargs))
    else:
        transaction.on_commit(lambda: _run_logged(name, kwargs))


def _send(name: str, kwargs: dict[str, Any]) -> None:
    from kam.celery import app

    app.send_task("kam.run_job", args=[name, kwargs], queue=settings.CELERY_TASK_DEFAULT_QUEUE)


def _run_logged(name: str, kwargs: dict[str, Any]) -> None:
    try:
        run(name, **kwargs)
    except Exception:
        log.exception("Job %s failed", name)


def run(name: str, /, **kwargs: Any) -> Any:
    """Run job ``name`` in this process, now."""
    return _jobs[name](**kwargs)


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def acquire(name: str, lease: timedelta, *, holder: str | None = None) -> str | None:
    """Take the lease on ``name``; return the holder token, or None when someone else holds it."""
    from kam.core.models import JobLock

    holder = holder or _holder()
    now = timezone.now()
    try:
        with transaction.atomic():
            JobLock.objects.get_or_create(name=name)
    except IntegrityError:
        pass
    taken = (
        JobLock.objects.filter(name=name)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + lease, holder=holder, last_started_at=now)
    )
    return holder if taken == 1 else None


def release(name: str, holder: str) -> None:
    from kam.core.models import JobLock

    JobLock.objects.filter(name=name, holder=holder).update(
        locked_until=None, last_finished_at=timezone.now(), runs=F("runs") + 1
    )


def run_periodic(name: str, /, **kwargs: Any) -> bool:
    """Run periodic job ``name`` unless another worker is running it; return whether it ran."""
    spec = _periodic[name]
    holder = acquire(name, spec.lease)
    if holder is None:
        log.info("Periodic job %s is already running elsewhere", name)
        return False
    try:
        run(name, **kwargs)
    finally:
        release(name, holder)
    return True


def install_beat_schedule(app: Any) -> None:
    """Give Celery beat one entry per periodic job."""
    app.conf.beat_schedule = {
        spec.name: {
            "task": "kam.run_periodic",
            "schedule": spec.every.total_seconds(),
            "args": [spec.name],
            "options": {"queue": settings.CELERY_TASK_DEFAULT_QUEUE, "expires": spec.every.total_seconds()},
        }
        for spec in _periodic.values()
    }


def run_scheduler(stop: threading.Event, *, tick: float = 15.0) -> None:
    """Run the periodic jobs in this process until ``stop`` is set (used when no broker is set)."""
    last: dict[str, datetime] = {}
    while not stop.is_set():
        now = timezone.now()
        for spec in list(_periodic.values()):
            if now - last.get(spec.name, datetime.min.replace(tzinfo=now.tzinfo)) >= spec.every:
                last[spec.name] = now
                try:
                    run_periodic(spec.name)
                except Exception:
                    log.exception("Periodic job %s failed", spec.name)
        stop.wait(tick)


def autodiscover() -> None:
    """Import every kam app's ``jobs`` module so that its jobs are registered."""
    for config in apps.get_app_configs():
        if config.name.startswith("kam."):
            try:
                importlib.import_module(f"{config.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.jobs":
                    raise
