"""Reads of relationship management; the only place that decides who sees which rows.

Account records (assessments, needs, demand lines) follow the account's visibility (A1); department
records (notes, meetings, procedures) are seen by the department and the managers above it;
directives by their issuer, their KA manager and those above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from kam.accounts.models import Account
from kam.accounts.selectors import ACCOUNT_REACH
from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, restrict, scope_for, scope_q
from kam.org.models import User
from kam.relations import rules
from kam.relations.models import (
    ActionItem,
    Assessment,
    AssessmentStatus,
    AssessmentTemplate,
    Competitor,
    DemandLine,
    Directive,
    MarketNote,
    Meeting,
    Need,
    Procedure,
    ProcedureVersion,
)

DEPARTMENT_REACH: Mapping[str, Reach] = {
    **ACCOUNT_REACH,
    "specialist": Reach.DEPARTMENT,
    "department_staff": Reach.DEPARTMENT,
}
"""Department records are read by everyone of the department and by those who read its accounts."""

DIRECTIVE_REACH: Mapping[str, Reach] = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "inspector": Reach.ALL,
    "regional_manager": Reach.REGION,
    "ka_manager": Reach.OWN,
}
"""A directive is read by its KA manager, its issuer (below) and those above them."""


def _get(rows: QuerySet[Any], pk: int) -> Any:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def _via_account(rows: QuerySet[Any], viewer: User) -> QuerySet[Any]:
    return rows.filter(
        scope_q(scope_for(viewer, ACCOUNT_REACH), owner="account__owner", department="account__department")
    )


# Templates --------------------------------------------------------------------------------------------


def template_list() -> QuerySet[AssessmentTemplate]:
    return AssessmentTemplate.objects.prefetch_related("indicators")


def template_get(template_id: int) -> AssessmentTemplate:
    return _get(template_list(), template_id)


def default_template() -> AssessmentTemplate | None:
    return template_list().filter(is_default=True).first() or template_list().first()


# Assessments --------------------------------------------------------------------------------------------


def assessment_list(
    *, viewer: User, account_id: int | None = None, status: str | None = None, result: str | None = None
) -> QuerySet[Assessment]:
    rows = _via_account(Assessment.objects.all(), viewer).select_related(
        "account", "assessor", "confirmed_by", "template"
    )
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if status:
        rows = rows.filter(status=status)
    if result:
        rows = rows.filter(Q(result=result) | Q(result="", proposed=result))
    return rows


def assessment_get(*, viewer: User, assessment_id: int) -> Assessment:
    rows = assessment_list(viewer=viewer).prefetch_related("scores")
    return _get(rows, assessment_id)


@dataclass(frozen=True)
class Standing:
    """An account's latest relationship result and the trend of its totals (D12)."""

    latest: Assessment | None
    history: list[Assessment]
    trend: str


def account_standing(account: Account, *, limit: int = 6) -> Standing:
    recent = list(
        Assessment.objects.filter(account=account)
        .select_related("assessor")
        .order_by("-assessed_on", "-pk")[:limit]
    )
    confirmed = [a for a in recent if a.status == AssessmentStatus.CONFIRMED]
    totals = [a.total for a in reversed(recent)]
    return Standing(confirmed[0] if confirmed else None, recent, rules.trend(totals))


def account_panel(account: Account, user: User) -> dict[str, Any]:
    standing = account_standing(account)
    pending = next((a for a in standing.history if a.status == AssessmentStatus.PROPOSED), None)
    return {"standing": standing, "pending": pending}


# Needs and demand ------------------------------------------------------------------------------------------


def need_list(
    *, viewer: User, account_id: int | None = None, status: str | None = None, owner_id: int | None = None
) -> QuerySet[Need]:
    rows = _via_account(Need.objects.all(), viewer) | Need.objects.filter(owner_id=viewer.pk)
    rows = rows.distinct().select_related("account", "owner")
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if status:
        rows = rows.filter(status=status)
    if owner_id is not None:
        rows = rows.filter(owner_id=owner_id)
    return rows


def need_get(*, viewer: User, need_id: int) -> Need:
    return _get(need_list(viewer=viewer), need_id)


def need_panel(account: Account, user: User) -> dict[str, Any]:
    return {"needs": list(Need.objects.filter(account=account).select_related("owner")[:8])}


