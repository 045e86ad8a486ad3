"""Pages of the call quality review (D10f): the month's sample, the reviews, and the checklist form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kam.core import clock
from kam.core.errors import ApplicationError, Forbidden
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.service import access, quality, reviews, selectors
from kam.service.models import CallQualityReview
from kam.service.policies import RequestKind


@login_required
def call_quality(request: AuthedRequest) -> HttpResponse:
    """The month's reviews with each agent's average, and for the manager a random sample still to review."""
    require_posts(request.user, *access.SUPERVISOR_POSTS)
    month = request.GET.get("month") or clock.local_today().strftime("%Y-%m")
    try:
        rows = reviews.call_review_list(viewer=request.user, month=month)
        sample = []
        if reviews.can_review(request.user):
            sample = reviews.review_sample(viewer=request.user, month=month)
    except ApplicationError as error:
        messages.error(request, f"{error.field or ''}: {error.localized()}")
        month = clock.local_today().strftime("%Y-%m")
        rows = reviews.call_review_list(viewer=request.user, month=month)
        sample = []
    context = {
        "month": month,
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "averages": reviews.agent_averages(rows),
        "sample": sample,
    }
    return render(request, "service/quality.html", context)


@login_required
def call_review(request: AuthedRequest, service_request_id: int) -> HttpResponse:
    """Score one call against the checklist of its kind; a reviewed call shows its review."""
    found = selectors.service_request_get(viewer=request.user, request_id=service_request_id)
    existing = CallQualityReview.objects.filter(request=found).select_related("agent", "reviewer").first()
    if existing is None and not reviews.can_review(request.user):
        raise Forbidden(reviews.NOT_REVIEWER)
    criteria = quality.checklist_for(RequestKind(found.kind))
    values = request.POST
    if request.method == "POST" and existing is None:
        scores = {c.code: values.get(f"score_{c.code}", "") for c in criteria}
        try:
            reviews.call_review_create(
                actor=request.user, request=found, scores=scores, note=values.get("note", "")
            )
        except ApplicationError as error:
            messages.error(request, f"{error.field or ''}: {error.localized()}")
        else:
            messages.success(request, _("Review recorded."))
            return redirect("service_call_review", service_request_id=found.pk)
    rows = [
        {
            "code": c.code,
            "label": c.label,
            "value": str(existing.scores.get(c.code, "")) if existing else values.get(f"score_{c.code}", ""),
        }
        for c in criteria
    ]
    context = {
        "req": found,
        "review": existing,
        "criteria": rows,
        "points": [(2, _("Fully")), (1, _("Partly")), (0, _("Not met"))],
        "agent": existing.agent if existing else reviews.agent_of(found),
        "values": values,
    }
    return render(request, "service/review.html", context)
