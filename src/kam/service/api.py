"""API of the service desk: requests with their milestones, events, repeats, records, policies (D10, B7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Body, Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.accounts import selectors as account_selectors
from kam.accounts.api.related import account_ref
from kam.accounts.services.common import active_user, department
from kam.core.errors import ApplicationError, Forbidden, NotFound, ValidationFailed
from kam.org.models import User
from kam.service import repeats, selectors, services
from kam.service.models import ServiceRequest

router = Router(tags=["service"])

CONTACT_REF = gettext_noop("Contact {id} does not exist or is not one you can see.")
REQUEST_REF = gettext_noop("Service request {id} does not exist or is not one you can see.")
BODY_NOT_OBJECT = gettext_noop("The body must be a JSON object.")
EVENT_BODY: Any = Body(...)


class MilestoneOut(Schema):
    code: str
    status: str
    due_at: datetime | None
    done_at: datetime | None
    next_attempt_at: datetime | None
    breached_at: datetime | None
    responsible_post: str
    escalation_level: int


class ServiceRequestIn(Schema):
    kind: str = Field(max_length=30)
    summary: str = Field(max_length=500)
    account_id: int | None = None
    contact_id: int | None = None
    caller_phone: str = Field(default="", max_length=30)
    category: str = Field(default="", max_length=100)
    occurred_at: str | None = None
    department_id: int | None = None
    assignee_id: int | None = None


class ServiceRequestOut(Schema):
    id: int
    kind: str
    status: str
    summary: str
    category: str
    account_id: int | None
    contact_id: int | None
    caller_phone: str
    department_id: int | None
    assignee_id: int | None
    opened_at: datetime
    next_due_at: datetime | None
    repeat_of_id: int | None
    repeat_status: str
    policy_version: int = Field(alias="policy.version")
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj: ServiceRequest) -> list[Any]:
        return sorted(obj.milestones.all(), key=lambda m: m.position)


class RepeatIn(Schema):
    request_id: int


class AssessmentRecordOut(Schema):
    id: int
    user_id: int
    request_id: int
    repeat_id: int
    milestone_code: str
    deduction: Decimal
    occurred_at: datetime
    reason: str


class SlaPolicyOut(Schema):
    id: int
    kind: str
    version: int
    active: bool
    definition: dict[str, Any]


def _viewer(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _fresh(user: User, request_id: int) -> ServiceRequest:
    return selectors.service_request_get(viewer=user, request_id=request_id)


@router.get("/service-requests/", response=list[ServiceRequestOut])
@paginate(LimitOffsetPagination)
def service_request_list(
    request: HttpRequest,
    kind: str | None = None,
    status: str | None = None,
    account_id: int | None = None,
    department_id: int | None = None,
) -> Any:
    return selectors.service_request_list(
        viewer=_viewer(request), kind=kind, status=status, account_id=account_id, department_id=department_id
    )


@router.post("/service-requests/", response={201: ServiceRequestOut})
def service_request_create(request: HttpRequest, payload: ServiceRequestIn) -> Any:
    """Open a request; its milestones come back with their deadlines (D10)."""
    user = _viewer(request)
    values = payload.dict()
    services.require_desk(user)
    account = account_ref(user, values["account_id"]) if values["account_id"] else None
    contact = None
    if values["contact_id"]:
        try:
            contact = account_selectors.contact_get(viewer=user, contact_id=values["contact_id"])
        except ApplicationError:
            raise NotFound(CONTACT_REF, field="contact_id", params={"id": values["contact_id"]}) from None
    created = services.service_request_create(
        actor=user,
        kind=values["kind"],
        summary=values["summary"],
        account=account,
        contact=contact,
        caller_phone=values["caller_phone"],
        category=values["category"],
        department=department(values["department_id"]),
        assignee=active_user(values["assignee_id"], field="assignee_id"),
        occurred_at=values["occurred_at"],
    )
    return Status(201, _fresh(user, created.pk))


@router.get("/service-requests/{service_request_id}", response=ServiceRequestOut)
def service_request_get(request: HttpRequest, service_request_id: int) -> Any:
    return _fresh(_viewer(request), service_request_id)


@router.post("/service-requests/{service_request_id}/events/", response={201: ServiceRequestOut})
def service_event_record(request: HttpRequest, service_request_id: int, payload: Any = EVENT_BODY) -> Any:
    """Record an event (``type``, ``occurred_at`` and the type's values); the milestones are recomputed."""
    user = _viewer(request)
    if not isinstance(payload, dict):
        raise ValidationFailed(BODY_NOT_OBJECT, field="type")
    target = selectors.service_request_seen(viewer=user, request_id=service_request_id)
    services.service_event_record(actor=user, request=target, values=payload)
    return Status(201, _fresh(user, service_request_id))


@router.post("/service-requests/{service_request_id}/repeat-of", response={200: ServiceRequestOut})
def repeat_confirm(request: HttpRequest, service_request_id: int, payload: RepeatIn) -> Any:
    """Confirm that the complaint repeats an earlier request; the people responsible are charged (B7)."""
    user = _viewer(request)
    target = _fresh(user, service_request_id)
    services.require_desk(user)
    try:
        earlier = selectors.service_request_get(viewer=user, request_id=payload.request_id)
    except ApplicationError:
        # A reference in the body is bad input (422 naming the field), not a missing page.
        raise ValidationFailed(REQUEST_REF, field="request_id", params={"id": payload.request_id}) from None
    repeats.repeat_confirm(actor=user, request=target, earlier=earlier)
    return _fresh(user, service_request_id)


@router.post("/service-requests/{service_request_id}/repeat-clear", response={200: ServiceRequestOut})
def repeat_clear(request: HttpRequest, service_request_id: int) -> Any:
    """Record that the complaint is not a repeat (records of an earlier confirmation are withdrawn)."""
    user = _viewer(request)
    repeats.repeat_clear(actor=user, request=_fresh(user, service_request_id))
    return _fresh(user, service_request_id)


@router.get("/assessment-records/", response=list[AssessmentRecordOut])
@paginate(LimitOffsetPagination)
def assessment_record_list(request: HttpRequest, user_id: int | None = None, month: str | None = None) -> Any:
    return selectors.assessment_record_list(viewer=_viewer(request), user_id=user_id, month=month)


@router.get("/sla-policies/", response=list[SlaPolicyOut])
@paginate(LimitOffsetPagination)
def sla_policy_list(request: HttpRequest, kind: str | None = None, active: bool | None = None) -> Any:
    return selectors.sla_policy_list(kind=kind, active=active)


@router.get("/sla-policies/{sla_policy_id}", response=SlaPolicyOut)
def sla_policy_get(request: HttpRequest, sla_policy_id: int) -> Any:
    return selectors.sla_policy_get(policy_id=sla_policy_id)


class CriterionOut(Schema):
    code: str
    label: str


class CallReviewIn(Schema):
    scores: dict[str, Any]
    note: str = Field(default="", max_length=2000)
    agent_id: int | None = None
    reviewed_at: str | None = None


class CallReviewOut(Schema):
    id: int
    request_id: int
    agent_id: int
    reviewer_id: int
    scores: dict[str, int]
    total: int
    note: str
    reviewed_at: datetime


@router.get("/call-review-checklist/", response=list[CriterionOut])
def call_review_checklist(request: HttpRequest, kind: str) -> Any:
    """Return the criteria a call of ``kind`` is scored on, each 0, 1 or 2 points (D10f)."""
    from kam.service import quality
    from kam.service.events import parse_kind

    return [{"code": c.code, "label": str(c.label)} for c in quality.checklist_for(parse_kind(kind))]


@router.get("/call-reviews/", response=list[CallReviewOut])
@paginate(LimitOffsetPagination)
def call_review_list(request: HttpRequest, agent_id: int | None = None, month: str | None = None) -> Any:
    from kam.service import reviews

    return reviews.call_review_list(viewer=_viewer(request), agent_id=agent_id, month=month)


@router.post("/service-requests/{service_request_id}/review", response={201: CallReviewOut})
def call_review_create(request: HttpRequest, service_request_id: int, payload: CallReviewIn) -> Any:
    """Score the call against its checklist; the total is the share of the possible points (D10f)."""
    from kam.service import reviews

    user = _viewer(request)
    target = _fresh(user, service_request_id)
    if not reviews.can_review(user):
        raise Forbidden(reviews.NOT_REVIEWER)
    values = payload.dict()
    review = reviews.call_review_create(
        actor=user,
        request=target,
        scores=values["scores"],
        note=values["note"],
        agent=active_user(values["agent_id"], field="agent_id"),
        reviewed_at=values["reviewed_at"],
    )
    return Status(201, review)
