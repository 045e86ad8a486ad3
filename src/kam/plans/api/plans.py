"""API of monthly plans, annual targets and scorecard templates (A2b, B1, B3)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core import clock
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.plans import selectors, services
from kam.plans.api.schemas import DecisionIn, PlanIn, PlanOut, TargetIn, TargetOut, TemplateIn, TemplateOut

router = Router(tags=["plans"])


def viewer(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.post("/plans/", response={201: PlanOut})
def plan_submit(request: HttpRequest, payload: PlanIn) -> Any:
    """Submit next month's plan (B1); after the deadline it is accepted and marked ``late``."""
    plan = services.plan_submit(actor=viewer(request), **payload.dict())
    return Status(201, plan)


@router.get("/plans/", response=list[PlanOut])
@paginate(LimitOffsetPagination)
def plan_list(
    request: HttpRequest,
    month: str | None = None,
    department_id: int | None = None,
    status: str | None = None,
) -> Any:
    """List the plans the caller sees: their own, or their department's (B1)."""
    first = clock.parse_month(month) if month else None
    return selectors.plan_list(
        viewer=viewer(request), month=first, department_id=department_id, status=status
    )


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_get(request: HttpRequest, plan_id: int) -> Any:
    return selectors.plan_get(viewer=viewer(request), plan_id=plan_id)


@router.post("/plans/{plan_id}/approve", response=PlanOut)
def plan_approve(request: HttpRequest, plan_id: int, payload: DecisionIn) -> Any:
    """Approve a submitted plan: the KA manager of its department (B1)."""
    selectors.plan_get(viewer=viewer(request), plan_id=plan_id)
    return services.plan_approve(actor=viewer(request), plan_id=plan_id, comment=payload.comment)


@router.post("/plans/{plan_id}/return", response=PlanOut)
def plan_return(request: HttpRequest, plan_id: int, payload: DecisionIn) -> Any:
    """Return a submitted plan with a comment; the specialist may resubmit it (B1)."""
    selectors.plan_get(viewer=viewer(request), plan_id=plan_id)
    return services.plan_return(actor=viewer(request), plan_id=plan_id, comment=payload.comment)


@router.get("/annual-targets/", response=list[TargetOut])
@paginate(LimitOffsetPagination)
def target_list(request: HttpRequest, year: int | None = None) -> Any:
    """List the annual targets of the departments the caller sees (A2b)."""
    return selectors.target_list(viewer=viewer(request), year=year)


@router.post("/annual-targets/", response=TargetOut)
def target_set(request: HttpRequest, payload: TargetIn) -> Any:
    """Set a department's yearly targets and their split per specialist and month (A2b)."""
    return services.target_set(actor=viewer(request), **payload.dict())


@router.get("/scorecard-templates/", response=list[TemplateOut])
@paginate(LimitOffsetPagination)
def template_list(request: HttpRequest) -> Any:
    return selectors.template_list()


@router.post("/scorecard-templates/", response={201: TemplateOut})
def template_create(request: HttpRequest, payload: TemplateIn) -> Any:
    """Add a version of a scorecard template; weights must total 100 (B3)."""
    require_posts(viewer(request), "ka_manager", "admin")
    rows = [row.dict() for row in payload.rows]
    template = services.template_create(
        actor=viewer(request), name=payload.name, rows=rows, is_default=payload.is_default
    )
    return Status(201, template)
