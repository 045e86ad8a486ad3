"""``kam sla-sweep [--now ISO]``: breach overdue milestones and escalate, once each (D10)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kam.core import clock
from kam.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Mark overdue SLA milestones breached and notify (exactly once per milestone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="The moment to sweep at (ISO 8601; without a zone it is local).")

    def handle(self, *args: Any, **options: Any) -> None:
        from kam.service.sweep import sla_sweep

        try:
            now = clock.parse_moment(options["now"], field="now") if options.get("now") else clock.now()
        except ValidationFailed as exc:
            self.stderr.write(f"--now: {exc.message}")
            raise SystemExit(2) from None
        result = sla_sweep(now=now)
        self.stdout.write(f"breached {result.breached}, escalated {result.escalated}")
