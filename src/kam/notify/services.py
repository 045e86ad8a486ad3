"""Notify the people concerned (F3): in the app, by email and by an enterprise-messenger webhook."""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from kam.core import clock, jobs
from kam.core.errors import NOT_FOUND, NotFound
from kam.notify.models import Channel, Delivery, DeliveryStatus, Notification
from kam.org.models import User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM = timedelta(minutes=2)


@transaction.atomic
def notify(
    *, recipients: Iterable[User], kind: str, title: str, body: str = "", link: str = "", dedupe_key: str = ""
) -> list[Notification]:
    """Record a notification for each recipient, and the email and webhook deliveries it needs.

    With a ``dedupe_key`` a recipient gets the notification at most once, however often this runs.
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if dedupe_key:
        already = set(
            Notification.objects.filter(recipient_id__in=users, dedupe_key=dedupe_key).values_list(
                "recipient_id", flat=True
            )
        )
        users = {pk: u for pk, u in users.items() if pk not in already}
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=u, kind=kind, title=title[:200], body=body, link=link[:300], dedupe_key=dedupe_key
            )
            for u in users.values()
        ]
    )
    deliveries = [Delivery(notification=n, channel=Channel.EMAIL) for n in created if n.recipient.email]
    if settings.KAM_WEBHOOK_URL:
        deliveries += [Delivery(notification=n, channel=Channel.WEBHOOK) for n in created]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        jobs.enqueue("notify.deliver")
    return created


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    found = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    if found.read_at is None:
        found.read_at = clock.now()
        found.save(update_fields=["read_at"])
    return found


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=clock.now())


def _claim(limit: int) -> list[Delivery]:
    """Claim up to ``limit`` due deliveries; a conditional update makes each claim exclusive."""
    now = clock.now()
    due = Q(status=DeliveryStatus.PENDING) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
    candidates = list(Delivery.objects.filter(due).order_by("id").values_list("id", flat=True)[:limit])
    claimed = [
        pk for pk in candidates if Delivery.objects.filter(due, pk=pk).update(claimed_until=now + CLAIM) == 1
    ]
    return list(Delivery.objects.filter(pk__in=claimed).select_related("notification__recipient"))


def _send(delivery: Delivery) -> None:
    note = delivery.notification
    if delivery.channel == Channel.EMAIL:
        send_mail(note.title, f"{note.body}\n\n{note.link}".strip(), None, [note.recipient.email])
        return
    text = f"{note.title}\n{note.body}\n@{note.recipient.display_name}".strip()
    request = urllib.request.Request(  # noqa: S310 - the URL is the administrator's configured robot
        settings.KAM_WEBHOOK_URL,
        data=json.dumps({"msgtype": "text", "text": {"content": text}}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.KAM_WEBHOOK_TIMEOUT) as response:  # noqa: S310
        if response.status >= 300:
            raise OSError(f"webhook answered {response.status}")


def deliver_pending(*, limit: int = 200) -> int:
    """Send the pending deliveries; failures are retried up to MAX_ATTEMPTS. Return how many were sent."""
    sent = 0
    for delivery in _claim(limit):
        try:
            _send(delivery)
        except Exception as exc:
            attempts = delivery.attempts + 1
            Delivery.objects.filter(pk=delivery.pk).update(
                attempts=attempts,
                last_error=str(exc)[:1000],
                status=DeliveryStatus.FAILED if attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING,
                claimed_until=clock.now() + CLAIM * attempts,
            )
            log.warning("Delivery %s failed: %s", delivery.pk, exc)
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT,
            sent_at=clock.now(),
            attempts=delivery.attempts + 1,
            claimed_until=None,
        )
        sent += 1
    return sent
