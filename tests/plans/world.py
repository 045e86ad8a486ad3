"""Objects of plans and scorecards for the authorization matrix (tests/security).

spec1 (大客户一部, where the matrix's users sit) has a submitted plan and an open scorecard for
2026-02: those who see the department's records see them; only the KA manager (or an administrator)
decides and scores.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kam.plans.models import MonthlyPlan, PlanStatus
from kam.plans.services import scorecard_compute

PLAN_VIEWERS = frozenset(
    {
        "ka_manager",
        "cs_manager",
        "regional_manager",
        "service_director",
        "inspector",
        "general_manager",
        "admin",
    }
)
PLAN_DECIDERS = frozenset({"ka_manager", "admin"})
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "plans:decide": ("plan_id",),
    "plans:scorecard": ("scorecard_id",),
    "plans:scorecard_export": ("scorecard_id",),
    "plans:manual": ("scorecard_id",),
    "plans:adjust": ("scorecard_id",),
    "plans:lock": ("scorecard_id",),
}


def plans_params(*, org: dict[str, Any]) -> dict[str, Any]:
    spec1 = org["spec1"]
    sh = ZoneInfo("Asia/Shanghai")
    plan = MonthlyPlan.objects.create(
        specialist=spec1,
        department=spec1.department,
        month=date(2026, 2, 1),
        visits=20,
        expansions=2,
        deals=1,
        submitted_at=datetime(2026, 1, 20, 10, 0, tzinfo=sh),
        deadline=datetime(2026, 1, 30, 23, 59, 59, tzinfo=sh),
        status=PlanStatus.SUBMITTED,
    )
    cards = scorecard_compute(department_id=spec1.department_id, month=date(2026, 2, 1))
    card = next(c for c in cards if c.user_id == spec1.pk)
    return {"plan_id": plan.pk, "scorecard_id": card.scorecard.pk}
