"""The call quality checklist and its scoring: the rulebook's conduct rules for every call (D10f, D23).

The rulebook's 客户服务质量标准 end each standard with the same conduct rules (不可顶撞客户、不可随意许诺、
不可无理辩解、不可摔电话、不可态度粗暴; 语速合适、语调平和), the callbacks add "to the point within 5 s"
(purchase) or "10 s" (repair) and "no pestering, no private topics" (repair), and the telephone etiquette
adds the standard greeting and "let the customer hang up first". A supervisor scores each criterion that
applies to the call's kind 0 (not met), 1 (partly) or 2 (fully); the review's total is the share of the
possible points, 0–100. Pure values only: no Django, no database.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kam.core.errors import ValidationFailed
from kam.service.policies import RequestKind

MAX_POINTS = 2
SCORES_NOT_OBJECT = gettext_noop("The scores must be an object of criterion codes and points.")
UNKNOWN_CRITERION = gettext_noop("No such criterion for this kind of call.")
CRITERION_MISSING = gettext_noop("Every criterion of the checklist must be scored.")
BAD_POINTS = gettext_noop("Points must be a whole number: 0 (not met), 1 (partly) or 2 (fully).")

CALLS = frozenset({RequestKind.INQUIRY, RequestKind.COMPLAINT, RequestKind.RESCUE})
CALLBACKS = frozenset({RequestKind.PURCHASE_CALLBACK, RequestKind.REPAIR_CALLBACK})
EVERY = CALLS | CALLBACKS
PURCHASE, REPAIR = RequestKind.PURCHASE_CALLBACK, RequestKind.REPAIR_CALLBACK


@dataclass(frozen=True)
class Criterion:
    code: str
    label: Promise | str
    kinds: frozenset[RequestKind]


CHECKLIST: tuple[Criterion, ...] = (
    Criterion("greeting", _("Standard greeting (您好，公司大客户服务部)"), EVERY),
    Criterion("to_the_point_5s", _("Came to the point within 5 seconds"), frozenset({PURCHASE})),
    Criterion("to_the_point_10s", _("Came to the point within 10 seconds"), frozenset({REPAIR})),
    Criterion("no_arguing", _("Did not argue with or contradict the customer"), EVERY),
    Criterion("no_promises", _("Made no unauthorised promises"), EVERY),
    Criterion("no_excuses", _("Made no unreasonable excuses"), EVERY),
    Criterion("courteous", _("Courteous throughout, never rude, did not slam the phone"), EVERY),
    Criterion("calm_tone", _("Moderate pace and calm tone"), EVERY),
    Criterion(
        "no_private_topics",
        _("No pestering, no unrelated or private topics"),
        frozenset({REPAIR}),
    ),
    Criterion("customer_hangs_up_first", _("Let the customer hang up first"), EVERY),
)  # fmt: skip


def checklist_for(kind: RequestKind) -> list[Criterion]:
    """Return the criteria that apply to a call of ``kind``, in checklist order."""
    return [c for c in CHECKLIST if kind in c.kinds]


def score(kind: RequestKind, scores: object) -> tuple[dict[str, int], int]:
    """Check a reviewer's points against the kind's checklist; return them and the total, 0–100 (D10f).

    Every criterion that applies must be scored and no other; a refusal names ``scores.<code>``.
    """
    if not isinstance(scores, Mapping):
        raise ValidationFailed(SCORES_NOT_OBJECT, field="scores")
    codes = [c.code for c in checklist_for(kind)]
    for code in scores:
        if code not in codes:
            raise ValidationFailed(UNKNOWN_CRITERION, field=f"scores.{code}")
    points: dict[str, int] = {}
    for code in codes:
        if code not in scores:
            raise ValidationFailed(CRITERION_MISSING, field=f"scores.{code}")
        value = scores[code]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POINTS:
            raise ValidationFailed(BAD_POINTS, field=f"scores.{code}")
        points[code] = value
    return points, total(points)


def total(points: Mapping[str, int]) -> int:
    """Return the share of the possible points, rounded half up to a whole percent."""
    if not points:
        return 0
    possible = MAX_POINTS * len(points)
    return (200 * sum(points.values()) + possible) // (2 * possible)


def sample(candidates: Sequence[int], size: int, *, seed: str) -> list[int]:
    """Pick ``size`` of the candidate calls at random, the same pick for the same seed (month + reviewer)."""
    if size <= 0 or not candidates:
        return []
    chosen = random.Random(seed).sample(sorted(candidates), min(size, len(candidates)))
    return sorted(chosen)
