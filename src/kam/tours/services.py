"""Writes of facility tours (D1): areas, applications, submission for approval, assignment, cancellation.

A tour application is approved through the approval engine's ``tour`` chain: the company office,
plus the general manager when the visitors will interview or film (the ``interview_or_filming``
flag). The office assigns the host, the car and the guide. Every refusal happens before anything is
written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kam.approvals import hooks
from kam.approvals import services as approvals
from kam.approvals.models import ApprovalAction, ApprovalRequest
from kam.core import audit, clock
from kam.core.errors import FORBIDDEN, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.notify.services import notify
from kam.org.models import Department, User
from kam.tours import rules
from kam.tours.models import FacilityArea, TourApplication, TourStatus, TourStop, TourVisitor

CHAIN = "tour"
OFFICE = ("company_office",)
AREA_EDITORS = ("company_office", "admin")

UNKNOWN_AREA = gettext_noop("Unknown area on the route: {id}.")
TEXT_REQUIRED = gettext_noop("This field is required.")
DEPARTMENT_REQUIRED = gettext_noop("Choose the host department.")
OTHER_DEPARTMENT = gettext_noop("Only the company office may apply for another department.")
NOT_APPLICANT = gettext_noop("Only the applicant can change or submit this application.")
NOT_EDITABLE = gettext_noop(
    "The application can only be changed while it is a draft or returned for changes."
)
UNKNOWN_USER = gettext_noop("No active user with this id.")
AREA_NAME_TAKEN = gettext_noop("An area with this name exists already.")

_FIELDS = ("organisation", "headcount", "visit_date", "start_time", "end_time", "purpose")


def _text(value: str | None, field: str, *, limit: int) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationFailed(TEXT_REQUIRED, field=field)
    return cleaned[:limit]


def _route(area_ids: Sequence[int]) -> list[FacilityArea]:
    found = FacilityArea.objects.in_bulk(list(area_ids))
    missing = [pk for pk in area_ids if pk not in found]
    if missing:
        raise ValidationFailed(UNKNOWN_AREA, field="route", params={"id": missing[0]})
    route = [found[pk] for pk in area_ids]
    rules.check_route([a.as_rule() for a in route])
    return route


def _visitors(rows: Sequence[Mapping[str, Any]], organisation: str) -> list[TourVisitor]:
    return [
        TourVisitor(
            name=str(row.get("name") or "").strip()[:100],
            organisation=(str(row.get("organisation") or "").strip() or organisation)[:200],
            title=str(row.get("title") or "").strip()[:100],
            order=index,
        )
        for index, row in enumerate(rows, start=1)
    ]


def _check(
    tour: TourApplication, route: Sequence[int], visitors: Sequence[Mapping[str, Any]]
) -> tuple[list[FacilityArea], list[TourVisitor]]:
    """Validate the whole application; return the route's areas and the unsaved visitors."""
    tour.organisation = _text(tour.organisation, "organisation", limit=200)
    tour.purpose = _text(tour.purpose, "purpose", limit=2000)
    people = _visitors(visitors, tour.organisation)
    rules.check_visitors(tour.headcount, [v.name for v in people])
    rules.check_schedule(tour.visit_date, tour.start_time, tour.end_time, today=clock.local_today())
    return _route(route), people


def _write_parts(tour: TourApplication, areas: list[FacilityArea], people: list[TourVisitor]) -> None:
    tour.stops.all().delete()
    tour.visitors.all().delete()
    TourStop.objects.bulk_create([TourStop(tour=tour, area=a, order=i) for i, a in enumerate(areas, start=1)])
    for person in people:
        person.tour = tour
    TourVisitor.objects.bulk_create(people)


def _host_department(actor: User, department_id: int | None) -> Department:
    if department_id is None or department_id == actor.department_id:
        if actor.department is None:
            raise ValidationFailed(DEPARTMENT_REQUIRED, field="host_department_id")
        return actor.department
    if not actor.holds(*OFFICE, "admin"):
        raise Forbidden(OTHER_DEPARTMENT)
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise ValidationFailed(DEPARTMENT_REQUIRED, field="host_department_id")
    return department


@transaction.atomic
def tour_create(
    *,
    actor: User,
    organisation: str,
    headcount: int,
    visit_date: date,
    start_time: time,
    end_time: time,
    purpose: str,
    route: Sequence[int],
    visitors: Sequence[Mapping[str, Any]],
    interview_or_filming: bool = False,
    notes: str = "",
    host_department_id: int | None = None,
) -> TourApplication:
    """Record a draft tour application for the actor's department (D1, 第三条)."""
    if not actor.is_active:
        raise Forbidden(FORBIDDEN)
    tour = TourApplication(
        host_department=_host_department(actor, host_department_id),
        applicant=actor,
        organisation=organisation,
        headcount=headcount,
        visit_date=visit_date,
        start_time=start_time,
        end_time=end_time,
        purpose=purpose,
        interview_or_filming=interview_or_filming,
        notes=(notes or "").strip(),
    )
    areas, people = _check(tour, route, visitors)
    audit.record_actor(tour, actor)
    tour.save_with_reason("created")
    _write_parts(tour, areas, people)
    return tour


