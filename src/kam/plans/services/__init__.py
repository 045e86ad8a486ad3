"""The writes of the plans app: plans, targets and templates, scorecards (B1–B8)."""

from kam.plans.services.plans import plan_approve, plan_return, plan_submit
from kam.plans.services.scorecards import (
    scorecard_adjust,
    scorecard_compute,
    scorecard_lock,
    scorecard_lock_month,
    scorecard_manual_scores,
)
from kam.plans.services.targets import target_set, template_assign, template_create

__all__ = [
    "plan_approve",
    "plan_return",
    "plan_submit",
    "scorecard_adjust",
    "scorecard_compute",
    "scorecard_lock",
    "scorecard_lock_month",
    "scorecard_manual_scores",
    "target_set",
    "template_assign",
    "template_create",
]
