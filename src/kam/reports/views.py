"""Pages of dashboards, the key account management report and the rulebook forms (A2p, F2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from kam.core.errors import FORBIDDEN, NOT_FOUND, ApplicationError, Forbidden, NotFound, ValidationFailed
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.reports import boards, charts, exports, rulebook, rules, services
from kam.reports.departments import key_account_report
from kam.reports.models import KeyAccountReport
from kam.reports.selectors import Period, department_get, period_of, report_departments
from kam.reports.widgets import widgets_for
from kam.visits import selectors as visit_selectors

BOARD_TITLES = {
    "specialist": gettext_lazy("My month"),
    "ka_manager": gettext_lazy("Department dashboard"),
    "service": gettext_lazy("Service dashboard"),
    "discipline": gettext_lazy("Visit discipline"),
    "company": gettext_lazy("Company results"),
    "region": gettext_lazy("Region dashboard"),
}


def _period(request: AuthedRequest) -> Period:
    """The month asked for; a malformed one falls back to this month (the page says which it shows)."""
    try:
        return period_of(request.GET.get("month"))
    except ValidationFailed:
        return period_of(None)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """The dashboard of the viewer's post, or another one their posts open (?board=)."""
    available = boards.available(request.user)
    if not available:
        raise Forbidden(FORBIDDEN)
    board = request.GET.get("board") or available[0]
    if board not in available:
        board = available[0]
    period = _period(request)
    figures = charts.decorate(boards.board_figures(viewer=request.user, board=board, period=period))
    context = {
        "board": board,
        "boards": [(b, BOARD_TITLES[b]) for b in available],
        "title": BOARD_TITLES[board],
        "period": period,
        "f": figures,
        "widgets": [(w, figures["widgets"][w.key]) for w in widgets_for(board)],
        "can_report": request.user.holds(*rules.REPORT_POSTS),
    }
    return render(request, "reports/dashboard.html", context)


# The key account management report --------------------------------------------------------------


def _report_context(request: AuthedRequest) -> dict[str, Any]:
    require_posts(request.user, *rules.REPORT_POSTS)
    departments = report_departments(viewer=request.user)
    if not departments:
        raise NotFound(NOT_FOUND)
    wanted = _int(request.GET.get("department"))
    department = (
        department_get(viewer=request.user, department_id=wanted)
        if wanted
        else next((d for d in departments if d.pk == request.user.department_id), departments[0])
    )
    period = _period(request)
    year = request.GET.get("period") == "year"
    first = date(period.month.year, 1, 1) if year else period.month
    report = key_account_report(department, first, year=year)
    query = f"department={department.pk}&month={period.key}" + ("&period=year" if year else "")
    return {
        "report": report,
        "department": department,
        "departments": departments,
        "period": period,
        "year": year,
        "query": query,
        "rows": exports.report_rows(report),
    }


@login_required
def report(request: AuthedRequest) -> HttpResponse:
    """The key account management report of a department for a month or a year (A2p)."""
    return render(request, "reports/report.html", _report_context(request))


@login_required
def report_print(request: AuthedRequest) -> HttpResponse:
    return render(request, "reports/report_print.html", _report_context(request))


@login_required
def report_export(request: AuthedRequest) -> FileResponse:
    context = _report_context(request)
    name = f"key-account-report-{context['department'].pk}-{context['report']['label']}.xlsx"
    return FileResponse(
        exports.report_xlsx(context["report"]), as_attachment=True, filename=name, content_type=exports.XLSX
    )


@login_required
@require_POST
def report_keep(request: AuthedRequest) -> HttpResponse:
    """Produce and keep the report shown (A2p); the kept copy no longer changes with the data."""
    require_posts(request.user, *rules.REPORT_POSTS)
    try:
        period = period_of(request.POST.get("month"))
        department_id = _int(request.POST.get("department"))
        if department_id is None:
            raise ValidationFailed(DEPARTMENT_REQUIRED, field="department")
        kept = services.report_produce(
            actor=request.user,
            department_id=department_id,
            first=period.month,
            year=request.POST.get("period") == "year",
        )
    except ApplicationError as error:
        if isinstance(error, (Forbidden, NotFound)):
            raise
        messages.error(request, error.localized())
        return redirect("reports:report")
    messages.success(request, _("The report was kept."))
    return redirect("reports:report_kept", kept_report_id=kept.pk)


