"""Objects of the approval engine and tours for the authorization matrix (tests/security).

A tour of another region's department (ka3, by spec4) sent for approval, so that it waits at the
company office; a delegation between two people outside the matrix's users. Only the company office,
the general manager and administrators see them; only the office decides or arranges.
"""

from __future__ import annotations

from typing import Any

from kam.approvals import services as approvals
from kam.approvals.models import ApprovalChain
from kam.tours import services as tours
from tests.factories_approvals import areas, ensure_default_chains, future, make_tour

PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "approval_detail": ("approval_id",),
    "approval_decide": ("approval_id",),
    "delegation_cancel": ("delegation_id",),
    "area_edit": ("area_id",),
    "tour_detail": ("tour_id",),
    "tour_edit": ("tour_id",),
    "tour_submit": ("tour_id",),
    "tour_cancel": ("tour_id",),
    "tour_assign": ("tour_id",),
    "tour_brief": ("tour_id",),
    "tour_export": ("tour_id",),
}


def tours_params(*, org: dict[str, Any]) -> dict[str, Any]:
    """Create the objects and return their ids under the path parameters' names."""
    ensure_default_chains()
    site = areas()
    tour = make_tour(org["spec4"], [site["hall"].pk, site["workshop"].pk])
    tours.tour_submit(actor=org["spec4"], tour=tour)
    tour.refresh_from_db()
    delegation = approvals.delegation_create(
        actor=org["manager3"], delegate_id=org["spec4"].pk, starts_on=future(1), ends_on=future(3)
    )
    return {
        "approval_id": tour.approval_id,
        "tour_id": tour.pk,
        "area_id": site["hall"].pk,
        "chain_id": ApprovalChain.objects.get(code="tour").pk,
        "delegation_id": delegation.pk,
    }
