"""Pages of the service desk (D10): queue with countdowns, request timeline, inbox, breaches, compliance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from kam.accounts.services.common import department as department_ref
from kam.core import audit
from kam.core.errors import ApplicationError
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.org.models import Department
from kam.service import access, repeats, selectors, services
from kam.service.events import KIND_EVENTS, REQUIRED_FIELDS
from kam.service.labels import MILESTONE_LABELS
from kam.service.models import Kind, RequestStatus
from kam.service.policies import EVENT_FIELDS, EventType, RequestKind

SCRIPTS = {
    RequestKind.PURCHASE_CALLBACK.value: "script-callback-purchase",
    RequestKind.REPAIR_CALLBACK.value: "script-callback-repair",
}
INT_FIELDS = ("rings", "score", "satisfaction", "department_id", "resolver_id")


def _script(kind: str) -> Any:
    from kam.playbook.selectors import call_script

    try:
        return call_script(SCRIPTS.get(kind, "script-take-call"))
    except ApplicationError:
        return None


@login_required
def service_queue(request: AuthedRequest) -> HttpResponse:
    """The call-centre queue: open requests, the next deadline first, each with a live countdown."""
    require_posts(request.user, *access.PAGE_POSTS)
    page = Paginator(selectors.queue(viewer=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "service/queue.html", {"page": page, "title": _("Service queue")})


@login_required
def service_inbox(request: AuthedRequest) -> HttpResponse:
    """The responsible department's inbox: its open requests, the next deadline first."""
    require_posts(request.user, *access.PAGE_POSTS)
    page = Paginator(selectors.department_inbox(viewer=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "service/queue.html", {"page": page, "title": _("Department inbox")})


@login_required
def service_breaches(request: AuthedRequest) -> HttpResponse:
    """The supervisor's view of breached milestones, the latest first."""
    require_posts(request.user, *access.SUPERVISOR_POSTS)
    page = Paginator(selectors.breaches(viewer=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "service/breaches.html", {"page": page})


@login_required
def service_compliance(request: AuthedRequest) -> HttpResponse:
    """SLA compliance (met / breached milestones) by kind, department and month."""
    require_posts(request.user, *access.SUPERVISOR_POSTS)
    query = request.GET
    filters: dict[str, Any] = {
        "month": query.get("month") or None,
        "kind": query.get("kind") if query.get("kind") in Kind.values else None,
        "milestone": query.get("milestone") if query.get("milestone") in MILESTONE_LABELS else None,
    }
    try:
        filters["department_id"] = _int(query.get("department_id"), "department_id")
        rows = selectors.compliance(viewer=request.user, **filters)
    except ApplicationError as error:
        messages.error(request, f"{error.field or ''}: {error.localized()}")
        filters = {"month": None, "kind": None, "milestone": None, "department_id": None}
        rows = selectors.compliance(viewer=request.user)
    context = {
        "rows": rows,
        "filters": filters,
        "kinds": Kind.choices,
        "milestones": [(code, label) for code, label in MILESTONE_LABELS.items()],
        "departments": Department.objects.order_by("name").values_list("pk", "name"),
    }
    return render(request, "service/compliance.html", context)


@login_required
def service_request_new(request: AuthedRequest) -> HttpResponse:
    """Open a request while taking a call, the call script at hand."""
    services.require_desk(request.user)
    values = request.POST
    account = contact = None
    if request.method == "POST":
        try:
            account, contact = _customer_refs(request.user, values)
            created = services.service_request_create(
                actor=request.user,
                kind=values.get("kind", ""),
                summary=values.get("summary", ""),
                account=account,
                contact=contact,
                caller_phone=values.get("caller_phone", ""),
                category=values.get("category", ""),
                department=department_ref(_int(values.get("department_id"), "department_id")),
                occurred_at=values.get("occurred_at") or None,
            )
        except ApplicationError as error:
            messages.error(request, f"{error.field or ''} {error.localized()}".strip())
        else:
            return redirect("service_request", service_request_id=created.pk)
    context = {
        "kinds": Kind.choices,
        "values": values,
        "script": _script("inquiry"),
        "account": account,
        "contact": contact,
        "departments": Department.objects.order_by("name").values_list("pk", "name"),
    }
    return render(request, "service/new.html", context)


ACCOUNT_REF = gettext_noop("No such key account among those you can see.")
CONTACT_REF = gettext_noop("No such contact among those you can see.")
NOT_WHOLE = gettext_noop("Must be a whole number.")
PICKER_LIMIT = 8


def _customer_refs(user: Any, values: Any) -> tuple[Any, Any]:
    """Return the account and contact picked on the form, each one the user may see, or a refusal."""
    from kam.accounts import selectors as account_selectors
    from kam.core.errors import ValidationFailed

    account = contact = None
    account_id = _int(values.get("account_id"), "account_id")
    contact_id = _int(values.get("contact_id"), "contact_id")
    if account_id is not None:
        try:
            account = account_selectors.account_get(viewer=user, account_id=account_id)
        except ApplicationError:
            raise ValidationFailed(ACCOUNT_REF, field="account_id") from None
    if contact_id is not None:
        try:
            contact = account_selectors.contact_get(viewer=user, contact_id=contact_id)
        except ApplicationError:
            raise ValidationFailed(CONTACT_REF, field="contact_id") from None
    return account, contact


@login_required
def service_account_picker(request: AuthedRequest) -> HttpResponse:
    """The request form's customer picker (htmx): accounts matching a name or pinyin, with their contacts."""
    from kam.accounts import selectors as account_selectors

    services.require_desk(request.user)
    term = (request.GET.get("account_q") or "").strip()[:50]
    found = []
    if term:
        rows = account_selectors.account_list(viewer=request.user, q=term)
        found = list(rows.prefetch_related("contacts")[:PICKER_LIMIT])
    return render(request, "service/_account_picker.html", {"accounts": found, "term": term})


def _int(raw: Any, field: str) -> int | None:
    from kam.core.errors import ValidationFailed

    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed(NOT_WHOLE, field=field) from None


def _quick_events(kind: str, closed: bool) -> list[str]:
    """Return the events that need no values: one-click buttons on the timeline."""
    if closed:
        return [EventType.REOPENED.value]
    skip = {EventType.REOPENED, EventType.PURCHASED, EventType.REPAIRED}
    allowed = KIND_EVENTS[RequestKind(kind)]
    return sorted(t.value for t in allowed if not REQUIRED_FIELDS.get(t) and t not in skip)


@login_required
def service_request_detail(request: AuthedRequest, service_request_id: int) -> HttpResponse:
    """A request's timeline: each milestone's clock, the events so far and the forms for the next ones."""
    found = selectors.service_request_get(viewer=request.user, request_id=service_request_id)
    milestones = list(found.milestones.all())
    context = {
        "req": found,
        "milestones": milestones,
        "events": found.events.select_related("recorded_by").order_by("occurred_at", "sequence"),
        "event_types": sorted(t.value for t in KIND_EVENTS[RequestKind(found.kind)]),
        "quick_events": _quick_events(found.kind, found.status == RequestStatus.CLOSED),
        "fields": sorted({name for names in EVENT_FIELDS.values() for name in names}),
        "outcomes": ["no_answer", "child_answered", "owner_answered"],
        "can_record": request.user.holds(*access.EVENT_POSTS),
        "history": audit.history_entries(found),
        "script": _script(found.kind),
        "closed": found.status == RequestStatus.CLOSED,
        "departments": Department.objects.order_by("name").values_list("pk", "name"),
    }
    return render(request, "service/detail.html", context)


@login_required
@require_POST
def service_event(request: AuthedRequest, service_request_id: int) -> HttpResponse:
    """Record one event from the timeline's form; refusals come back as a message naming the field."""
    found = selectors.service_request_get(viewer=request.user, request_id=service_request_id)
    services.require_desk(request.user, access.EVENT_POSTS)
    values: dict[str, Any] = {}
    try:
        for name in ("type", "occurred_at", "note", "outcome", "problem", "reply_by", *INT_FIELDS):
            raw = request.POST.get(name, "").strip()
            if raw:
                values[name] = _int(raw, name) if name in INT_FIELDS else raw
        services.service_event_record(actor=request.user, request=found, values=values)
    except ApplicationError as error:
        messages.error(request, f"{error.field or ''}: {error.localized()}")
    else:
        messages.success(request, _("Event recorded."))
    return redirect("service_request", service_request_id=service_request_id)


@login_required
@require_POST
def service_repeat(request: AuthedRequest, service_request_id: int) -> HttpResponse:
    """Confirm or clear the suggested repeat of a complaint (B7)."""
    found = selectors.service_request_get(viewer=request.user, request_id=service_request_id)
    services.require_desk(request.user)
    try:
        if request.POST.get("action") == "confirm" and found.repeat_of_id:
            earlier = selectors.service_request_get(viewer=request.user, request_id=found.repeat_of_id)
            repeats.repeat_confirm(actor=request.user, request=found, earlier=earlier)
        else:
            repeats.repeat_clear(actor=request.user, request=found)
    except ApplicationError as error:
        messages.error(request, error.localized())
    return redirect("service_request", service_request_id=service_request_id)