def _kept(request: AuthedRequest, kept_report_id: int) -> KeyAccountReport:
    require_posts(request.user, *rules.REPORT_POSTS)
    found = (
        KeyAccountReport.objects.filter(pk=kept_report_id).select_related("department", "produced_by").first()
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    department_get(viewer=request.user, department_id=found.department_id)
    return found


@login_required
def report_list(request: AuthedRequest) -> HttpResponse:
    """The kept reports of the departments the viewer sees, the latest first."""
    require_posts(request.user, *rules.REPORT_POSTS)
    ids = [d.pk for d in report_departments(viewer=request.user)]
    kept = (
        KeyAccountReport.objects.filter(department_id__in=ids)
        .select_related("department", "produced_by")
        .order_by("-start", "department_id")[:200]
    )
    return render(request, "reports/report_list.html", {"kept": kept})


@login_required
def report_kept(request: AuthedRequest, kept_report_id: int) -> HttpResponse:
    kept = _kept(request, kept_report_id)
    context = {"report": kept.figures, "kept": kept, "rows": exports.report_rows(kept.figures)}
    return render(request, "reports/report_print.html", context)


@login_required
def report_kept_export(request: AuthedRequest, kept_report_id: int) -> FileResponse:
    kept = _kept(request, kept_report_id)
    name = f"key-account-report-{kept.department_id}-{kept.figures.get('label', kept.pk)}.xlsx"
    return FileResponse(
        exports.report_xlsx(kept.figures), as_attachment=True, filename=name, content_type=exports.XLSX
    )


# Rulebook forms -----------------------------------------------------------------------------------

DEPARTMENT_REQUIRED = gettext_noop("Choose a department.")
PRINT_LIMIT = 500
"""A print page shows at most this many rows; the spreadsheet has them all."""


@login_required
def forms_index(request: AuthedRequest) -> HttpResponse:
    """Every form of the rulebook, with its print page and spreadsheet where they exist (F2)."""
    entries = [
        {
            "entry": entry,
            "print": _url(entry.print_url, entry),
            "export": _url(entry.export_url, entry),
            "list": _url(entry.list_url, None),
        }
        for entry in rulebook.forms_index()
    ]
    return render(request, "reports/forms.html", {"entries": entries, "month": _period(request)})


def _url(name: str, entry: rulebook.FormEntry | None) -> str:
    """Reverse a form's page; "" when it has none or its app is not installed yet."""
    if not name:
        return ""
    kwargs = {"form": entry.key} if entry is not None and entry.key in rulebook.LIST_FORMS else {}
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _list_form(request: AuthedRequest, form: str) -> tuple[rulebook.ListForm, Period, int | None]:
    spec = rulebook.LIST_FORMS.get(form)
    if spec is None:
        raise Http404(NOT_FOUND)
    return spec, _period(request), _int(request.GET.get("user"))


@login_required
def form_print(request: AuthedRequest, form: str) -> HttpResponse:
    """A month of contact plans, bookings or visits, printed in the rulebook form's layout (D13–D15)."""
    spec, period, user_id = _list_form(request, form)
    rows = spec.rows(request.user, period.month, user_id)
    shown = list(rulebook.numbered(rows[: PRINT_LIMIT + 1], spec.cells))
    context = {
        "spec": spec,
        "period": period,
        "rows": shown[:PRINT_LIMIT],
        "more": len(shown) > PRINT_LIMIT,
        "query": f"month={period.key}" + (f"&user={user_id}" if user_id else ""),
    }
    return render(request, "reports/form_print.html", context)


@login_required
def form_export(request: AuthedRequest, form: str) -> FileResponse:
    """The same month as .xlsx, streamed from the database in chunks (F2)."""
    spec, period, user_id = _list_form(request, form)
    rows = spec.rows(request.user, period.month, user_id).iterator(chunk_size=2000)
    heading = ["月份", period.key, "制表", request.user.display_name]
    output = exports.list_form_xlsx(
        spec.title_zh, heading, spec.headers, rulebook.numbered(rows, spec.cells), landscape=spec.landscape
    )
    return FileResponse(
        output, as_attachment=True, filename=f"{spec.key}-{period.key}.xlsx", content_type=exports.XLSX
    )


@login_required
def daily_reports(request: AuthedRequest) -> HttpResponse:
    """The month's daily visit reports the viewer sees, each with its print page and spreadsheet (D16)."""
    period = _period(request)
    rows = (
        visit_selectors.daily_report_list(viewer=request.user)
        .prefetch_related(None)
        .filter(day__gte=period.month, day__lt=period.next_month)
        .order_by("-day", "user_id")[:300]
    )
    return render(request, "reports/daily_reports.html", {"rows": rows, "period": period})


@login_required
def daily_report_print(request: AuthedRequest, report_id: int) -> HttpResponse:
    form = rulebook.daily_report_form(viewer=request.user, report_id=report_id)
    context = {**form, "plan_codes": rulebook.PLAN_CODES_ZH, "result_codes": rulebook.RESULT_CODES_ZH}
    return render(request, "reports/daily_report_print.html", context)


@login_required
def daily_report_export(request: AuthedRequest, report_id: int) -> FileResponse:
    form = rulebook.daily_report_form(viewer=request.user, report_id=report_id)
    report = form["report"]
    name = f"daily-report-{report.user.username}-{report.day.isoformat()}.xlsx"
    return FileResponse(
        exports.rows_xlsx(rulebook.DAILY_TITLE, rulebook.daily_report_rows(form)),
        as_attachment=True,
        filename=name,
        content_type=exports.XLSX,
    )
