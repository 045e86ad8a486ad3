"""The key account database's API: accounts, contacts, channels, sites, assets, contracts, receivables,
payments, reconciliations, deals and imports, mounted under /api/v1/ by :mod:`kam.api`."""

from ninja import Router

from kam.accounts.api.accounts import router as accounts_router
from kam.accounts.api.finance import router as finance_router
from kam.accounts.api.related import router as related_router

router = Router()
router.add_router("", accounts_router)
router.add_router("", related_router)
router.add_router("", finance_router)
