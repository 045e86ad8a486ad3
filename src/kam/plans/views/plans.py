"""Pages of monthly plans: my plan, and the manager's plans board (B1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.core.errors import FORBIDDEN, ApplicationError, Forbidden
from kam.core.permissions import require_posts
from kam.plans import selectors, services
from kam.plans.models import PlanStatus
from kam.plans.reminders import specialists_without_plan
from kam.plans.services.common import manages_department
from kam.plans.services.plans import deadline_for
from kam.plans.views.common import int_param, month_param, next_month, this_month, viewer

PLAN_FIELDS = ("visits", "expansions", "deals")


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """Submit next month's plan, see its deadline and the share of the annual target (A2b, B1)."""
    user = viewer(request)
    require_posts(user, "specialist")
    month = month_param(request, next_month())
    if request.method == "POST":
        posted = {f: request.POST.get(f, "") for f in PLAN_FIELDS}
        try:
            counts: dict[str, object] = {
                f: int(v) if v.strip().lstrip("-").isdigit() else v for f, v in posted.items()
            }
            services.plan_submit(
                actor=user,
                month=f"{month:%Y-%m}",
                visits=counts["visits"],
                expansions=counts["expansions"],
                deals=counts["deals"],
            )
        except ApplicationError as error:
            messages.error(request, error.localized())
        else:
            messages.success(request, _("Plan submitted."))
            return redirect(reverse("plans:my_plan") + f"?month={month:%Y-%m}")
    plans = list(selectors.plan_list(viewer=user).filter(specialist=user)[:12])
    current = next((p for p in plans if p.month == month), None)
    values = {f: request.POST.get(f, str(getattr(current, f, "") or "")) for f in PLAN_FIELDS}
    context = {
        "month": month,
        "deadline": deadline_for(month),
        "target": selectors.target_for(specialist=user, month=month),
        "current": current,
        "can_submit": current is None or current.status == PlanStatus.RETURNED,
        "values": values,
        "plans": plans,
    }
    return render(request, "plans/my_plan.html", context)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Show who submitted, who was late and who is missing for a month; approve or return (B1)."""
    user = viewer(request)
    require_posts(user, "ka_manager", "regional_manager", "admin")
    month = month_param(request, next_month() if request.GET.get("next") else this_month())
    plans = list(selectors.plan_list(viewer=user, month=month))
    departments = [d.pk for d in selectors.visible_departments(user)]
    missing = specialists_without_plan(month, departments)
    context = {
        "month": month,
        "deadline": deadline_for(month),
        "plans": plans,
        "missing": missing,
        "is_manager": user.holds("ka_manager", "admin"),
    }
    return render(request, "plans/board.html", context)


@login_required
@require_POST
def plan_decide(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Approve or return one plan with a comment (B1)."""
    user = viewer(request)
    plan = selectors.plan_get(viewer=user, plan_id=plan_id)
    if not manages_department(user, plan.department_id):
        raise Forbidden(FORBIDDEN)
    comment = request.POST.get("comment", "")
    try:
        if request.POST.get("decision") == "return":
            services.plan_return(actor=user, plan_id=plan_id, comment=comment)
        else:
            services.plan_approve(actor=user, plan_id=plan_id, comment=comment)
    except ApplicationError as error:
        messages.error(request, error.localized())
    else:
        messages.success(request, _("Saved."))
    target = int_param(request.POST.get("back_department"))
    suffix = f"&department={target}" if target else ""
    return redirect(reverse("plans:board") + f"?month={plan.month:%Y-%m}{suffix}")