@transaction.atomic
def tour_update(
    *,
    actor: User,
    tour: TourApplication,
    route: Sequence[int] | None = None,
    visitors: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> TourApplication:
    """Change a draft or returned application; only its applicant may."""
    tour = TourApplication.objects.select_for_update().get(pk=tour.pk)
    if actor.pk != tour.applicant_id:
        raise Forbidden(NOT_APPLICANT)
    if tour.status not in rules.EDITABLE:
        raise rules.TourTransitionRefused(NOT_EDITABLE)
    for name in (*_FIELDS, "interview_or_filming", "notes"):
        if fields.get(name) is not None:
            setattr(tour, name, fields[name])
    current_route = [s.area_id for s in tour.stops.all()] if route is None else route
    current_visitors = (
        [{"name": v.name, "organisation": v.organisation, "title": v.title} for v in tour.visitors.all()]
        if visitors is None
        else visitors
    )
    areas, people = _check(tour, current_route, current_visitors)
    audit.record_actor(tour, actor)
    tour.save_with_reason("changed")
    _write_parts(tour, areas, people)
    return tour


@transaction.atomic
def tour_submit(*, actor: User, tour: TourApplication) -> TourApplication:
    """Send the application to the company office (and the leadership, for interviews or filming)."""
    tour = TourApplication.objects.select_for_update().get(pk=tour.pk)
    if actor.pk != tour.applicant_id:
        raise Forbidden(NOT_APPLICANT)
    rules.check_transition(tour.status, rules.SUBMITTED)
    rules.check_schedule(tour.visit_date, tour.start_time, tour.end_time, today=clock.local_today())
    flags = rules.approval_flags(interview_or_filming=tour.interview_or_filming)
    title = _("Tour application: %(tour)s") % {"tour": tour}
    if tour.status == rules.RETURNED and tour.approval is not None:
        approvals.approval_resubmit(actor=actor, request=tour.approval, flags=flags, title=title)
    else:
        tour.approval = approvals.approval_start(
            actor=actor, chain_code=CHAIN, target=tour, flags=flags, title=title
        )
    tour.status = TourStatus.SUBMITTED
    audit.record_actor(tour, actor)
    tour.save_with_reason("submitted")
    return tour


@transaction.atomic
def tour_assign(
    *, actor: User, tour: TourApplication, host_id: int | None, car: str = "", guide: str = ""
) -> TourApplication:
    """Record the host, car and guide the company office arranges for the tour (D1, 第四条)."""
    require_posts(actor, *OFFICE)
    tour = TourApplication.objects.select_for_update().get(pk=tour.pk)
    if tour.status not in rules.ASSIGNABLE:
        raise rules.TourTransitionRefused(
            rules.TRANSITION_REFUSED, params={"current": tour.status, "target": "assigned"}
        )
    host = None
    if host_id is not None:
        host = User.objects.filter(pk=host_id, is_active=True).first()
        if host is None:
            raise ValidationFailed(UNKNOWN_USER, field="host_id")
    tour.host, tour.car, tour.guide = host, (car or "").strip()[:100], (guide or "").strip()[:100]
    tour.assigned_at = clock.now()
    audit.record_actor(tour, actor)
    tour.save_with_reason("assigned")
    notify(
        recipients=[u for u in (tour.applicant, host) if u is not None],
        kind="tour",
        title=_("Host, car and guide arranged: %(tour)s") % {"tour": tour},
        link=tour.get_absolute_url(),
    )
    return tour


@transaction.atomic
def tour_cancel(*, actor: User, tour: TourApplication, reason: str = "") -> TourApplication:
    """Cancel an application; its applicant or the company office may. An open approval is withdrawn."""
    tour = TourApplication.objects.select_for_update().get(pk=tour.pk)
    if actor.pk != tour.applicant_id and not actor.holds(*OFFICE):
        raise Forbidden(FORBIDDEN)
    rules.check_transition(tour.status, rules.CANCELLED)
    if tour.approval is not None and tour.approval.is_open:
        approvals.approval_withdraw(
            actor=actor, request=tour.approval, comment=reason, checked_by_caller=True
        )
    tour.status = TourStatus.CANCELLED
    audit.record_actor(tour, actor)
    tour.save_with_reason("cancelled")
    return tour


def on_tour_outcome(request: ApprovalRequest, outcome: str) -> None:
    """Follow the approvers' decision on the tour's approval request (runs inside the decision)."""
    tour = TourApplication.objects.select_for_update().filter(pk=request.target_id).first()
    if tour is None:
        return
    rules.check_transition(tour.status, outcome)
    tour.status = outcome
    last = ApprovalAction.objects.filter(request=request).order_by("-at", "-id").first()
    audit.record_actor(tour, last.actor if last else None)
    tour.save_with_reason(outcome)


def register_hooks() -> None:
    hooks.outcome_handler(CHAIN)(on_tour_outcome)


def _area_fields(fields: Mapping[str, Any], area: FacilityArea) -> None:
    for name in ("name", "description", "is_workshop", "is_magnet_sensitive", "is_restricted", "order"):
        if fields.get(name) is not None:
            setattr(area, name, fields[name])
    area.name = _text(area.name, "name", limit=100)
    area.description = (area.description or "").strip()[:300]
    clash = FacilityArea.all_objects.filter(name=area.name).exclude(pk=area.pk)
    if clash.exists():
        raise ValidationFailed(AREA_NAME_TAKEN, field="name")


@transaction.atomic
def area_create(*, actor: User, **fields: Any) -> FacilityArea:
    """Add an area of the facility with its flags (company office or administrator)."""
    require_posts(actor, *AREA_EDITORS)
    area = FacilityArea()
    _area_fields(fields, area)
    audit.record_actor(area, actor)
    area.save()
    return area


@transaction.atomic
def area_update(*, actor: User, area: FacilityArea, **fields: Any) -> FacilityArea:
    require_posts(actor, *AREA_EDITORS)
    _area_fields(fields, area)
    audit.record_actor(area, actor)
    area.save()
    return area
