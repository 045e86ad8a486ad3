"""Pages of hospitality requests (D17): list, form, detail, spending and receipts, print, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.accounts import selectors as accounts
from kam.approvals import selectors as approval_selectors
from kam.core import audit
from kam.core.errors import NOT_FOUND, Conflict, Forbidden, NotFound, ValidationFailed
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.hospitality import budget, exports, selectors
from kam.hospitality.forms import ReceiptForm, RequestForm, SpendingForm
from kam.hospitality.models import HospitalityRequest, RequestStatus
from kam.hospitality.services import requests as services

Refusal = (ValidationFailed, Conflict)
_EDITABLE_FIELDS = (
    "venue",
    "event_date",
    "customer_attendees",
    "our_attendees",
    "purpose",
    "explanation",
    "arranged_by",
    "notes",
    *[f"budget_{line}" for line in budget.LINES],
)


def _accounts(user: Any) -> Any:
    return accounts.account_list(viewer=user)[:300]


@login_required
def request_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    rows = selectors.request_list(viewer=request.user, status=status)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": RequestStatus.choices,
        "can_export": request.user.holds("finance", "admin", "general_manager"),
    }
    return render(request, "hospitality/request_list.html", context)


@login_required
def request_create(request: AuthedRequest) -> HttpResponse:
    """A new hospitality request (大客户招待申请表) for the user's department (D17)."""
    form = RequestForm(request.POST or None, accounts=_accounts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(actor=request.user, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The request is saved as a draft; submit it when it is complete."))
            return redirect("hospitality:request_detail", request_id=created.pk)
    return render(request, "hospitality/form.html", {"form": form, "title": _("New hospitality request")})


@login_required
def request_edit(request: AuthedRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    if obj.applicant_id != request.user.pk:
        raise Forbidden(services.NOT_APPLICANT)
    initial = {name: getattr(obj, name) for name in _EDITABLE_FIELDS} | {"account": obj.account_id}
    form = RequestForm(request.POST or None, initial=initial, accounts=_accounts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.request_update(actor=request.user, request=obj, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The request is saved."))
            return redirect("hospitality:request_detail", request_id=obj.pk)
    title = _("Change hospitality request")
    return render(
        request, "hospitality/form.html", {"form": form, "title": title, "back": obj.get_absolute_url()}
    )


def _flags(user: Any, obj: HospitalityRequest) -> dict[str, bool]:
    own = obj.applicant_id == user.pk
    return {
        "can_edit": own and obj.status in budget.EDITABLE,
        "can_cancel": own and budget.CANCELLED in budget.TRANSITIONS[obj.status],
        "can_spend": own and obj.status in (budget.APPROVED, budget.FINANCE_REVIEW),
        "can_attach": own and obj.status in budget.EXPORTABLE,
        "can_settle": user.holds("finance") and not own and obj.status == budget.FINANCE_REVIEW,
    }


@login_required
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    context: dict[str, Any] = {
        "obj": obj,
        "steps": selectors.approval_steps(obj),
        "history": audit.history_entries(obj, limit=30),
        "approval_visible": approval_selectors.can_see(viewer=request.user, request_id=obj.approval_id),
        **_flags(request.user, obj),
    }
    return render(request, "hospitality/request_detail.html", context)


def _act(request: AuthedRequest, request_id: int, action: Any, done: str) -> HttpResponse:
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    try:
        action(obj)
    except Refusal as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, done)
    return redirect("hospitality:request_detail", request_id=request_id)


@login_required
@require_POST
def request_submit(request: AuthedRequest, request_id: int) -> HttpResponse:
    return _act(
        request,
        request_id,
        lambda obj: services.request_submit(actor=request.user, request=obj),
        _("The request is sent for approval."),
    )


@login_required
@require_POST
def request_cancel(request: AuthedRequest, request_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:500]
    return _act(
        request,
        request_id,
        lambda obj: services.request_cancel(actor=request.user, request=obj, reason=reason),
        _("The request is cancelled."),
    )


@login_required
@require_POST
def request_settle(request: AuthedRequest, request_id: int) -> HttpResponse:
    require_posts(request.user, *services.FINANCE)
    comment = request.POST.get("comment", "")[:500]
    return _act(
        request,
        request_id,
        lambda obj: services.request_settle(actor=request.user, request=obj, comment=comment),
        _("The request is settled."),
    )


@login_required
def request_spending(request: AuthedRequest, request_id: int) -> HttpResponse:
    """The applicant records the actual spending by line and attaches receipts (D17)."""
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    if obj.applicant_id != request.user.pk:
        raise Forbidden(services.NOT_APPLICANT)
    initial: dict[str, Any] = {f"actual_{k}": v for k, v in (obj.actual_lines() or {}).items()}
    initial["overrun_explanation"] = obj.overrun_explanation
    form = SpendingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.request_record_spending(
                actor=request.user,
                request=obj,
                actual={line: data[f"actual_{line}"] for line in budget.LINES},
                overrun_explanation=data["overrun_explanation"],
            )
        except Refusal as error:
            form.add_service_error(error)
        else:
            if outcome.back_to_finance:
                messages.warning(
                    request, _("The spending is well above the budget and goes back to finance.")
                )
            else:
                messages.success(request, _("The spending is recorded and the request is settled."))
            return redirect("hospitality:request_detail", request_id=obj.pk)
    return render(
        request, "hospitality/spending.html", {"form": form, "obj": obj, "receipt_form": ReceiptForm()}
    )


@login_required
@require_POST
def receipt_upload(request: AuthedRequest, request_id: int) -> HttpResponse:
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    if obj.applicant_id != request.user.pk:
        raise Forbidden(services.NOT_APPLICANT)
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.receipt_attach(
                actor=request.user,
                request=obj,
                upload=form.cleaned_data["file"],
                line=form.cleaned_data["line"],
            )
        except (*Refusal, Forbidden) as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("The receipt is attached."))
    return redirect("hospitality:request_spending", request_id=obj.pk)


@login_required
def receipt_download(request: AuthedRequest, request_id: int, receipt_id: int) -> FileResponse:
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    receipt = obj.receipts.filter(pk=receipt_id).first()
    if receipt is None:
        raise NotFound(NOT_FOUND)
    return FileResponse(receipt.file.open("rb"), as_attachment=True, filename=receipt.name)


@login_required
def request_print(request: AuthedRequest, request_id: int) -> HttpResponse:
    """The request in the rulebook's form layout (大客户招待申请表), for printing."""
    obj = selectors.request_get(viewer=request.user, request_id=request_id)
    steps = selectors.approval_steps(obj)
    return render(request, "hospitality/request_print.html", {"obj": obj, "steps": steps})


@login_required
def request_export(request: AuthedRequest) -> HttpResponse:
    """Approved and settled requests as .xlsx, for finance to pay (D17)."""
    rows = selectors.export_rows(viewer=request.user)
    response = HttpResponse(exports.requests_workbook(rows), content_type=exports.XLSX)
    response["Content-Disposition"] = 'attachment; filename="hospitality.xlsx"'
    return response
