"""Objects of the service desk for the authorization matrix (tests/security).

One complaint of spec1's department (ka1, where the matrix's users sit), with no assignee: every post
that reaches ka1 sees it (the desk, supervisors, ka1's manager and department staff), not a specialist,
finance or the company office.
"""

from __future__ import annotations

from typing import Any

from kam.service import services
from kam.service.models import SlaPolicy

PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "service_request": ("service_request_id",),
    "service_event": ("service_request_id",),
    "service_repeat": ("service_request_id",),
    "service_call_review": ("service_request_id",),
}


def service_params(*, org: dict[str, Any]) -> dict[str, Any]:
    """Create the objects and return their ids under the path parameters' names."""
    request = services.service_request_create(
        actor=org["admin"],
        kind="complaint",
        summary="投诉：维修迟到",
        caller_phone="13800138000",
        department=org["ka1"],
    )
    policy = SlaPolicy.objects.get(kind="complaint", active=True)
    return {"service_request_id": request.pk, "sla_policy_id": policy.pk}
