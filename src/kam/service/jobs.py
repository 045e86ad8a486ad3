"""Background work of the service desk: the SLA sweep every minute, and events pushed late (D10, F3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kam.core import clock
from kam.core.jobs import job, periodic


@periodic("service.sla_sweep", every=timedelta(minutes=1))
def sla_sweep_job(**kwargs: Any) -> dict[str, int]:
    from kam.service.sweep import sla_sweep

    now = clock.parse_moment(kwargs["now"]) if kwargs.get("now") else clock.now()
    result = sla_sweep(now=now)
    return {"breached": result.breached, "escalated": result.escalated}


@job("service.event")
def service_event_job(*, request_id: int, values: dict[str, Any]) -> int:
    """Record an event a call-centre system pushed (queued by an integration), as the system itself.

    The request row is locked while the milestones are recomputed, so events and sweeps may run on any
    number of workers at once.
    """
    from kam.service.models import ServiceRequest
    from kam.service.services import service_event_record

    request = ServiceRequest.objects.get(pk=request_id)
    return service_event_record(actor=None, request=request, values=values).pk
