"""`kam demo`: set up the default database, fill it with the demo company, and serve it."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kam.core import demo


class Command(BaseCommand):
    help = "Create the database, fill it with the demo company when empty, and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=None)
        parser.add_argument("--no-serve", action="store_true", help="set up and seed only")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("compile-translations", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if demo.is_seeded():
            self.stdout.write("Using the existing database.")
        else:
            demo.seed(out=self.stdout)
        demo.print_logins(self.stdout)
        if not options["no_serve"]:
            serve_options = {"bind": options["bind"]} if options["bind"] else {}
            call_command("serve", **serve_options)
