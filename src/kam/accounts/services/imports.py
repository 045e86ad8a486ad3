"""Spreadsheet imports (F2): upload, check every row, then import all or only the valid rows.

Nothing is written until every row of the file has been checked; the write itself is one transaction,
so an import either lands whole or not at all. The check and the write run as jobs (on a worker when
a broker is configured) and report their progress through the cache for the progress display.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from django.core.cache import cache
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from kam.accounts import columns, selectors, spreadsheets
from kam.accounts.models import ImportJob, ImportKind, ImportStatus
from kam.accounts.services.import_rows import RowCheck, checker
from kam.core import clock, collector, jobs
from kam.core.errors import (
    FORBIDDEN,
    NOT_FOUND,
    ApplicationError,
    Conflict,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from kam.org.models import User

UNKNOWN_KIND = gettext_noop("Unknown kind of import.")
NOT_XLSX_NAME = gettext_noop("Only .xlsx workbooks and .csv files can be imported.")
SUFFIXES = (".xlsx", ".csv")
NOT_CHECKED = gettext_noop("The import is not waiting for a decision.")
FIX_OR_VALID_ONLY = gettext_noop(
    "Some rows have errors: fix the file and upload it again, or import only the valid rows."
)
NOTHING_VALID = gettext_noop("No row is valid; nothing can be imported.")
DATA_CHANGED = gettext_noop(
    "The data changed since the check and some rows are no longer valid; check the file again."
)
SHOWN_ERRORS = 500
SHOWN_WARNINGS = 200
PROGRESS_EVERY = 500
STATISTICS_AFTER = 1000

Progress = Callable[[str, int, int], None]


@dataclass
class CheckResult:
    total: int = 0
    valid: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    error_rows: list[tuple[int, dict[str, Any], list[str]]] = field(default_factory=list)
    prepared: list[Any] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    fields: list[str | None] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.error_rows)


def _require_importer(actor: User) -> None:
    if not (actor.is_active and actor.holds(*selectors.ACCOUNT_WRITE_REACH)):
        raise Forbidden(FORBIDDEN)


def _note(
    result: CheckResult, number: int, row: RowCheck, record: dict[str, Any], by_field: dict[str, str]
) -> None:
    """Record a row's warnings and problems for the page and the error report, in the reader's language.

    The texts are stored as shown (F4): the job's page and the downloadable report read them later,
    after the request that chose the language is gone.
    """
    for warning in row.warnings:
        if len(result.warnings) < SHOWN_WARNINGS:
            result.warnings.append(_shown(number, warning, by_field))
    if not row.problems:
        return
    shown = [_shown(number, problem, by_field) for problem in row.problems]
    result.errors.extend(shown[: max(0, SHOWN_ERRORS - len(result.errors))])
    result.error_rows.append((number, record, [f"{s['column']}: {s['message']}" for s in shown]))


def _shown(number: int, problem: ValidationFailed, by_field: dict[str, str]) -> dict[str, Any]:
    name = problem.field or ""
    return {"row": number, "column": by_field.get(name, name), "message": problem.localized()}


def check_file(
    *, actor: User, kind: str, path: Path, keep: bool = False, progress: Progress | None = None
) -> CheckResult:
    """Check every row of the file; keep the valid rows prepared for writing when ``keep``."""
    _require_importer(actor)
    table = columns.TABLES[kind]
    sheet = spreadsheets.open_sheet(path, table)
    rows = checker(kind, actor)
    result = CheckResult(headers=sheet.headers, fields=sheet.fields)
    by_field = {f: h for f, h in zip(sheet.fields, sheet.headers, strict=True) if f}
    for number, record in sheet.rows():
        result.total += 1
        row = rows.check(number, record)
        _note(result, number, row, record, by_field)
        if row.prepared is not None:
            result.valid += 1
            if keep:
                result.prepared.append(row.prepared)
        if progress and result.total % PROGRESS_EVERY == 0:
            progress("checking", result.total, sheet.estimated_rows)
    return result


def import_file(
    *, actor: User, kind: str, path: Path, valid_only: bool = False, progress: Progress | None = None
) -> tuple[CheckResult, int]:
    """Check the whole file and, if allowed, write it in one transaction; return the check and the count.

    Without ``valid_only`` a single bad row stops the import and nothing is written. The checked rows
    are all kept until they are written, so the cycle collector rests meanwhile (see ``collector``).
    """
    with collector.paused(), transaction.atomic():
        result = check_file(actor=actor, kind=kind, path=path, keep=True, progress=progress)
        if result.error_count and not valid_only:
            return result, 0
        if progress:
            progress("writing", 0, len(result.prepared))
        created = checker(kind, actor).write(result.prepared) if result.prepared else 0
        if created >= STATISTICS_AFTER:
            refresh_statistics()
    return result, created


def refresh_statistics() -> None:
    """Let the database re-learn the account tables' sizes after a large change.

    Without fresh statistics SQLite takes ``deleted_at IS NULL`` for a selective condition and answers
    a KA manager's list (own accounts OR the department's) by reading the whole table; a daily job
    runs this as well.
    """
    from kam.accounts.models import Account, Contact

    with connection.cursor() as cursor:
        for model in (Account, Contact):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# Jobs and their lifecycle -------------------------------------------------------------------------


def progress_key(job_id: Any) -> str:
    return f"kam:accounts:import:{job_id}"


def _progress_of(job_id: Any) -> Progress:
    def report(phase: str, done: int, total: int) -> None:
        cache.set(progress_key(job_id), {"phase": phase, "done": done, "total": total}, 3600)

    return report


def import_progress(job: ImportJob) -> dict[str, Any]:
    return cache.get(progress_key(job.pk)) or {"phase": job.status, "done": 0, "total": 0}


@transaction.atomic
def import_start(*, actor: User, kind: str, upload: UploadedFile) -> ImportJob:
    """Keep the uploaded workbook (.xlsx) or CSV file and queue its check (F2)."""
    _require_importer(actor)
    if kind not in ImportKind.values:
        raise ValidationFailed(UNKNOWN_KIND, field="kind")
    name = PurePath(upload.name or "import.xlsx").name
    suffix = PurePath(name.lower()).suffix
    if suffix not in SUFFIXES:
        raise ValidationFailed(NOT_XLSX_NAME, field="file")
    if (upload.size or 0) > spreadsheets.max_bytes():
        raise ValidationFailed(
            spreadsheets.TOO_LARGE, field="file", params={"mb": spreadsheets.max_bytes() // 2**20}
        )
    job = ImportJob(kind=kind, created_by=actor, original_name=name[:200])
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    jobs.enqueue("accounts.import_check", job_id=str(job.pk), language=translation.get_language())
    return job


def _fail(job: ImportJob, error: ApplicationError) -> None:
    job.status, job.message, job.finished_at = ImportStatus.FAILED, error.localized(), clock.now()
    job.save(update_fields=["status", "message", "finished_at"])


def _write_report(job: ImportJob, result: CheckResult) -> None:
    """Save the rows with errors, as uploaded plus an errors column, for the user to fix (F2)."""
    fields = [f for f in result.fields if f]
    headers = [h for f, h in zip(result.fields, result.headers, strict=True) if f] + [columns.ERRORS_HEADER]
    rows = (
        [record.get(f) for f in fields] + ["; ".join(messages)] for _, record, messages in result.error_rows
    )
    with spreadsheets.write_xlsx(headers, rows, title="errors") as output:
        job.report.save(f"{job.pk.hex}-errors.xlsx", File(output), save=False)


def run_check(job_id: str) -> None:
    """The job that checks an uploaded file and records the report; nothing is written."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        result = check_file(
            actor=job.created_by, kind=job.kind, path=Path(job.file.path), progress=_progress_of(job.pk)
        )
    except ApplicationError as error:
        _fail(job, error)
        return
    job.total_rows, job.valid_rows, job.error_rows = result.total, result.valid, result.error_count
    job.errors, job.warnings = result.errors, result.warnings
    if result.error_rows:
        _write_report(job, result)
    job.status = ImportStatus.CHECKED
    job.save()


