"""Background jobs of the key account database: checking and writing imports, expiring contracts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import translation

from kam.core.jobs import job, periodic


@job("accounts.import_check")
def import_check(job_id: str, language: str | None = None) -> None:
    """Check every row of an uploaded spreadsheet (F2).

    The row problems are stored as the uploader will read them, so the check runs in the language of
    the request that queued it (F4); a worker has no request of its own.
    """
    from kam.accounts.services import imports

    with translation.override(language or settings.LANGUAGE_CODE):
        imports.run_check(job_id)


@job("accounts.import_run")
def import_run(job_id: str, language: str | None = None) -> None:
    """Write a confirmed import in one transaction (F2), in the language of the confirming request (F4)."""
    from kam.accounts.services import imports

    with translation.override(language or settings.LANGUAGE_CODE):
        imports.run_import(job_id)


@periodic("accounts.contracts_expire", every=timedelta(hours=1))
def contracts_expire() -> int:
    """Mark signed contracts past their due date as expired (A2d)."""
    from kam.accounts.services import contracts

    return contracts.contracts_expire()


@periodic("accounts.refresh_statistics", every=timedelta(days=1))
def refresh_statistics() -> None:
    """Refresh the database's statistics of the account tables, so the lists keep their fast plans."""
    from kam.accounts.services import imports

    imports.refresh_statistics()
