"""Writes of hospitality requests (D17): draft, submit, cancel, record spending, receipts, settle.

Approval runs through the approval engine's ``hospitality`` chain (customer-service manager →
general manager → finance); its outcome comes back through :func:`on_request_outcome`. After
approval the applicant records the actual spending by line; an overrun needs an explanation, and
one above ``KAM_HOSPITALITY_FINANCE_SHARE`` (default 10 %) of the budget goes back to finance, who
settle it. Every refusal happens before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kam.approvals import hooks
from kam.approvals import services as approvals
from kam.approvals.models import ApprovalAction, ApprovalRequest
from kam.core import clock
from kam.core.errors import FORBIDDEN, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.hospitality import budget
from kam.hospitality.models import BudgetLine, HospitalityRequest, Receipt, RequestStatus
from kam.hospitality.services.common import TEXT_REQUIRED, account, department, save, text
from kam.notify.services import notify
from kam.org.models import User

CHAIN = "hospitality"
FINANCE = ("finance",)
NOT_APPLICANT = gettext_noop("Only the applicant can change, submit or settle this request.")
NOT_EDITABLE = gettext_noop("The request can only be changed while it is a draft or returned for changes.")
RECEIPT_TOO_LARGE = gettext_noop("A receipt may be at most {mb} MB.")
RECEIPT_EMPTY = gettext_noop("The receipt file is empty.")
BAD_LINE = gettext_noop("Unknown budget line.")
MAX_RECEIPT_BYTES = 10 * 2**20

_TEXTS = {
    "venue": 200,
    "customer_attendees": 2000,
    "our_attendees": 2000,
    "purpose": 2000,
}
_OPTIONAL = {"explanation": 2000, "notes": 2000, "arranged_by": 100}


def finance_share() -> Decimal:
    """Return the share of the budget above which spending goes back to finance (configurable)."""
    return Decimal(str(getattr(settings, "KAM_HOSPITALITY_FINANCE_SHARE", budget.DEFAULT_FINANCE_SHARE)))


def _fill(request: HospitalityRequest, fields: Mapping[str, Any]) -> None:
    for name, limit in _TEXTS.items():
        if name in fields and fields[name] is not None:
            setattr(request, name, fields[name])
        setattr(request, name, text(getattr(request, name), name, limit=limit))
    for name, limit in _OPTIONAL.items():
        if fields.get(name) is not None:
            setattr(request, name, str(fields[name]).strip()[:limit])
    if fields.get("event_date") is not None:
        request.event_date = fields["event_date"]
    if request.event_date is None:
        raise ValidationFailed(TEXT_REQUIRED, field="event_date")
    current = request.budget_lines()
    given = {line: fields.get(f"budget_{line}", current[line]) for line in budget.LINES}
    for line, amount in budget.check_budget(given).items():
        setattr(request, f"budget_{line}", amount)


@transaction.atomic
def request_create(*, actor: User, account_id: int, event_date: date, **fields: Any) -> HospitalityRequest:
    """Record a draft hospitality request of the actor's department for a key account (D17)."""
    if not actor.is_active:
        raise Forbidden(FORBIDDEN)
    request = HospitalityRequest(
        applicant=actor,
        department=department(actor),
        applied_on=clock.local_today(),
        account=account(actor, account_id),
        event_date=event_date,
    )
    _fill(request, fields)
    save(request, actor, "created")
    return request


def _own(actor: User, request: HospitalityRequest) -> HospitalityRequest:
    locked = HospitalityRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk != locked.applicant_id:
        raise Forbidden(NOT_APPLICANT)
    return locked


@transaction.atomic
def request_update(*, actor: User, request: HospitalityRequest, **fields: Any) -> HospitalityRequest:
    """Change a draft or returned request; only its applicant may."""
    request = _own(actor, request)
    if request.status not in budget.EDITABLE:
        raise budget.RequestTransitionRefused(NOT_EDITABLE, field="status")
    if fields.get("account_id") is not None:
        request.account = account(actor, fields["account_id"])
    _fill(request, fields)
    save(request, actor, "changed")
    return request


@transaction.atomic
def request_submit(*, actor: User, request: HospitalityRequest) -> HospitalityRequest:
    """Send the request to the customer-service manager, the general manager and finance (D17)."""
    request = _own(actor, request)
    budget.check_transition(request.status, budget.SUBMITTED)
    title = _("Hospitality request: %(request)s") % {"request": request}
    if request.status == budget.RETURNED and request.approval is not None:
        approvals.approval_resubmit(
            actor=actor, request=request.approval, amount=request.budget_total, title=title
        )
    else:
        request.approval = approvals.approval_start(
            actor=actor, chain_code=CHAIN, target=request, amount=request.budget_total, title=title
        )
    request.status = RequestStatus.SUBMITTED
    save(request, actor, "submitted")
    return request