def demand_list(
    *, viewer: User, account_id: int | None = None, department_id: int | None = None
) -> QuerySet[DemandLine]:
    rows = _via_account(DemandLine.objects.all(), viewer).select_related("account")
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return rows


def demand_get(*, viewer: User, line_id: int) -> DemandLine:
    return _get(demand_list(viewer=viewer), line_id)


def demand_panel(account: Account, user: User) -> dict[str, Any]:
    return {"lines": list(DemandLine.objects.filter(account=account)[:8])}


def demand_summary(rows: QuerySet[DemandLine]) -> dict[str, dict[str, Decimal]]:
    """Return the C2 totals of the visible lines by product type, region and price band."""
    return rules.demand_totals(line.as_rule() for line in rows)


# Market notes ---------------------------------------------------------------------------------------------


def competitor_list() -> QuerySet[Competitor]:
    return Competitor.objects.all()


def competitor_get(competitor_id: int) -> Competitor:
    return _get(Competitor.objects.all(), competitor_id)


def note_list(
    *, viewer: User, competitor_id: int | None = None, account_id: int | None = None
) -> QuerySet[MarketNote]:
    rows = restrict(
        MarketNote.objects.all(),
        viewer,
        owner="author",
        department="department",
        reach_by_post=DEPARTMENT_REACH,
    ).select_related("author", "competitor", "account")
    if competitor_id is not None:
        rows = rows.filter(competitor_id=competitor_id)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    return rows


def note_get(*, viewer: User, note_id: int) -> MarketNote:
    return _get(note_list(viewer=viewer), note_id)


# Directives ------------------------------------------------------------------------------------------------


def directive_list(*, viewer: User, status: str | None = None) -> QuerySet[Directive]:
    seen = scope_q(scope_for(viewer, DIRECTIVE_REACH), owner="assignee", department="department")
    rows = Directive.objects.filter(seen | Q(issued_by_id=viewer.pk)).select_related("issued_by", "assignee")
    if status:
        rows = rows.filter(status=status)
    return rows


def directive_get(*, viewer: User, directive_id: int) -> Directive:
    return _get(directive_list(viewer=viewer).prefetch_related("updates__author"), directive_id)


def overdue(directive: Directive) -> bool:
    return rules.is_overdue(directive.due_on, directive.status, clock.local_today())


# Meetings -------------------------------------------------------------------------------------------------


def meeting_list(*, viewer: User) -> QuerySet[Meeting]:
    return restrict(
        Meeting.objects.all(),
        viewer,
        owner="recorded_by",
        department="department",
        reach_by_post=DEPARTMENT_REACH,
    ).select_related("department", "recorded_by")


def meeting_get(*, viewer: User, meeting_id: int) -> Meeting:
    rows = meeting_list(viewer=viewer).prefetch_related("attendees", "actions__owner")
    return _get(rows, meeting_id)


def action_get(*, viewer: User, action_id: int) -> ActionItem:
    visible = meeting_list(viewer=viewer).values("pk")
    rows = ActionItem.objects.filter(Q(meeting__in=visible) | Q(owner_id=viewer.pk)).select_related("meeting")
    return _get(rows, action_id)


# Procedures -----------------------------------------------------------------------------------------------


def procedure_list(*, viewer: User) -> QuerySet[Procedure]:
    seen = scope_q(scope_for(viewer, DEPARTMENT_REACH), owner=None, department="department")
    mine = Q(department_id=viewer.department_id) if viewer.department_id else Q(pk__in=[])
    return Procedure.objects.filter(seen | mine).select_related("department").prefetch_related("versions")


def procedure_get(*, viewer: User, procedure_id: int) -> Procedure:
    return _get(procedure_list(viewer=viewer), procedure_id)


def current_version(procedure: Procedure) -> Any:
    versions = list(procedure.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


def not_acknowledged(procedure: Procedure) -> list[User]:
    """Return the department's active staff who have not acknowledged the current version (A2a)."""
    version = current_version(procedure)
    staff = User.objects.filter(department_id=procedure.department_id, is_active=True)
    if version is None:
        return list(staff)
    return list(staff.exclude(pk__in=version.acknowledgements.values("user_id")).order_by("username"))


def version_get(*, viewer: User, version_id: int) -> ProcedureVersion:
    visible = procedure_list(viewer=viewer).values("pk")
    rows = ProcedureVersion.objects.filter(procedure__in=visible).select_related("procedure")
    return _get(rows, version_id)
