"""Run a Celery worker (with the periodic-job scheduler) for the configured broker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

NO_BROKER = "KAM_BROKER_URL is not set: without a broker, jobs run inside `kam serve`."


class Command(BaseCommand):
    help = "Run a background worker on the broker in KAM_BROKER_URL (Redis or RabbitMQ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--no-beat", action="store_true", help="leave scheduling to another worker")
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--hostname", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KAM_BROKER_URL:
            raise CommandError(NO_BROKER)
        from kam.celery import app

        argv = [
            "worker",
            f"--concurrency={options['concurrency']}",
            f"--loglevel={options['loglevel']}",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
        ]
        if options["hostname"]:
            argv.append(f"--hostname={options['hostname']}")
        if not options["no_beat"]:
            argv += ["--beat", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"]
        app.worker_main(argv)
