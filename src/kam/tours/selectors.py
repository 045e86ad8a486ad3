"""Reads of facility tours, and who may see which application (D1).

The company office handles every tour and the general manager approves interviews and filming, so
both see all applications; managers see their department's (regional managers their region's), and
everyone else the applications they made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from kam.approvals.models import RequestStep
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, restrict
from kam.org.models import User
from kam.tours import rules
from kam.tours.models import FacilityArea, TourApplication, TourStop

TOUR_REACH = {
    "admin": Reach.ALL,
    "company_office": Reach.ALL,
    "general_manager": Reach.ALL,
    "regional_manager": Reach.REGION,
    "service_director": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
    "cs_manager": Reach.DEPARTMENT,
}


def tour_list(*, viewer: User, status: str | None = None) -> QuerySet[TourApplication]:
    rows = restrict(
        TourApplication.objects.all(),
        viewer,
        owner="applicant",
        department="host_department",
        reach_by_post=TOUR_REACH,
    ).select_related("host_department", "applicant", "host", "approval")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-visit_date", "-start_time", "-id")


def tour_get(*, viewer: User, tour_id: int) -> TourApplication:
    found = (
        tour_list(viewer=viewer)
        .filter(pk=tour_id)
        .prefetch_related(Prefetch("stops", TourStop.objects.select_related("area")), "visitors")
        .first()
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


@dataclass(frozen=True)
class Brief:
    """What the printed tour brief shows: the application, its route, and the notes that apply."""

    tour: TourApplication
    route: list[FacilityArea]
    safety_notes: list[rules.Note]
    visitor_rules: tuple[rules.Note, ...]
    approval_steps: list[RequestStep]


def tour_brief(*, viewer: User, tour_id: int) -> Brief:
    """Return the brief of a tour: the route's safety notes and the rulebook's visitor rules (D1)."""
    tour = tour_get(viewer=viewer, tour_id=tour_id)
    route = [stop.area for stop in tour.stops.all()]
    notes = rules.safety_notes([a.as_rule() for a in route], interview_or_filming=tour.interview_or_filming)
    steps: list[RequestStep] = []
    if tour.approval is not None:
        steps = list(
            RequestStep.objects.filter(request=tour.approval, round=tour.approval.round)
            .select_related("decided_by", "on_behalf_of")
            .order_by("order")
        )
    return Brief(tour, route, notes, rules.VISITOR_RULES, steps)


def area_list(*, visitable_only: bool = False) -> QuerySet[FacilityArea]:
    rows = FacilityArea.objects.all()
    if visitable_only:
        rows = rows.filter(is_restricted=False)
    return rows.order_by("order", "name")


def area_get(area_id: int) -> FacilityArea:
    found = FacilityArea.objects.filter(pk=area_id).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found
