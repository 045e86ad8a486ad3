"""Pages of the account records: assessments (D12), needs (C1), demand (C2), market notes (A2l)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.accounts import permissions as account_permissions
from kam.accounts import selectors as account_selectors
from kam.core import audit, clock
from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.org.models import User
from kam.relations import exports, forms, rules, selectors, services
from kam.relations.models import AssessmentResult, AssessmentStatus, FollowUp
from kam.relations.services.assessments import TEMPLATE_EDITORS
from kam.relations.services.records import PROPOSAL_DECIDERS

Refusal = (ValidationFailed, Conflict)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _page(request: AuthedRequest, rows: Any) -> Any:
    return Paginator(rows, 25).get_page(request.GET.get("page"))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# Assessments -------------------------------------------------------------------------------------------


@login_required
def assessment_list(request: AuthedRequest) -> HttpResponse:
    result = request.GET.get("result") or None
    status = request.GET.get("status") or None
    rows = selectors.assessment_list(viewer=request.user, result=result, status=status)
    context = {
        "page": _page(request, rows),
        "result": result,
        "status": status,
        "results": AssessmentResult.choices,
        "statuses": AssessmentStatus.choices,
    }
    return render(request, "relations/assessment_list.html", context)


@login_required
def assessment_new(request: AuthedRequest, account_id: int) -> HttpResponse:
    """Score an account against the template (the default one unless ``?template=`` says otherwise)."""
    account = account_selectors.account_get(viewer=request.user, account_id=account_id)
    account_permissions.require(account_permissions.can_edit_account(request.user, account))
    template_id = _int(request.GET.get("template"))
    template = selectors.template_get(template_id) if template_id else selectors.default_template()
    if template is None:
        raise Forbidden(services.assessments.NO_TEMPLATE)
    form = forms.AssessmentForm(
        request.POST or None, template=template, initial={"assessed_on": clock.local_today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=request.user, account_id=account.pk, **form.service_values()
            )
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The assessment is saved; a manager confirms its result."))
            return redirect("relations:assessment_detail", assessment_id=assessment.pk)
    context = {"form": form, "account": account, "template": template, "templates": selectors.template_list()}
    return render(request, "relations/assessment_form.html", context)


@login_required
def assessment_detail(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(viewer=request.user, assessment_id=assessment_id)
    can_confirm = assessment.status == AssessmentStatus.PROPOSED and account_permissions.can_manage_account(
        request.user, assessment.account
    )
    form = forms.ConfirmForm(initial={"result": assessment.proposed}) if can_confirm else None
    context = {
        "a": assessment,
        "form": form,
        "standing": selectors.account_standing(assessment.account),
        "history": audit.history_entries(assessment, limit=20),
    }
    return render(request, "relations/assessment_detail.html", context)


@login_required
@require_POST
def assessment_confirm(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(viewer=request.user, assessment_id=assessment_id)
    account_permissions.require(account_permissions.can_manage_account(request.user, assessment.account))
    form = forms.ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a result."))
    else:
        try:
            services.assessment_confirm(actor=request.user, assessment=assessment, **form.cleaned_data)
        except Refusal as error:
            messages.error(request, error.localized())
        else:
            if assessment.released:
                messages.success(
                    request, _("Result confirmed; the account is released to the department's pool.")
                )
            else:
                messages.success(request, _("Result confirmed."))
    return redirect("relations:assessment_detail", assessment_id=assessment_id)


@login_required
def assessment_print(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(viewer=request.user, assessment_id=assessment_id)
    return render(
        request, "relations/assessment_print.html", {"a": assessment, "results": AssessmentResult.choices}
    )


@login_required
def assessment_export(request: AuthedRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(viewer=request.user, assessment_id=assessment_id)
    return _xlsx(exports.assessment_workbook(assessment), f"assessment-{assessment_id}")


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    can_edit = request.user.holds(*TEMPLATE_EDITORS)
    return render(
        request,
        "relations/template_list.html",
        {"templates": selectors.template_list(), "can_edit": can_edit},
    )


@login_required
def template_edit(request: AuthedRequest, assessment_template_id: int | None = None) -> HttpResponse:
    """Create or change an assessment template (managers)."""
    require_posts(request.user, *TEMPLATE_EDITORS)
    template = selectors.template_get(assessment_template_id) if assessment_template_id else None
    initial = forms.template_initial(template) if template else {}
    form = forms.TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if template is None:
                services.template_create(actor=request.user, **form.cleaned_data)
            else:
                services.template_update(actor=request.user, template=template, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("relations:template_list")
    title = _("Change assessment template") if template else _("New assessment template")
    return render(
        request, "relations/form.html", {"form": form, "title": title, "back": "relations:template_list"}
    )


# Needs and countermeasures --------------------------------------------------------------------------------


@login_required
def need_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    account_id = _int(request.GET.get("account"))
    mine = request.GET.get("mine") == "1"
    rows = selectors.need_list(
        viewer=request.user, status=status, account_id=account_id, owner_id=request.user.pk if mine else None
    )
    context = {
        "page": _page(request, rows),
        "status": status,
        "statuses": FollowUp.choices,
        "mine": mine,
        "account_id": account_id,
        "today": clock.local_today(),
    }
    return render(request, "relations/need_list.html", context)


def _owners(account: Any) -> Any:
    """People who may own a need: the department's staff (and the account owner)."""
    return User.objects.filter(is_active=True, department_id=account.department_id).order_by("username")


