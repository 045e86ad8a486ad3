"""Serve kam with the production WSGI server (gunicorn) and static files (WhiteNoise)."""

from __future__ import annotations

import os
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the production web server; without a broker it also runs the periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("KAM_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("KAM_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("KAM_WEB_THREADS", "4")))
        parser.add_argument("--no-scheduler", action="store_true", help="do not run periodic jobs here")

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from kam.core import jobs
        from kam.wsgi import application

        class Server(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", options["bind"])
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("timeout", 60)
                self.cfg.set("accesslog", os.environ.get("KAM_ACCESS_LOG") or None)
                self.cfg.set("errorlog", "-")
                self.cfg.set("loglevel", "warning")
                self.cfg.set("proc_name", "kam")

            def load(self) -> Any:
                return application

        if not jobs.broker_configured() and not options["no_scheduler"] and not settings.TESTING:
            stop = threading.Event()
            threading.Thread(
                target=jobs.run_scheduler, args=(stop,), daemon=True, name="kam-scheduler"
            ).start()
        self.stdout.write(f"kam is serving on http://{options['bind']}/ (Ctrl+C stops it)")
        Server().run()
