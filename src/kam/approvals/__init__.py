"""Generic approval chains used by hospitality and tours (D1, D17); see :mod:`kam.approvals.services`."""