@transaction.atomic
def request_cancel(*, actor: User, request: HospitalityRequest, reason: str = "") -> HospitalityRequest:
    """Cancel a request before approval; an open approval is withdrawn."""
    request = _own(actor, request)
    budget.check_transition(request.status, budget.CANCELLED)
    if request.approval is not None and request.approval.is_open:
        approvals.approval_withdraw(actor=actor, request=request.approval, comment=reason)
    request.status = RequestStatus.CANCELLED
    save(request, actor, "cancelled")
    return request


def on_request_outcome(approval: ApprovalRequest, outcome: str) -> None:
    """Follow the approvers' decision (runs inside the decision's transaction)."""
    request = HospitalityRequest.objects.select_for_update().filter(pk=approval.target_id).first()
    if request is None:
        return
    budget.check_transition(request.status, outcome)
    request.status = outcome
    last = ApprovalAction.objects.filter(request=approval).order_by("-at", "-id").first()
    save(request, last.actor if last else None, outcome)


def register_hooks() -> None:
    hooks.outcome_handler(CHAIN)(on_request_outcome)


@transaction.atomic
def request_record_spending(
    *, actor: User, request: HospitalityRequest, actual: Mapping[str, object], overrun_explanation: str = ""
) -> budget.Settlement:
    """Record the actual spending by line after the event (D17); settle it or send it back to finance."""
    request = _own(actor, request)
    if request.status not in (budget.APPROVED, budget.FINANCE_REVIEW):
        raise budget.RequestTransitionRefused(budget.NOT_APPROVED, field="status")
    amounts = budget.check_lines(actual, "actual", require_all=True)
    explanation = (overrun_explanation or "").strip()[:2000]
    outcome = budget.settle(request.budget_lines(), amounts, explanation=explanation, share=finance_share())
    for line, amount in amounts.items():
        setattr(request, f"actual_{line}", amount)
    request.overrun_explanation = explanation
    request.spending_recorded_at = clock.now()
    request.status = outcome.status
    if outcome.status == budget.SETTLED:
        request.settled_at, request.settled_by = clock.now(), None
    save(request, actor, "spending recorded")
    if outcome.back_to_finance:
        notify(
            recipients=list(User.objects.filter(is_active=True, posts__code__in=FINANCE).distinct()),
            kind="hospitality",
            title=_("Spending above budget needs finance: %(request)s") % {"request": request},
            body=request.overrun_explanation,
            link=request.get_absolute_url(),
            dedupe_key=f"hospitality:{request.pk}:finance",
        )
    return outcome


@transaction.atomic
def request_settle(*, actor: User, request: HospitalityRequest, comment: str = "") -> HospitalityRequest:
    """Finance accept spending that went above the allowed share and settle the request (D17)."""
    require_posts(actor, *FINANCE)
    request = HospitalityRequest.objects.select_for_update().get(pk=request.pk)
    if request.applicant_id == actor.pk:
        raise Forbidden(FORBIDDEN)
    if request.status != budget.FINANCE_REVIEW:
        raise budget.RequestTransitionRefused(
            budget.TRANSITION_REFUSED,
            field="status",
            params={"current": request.status, "target": budget.SETTLED},
        )
    request.status, request.settled_at, request.settled_by = RequestStatus.SETTLED, clock.now(), actor
    if comment.strip():
        request.notes = (request.notes + "\n" + comment.strip()).strip()[:2000]
    save(request, actor, "settled by finance")
    notify(
        recipients=[request.applicant],
        kind="hospitality",
        title=_("Settled: %(request)s") % {"request": request},
        link=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def receipt_attach(
    *, actor: User, request: HospitalityRequest, upload: UploadedFile, line: str = ""
) -> Receipt:
    """Attach a receipt to the actual spending of an approved request."""
    request = _own(actor, request)
    if request.status not in budget.EXPORTABLE:
        raise budget.RequestTransitionRefused(budget.NOT_APPROVED, field="status")
    if line and line not in BudgetLine.values:
        raise ValidationFailed(BAD_LINE, field="line")
    size = upload.size or 0
    if size > MAX_RECEIPT_BYTES:
        raise ValidationFailed(RECEIPT_TOO_LARGE, field="file", params={"mb": MAX_RECEIPT_BYTES // 2**20})
    if size == 0:
        raise ValidationFailed(RECEIPT_EMPTY, field="file")
    name = PurePath(upload.name or "receipt").name[:200]
    receipt = Receipt(request=request, line=line, name=name, size=size, uploaded_by=actor)
    receipt.file.save(name, upload, save=False)
    save(receipt, actor, "attached")
    return receipt
