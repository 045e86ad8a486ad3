"""`kam backup [PATH]`: an online copy of the database (SQLite) or a pg_dump (PostgreSQL)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kam.core import backup, clock


class Command(BaseCommand):
    help = "Back up the database while the system runs (default: data/backups/kam-<time>.*)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = clock.localtime(clock.now()).strftime("%Y%m%d-%H%M%S")
        path = Path(options["path"]) if options["path"] else backup.default_path(stamp)
        backup.backup(path)
        tables = backup.fingerprints()
        rows = sum(count for count, _ in tables.values())
        self.stdout.write(f"Backed up {len(tables)} tables, {rows} rows, to {path}")
