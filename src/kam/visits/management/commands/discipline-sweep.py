"""``kam discipline-sweep --date YYYY-MM-DD [--now ISO]``: record the day's discipline violations (D11)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kam.core import clock
from kam.core.errors import ValidationFailed
from kam.visits import services


class Command(BaseCommand):
    help = "Find the visit-discipline violations of one day (default: yesterday) and record the new ones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="the local day, YYYY-MM-DD (default: yesterday)")
        parser.add_argument("--now", help="the clock to judge by, ISO 8601 (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            now = clock.parse_moment(options["now"], field="now") if options["now"] else clock.now()
            day = (
                clock.parse_day(options["date"], field="date")
                if options["date"]
                else clock.localtime(now).date() - timedelta(days=1)
            )
        except ValidationFailed as error:
            raise CommandError(f"--{error.field}: {error.message}") from None
        created = services.discipline_sweep(day=day, now=now)
        self.stdout.write(f"{day}: {created} new violation(s)")