@login_required
def need_new(request: AuthedRequest, account_id: int) -> HttpResponse:
    account = account_selectors.account_get(viewer=request.user, account_id=account_id)
    account_permissions.require(account_permissions.can_edit_account(request.user, account))
    initial = {"entry_date": clock.local_today(), "owner_id": request.user.pk, "status": FollowUp.OPEN}
    form = forms.NeedForm(request.POST or None, owners=_owners(account), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_create(actor=request.user, account_id=account.pk, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The need is recorded."))
            return redirect("accounts:detail", account_id=account.pk)
    title = _("New need and countermeasure: %(account)s") % {"account": account.name}
    return render(
        request, "relations/form.html", {"form": form, "title": title, "back": "relations:need_list"}
    )


@login_required
def need_edit(request: AuthedRequest, need_id: int) -> HttpResponse:
    need = selectors.need_get(viewer=request.user, need_id=need_id)
    if need.owner_id != request.user.pk:
        account_permissions.require(account_permissions.can_edit_account(request.user, need.account))
    fields = ("entry_date", "direction", "problem", "countermeasure", "owner_id", "due_on", "status")
    initial = {name: getattr(need, name) for name in fields}
    form = forms.NeedForm(request.POST or None, owners=_owners(need.account), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(actor=request.user, need=need, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The need is saved."))
            return redirect("relations:need_list")
    title = _("Need and countermeasure: %(account)s") % {"account": need.account.name}
    return render(
        request, "relations/form.html", {"form": form, "title": title, "back": "relations:need_list"}
    )


def _need_rows(request: AuthedRequest) -> Any:
    return selectors.need_list(
        viewer=request.user,
        account_id=_int(request.GET.get("account")),
        status=request.GET.get("status") or None,
    )


@login_required
def needs_print(request: AuthedRequest) -> HttpResponse:
    return render(request, "relations/needs_print.html", {"needs": _need_rows(request)[:500]})


@login_required
def needs_export(request: AuthedRequest) -> HttpResponse:
    return _xlsx(exports.needs_workbook(_need_rows(request)[:5000]), "needs")


# Demand analysis -----------------------------------------------------------------------------------------


def _bars(totals: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each total with its share of the largest, for the department view's bar chart."""
    top = max(totals.values(), default=0) or 1
    return [{"label": k or "—", "value": v, "percent": int(v * 100 / top)} for k, v in totals.items()]


@login_required
def demand_list(request: AuthedRequest) -> HttpResponse:
    """The department view: every visible line with totals by product type, region and price band (C2)."""
    account_id = _int(request.GET.get("account"))
    rows = selectors.demand_list(viewer=request.user, account_id=account_id)
    totals = selectors.demand_summary(rows)
    charts = [
        (_("By product type"), _bars(totals["product_type"])),
        (_("By region"), _bars(totals["region"])),
        (_("By price range"), _bars(totals["price_band"])),
    ]
    return render(
        request,
        "relations/demand_list.html",
        {"page": _page(request, rows), "charts": charts, "account_id": account_id},
    )


@login_required
def demand_new(request: AuthedRequest, account_id: int) -> HttpResponse:
    account = account_selectors.account_get(viewer=request.user, account_id=account_id)
    account_permissions.require(account_permissions.can_edit_account(request.user, account))
    form = forms.DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_create(actor=request.user, account_id=account.pk, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The demand line is recorded."))
            return redirect("accounts:detail", account_id=account.pk)
    title = _("New demand line: %(account)s") % {"account": account.name}
    return render(
        request, "relations/form.html", {"form": form, "title": title, "back": "relations:demand_list"}
    )


def _demand_rows(request: AuthedRequest) -> Any:
    return selectors.demand_list(viewer=request.user, account_id=_int(request.GET.get("account")))


@login_required
def demand_print(request: AuthedRequest) -> HttpResponse:
    return render(request, "relations/demand_print.html", {"lines": _demand_rows(request)[:500]})


@login_required
def demand_export(request: AuthedRequest) -> HttpResponse:
    return _xlsx(exports.demand_workbook(_demand_rows(request)[:5000]), "demand")


# Competitor and market notes -------------------------------------------------------------------------------


@login_required
def note_list(request: AuthedRequest) -> HttpResponse:
    competitors = selectors.competitor_list()
    posted = request.POST if request.method == "POST" else None
    note_data = posted if posted and "note-body" in posted else None
    rival_data = posted if posted and "rival-name" in posted else None
    form = forms.NoteForm(note_data, competitors=competitors, prefix="note")
    rival = forms.CompetitorForm(rival_data, prefix="rival")
    if request.method == "POST":
        try:
            if "rival-name" in request.POST and rival.is_valid():
                services.competitor_create(actor=request.user, **rival.cleaned_data)
                messages.success(request, _("The competitor is added."))
                return redirect("relations:note_list")
            if "note-body" in request.POST and form.is_valid():
                services.note_create(actor=request.user, **form.cleaned_data)
                messages.success(request, _("The note is recorded."))
                return redirect("relations:note_list")
        except Refusal as error:
            (rival if "rival-name" in request.POST else form).add_service_error(error)
    context = {
        "page": _page(request, selectors.note_list(viewer=request.user)),
        "form": form,
        "rival": rival,
        "competitors": competitors,
        "can_decide": request.user.holds(*PROPOSAL_DECIDERS),
        "decide": forms.DecideForm(),
    }
    return render(request, "relations/note_list.html", context)


@login_required
@require_POST
def note_decide(request: AuthedRequest, market_note_id: int) -> HttpResponse:
    note = selectors.note_get(viewer=request.user, note_id=market_note_id)
    try:
        services.note_decide(actor=request.user, note=note, status=request.POST.get("status", ""))
    except Refusal as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("The proposal is updated."))
    return redirect("relations:note_list")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The relationship hub: the user's open needs and actions, directives, and the sections."""
    user = request.user
    today = clock.local_today()
    needs = selectors.need_list(viewer=user, owner_id=user.pk).exclude(status=FollowUp.DONE)[:10]
    directives = [
        (d, rules.is_overdue(d.due_on, d.status, today))
        for d in selectors.directive_list(viewer=user).filter(status__in=rules.DIRECTIVE_OPEN)[:10]
    ]
    pending = selectors.assessment_list(viewer=user, status=AssessmentStatus.PROPOSED)[:10]
    context = {"needs": needs, "directives": directives, "pending": pending, "today": today}
    return render(request, "relations/home.html", context)
