"""API of the approval engine: chains (read), requests, the inbox, decisions and delegations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.approvals import selectors, services
from kam.approvals.models import ApprovalChain, ApprovalRequest, Delegation
from kam.org.models import User

router = Router(tags=["approvals"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


class ChainStepOut(Schema):
    order: int
    name: str
    post: str
    resolve: str
    department_id: int | None
    min_amount: Decimal | None
    flag: str


class ChainOut(Schema):
    id: int
    code: str
    name: str
    description: str
    version: int
    steps: list[ChainStepOut]

    @staticmethod
    def resolve_version(obj: ApprovalChain) -> int:
        return obj.versions.all()[0].number

    @staticmethod
    def resolve_steps(obj: ApprovalChain) -> list[Any]:
        return list(obj.versions.all()[0].steps.all())


class StepOut(Schema):
    id: int
    round: int
    order: int
    name: str
    post: str
    department_id: int | None
    head_of: bool
    status: str
    version: int
    decided_by_id: int | None
    on_behalf_of_id: int | None
    decided_at: datetime | None
    comment: str


class ActionOut(Schema):
    kind: str
    round: int
    step_id: int | None
    actor_id: int
    on_behalf_of_id: int | None
    comment: str
    at: datetime


class ApprovalOut(Schema):
    id: int
    chain: str
    chain_version: int
    title: str
    target_type: str
    target_id: int
    requester_id: int
    department_id: int | None
    amount: Decimal | None
    flags: list[str]
    status: str
    round: int
    submitted_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_chain(obj: ApprovalRequest) -> str:
        return obj.chain.code

    @staticmethod
    def resolve_chain_version(obj: ApprovalRequest) -> int:
        return obj.chain_version.number

    @staticmethod
    def resolve_target_type(obj: ApprovalRequest) -> str:
        return f"{obj.target_type.app_label}.{obj.target_type.model}"


class ApprovalDetailOut(ApprovalOut):
    current_step_id: int | None
    steps: list[StepOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_current_step_id(obj: ApprovalRequest) -> int | None:
        step = selectors.current_step(obj)
        return step.pk if step else None

    @staticmethod
    def resolve_steps(obj: ApprovalRequest) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_actions(obj: ApprovalRequest) -> list[Any]:
        return list(obj.actions.all())


class InboxOut(Schema):
    id: int
    title: str
    chain: str
    requester_id: int
    amount: Decimal | None
    submitted_at: datetime
    step_id: int
    step_version: int
    step_name: str
    on_behalf_of: list[int]


class ApprovalDecisionIn(Schema):
    action: str = Field(max_length=20, description="approve, reject or return")
    comment: str = Field(default="", max_length=2000)
    step_id: int | None = Field(default=None, description="the step decided; default the current one")
    version: int | None = Field(default=None, description="the step version seen, to refuse stale pages")


class DelegationIn(Schema):
    delegate_id: int
    starts_on: date
    ends_on: date
    note: str = Field(default="", max_length=200)
    delegator_id: int | None = Field(default=None, description="administrators only: who is away")


class DelegationOut(Schema):
    id: int
    delegator_id: int
    delegate_id: int
    starts_on: date
    ends_on: date
    note: str


@router.get("/approval-chains/", response=list[ChainOut])
@paginate(LimitOffsetPagination)
def chain_list(request: HttpRequest) -> Any:
    """List the approval chains with the steps of their newest version."""
    return selectors.chain_list()


@router.get("/approval-chains/{chain_id}", response=ChainOut)
def chain_get(request: HttpRequest, chain_id: int) -> Any:
    return selectors.chain_get(chain_id)


@router.get("/approvals/", response=list[ApprovalOut])
@paginate(LimitOffsetPagination)
def approval_list(
    request: HttpRequest, status: str | None = None, chain: str | None = None, mine: bool = False
) -> Any:
    """List the requests the caller may see (``mine``: only the caller's own)."""
    return selectors.request_list(viewer=_user(request), status=status, chain_code=chain, mine=mine)


@router.get("/approvals/inbox", response=list[InboxOut])
@paginate(LimitOffsetPagination)
def approval_inbox(request: HttpRequest) -> Any:
    """List the requests awaiting the caller's decision, including those of people they stand in for."""
    return [
        {
            "id": e.request.pk,
            "title": e.request.title,
            "chain": e.request.chain.code,
            "requester_id": e.request.requester_id,
            "amount": e.request.amount,
            "submitted_at": e.request.submitted_at,
            "step_id": e.step.pk,
            "step_version": e.step.version,
            "step_name": e.step.name or e.step.get_post_display(),
            "on_behalf_of": [u.pk for u in e.on_behalf_of],
        }
        for e in selectors.inbox(viewer=_user(request))
    ]


@router.get("/approvals/{approval_id}", response=ApprovalDetailOut)
def approval_get(request: HttpRequest, approval_id: int) -> Any:
    return selectors.request_get(viewer=_user(request), request_id=approval_id)


@router.post("/approvals/{approval_id}/decide", response=ApprovalDetailOut)
def approval_decide(request: HttpRequest, approval_id: int, payload: ApprovalDecisionIn) -> Any:
    """Approve, reject or return the current step; 409 when someone else decided it first."""
    user = _user(request)
    found = selectors.request_get(viewer=user, request_id=approval_id)
    services.approval_decide(actor=user, request=found, **payload.dict())
    return selectors.request_get(viewer=user, request_id=approval_id)


@router.get("/delegations/", response=list[DelegationOut])
@paginate(LimitOffsetPagination)
def delegation_list(request: HttpRequest) -> Any:
    return selectors.delegation_list(viewer=_user(request))


@router.post("/delegations/", response={201: DelegationOut})
def delegation_create(request: HttpRequest, payload: DelegationIn) -> Any:
    """Let a colleague approve for the caller while they are away (administrators: for anyone)."""
    return Status(201, services.delegation_create(actor=_user(request), **payload.dict()))


@router.delete("/delegations/{delegation_id}", response={204: None})
def delegation_cancel(request: HttpRequest, delegation_id: int) -> Any:
    user = _user(request)
    delegation: Delegation = selectors.delegation_get(viewer=user, delegation_id=delegation_id)
    services.delegation_cancel(actor=user, delegation=delegation)
    return Status(204, None)
