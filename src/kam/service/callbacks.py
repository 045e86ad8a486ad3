"""Callbacks that create themselves: after a purchase, and after a repair call is closed (D10c, D10d)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kam.service.models import ServiceRequest
from kam.service.policies import RequestKind

REPAIR_KINDS = frozenset({RequestKind.RESCUE.value})
"""The rescue (抢修) calls are the repair requests whose closing starts the 3/10/30-day callbacks."""


def open_purchase_callback(deal: Any) -> ServiceRequest | None:
    """Open the purchase callback of a deal, once, its clocks counted from the deal's date (D10c)."""
    from kam.service.services import service_request_create

    origin = f"deal:{deal.pk}"
    if ServiceRequest.all_objects.filter(origin=origin).exists():
        return None
    try:
        with transaction.atomic():
            return service_request_create(
                actor=None,
                kind=RequestKind.PURCHASE_CALLBACK.value,
                summary=f"购买回访：{deal.account.name}",
                account=deal.account,
                assignee=deal.specialist,
                occurred_at=deal.occurred_at,
                origin=origin,
            )
    except IntegrityError:  # another worker opened it first
        return None


def open_repair_callback(request: ServiceRequest) -> ServiceRequest | None:
    """Open the repair callback of a closed repair request, once, from the close (D10d)."""
    from kam.service.services import service_request_create

    origin = f"repair:{request.pk}"
    if request.kind not in REPAIR_KINDS or ServiceRequest.all_objects.filter(origin=origin).exists():
        return None
    closed = request.events.filter(type="closed").order_by("-occurred_at").first()
    with transaction.atomic():
        return service_request_create(
            actor=None,
            kind=RequestKind.REPAIR_CALLBACK.value,
            summary=f"维修回访：{request.summary}"[:500],
            account=request.account,
            contact=request.contact,
            caller_phone=request.caller_phone,
            department=request.department,
            assignee=request.assignee,
            occurred_at=closed.occurred_at if closed else None,
            origin=origin,
        )
