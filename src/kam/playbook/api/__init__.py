"""The playbook's API, mounted under /api/v1/playbook/ (see ``kam.api``)."""

from ninja import Router

from kam.playbook.api import content, library

router = Router()
router.add_router("/", content.router)
router.add_router("/", library.router)
router.add_router("/", library.training_router)

__all__ = ["router"]
