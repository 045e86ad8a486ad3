"""Pages of facility tours (D1): list, application form, detail, assignment, print brief, export, areas."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.approvals import selectors as approval_selectors
from kam.core import audit
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.tours import exports, rules, selectors, services
from kam.tours.forms import STOPS, AreaForm, AssignForm, TourForm, visitors_text
from kam.tours.models import TourApplication, TourStatus

Refusal = (ValidationFailed, Conflict)


@login_required
def tour_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    rows = selectors.tour_list(viewer=request.user, status=status)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request, "tours/list.html", {"page": page, "status": status, "statuses": TourStatus.choices}
    )


@login_required
def tour_create(request: AuthedRequest) -> HttpResponse:
    """A new tour application for the user's department (D1, 第三条)."""
    form = TourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tour = services.tour_create(actor=request.user, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The application is saved as a draft; submit it when it is complete.")
            )
            return redirect("tour_detail", tour_id=tour.pk)
    return render(
        request, "tours/form.html", {"form": form, "title": _("New tour application"), "stops": STOPS}
    )


def _initial(tour: TourApplication) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(tour, name)
        for name in ("organisation", "headcount", "visit_date", "start_time", "end_time", "purpose", "notes")
    }
    initial["interview_or_filming"] = tour.interview_or_filming
    initial["visitors"] = visitors_text(
        [{"name": v.name, "organisation": v.organisation, "title": v.title} for v in tour.visitors.all()]
    )
    for number, stop in enumerate(tour.stops.all(), start=1):
        initial[f"stop_{number}"] = str(stop.area_id)
    return initial


@login_required
def tour_edit(request: AuthedRequest, tour_id: int) -> HttpResponse:
    """Change a draft or returned application (its applicant only)."""
    tour = selectors.tour_get(viewer=request.user, tour_id=tour_id)
    if tour.applicant_id != request.user.pk:
        raise Forbidden(services.NOT_APPLICANT)
    form = TourForm(request.POST or None, initial=_initial(tour))
    if request.method == "POST" and form.is_valid():
        try:
            services.tour_update(actor=request.user, tour=tour, **form.service_values())
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("tour_detail", tour_id=tour.pk)
    title = _("Change tour application")
    return render(request, "tours/form.html", {"form": form, "title": title, "tour": tour, "stops": STOPS})


@login_required
def tour_detail(request: AuthedRequest, tour_id: int) -> HttpResponse:
    brief = selectors.tour_brief(viewer=request.user, tour_id=tour_id)
    tour, user = brief.tour, request.user
    is_applicant = tour.applicant_id == user.pk
    context = {
        "brief": brief,
        "tour": tour,
        "can_edit": is_applicant and tour.status in rules.EDITABLE,
        "can_submit": is_applicant and tour.status in rules.EDITABLE,
        "can_cancel": (is_applicant or user.holds(*services.OFFICE))
        and rules.CANCELLED in rules.TRANSITIONS[tour.status],
        "can_assign": user.holds(*services.OFFICE) and tour.status in rules.ASSIGNABLE,
        "history": audit.history_entries(tour, limit=30),
        "approval_visible": approval_selectors.can_see(viewer=user, request_id=tour.approval_id),
    }
    return render(request, "tours/detail.html", context)


def _act(request: AuthedRequest, tour_id: int, action: Any, done: str) -> HttpResponse:
    tour = selectors.tour_get(viewer=request.user, tour_id=tour_id)
    try:
        action(tour)
    except Refusal as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, done)
    return redirect("tour_detail", tour_id=tour_id)


@login_required
@require_POST
def tour_submit(request: AuthedRequest, tour_id: int) -> HttpResponse:
    return _act(
        request,
        tour_id,
        lambda tour: services.tour_submit(actor=request.user, tour=tour),
        _("The application is sent for approval."),
    )


@login_required
@require_POST
def tour_cancel(request: AuthedRequest, tour_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:500]
    return _act(
        request,
        tour_id,
        lambda tour: services.tour_cancel(actor=request.user, tour=tour, reason=reason),
        _("The application is cancelled."),
    )


@login_required
def tour_assign(request: AuthedRequest, tour_id: int) -> HttpResponse:
    """The company office names the host, the car and the guide (D1, 第四条)."""
    require_posts(request.user, *services.OFFICE)
    tour = selectors.tour_get(viewer=request.user, tour_id=tour_id)
    initial = {"host": tour.host_id, "car": tour.car, "guide": tour.guide}
    form = AssignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        host = form.cleaned_data["host"]
        try:
            services.tour_assign(
                actor=request.user,
                tour=tour,
                host_id=host.pk if host else None,
                car=form.cleaned_data["car"],
                guide=form.cleaned_data["guide"],
            )
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Host, car and guide are recorded."))
            return redirect("tour_detail", tour_id=tour.pk)
    return render(request, "tours/assign.html", {"form": form, "tour": tour})


@login_required
def tour_brief(request: AuthedRequest, tour_id: int) -> HttpResponse:
    """The printable tour brief (A4): arrangements, route, safety notes and visitor rules."""
    brief = selectors.tour_brief(viewer=request.user, tour_id=tour_id)
    return render(request, "tours/brief.html", {"brief": brief, "tour": brief.tour})


@login_required
def tour_export(request: AuthedRequest, tour_id: int) -> HttpResponse:
    brief = selectors.tour_brief(viewer=request.user, tour_id=tour_id)
    response = HttpResponse(exports.tour_workbook(brief), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="tour-{tour_id}.xlsx"'
    return response


@login_required
def area_list(request: AuthedRequest) -> HttpResponse:
    """The facility's areas and their flags; the company office adds areas here."""
    can_edit = request.user.holds(*services.AREA_EDITORS)
    if request.method == "POST" and not can_edit:
        raise Forbidden(FORBIDDEN)
    form = AreaForm(request.POST or None) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.area_create(actor=request.user, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The area is added."))
            return redirect("area_list")
    return render(
        request, "tours/areas.html", {"areas": selectors.area_list(), "form": form, "can_edit": can_edit}
    )


@login_required
def area_edit(request: AuthedRequest, area_id: int) -> HttpResponse:
    require_posts(request.user, *services.AREA_EDITORS)
    area = selectors.area_get(area_id)
    initial = {
        name: getattr(area, name)
        for name in ("name", "description", "is_workshop", "is_magnet_sensitive", "is_restricted", "order")
    }
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(actor=request.user, area=area, **form.cleaned_data)
        except Refusal as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The area is saved."))
            return redirect("area_list")
    return render(request, "tours/area_form.html", {"form": form, "area": area})
