"""The Celery application used when KAM_BROKER_URL is set (``kam worker`` runs it)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

app = Celery("kam")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["kam.core.tasks"]


@app.on_after_finalize.connect
def _schedule_periodic_jobs(sender: Celery, **_: object) -> None:
    from kam.core import jobs

    jobs.install_beat_schedule(sender)
