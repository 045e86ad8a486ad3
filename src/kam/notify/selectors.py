"""Reads of a user's notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from kam.notify.models import Notification
from kam.org.models import User


def notification_list(*, user: User, unread: bool | None = None) -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient=user)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
