"""Helpers to open service requests and record their events in tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kam.org.models import User
from kam.service import services
from kam.service.models import ServiceRequest
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


def agent(**kwargs: Any) -> User:
    return UserFactory(posts=["call_centre"], **kwargs)


def open_request(actor: User, kind: str = "complaint", **kwargs: Any) -> ServiceRequest:
    values: dict[str, Any] = {"summary": "空调不制冷", "caller_phone": "13800138000", "occurred_at": T0}
    values.update(kwargs)
    return services.service_request_create(actor=actor, kind=kind, **values)


def record(actor: User, request: ServiceRequest, type: str, at: datetime, **values: Any) -> None:
    services.service_event_record(
        actor=actor, request=request, values={"type": type, "occurred_at": at.isoformat(), **values}
    )


def milestones(request: ServiceRequest) -> dict[str, Any]:
    return {m.code: m for m in request.milestones.all()}
