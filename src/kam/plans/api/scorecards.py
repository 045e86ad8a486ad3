"""API of scorecards: list with ranks, manual scores, adjustments, lock (B2, B4, B8)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core import clock
from kam.org.models import User
from kam.plans import selectors, services
from kam.plans.api.schemas import AdjustIn, LockMonthIn, LockMonthOut, ManualScoresIn, ScorecardOut, card_out

router = Router(tags=["scorecards"])


def viewer(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _card(request: HttpRequest, scorecard_id: int) -> dict[str, Any]:
    return card_out(selectors.scorecard_get(viewer=viewer(request), scorecard_id=scorecard_id))


@router.get("/scorecards/", response=list[ScorecardOut])
@paginate(LimitOffsetPagination)
def scorecard_list(
    request: HttpRequest, month: str, user_id: int | None = None, department_id: int | None = None
) -> Any:
    """List the month's scorecards the caller sees, computed from the records and ranked (B2, B5, B8)."""
    first = clock.parse_month(month)
    cards = selectors.scorecard_list(
        viewer=viewer(request), month=first, user_id=user_id, department_id=department_id
    )
    return [card_out(c) for c in cards]


@router.get("/scorecards/{scorecard_id}", response=ScorecardOut)
def scorecard_get(request: HttpRequest, scorecard_id: int) -> Any:
    return _card(request, scorecard_id)


@router.post("/scorecards/{scorecard_id}/manual-scores", response=ScorecardOut)
def scorecard_manual_scores(request: HttpRequest, scorecard_id: int, payload: ManualScoresIn) -> Any:
    """Score the manual rows 0–100: the KA manager, never the specialist themselves (B4, B5)."""
    selectors.scorecard_get(viewer=viewer(request), scorecard_id=scorecard_id)
    services.scorecard_manual_scores(actor=viewer(request), scorecard_id=scorecard_id, scores=payload.scores)
    return _card(request, scorecard_id)


@router.post("/scorecards/{scorecard_id}/adjust", response=ScorecardOut)
def scorecard_adjust(request: HttpRequest, scorecard_id: int, payload: AdjustIn) -> Any:
    """Set a row's score by hand with a mandatory reason (B8)."""
    selectors.scorecard_get(viewer=viewer(request), scorecard_id=scorecard_id)
    services.scorecard_adjust(actor=viewer(request), scorecard_id=scorecard_id, **payload.dict())
    return _card(request, scorecard_id)


@router.post("/scorecards/{scorecard_id}/lock", response=ScorecardOut)
def scorecard_lock(request: HttpRequest, scorecard_id: int) -> Any:
    """Lock a scorecard: it never changes again, whatever the records do later (B8)."""
    selectors.scorecard_get(viewer=viewer(request), scorecard_id=scorecard_id)
    services.scorecard_lock(actor=viewer(request), scorecard_id=scorecard_id)
    return _card(request, scorecard_id)


@router.post("/scorecard-months/lock", response=LockMonthOut)
def scorecard_lock_month(request: HttpRequest, payload: LockMonthIn) -> Any:
    """Lock every open scorecard of a department-month (B8)."""
    first = clock.parse_month(payload.month)
    locked = services.scorecard_lock_month(
        actor=viewer(request), department_id=payload.department_id, month=first
    )
    return {"locked": locked}
