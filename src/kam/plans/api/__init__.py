"""API of monthly plans, targets, templates and scorecards (A2b, B1–B8)."""

from ninja import Router

from kam.plans.api import plans, scorecards

router = Router()
router.add_router("/", plans.router)
router.add_router("/", scorecards.router)
