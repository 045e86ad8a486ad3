"""Request and response shapes of the plans API; the services do the validating."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kam.plans.scoring import Card


class PlanIn(Schema):
    month: str = Field(max_length=20)
    visits: int = Field(strict=True)
    expansions: int = Field(strict=True)
    deals: int = Field(strict=True)
    specialist_id: int | None = None


class DecisionIn(Schema):
    comment: str = Field(default="", max_length=2000)


class PlanOut(Schema):
    id: int
    specialist_id: int
    department_id: int | None
    month: str
    visits: int
    expansions: int
    deals: int
    deadline: datetime
    submitted_at: datetime | None
    late: bool
    status: str
    comment: str

    @staticmethod
    def resolve_month(obj: Any) -> str:
        return f"{obj.month:%Y-%m}"


class TargetIn(Schema):
    department_id: int
    year: int
    visits: int = Field(strict=True)
    expansions: int = Field(strict=True)
    deals: int = Field(strict=True)
    split: dict[str, Any] = Field(default_factory=dict)


class TargetOut(Schema):
    id: int
    department_id: int
    year: int
    visits: int
    expansions: int
    deals: int
    split: dict[str, Any]


class TemplateRowIn(Schema):
    code: str = Field(min_length=1, max_length=50, pattern=r"^[a-z][a-z0-9_]*$")
    label_zh: str = Field(default="", max_length=100)
    label_en: str = Field(default="", max_length=100)
    weight: Decimal = Field(max_digits=5, decimal_places=2)
    kind: str = Field(pattern="^(counted|manual)$")
    source: str = Field(default="", max_length=50)
    cap: Decimal = Field(default=Decimal(100), max_digits=6, decimal_places=2)
    standard_zh: str = Field(default="", max_length=200)


class TemplateIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    rows: list[TemplateRowIn] = Field(max_length=50)
    is_default: bool = False


class TemplateOut(Schema):
    id: int
    name: str
    version: int
    is_default: bool
    rows: list[dict[str, Any]]


class ManualScoresIn(Schema):
    scores: dict[str, Decimal] = Field(max_length=50)


class AdjustIn(Schema):
    code: str = Field(max_length=50)
    score: Decimal
    reason: str = Field(max_length=2000)


class LockMonthIn(Schema):
    department_id: int
    month: str = Field(max_length=20)


class LockMonthOut(Schema):
    locked: int


class RowOut(Schema):
    code: str
    label_zh: str
    label_en: str
    kind: str
    plan: int | None
    actual: Decimal | None
    rate: Decimal | None
    capped_rate: Decimal | None
    weight: Decimal
    score: Decimal
    available: bool = True
    adjusted: bool = False


class DeductionOut(Schema):
    code: str
    label: str
    points: Decimal
    link: str
    occurred_on: str


class ScorecardOut(Schema):
    id: int
    user_id: int
    user_name: str
    department_id: int | None
    month: str
    template: str
    template_version: int
    rows: list[RowOut]
    deductions: list[DeductionOut]
    total: Decimal
    status: str
    rank: int | None
    missing_sources: list[str]


def card_out(card: Card) -> dict[str, Any]:
    """Shape a computed scorecard for the API (B2)."""
    sc = card.scorecard
    return {
        "id": sc.pk,
        "user_id": sc.specialist_id,
        "user_name": sc.specialist.display_name,
        "department_id": sc.department_id,
        "month": f"{sc.month:%Y-%m}",
        "template": sc.template_name,
        "template_version": sc.template_version,
        "rows": card.rows,
        "deductions": card.deductions,
        "total": card.total,
        "status": sc.status,
        "rank": card.rank,
        "missing_sources": card.missing_sources,
    }
