"""Pages of scorecards: the department-month with ranking, one card with manual scores, adjustments
and lock, exports and a print page (B2, B4, B7, B8)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.core.audit import history_entries
from kam.core.errors import FORBIDDEN, ApplicationError, Forbidden
from kam.plans import exports, selectors, services
from kam.plans.scoring import Card
from kam.plans.services.common import manages_department
from kam.plans.views.common import int_param, month_param, this_month, viewer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month_cards(request: HttpRequest) -> tuple[list[Card], dict[str, Any]]:
    user = viewer(request)
    month = month_param(request, this_month())
    departments = selectors.visible_departments(user)
    chosen = int_param(request.GET.get("department") or request.POST.get("department"))
    if chosen is None and departments:
        chosen = (
            user.department_id if any(d.pk == user.department_id for d in departments) else departments[0].pk
        )
    cards = selectors.scorecard_list(viewer=user, month=month, department_id=chosen) if chosen else []
    context = {
        "month": month,
        "departments": departments,
        "department_id": chosen,
        "cards": cards,
        "can_manage": bool(chosen) and manages_department(user, chosen),
    }
    return cards, context


@login_required
def scorecards(request: HttpRequest) -> HttpResponse:
    """Show a department-month's scorecards, ranked, with the manager's lock (B8)."""
    _cards, context = _month_cards(request)
    return render(request, "plans/scorecards.html", context)


@login_required
def month_print(request: HttpRequest) -> HttpResponse:
    """Print the department-month in the rulebook's form layout (B8)."""
    _cards, context = _month_cards(request)
    return render(request, "plans/print.html", context)


@login_required
def month_export(request: HttpRequest) -> FileResponse:
    cards, context = _month_cards(request)
    name = f"scorecards-{context['month']:%Y-%m}.xlsx"
    return FileResponse(
        exports.month_xlsx(cards, context["month"]), as_attachment=True, filename=name, content_type=XLSX
    )


@login_required
@require_POST
def month_lock(request: HttpRequest) -> HttpResponse:
    _cards, context = _month_cards(request)
    if not context["can_manage"]:
        raise Forbidden(FORBIDDEN)
    try:
        count = services.scorecard_lock_month(
            actor=viewer(request),
            department_id=int(context["department_id"] or 0),
            month=context["month"],
        )
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("%(n)d scorecards locked.") % {"n": count})
    return redirect(
        reverse("plans:scorecards") + f"?month={context['month']:%Y-%m}&department={context['department_id']}"
    )


@login_required
def scorecard_detail(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    """Show one scorecard: rows, deductions, total, rank; the manager scores, adjusts and locks (B8)."""
    user = viewer(request)
    card = selectors.scorecard_get(viewer=user, scorecard_id=scorecard_id)
    sc = card.scorecard
    context = {
        "card": card,
        "sc": sc,
        "can_manage": manages_department(user, sc.department_id)
        and sc.specialist_id != user.pk
        and not sc.is_locked,
        "manual_rows": [r for r in card.rows if r["kind"] == "manual"],
        "adjustments": list(sc.adjustments.select_related("adjusted_by").order_by("-id")),
        "history": history_entries(sc),
    }
    return render(request, "plans/scorecard.html", context)


@login_required
def scorecard_export(request: HttpRequest, scorecard_id: int) -> FileResponse:
    card = selectors.scorecard_get(viewer=viewer(request), scorecard_id=scorecard_id)
    sc = card.scorecard
    name = f"scorecard-{sc.month:%Y-%m}-{sc.specialist_id}.xlsx"
    return FileResponse(exports.scorecard_xlsx(card), as_attachment=True, filename=name, content_type=XLSX)


def _managed(request: HttpRequest, scorecard_id: int) -> None:
    """Refuse (403) anyone but the KA manager over the card, once the card is known to be visible (404)."""
    user = viewer(request)
    card = selectors.scorecard_get(viewer=user, scorecard_id=scorecard_id).scorecard
    if not manages_department(user, card.department_id):
        raise Forbidden(FORBIDDEN)


def _back(scorecard_id: int) -> HttpResponse:
    return redirect("plans:scorecard", scorecard_id=scorecard_id)


@login_required
@require_POST
def scorecard_manual(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    user = viewer(request)
    _managed(request, scorecard_id)
    card = selectors.scorecard_get(viewer=user, scorecard_id=scorecard_id)
    codes = [str(r["code"]) for r in card.rows if r["kind"] == "manual"]
    scores = {c: request.POST[f"score_{c}"] for c in codes if request.POST.get(f"score_{c}", "").strip()}
    try:
        services.scorecard_manual_scores(actor=user, scorecard_id=scorecard_id, scores=scores)
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("Saved."))
    return _back(scorecard_id)


@login_required
@require_POST
def scorecard_adjust(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    user = viewer(request)
    _managed(request, scorecard_id)
    try:
        services.scorecard_adjust(
            actor=user,
            scorecard_id=scorecard_id,
            code=request.POST.get("code", ""),
            score=request.POST.get("score", ""),
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("Saved."))
    return _back(scorecard_id)


@login_required
@require_POST
def scorecard_lock(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    user = viewer(request)
    _managed(request, scorecard_id)
    try:
        services.scorecard_lock(actor=user, scorecard_id=scorecard_id)
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("Scorecard locked."))
    return _back(scorecard_id)
