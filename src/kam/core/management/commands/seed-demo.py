"""Fill an empty database with the demo company (each app adds its part)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kam.core import demo


class Command(BaseCommand):
    help = "Fill the database with the demo company, unless it already holds one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="seed even if the database is not empty")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.is_seeded() and not options["force"]:
            self.stdout.write("The database already holds data; nothing seeded.")
            return
        demo.seed(out=self.stdout)
        demo.print_logins(self.stdout)
