"""Celery tasks: two generic entry points into the jobs facade."""

from typing import Any

from celery import shared_task

from kam.core import jobs


@shared_task(name="kam.run_job", acks_late=True)
def run_job(name: str, kwargs: dict[str, Any]) -> None:
    jobs.run(name, **kwargs)


@shared_task(name="kam.run_periodic", acks_late=True)
def run_periodic(name: str) -> bool:
    return jobs.run_periodic(name)
