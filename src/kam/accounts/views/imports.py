"""Pages of spreadsheet imports (F2): upload, progress, the row-by-row report, the decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.accounts import columns, selectors, spreadsheets
from kam.accounts.forms import ImportForm, submit
from kam.accounts.models import ImportJob
from kam.accounts.services import imports
from kam.accounts.views.accounts import flash_error, viewer
from kam.core.errors import ApplicationError


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of accounts or contacts; nothing is written until the user confirms."""
    user = viewer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        job = submit(
            form, lambda: imports.import_start(actor=user, kind=values["kind"], upload=values["file"])
        )
        if job is not None:
            return redirect("accounts:import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=user)[:10]
    return render(
        request,
        "accounts/import.html",
        {
            "form": form,
            "recent": recent,
            "max_rows": spreadsheets.MAX_ROWS,
            "can_import": user.holds(*selectors.ACCOUNT_WRITE_REACH),
        },
    )


@login_required
def import_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """The import's progress while it runs, then its report and the choice to import (F2)."""
    job = imports.import_get(viewer=viewer(request), job_id=job_id)
    context = {"job": job, "progress": imports.import_progress(job)}
    if getattr(request, "htmx", False):
        return render(request, "accounts/_import_status.html", context)
    return render(request, "accounts/import_job.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    job = imports.import_get(viewer=user, job_id=job_id)
    try:
        imports.import_confirm(actor=user, job=job, valid_only=request.POST.get("valid_only") == "1")
    except ApplicationError as error:
        flash_error(request, error)
    return redirect("accounts:import_job", job_id=job.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, job_id: str) -> HttpResponse:
    user = viewer(request)
    imports.import_cancel(actor=user, job=imports.import_get(viewer=user, job_id=job_id))
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("accounts:import")


@login_required
def import_report(request: HttpRequest, job_id: str) -> FileResponse:
    job = imports.import_get(viewer=viewer(request), job_id=job_id)
    if not job.report:
        raise Http404
    name = job.original_name.rsplit(".", 1)[0]
    return FileResponse(job.report.open("rb"), as_attachment=True, filename=f"{name}-errors.xlsx")


@login_required
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    """An empty workbook with the headers of ``kind`` in the current language, to fill in."""
    from django.utils.translation import get_language

    table = columns.TABLES.get(kind)
    if table is None:
        raise Http404
    language = get_language() or "zh-hans"
    headers = [c.header(language) for c in table.columns if not c.export_only]
    output = spreadsheets.write_xlsx(headers, [], title=kind)
    return FileResponse(output, as_attachment=True, filename=f"{kind}-template.xlsx")
