"""Reads of the approval engine, and the one place that decides who may see and act on a request.

Who approves a step is resolved when it is asked, not when the request starts: the current holders
of the step's post (in its department, if it names one) or the current head of its department. A
delegate acts for a user on the local days of an active delegation; delegation is not transitive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from kam.approvals.models import (
    ApprovalAction,
    ApprovalChain,
    ApprovalRequest,
    ChainStep,
    ChainVersion,
    Delegation,
    RequestStatus,
    RequestStep,
    StepStatus,
)
from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.org.models import User

SEES_ALL = ("admin", "general_manager")
"""Posts that see every request (the general manager answers for all spending and visits)."""


def is_approver(user: User, step: RequestStep) -> bool:
    """Return whether ``user`` may decide ``step`` in their own right (not as a delegate)."""
    if not (user.is_active and user.is_authenticated):
        return False
    if step.head_of:
        return step.department is not None and step.department.head_id == user.pk
    if not user.holds(step.post):
        return False
    return step.department_id is None or user.department_id == step.department_id


def step_approvers(step: RequestStep) -> list[User]:
    """Return the active users who may decide ``step`` in their own right."""
    if step.head_of:
        head = step.department.head if step.department else None
        return [head] if head is not None and head.is_active else []
    users = User.objects.filter(is_active=True, posts__code=step.post)
    if step.department_id is not None:
        users = users.filter(department_id=step.department_id)
    return list(users.distinct().order_by("id"))


def delegators_of(user: User, *, today: date | None = None) -> list[User]:
    """Return the users ``user`` stands in for today."""
    day = today or clock.local_today()
    return [
        d.delegator
        for d in Delegation.objects.filter(delegate=user, starts_on__lte=day, ends_on__gte=day)
        .select_related("delegator")
        .prefetch_related("delegator__posts")
        if d.delegator.is_active
    ]


def delegates_of(users: list[User], *, today: date | None = None) -> list[User]:
    """Return the active delegates standing in for any of ``users`` today."""
    day = today or clock.local_today()
    found = Delegation.objects.filter(
        delegator__in=users, starts_on__lte=day, ends_on__gte=day, delegate__is_active=True
    ).select_related("delegate")
    return list({d.delegate.pk: d.delegate for d in found}.values())


def acting_for(actor: User, step: RequestStep) -> tuple[bool, User | None]:
    """Return (may act, on behalf of whom); on behalf of None means in the actor's own right."""
    if is_approver(actor, step):
        return True, None
    for delegator in delegators_of(actor):
        if is_approver(delegator, step):
            return True, delegator
    return False, None


def _approver_q(user: User, prefix: str = "") -> Q:
    """Return the filter on request steps that ``user`` may decide in their own right."""
    by_post = Q(**{f"{prefix}head_of": False, f"{prefix}post__in": sorted(user.post_codes())}) & (
        Q(**{f"{prefix}department__isnull": True}) | Q(**{f"{prefix}department_id": user.department_id})
    )
    return by_post | Q(**{f"{prefix}head_of": True, f"{prefix}department__head_id": user.pk})


def _steps_for(users: list[User]) -> Q:
    combined = Q(pk__in=[])
    for user in users:
        combined |= _approver_q(user)
    return combined


def request_list(
    *, viewer: User, status: str | None = None, chain_code: str | None = None, mine: bool = False
) -> QuerySet[ApprovalRequest]:
    """Return the requests ``viewer`` may see: their own, those they act or acted on, or all (SEES_ALL)."""
    rows = ApprovalRequest.objects.select_related("chain", "chain_version", "requester", "department")
    if mine:
        rows = rows.filter(requester=viewer)
    elif not viewer.holds(*SEES_ALL):
        involved = RequestStep.objects.filter(_steps_for([viewer, *delegators_of(viewer)]))
        acted = ApprovalAction.objects.filter(Q(actor=viewer) | Q(on_behalf_of=viewer))
        rows = rows.filter(
            Q(requester=viewer)
            | Q(pk__in=involved.values("request_id"))
            | Q(pk__in=acted.values("request_id"))
        )
    if status:
        rows = rows.filter(status=status)
    if chain_code:
        rows = rows.filter(chain__code=chain_code)
    return rows.order_by("-submitted_at", "-id")


def request_get(*, viewer: User, request_id: int) -> ApprovalRequest:
    found = (
        request_list(viewer=viewer)
        .filter(pk=request_id)
        .prefetch_related(
            Prefetch("steps", RequestStep.objects.select_related("department", "decided_by", "on_behalf_of")),
            Prefetch("actions", ApprovalAction.objects.select_related("actor", "on_behalf_of", "step")),
        )
        .first()
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def can_see(*, viewer: User, request_id: int | None) -> bool:
    """Return whether ``viewer`` may open the request (for links from the owning app's pages)."""
    return request_id is not None and request_list(viewer=viewer).filter(pk=request_id).exists()


def current_step(request: ApprovalRequest) -> RequestStep | None:
    return request.steps.filter(status=StepStatus.PENDING, round=request.round).order_by("order").first()


@dataclass
class InboxEntry:
    """A request awaiting ``viewer``'s decision; ``on_behalf_of`` lists whom they would act for."""

    request: ApprovalRequest
    step: RequestStep
    on_behalf_of: list[User] = field(default_factory=list)


def _inbox_steps(viewer: User) -> tuple[QuerySet[RequestStep], list[User]]:
    delegators = delegators_of(viewer)
    steps = (
        RequestStep.objects.filter(_steps_for([viewer, *delegators]))
        .filter(status=StepStatus.PENDING, request__status=RequestStatus.PENDING)
        .exclude(request__requester=viewer)
    )
    return steps, delegators


def inbox(*, viewer: User) -> list[InboxEntry]:
    """Return the requests awaiting ``viewer``'s decision, directly or as a delegate, oldest first."""
    steps, delegators = _inbox_steps(viewer)
    rows = steps.select_related(
        "department", "request__chain", "request__requester", "request__department"
    ).order_by("request__submitted_at", "request_id")
    entries = []
    for step in rows:
        own = is_approver(viewer, step)
        behalf = [] if own else [d for d in delegators if is_approver(d, step)]
        if own or behalf:
            entries.append(InboxEntry(step.request, step, behalf))
    return entries


def inbox_count(*, viewer: User) -> int:
    return _inbox_steps(viewer)[0].values("request_id").distinct().count()


def chain_list() -> QuerySet[ApprovalChain]:
    newest = ChainVersion.objects.filter(chain=OuterRef("pk"))
    return ApprovalChain.objects.filter(Exists(newest)).prefetch_related(
        Prefetch(
            "versions",
            ChainVersion.objects.prefetch_related(
                Prefetch("steps", ChainStep.objects.select_related("department"))
            ).order_by("-number"),
        )
    )


def chain_get(chain_id: int) -> ApprovalChain:
    found = chain_list().filter(pk=chain_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def delegation_list(*, viewer: User) -> QuerySet[Delegation]:
    """Return the delegations ``viewer`` gave or received; an administrator sees them all."""
    rows = Delegation.objects.select_related("delegator", "delegate")
    if not viewer.holds("admin"):
        rows = rows.filter(Q(delegator=viewer) | Q(delegate=viewer))
    return rows.order_by("-starts_on", "-id")


def delegation_get(*, viewer: User, delegation_id: int) -> Delegation:
    found = delegation_list(viewer=viewer).filter(pk=delegation_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found
