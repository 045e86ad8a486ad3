"""Fixtures of the relationship tests: the seeded default template and accounts of spec1 (大客户一部)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kam.relations.models import AssessmentTemplate
from tests.factories_accounts import AccountFactory

# Scores for the default template's indicators in order (weights 20, 15, 15, 15, 10, 10, 10, 5):
# 18 + 12 + 10.5 + 9 + 8.5 + 7.5 + 9.5 + 2.5 = 77.5 → maintain.
MAINTAIN_SCORES = [90, 80, 70, 60, 85, 75, 95, 50]


@pytest.fixture
def template(db: Any) -> AssessmentTemplate:
    return AssessmentTemplate.objects.get(is_default=True)


@pytest.fixture
def account(org: dict[str, Any]) -> Any:
    return AccountFactory(owner=org["spec1"], name="杭州西湖铝业有限公司")


def scores(template: AssessmentTemplate, values: list[int] | int, **extra: Any) -> list[dict[str, Any]]:
    """Return one score entry per indicator of ``template`` (a single value scores them all the same)."""
    indicators = list(template.indicators.all())
    given = values if isinstance(values, list) else [values] * len(indicators)
    return [
        {"indicator_id": i.pk, "score": Decimal(v), "evidence": f"依据{n}", **extra}
        for n, (i, v) in enumerate(zip(indicators, given, strict=True))
    ]
