"""Fetch, then compute: the scorecards of a whole department-month from a handful of queries (B2, B5, B7).

The queries: the department's specialists, their plans, their scorecards, the manual scores and the
adjustments of those scorecards, one aggregate per registered source and one per deduction provider —
never one per specialist or per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kam.plans import rules, sources
from kam.plans.models import ManualScore, MonthlyPlan, Scorecard, ScorecardAdjustment, ScorecardStatus
from kam.plans.rules import COUNTED, RowResult, RowSpec
from kam.plans.sources import Deduction

PLAN_FIELD_BY_SOURCE = {"visits": "visits", "expansion": "expansions", "deals": "deals"}
"""Which planned count of the monthly plan a counted source is measured against (B1, B2)."""


@dataclass
class Card:
    """One specialist's scorecard for a month, computed or, once locked, as frozen."""

    scorecard: Scorecard
    rows: list[dict[str, object]]
    deductions: list[dict[str, object]]
    total: Decimal
    missing_sources: list[str] = field(default_factory=list)
    rank: int | None = None

    @property
    def user_id(self) -> int:
        return self.scorecard.specialist_id

    def row(self, code: str) -> dict[str, object] | None:
        return next((r for r in self.rows if r["code"] == code), None)


def deduction_dict(item: Deduction) -> dict[str, object]:
    return {
        "code": item.code,
        "label": item.label,
        "points": str(rules.q2(item.points)),
        "link": item.link,
        "occurred_on": item.occurred_on.isoformat(),
    }


def _adjusted(row: RowResult, adjustment: ScorecardAdjustment | None) -> dict[str, object]:
    data = row.as_dict()
    data["computed_score"] = data["score"]
    data["adjusted"] = adjustment is not None
    if adjustment is not None:
        data["score"] = str(rules.q2(adjustment.new))
        data["adjust_reason"] = adjustment.reason
    return data


def compute_cards(scorecards: Sequence[Scorecard], month: date) -> list[Card]:
    """Compute every open scorecard of a month together; locked ones keep their frozen rows (B8)."""
    open_cards = [s for s in scorecards if s.status == ScorecardStatus.OPEN]
    user_ids = [s.specialist_id for s in open_cards]
    start, end = month, rules.next_month(month)
    plans = {
        p.specialist_id: p
        for p in MonthlyPlan.objects.filter(specialist_id__in=user_ids, month=month).only(
            "specialist_id", "visits", "expansions", "deals"
        )
    }
    card_ids = [s.pk for s in open_cards]
    marks: dict[int, dict[str, Decimal]] = {}
    for mark in ManualScore.objects.filter(scorecard_id__in=card_ids).only("scorecard_id", "code", "score"):
        marks.setdefault(mark.scorecard_id, {})[mark.code] = mark.score
    adjustments: dict[int, dict[str, ScorecardAdjustment]] = {}
    for adj in ScorecardAdjustment.objects.filter(scorecard_id__in=card_ids).order_by("id"):
        adjustments.setdefault(adj.scorecard_id, {})[adj.code] = adj
    needed = sorted(
        {str(r.get("source")) for s in open_cards for r in s.template_rows if r.get("kind") == COUNTED}
    )
    counts = {code: sources.count(code, user_ids, start, end) for code in needed} if user_ids else {}
    found = sources.collect_deductions(user_ids, start, end)
    cards = []
    for card in scorecards:
        if card.status == ScorecardStatus.LOCKED:
            cards.append(
                Card(card, list(card.rows or []), list(card.deductions or []), card.total or Decimal("0.00"))
            )
            continue
        cards.append(_compute_one(card, plans.get(card.specialist_id), counts, marks, adjustments, found))
    return cards


def _compute_one(
    card: Scorecard,
    plan: MonthlyPlan | None,
    counts: dict[str, dict[int, int] | None],
    marks: dict[int, dict[str, Decimal]],
    adjustments: dict[int, dict[str, ScorecardAdjustment]],
    found: dict[int, list[Deduction]],
) -> Card:
    specs = [RowSpec.from_dict(r) for r in card.template_rows]
    plan_counts: dict[str, int | None] = {}
    actuals: dict[str, int | None] = {}
    missing = []
    for spec in specs:
        if spec.kind != COUNTED:
            continue
        plan_field = PLAN_FIELD_BY_SOURCE.get(spec.source)
        plan_counts[spec.code] = getattr(plan, plan_field) if plan is not None and plan_field else None
        counted = counts.get(spec.source)
        if counted is None:
            missing.append(spec.source)
        actuals[spec.code] = None if counted is None else counted.get(card.specialist_id, 0)
    results = rules.score_rows(specs, plans=plan_counts, actuals=actuals, marks=marks.get(card.pk, {}))
    own = adjustments.get(card.pk, {})
    rows = [_adjusted(r, own.get(r.code)) for r in results]
    deductions = [deduction_dict(d) for d in found.get(card.specialist_id, [])]
    total = rules.total_score(
        (Decimal(str(r["score"])) for r in rows), (Decimal(str(d["points"])) for d in deductions)
    )
    return Card(card, rows, deductions, total, missing)


def rank_cards(cards: list[Card]) -> list[Card]:
    """Rank the cards of one department-month by total (B8) and sort them by rank."""
    ranks = rules.rank({c.scorecard.pk: c.total for c in cards})
    for card in cards:
        card.rank = ranks[card.scorecard.pk]
    return sorted(cards, key=lambda c: (c.rank or 0, c.user_id))
