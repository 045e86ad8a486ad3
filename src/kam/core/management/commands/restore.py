"""`kam restore PATH`: replace the database's contents with a backup made by `kam backup`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kam.core import backup


class Command(BaseCommand):
    help = "Restore the database from a backup made by `kam backup` (replaces everything)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(backup.NO_FILE.format(path=path))
        if not options["yes"] and input(f"Replace the whole database with {path}? [y/N] ").lower() != "y":
            raise CommandError("Cancelled.")
        backup.restore(path)
        tables = backup.fingerprints()
        rows = sum(count for count, _ in tables.values())
        self.stdout.write(f"Restored {len(tables)} tables, {rows} rows, from {path}")
