"""Pages of the department's own work: regional directives (A2o), meetings (A2m), procedures (A2a)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.core import clock
from kam.core.errors import Conflict, ValidationFailed
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.org import selectors as org_selectors
from kam.org.models import User
from kam.relations import forms, rules, selectors, services
from kam.relations.models import DirectiveStatus
from kam.relations.services.department import DEPARTMENT_MANAGERS, DIRECTIVE_ISSUERS

Refusal = (ValidationFailed, Conflict)


@login_required
def directive_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    rows = selectors.directive_list(viewer=request.user, status=status)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    today = clock.local_today()
    items = [(d, rules.is_overdue(d.due_on, d.status, today)) for d in page]
    context = {
        "page": page,
        "items": items,
        "status": status,
        "statuses": DirectiveStatus.choices,
        "can_issue": request.user.holds(*DIRECTIVE_ISSUERS),
    }
    return render(request, "relations/directive_list.html", context)


def _managers(user: User) -> list[User]:
    rows = User.objects.filter(is_active=True, posts__code="ka_manager").distinct().order_by("username")
    if not user.holds("general_manager", "admin") and user.department_id:
        rows = rows.filter(department_id__in=org_selectors.region_department_ids(user.department_id))
    return list(rows)


@login_required
def directive_new(request: AuthedRequest) -> HttpResponse:
    require_posts(request.user, *DIRECTIVE_ISSUERS)
    form = forms.DirectiveForm(request.POST or None, managers=_managers(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_issue(actor=request.user, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The directive is issued."))
            return redirect("relations:directive_detail", directive_id=directive.pk)
    context = {"form": form, "title": _("New regional directive"), "back": "relations:directive_list"}
    return render(request, "relations/form.html", context)


@login_required
def directive_detail(request: AuthedRequest, directive_id: int) -> HttpResponse:
    directive = selectors.directive_get(viewer=request.user, directive_id=directive_id)
    is_assignee = directive.assignee_id == request.user.pk
    moves = rules.DIRECTIVE_MOVES[directive.status]
    actions = []
    if is_assignee:
        actions = [a for a in ("acknowledged", "in_progress", "completed", "replied") if a in moves]
    can_withdraw = directive.issued_by_id == request.user.pk and "withdrawn" in moves
    context = {
        "d": directive,
        "overdue": selectors.overdue(directive),
        "actions": actions,
        "can_withdraw": can_withdraw,
        "form": forms.DirectiveActForm(),
    }
    return render(request, "relations/directive_detail.html", context)


@login_required
@require_POST
def directive_act(request: AuthedRequest, directive_id: int) -> HttpResponse:
    """Acknowledge, report progress, complete, reply or withdraw, as the button says."""
    directive = selectors.directive_get(viewer=request.user, directive_id=directive_id)
    text = request.POST.get("text", "")
    actions = {
        "acknowledged": lambda: services.directive_acknowledge(actor=request.user, directive=directive),
        "in_progress": lambda: services.directive_update(actor=request.user, directive=directive, body=text),
        "completed": lambda: services.directive_complete(
            actor=request.user, directive=directive, result=text
        ),
        "replied": lambda: services.directive_reply(actor=request.user, directive=directive, reply=text),
        "withdrawn": lambda: services.directive_withdraw(actor=request.user, directive=directive),
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            action()
        except Refusal as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("The directive is updated."))
    return redirect("relations:directive_detail", directive_id=directive_id)


# Meetings -------------------------------------------------------------------------------------------------


@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.meeting_list(viewer=request.user)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    can_record = request.user.holds(*DEPARTMENT_MANAGERS)
    return render(request, "relations/meeting_list.html", {"page": page, "can_record": can_record})


@login_required
def meeting_new(request: AuthedRequest) -> HttpResponse:
    require_posts(request.user, *DEPARTMENT_MANAGERS)
    staff = User.objects.filter(is_active=True, department_id=request.user.department_id or 0).order_by(
        "username"
    )
    form = forms.MeetingForm(request.POST or None, staff=staff, initial={"held_on": clock.local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("relations:meeting_detail", meeting_id=meeting.pk)
    context = {"form": form, "title": _("New department meeting"), "back": "relations:meeting_list"}
    return render(request, "relations/form.html", context)


@login_required
def meeting_detail(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(viewer=request.user, meeting_id=meeting_id)
    return render(request, "relations/meeting_detail.html", {"m": meeting, "today": clock.local_today()})


@login_required
@require_POST
def action_done(request: AuthedRequest, meeting_action_id: int) -> HttpResponse:
    action = selectors.action_get(viewer=request.user, action_id=meeting_action_id)
    try:
        services.action_done(actor=request.user, action=action)
    except Refusal as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("The action is done."))
    return redirect("relations:meeting_detail", meeting_id=action.meeting_id)


# Procedures ------------------------------------------------------------------------------------------------


@login_required
def procedure_list(request: AuthedRequest) -> HttpResponse:
    rows = list(selectors.procedure_list(viewer=request.user))
    items = [(p, selectors.current_version(p)) for p in rows]
    can_publish = request.user.holds(*DEPARTMENT_MANAGERS)
    return render(request, "relations/procedure_list.html", {"items": items, "can_publish": can_publish})


@login_required
def procedure_new(request: AuthedRequest) -> HttpResponse:
    require_posts(request.user, *DEPARTMENT_MANAGERS)
    form = forms.ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.procedure_publish(actor=request.user, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The procedure is published; staff are asked to acknowledge it."))
            return redirect("relations:procedure_detail", procedure_id=version.procedure_id)
    context = {"form": form, "title": _("New department procedure"), "back": "relations:procedure_list"}
    return render(request, "relations/form.html", context)


@login_required
def procedure_detail(request: AuthedRequest, procedure_id: int) -> HttpResponse:
    procedure = selectors.procedure_get(viewer=request.user, procedure_id=procedure_id)
    version = selectors.current_version(procedure)
    user = request.user
    can_publish = user.holds(*DEPARTMENT_MANAGERS) and (
        user.department_id == procedure.department_id or user.holds("admin")
    )
    acknowledged = bool(version) and version.acknowledgements.filter(user_id=user.pk).exists()
    form = forms.ProcedureForm(initial={"title": procedure.title, "body": version.body if version else ""})
    context = {
        "p": procedure,
        "version": version,
        "versions": list(procedure.versions.all()),
        "acknowledged": acknowledged,
        "can_acknowledge": user.department_id == procedure.department_id and not acknowledged,
        "can_publish": can_publish,
        "pending": selectors.not_acknowledged(procedure) if can_publish else [],
        "form": form,
    }
    return render(request, "relations/procedure_detail.html", context)


@login_required
@require_POST
def procedure_publish(request: AuthedRequest, procedure_id: int) -> HttpResponse:
    procedure = selectors.procedure_get(viewer=request.user, procedure_id=procedure_id)
    require_posts(request.user, *DEPARTMENT_MANAGERS)
    form = forms.ProcedureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the title and the text."))
    else:
        try:
            services.procedure_publish(actor=request.user, procedure=procedure, **form.cleaned_data)
        except Refusal as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("The new version is published."))
    return redirect("relations:procedure_detail", procedure_id=procedure_id)


@login_required
@require_POST
def procedure_acknowledge(request: AuthedRequest, procedure_version_id: int) -> HttpResponse:
    version = selectors.version_get(viewer=request.user, version_id=procedure_version_id)
    try:
        services.procedure_acknowledge(actor=request.user, version=version)
    except Refusal as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect("relations:procedure_detail", procedure_id=version.procedure_id)
