"""Pages of the approval engine: the inbox, a request with its history and decision form, delegations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kam.approvals import selectors, services
from kam.approvals.models import RequestStatus
from kam.core import clock
from kam.core.errors import Conflict, ValidationFailed
from kam.core.types import AuthedRequest
from kam.org.models import User


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """Requests awaiting my approval (also as a delegate), and my own recent requests."""
    user = request.user
    return render(
        request,
        "approvals/inbox.html",
        {
            "entries": selectors.inbox(viewer=user),
            "mine": selectors.request_list(viewer=user, mine=True)[:20],
            "delegators": selectors.delegators_of(user),
        },
    )


@login_required
def detail(request: AuthedRequest, approval_id: int) -> HttpResponse:
    found = selectors.request_get(viewer=request.user, request_id=approval_id)
    step = selectors.current_step(found)
    may_act, on_behalf_of = (False, None)
    if step is not None and found.status == RequestStatus.PENDING and found.requester_id != request.user.pk:
        may_act, on_behalf_of = selectors.acting_for(request.user, step)
    target = found.target
    return render(
        request,
        "approvals/detail.html",
        {
            "approval": found,
            "step": step,
            "may_act": may_act,
            "on_behalf_of": on_behalf_of,
            "target": target,
            "target_url": getattr(target, "get_absolute_url", lambda: "")(),
            "steps": list(found.steps.all()),
            "actions": list(found.actions.all()),
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def decide(request: AuthedRequest, approval_id: int) -> HttpResponse:
    """Record a decision; a refusal (not yours, decided already by someone else…) is shown as a message."""
    found = selectors.request_get(viewer=request.user, request_id=approval_id)
    try:
        services.approval_decide(
            actor=request.user,
            request=found,
            step_id=_int(request.POST.get("step_id")),
            version=_int(request.POST.get("version")),
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
        )
    except (ValidationFailed, Conflict) as error:
        messages.error(request, error.localized())
        return redirect("approval_detail", approval_id=approval_id)
    messages.success(request, _("Your decision is recorded."))
    return redirect("approval_inbox")


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("full_name"),
        label=gettext_lazy("Delegate"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


@login_required
def delegations(request: AuthedRequest) -> HttpResponse:
    """My delegations (given and received) and a form to name a delegate while I am away."""
    form = DelegationForm(request.POST or None, initial={"starts_on": clock.local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_create(
                actor=request.user,
                delegate_id=form.cleaned_data["delegate"].pk,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                note=form.cleaned_data["note"],
            )
        except (ValidationFailed, Conflict) as error:
            mapped = {"delegate_id": "delegate"}.get(error.field or "", error.field)
            form.add_error(mapped if mapped in form.fields else None, error.localized())
        else:
            messages.success(request, _("The delegation is saved."))
            return redirect("delegation_list")
    rows = selectors.delegation_list(viewer=request.user)
    return render(request, "approvals/delegations.html", {"form": form, "rows": rows})


@login_required
@require_POST
def delegation_cancel(request: AuthedRequest, delegation_id: int) -> HttpResponse:
    delegation = selectors.delegation_get(viewer=request.user, delegation_id=delegation_id)
    services.delegation_cancel(actor=request.user, delegation=delegation)
    messages.success(request, _("The delegation is cancelled."))
    return redirect("delegation_list")
