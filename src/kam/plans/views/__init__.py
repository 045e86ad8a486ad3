"""Pages of monthly plans and scorecards (B1–B8)."""

from kam.plans.views.plans import board, my_plan, plan_decide
from kam.plans.views.scorecards import (
    month_export,
    month_lock,
    month_print,
    scorecard_adjust,
    scorecard_detail,
    scorecard_export,
    scorecard_lock,
    scorecard_manual,
    scorecards,
)
from kam.plans.views.targets import targets, template_assign, template_edit, templates

__all__ = [
    "board",
    "month_export",
    "month_lock",
    "month_print",
    "my_plan",
    "plan_decide",
    "scorecard_adjust",
    "scorecard_detail",
    "scorecard_export",
    "scorecard_lock",
    "scorecard_manual",
    "scorecards",
    "targets",
    "template_assign",
    "template_edit",
    "templates",
]
