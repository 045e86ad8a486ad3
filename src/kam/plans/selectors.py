"""The reads of the plans app, and the only place that decides who sees which plan or scorecard (A1, B8)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, can_see, restrict, scope_for
from kam.org.models import Department, User
from kam.plans.models import AnnualTarget, MonthlyPlan, Scorecard, ScorecardTemplate
from kam.plans.scoring import Card
from kam.plans.services.scorecards import scorecard_compute


def plan_list(
    *, viewer: User, month: date | None = None, department_id: int | None = None, status: str | None = None
) -> QuerySet[MonthlyPlan]:
    """Return the plans ``viewer`` sees: their own, or their department's or region's (B1)."""
    plans = restrict(MonthlyPlan.objects.select_related("specialist"), viewer, owner="specialist")
    if month is not None:
        plans = plans.filter(month=month)
    if department_id is not None:
        plans = plans.filter(department_id=department_id)
    if status:
        plans = plans.filter(status=status)
    return plans.order_by("-month", "specialist_id")


def plan_get(*, viewer: User, plan_id: int) -> MonthlyPlan:
    plan = plan_list(viewer=viewer).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(NOT_FOUND)
    return plan


def visible_departments(viewer: User) -> list[Department]:
    """Return the departments whose scorecards ``viewer`` may open, beyond their own card (B8)."""
    scope = scope_for(viewer)
    departments = Department.objects.order_by("id")
    if scope.reach is Reach.ALL:
        return list(departments)
    if scope.reach >= Reach.DEPARTMENT and scope.department_ids:
        return list(departments.filter(pk__in=sorted(scope.department_ids)))
    return list(departments.filter(pk=viewer.department_id)) if viewer.department_id else []


def _departments_with_specialists(department_ids: list[int], month: date) -> list[int]:
    staffed = set(
        User.objects.filter(
            department_id__in=department_ids, is_active=True, posts__code="specialist"
        ).values_list("department_id", flat=True)
    )
    carded = set(
        Scorecard.objects.filter(department_id__in=department_ids, month=month).values_list(
            "department_id", flat=True
        )
    )
    return sorted((staffed | carded) - {None})


def scorecard_list(
    *, viewer: User, month: date, user_id: int | None = None, department_id: int | None = None
) -> list[Card]:
    """Return the month's scorecards ``viewer`` sees, ranked within each department (B2, B8).

    A specialist sees their own card with its rank in the department; managers see their departments.
    """
    department_ids = [d.pk for d in visible_departments(viewer)]
    if department_id is not None:
        department_ids = [d for d in department_ids if d == department_id]
    if user_id is not None:
        target = User.objects.filter(pk=user_id).only("id", "department_id").first()
        if target is None or target.department_id not in department_ids:
            raise NotFound(NOT_FOUND)
        department_ids = [target.department_id]
    cards: list[Card] = []
    for dep in _departments_with_specialists(department_ids, month):
        for card in scorecard_compute(department_id=dep, month=month):
            if user_id is not None and card.user_id != user_id:
                continue
            if can_see(viewer, card.scorecard, owner="specialist"):
                cards.append(card)
    if user_id is not None and not cards:
        raise NotFound(NOT_FOUND)
    return cards


def scorecard_get(*, viewer: User, scorecard_id: int) -> Card:
    """Return one computed scorecard the viewer may see; others are 404."""
    card = (
        Scorecard.objects.filter(pk=scorecard_id)
        .only("id", "specialist_id", "department_id", "month")
        .first()
    )
    if card is None or not can_see(viewer, card, owner="specialist"):
        raise NotFound(NOT_FOUND)
    found = scorecard_list(viewer=viewer, month=card.month, department_id=card.department_id)
    match = next((c for c in found if c.scorecard.pk == scorecard_id), None)
    if match is None:
        raise NotFound(NOT_FOUND)
    return match


def target_list(*, viewer: User, year: int | None = None) -> QuerySet[AnnualTarget]:
    """Return the annual targets of the departments ``viewer`` sees (A2b)."""
    ids = [d.pk for d in visible_departments(viewer)]
    targets = AnnualTarget.objects.filter(department_id__in=ids).select_related("department")
    if year is not None:
        targets = targets.filter(year=year)
    return targets.order_by("-year", "department_id")


def target_for(*, specialist: User, month: date) -> dict[str, int] | None:
    """Return a specialist's share of the annual target for one month, if the manager split it (A2b)."""
    if not specialist.department_id:
        return None
    target = AnnualTarget.objects.filter(department_id=specialist.department_id, year=month.year).first()
    if target is None:
        return None
    share = (target.split or {}).get(str(specialist.pk), {}).get(str(month.month))
    return dict(share) if share else None


def template_list() -> QuerySet[ScorecardTemplate]:
    return ScorecardTemplate.objects.order_by("name", "-version")


def template_get(template_id: int) -> ScorecardTemplate:
    template = ScorecardTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFound(NOT_FOUND)
    return template
