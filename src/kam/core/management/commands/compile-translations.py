"""Compile the .po translation catalogues to .mo with polib (no GNU gettext needed)."""

from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    """The project catalogue (LOCALE_PATHS) and each app's own ``<app>/locale`` catalogue."""
    listed = [Path(d) for d in settings.LOCALE_PATHS]
    roots = dict.fromkeys([*listed, *sorted(Path(settings.PACKAGE_DIR).glob("*/locale"))])
    return [po for root in roots for po in sorted(root.glob("*/LC_MESSAGES/*.po"))]


class Command(BaseCommand):
    help = "Compile the interface translations (run by the set-up; needs no gettext tools)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        if options["verbosity"] > 1 or count:
            self.stdout.write(f"Compiled {count} translation catalogue(s).")