def import_get(*, viewer: User, job_id: Any) -> ImportJob:
    """Return one of the viewer's own imports (others' do not exist for them)."""
    job = ImportJob.objects.filter(pk=job_id, created_by=viewer).first()
    if job is None:
        raise NotFound(NOT_FOUND)
    return job


def import_confirm(*, actor: User, job: ImportJob, valid_only: bool) -> ImportJob:
    """Import the checked file: all rows, or only the valid ones when the user chose so (F2)."""
    if job.created_by_id != actor.pk:
        raise NotFound(NOT_FOUND)
    if job.status != ImportStatus.CHECKED:
        raise Conflict(NOT_CHECKED, field="status")
    if job.error_rows and not valid_only:
        raise Conflict(FIX_OR_VALID_ONLY, field="valid_only")
    if not job.valid_rows:
        raise Conflict(NOTHING_VALID, field="valid_only")
    with transaction.atomic():
        taken = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING, valid_only=valid_only
        )
        if not taken:
            raise Conflict(NOT_CHECKED, field="status")
        jobs.enqueue("accounts.import_run", job_id=str(job.pk), language=translation.get_language())
    job.refresh_from_db()
    return job


def import_cancel(*, actor: User, job: ImportJob) -> ImportJob:
    if job.created_by_id != actor.pk:
        raise NotFound(NOT_FOUND)
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(status=ImportStatus.CANCELLED)
    job.refresh_from_db()
    return job


def run_import(job_id: str) -> None:
    """The job that writes a confirmed import; a row that turned bad since the check stops a full import."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        result, created = import_file(
            actor=job.created_by,
            kind=job.kind,
            path=Path(job.file.path),
            valid_only=job.valid_only,
            progress=_progress_of(job.pk),
        )
    except ApplicationError as error:
        _fail(job, error)
        return
    if result.error_count and not job.valid_only:
        _fail(job, ValidationFailed(DATA_CHANGED))
        return
    job.status, job.created_rows, job.finished_at = ImportStatus.DONE, created, clock.now()
    job.save(update_fields=["status", "created_rows", "finished_at"])
