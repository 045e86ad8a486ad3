"""Call quality review: the customer-service manager scores sampled calls against the checklist (D10f, D23).

Writes (:func:`call_review_create`) and reads (:func:`call_review_list`, :func:`review_sample`) live together
here because they are small; the checklist and its arithmetic are pure, in :mod:`kam.service.quality`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext_noop

from kam.core import audit, clock
from kam.core.errors import Conflict, Forbidden, ValidationFailed
from kam.org.models import User
from kam.service import quality
from kam.service.models import CallQualityReview, ServiceEventRow, ServiceRequest
from kam.service.policies import EventType, RequestKind

REVIEW_POSTS = frozenset({"cs_manager", "service_director", "admin"})
"""The customer-service manager (and those above) review the calls (D10f)."""
NOT_REVIEWER = gettext_noop("Only the customer-service manager reviews call quality.")
ALREADY_REVIEWED = gettext_noop("This call has already been reviewed.")
NO_AGENT = gettext_noop("It is not known who took this call; name the agent.")
OWN_CALL = gettext_noop("Nobody reviews their own call.")
NOTE_TOO_LONG = gettext_noop("A note has at most 2000 characters.")
SAMPLE_SIZE = 10

CALL_EVENTS = (EventType.CALL_ANSWERED.value, EventType.CALLBACK_ATTEMPT.value, EventType.CALL_ENDED.value)


def can_review(user: User) -> bool:
    return bool(user.is_superuser or user.holds(*REVIEW_POSTS))


def agent_of(request: ServiceRequest) -> User | None:
    """Return who took (or made) the call: the recorder of its first answer, attempt or hang-up."""
    row = (
        ServiceEventRow.objects.filter(request=request, type__in=CALL_EVENTS, recorded_by__isnull=False)
        .select_related("recorded_by")
        .order_by("occurred_at", "sequence")
        .first()
    )
    return row.recorded_by if row is not None else None


@transaction.atomic
def call_review_create(
    *,
    actor: User,
    request: ServiceRequest,
    scores: Mapping[str, object] | object,
    note: str = "",
    agent: User | None = None,
    reviewed_at: datetime | str | None = None,
) -> CallQualityReview:
    """Record the manager's review of one call: points per criterion and the total (D10f).

    A call is reviewed once; the agent is who recorded the call unless named; nobody reviews their own call.
    """
    if not can_review(actor):
        raise Forbidden(NOT_REVIEWER)
    points, total = quality.score(RequestKind(request.kind), scores)
    text = (note or "").strip()
    if len(text) > 2000:
        raise ValidationFailed(NOTE_TOO_LONG, field="note")
    agent = agent or agent_of(request)
    if agent is None:
        raise ValidationFailed(NO_AGENT, field="agent_id")
    if agent.pk == actor.pk:
        raise ValidationFailed(OWN_CALL, field="agent_id")
    if CallQualityReview.objects.filter(request=request).exists():
        raise Conflict(ALREADY_REVIEWED)
    review = CallQualityReview(
        request=request,
        agent=agent,
        reviewer=actor,
        scores=points,
        total=total,
        note=text,
        reviewed_at=clock.parse_moment(reviewed_at, field="reviewed_at") if reviewed_at else clock.now(),
    )
    audit.record_actor(review, actor)
    try:
        with transaction.atomic():
            review.save_with_reason("reviewed")
    except IntegrityError:
        raise Conflict(ALREADY_REVIEWED) from None
    return review


def call_review_list(
    *, viewer: User, agent_id: int | None = None, month: str | None = None
) -> QuerySet[CallQualityReview]:
    """Return the reviews the viewer sees: all for reviewers and supervisors, otherwise their own calls."""
    from kam.service.access import SUPERVISOR_POSTS

    rows = CallQualityReview.objects.select_related("request", "agent", "reviewer")
    if not (viewer.is_superuser or viewer.holds(*SUPERVISOR_POSTS)):
        rows = rows.filter(agent=viewer)
    if agent_id is not None:
        rows = rows.filter(agent_id=agent_id)
    if month:
        start, end = clock.month_bounds(clock.parse_month(month))
        rows = rows.filter(reviewed_at__gte=start, reviewed_at__lt=end)
    return rows.order_by("-reviewed_at", "-id")


def agent_averages(reviews: QuerySet[CallQualityReview]) -> list[dict[str, object]]:
    """Return each agent's number of reviewed calls and average total, best first."""
    rows = reviews.order_by().values("agent_id", "agent__full_name", "agent__username")
    table = rows.annotate(calls=Count("pk"), average=Avg("total")).order_by("-average", "agent__username")
    return [
        {
            "agent": row["agent__full_name"] or row["agent__username"],
            "calls": row["calls"],
            "average": round(float(row["average"] or 0), 1),
        }
        for row in table
    ]


def review_sample(*, viewer: User, month: str, size: int = SAMPLE_SIZE) -> list[ServiceRequest]:
    """Return a random sample of the month's calls not yet reviewed, stable for the viewer and month."""
    start, end = clock.month_bounds(clock.parse_month(month))
    candidates = ServiceRequest.objects.filter(
        opened_at__gte=start, opened_at__lt=end, events__type__in=CALL_EVENTS
    ).exclude(pk__in=CallQualityReview.objects.values("request_id"))
    ids = list(candidates.values_list("pk", flat=True).distinct())
    chosen = quality.sample(ids, size, seed=f"{month}:{viewer.pk}")
    found = ServiceRequest.objects.filter(pk__in=chosen).select_related("assignee", "account")
    return list(found.order_by("opened_at", "pk"))
