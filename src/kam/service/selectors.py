"""The reads of the service desk, and the one place that decides which requests a user sees (D10, B7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, reach_of, restrict
from kam.org.models import User
from kam.service.access import SERVICE_REACH, SUPERVISOR_POSTS
from kam.service.models import AssessmentRecord, Milestone, RequestStatus, ServiceRequest, SlaPolicy
from kam.service.rules import MilestoneStatus


def _visible(viewer: User) -> QuerySet[ServiceRequest]:
    return restrict(
        ServiceRequest.objects.all(),
        viewer,
        owner="assignee",
        department="department",
        reach_by_post=SERVICE_REACH,
    )


def service_request_list(
    *,
    viewer: User,
    kind: str | None = None,
    status: str | None = None,
    account_id: int | None = None,
    department_id: int | None = None,
) -> QuerySet[ServiceRequest]:
    """Return the requests the viewer sees, newest first, with their milestones in policy order."""
    rows = _visible(viewer)
    filters = {"kind": kind, "status": status, "account_id": account_id, "department_id": department_id}
    rows = rows.filter(**{name: value for name, value in filters.items() if value not in (None, "")})
    return rows.select_related("account", "assignee", "department", "policy").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    )


def service_request_seen(*, viewer: User, request_id: int) -> ServiceRequest:
    """Return one request the viewer may see, with its policy but not its milestones, else 404.

    For a write that reads the milestones itself under a lock: the visibility check without the
    prefetch :func:`service_request_get` makes for the answer.
    """
    found = _visible(viewer).select_related("policy").filter(pk=request_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def service_request_get(*, viewer: User, request_id: int) -> ServiceRequest:
    """Return one request the viewer may see; any other is a 404 (it is not said whether it exists)."""
    found = service_request_list(viewer=viewer).filter(pk=request_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def queue(*, viewer: User) -> QuerySet[ServiceRequest]:
    """Return the open requests ordered by their next deadline, the soonest first (the call-centre queue)."""
    return (
        service_request_list(viewer=viewer, status=RequestStatus.OPEN)
        .order_by("next_due_at", "opened_at")
        .filter(next_due_at__isnull=False)
    )


def department_inbox(*, viewer: User) -> QuerySet[ServiceRequest]:
    """Return the open requests of the viewer's department (and those below it), soonest deadline first."""
    from kam.org.selectors import department_subtree_ids

    ids = department_subtree_ids(viewer.department_id) if viewer.department_id else set()
    return (
        service_request_list(viewer=viewer, status=RequestStatus.OPEN)
        .filter(
            Q(department_id__in=ids) | Q(milestones__responsible_department_id__in=ids) | Q(assignee=viewer)
        )
        .distinct()
        .order_by("next_due_at", "opened_at")
    )


def breaches(*, viewer: User) -> QuerySet[Milestone]:
    """Return the breached milestones of the requests the viewer sees, the latest breach first."""
    visible = _visible(viewer).values("pk")
    return (
        Milestone.objects.filter(status=MilestoneStatus.BREACHED.value, request_id__in=visible)
        .select_related("request__assignee", "request__department", "responsible_user")
        .order_by("-breached_at", "-id")
    )


def sla_policy_list(*, kind: str | None = None, active: bool | None = None) -> QuerySet[SlaPolicy]:
    rows = SlaPolicy.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(active=active)
    return rows.order_by("kind", "-version")


def sla_policy_get(*, policy_id: int) -> SlaPolicy:
    found = SlaPolicy.objects.filter(pk=policy_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def assessment_record_list(
    *, viewer: User, user_id: int | None = None, month: str | None = None
) -> QuerySet[AssessmentRecord]:
    """Return the repeat-complaint records the viewer sees: own, or for supervisors their reach (B7)."""
    rows = AssessmentRecord.objects.select_related("user", "request", "repeat")
    if not (viewer.is_superuser or viewer.holds(*SUPERVISOR_POSTS)):
        rows = rows.filter(user=viewer)
    elif reach_of(viewer, SERVICE_REACH) < Reach.ALL:
        rows = restrict(
            rows, viewer, owner="user", department="user__department", reach_by_post=SERVICE_REACH
        )
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if month:
        start, end = clock.month_bounds(clock.parse_month(month))
        rows = rows.filter(occurred_at__gte=start, occurred_at__lt=end)
    return rows


def repeat_deductions(
    user_ids: Sequence[int], start: date, end: date
) -> dict[int, list[tuple[AssessmentRecord, Decimal]]]:
    """Return each user's repeat-complaint records in the local-date range [start, end), in one query."""
    begin, finish = clock.day_bounds(start)[0], clock.day_bounds(end)[0]
    found: dict[int, list[tuple[AssessmentRecord, Decimal]]] = {}
    rows = AssessmentRecord.objects.filter(
        user_id__in=list(user_ids), occurred_at__gte=begin, occurred_at__lt=finish
    )
    for record in rows.order_by("occurred_at", "id"):
        found.setdefault(record.user_id, []).append((record, record.deduction))
    return found


def compliance(
    *,
    viewer: User,
    month: str | None = None,
    kind: str | None = None,
    milestone: str | None = None,
    department_id: int | None = None,
    by_code: bool = False,
) -> list[dict[str, object]]:
    """Return met and breached milestones by kind and department (SLA compliance, D10).

    Filters: the request's ``kind``, the milestone ``code``, the request's department, and the ``month``
    the request was opened (``YYYY-MM``, local). ``by_code`` splits each row by milestone code as well:
    the service board sums those rows by kind, by department and by milestone from one pass.
    """
    rows = Milestone.objects.filter(
        request_id__in=_visible(viewer).values("pk"),
        status__in=[MilestoneStatus.MET.value, MilestoneStatus.BREACHED.value],
    )
    if kind:
        rows = rows.filter(request__kind=kind)
    if milestone:
        rows = rows.filter(code=milestone)
    if department_id is not None:
        rows = rows.filter(request__department_id=department_id)
    if month:
        start, end = clock.month_bounds(clock.parse_month(month))
        rows = rows.filter(request__opened_at__gte=start, request__opened_at__lt=end)
    keys = ["request__kind", "request__department__name", *(["code"] if by_code else [])]
    return _compliance_rows(rows, keys)


def _compliance_rows(rows: QuerySet[Milestone], keys: list[str]) -> list[dict[str, object]]:
    table = rows.values(*keys).annotate(
        met=Count("pk", filter=Q(status=MilestoneStatus.MET.value)),
        breached=Count("pk", filter=Q(status=MilestoneStatus.BREACHED.value)),
    )
    names = {"request__kind": "kind", "request__department__name": "department", "code": "code"}
    return [
        {
            **{names[key]: row[key] or "" for key in keys},
            "met": row["met"],
            "breached": row["breached"],
            "rate": round(100 * row["met"] / (row["met"] + row["breached"]), 1),
        }
        for row in table.order_by(*keys)
    ]
