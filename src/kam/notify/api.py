"""API of the signed-in user's notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from kam.notify import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class UnreadOut(Schema):
    unread: int


@router.get("/", response=list[NotificationOut])
@paginate(LimitOffsetPagination)
def notification_list(request: HttpRequest, unread: bool | None = None) -> Any:
    return selectors.notification_list(user=request.user, unread=unread)  # type: ignore[arg-type]


@router.get("/unread-count", response=UnreadOut)
def unread_count(request: HttpRequest) -> Any:
    return {"unread": selectors.unread_count(user=request.user)}  # type: ignore[arg-type]


@router.post("/{notification_id}/read", response=NotificationOut)
def mark_read(request: HttpRequest, notification_id: int) -> Any:
    return services.notification_mark_read(user=request.user, notification_id=notification_id)  # type: ignore[arg-type]


@router.post("/read-all", response=UnreadOut)
def mark_all_read(request: HttpRequest) -> Any:
    services.notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
    return {"unread": 0}
