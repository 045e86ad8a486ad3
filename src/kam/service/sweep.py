"""The SLA sweep: breach overdue milestones and escalate, exactly once however many workers run (D10, F3).

The sweep is set-based. Each batch, in one transaction:

1. selects the due milestones (``status = pending AND due_at < now``, met exactly at the deadline is met)
   through the (status, due_at) index, locking them ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a second
   worker takes other rows instead of waiting and can never claim the same one;
2. marks them all breached with one conditional UPDATE (``… WHERE status = 'pending'``);
3. loads the people to tell in one query and writes their notifications and deliveries with two
   ``bulk_create`` calls, each with a dedupe key, in the same transaction as the claim.

So a breach is neither lost (a crash rolls back the claim with its notifications) nor notified twice, and the
cost grows with the milestones falling due, not with all the open ones. On SQLite the transaction takes the
database's write lock at its start (``transaction_mode = IMMEDIATE``), which serialises sweeps the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from kam.core import jobs
from kam.notify.models import Channel, Delivery, DeliveryStatus, Notification
from kam.org.models import Department, User
from kam.service.models import Milestone, RequestStatus, ServiceRequest
from kam.service.rules import MilestoneStatus

BATCH = 1000
BREACH_TITLE = "SLA breached: {code} of service request #{request}"
ESCALATION_TITLE = "SLA breach still open: {code} of service request #{request}"
PENDING, BREACHED = MilestoneStatus.PENDING.value, MilestoneStatus.BREACHED.value
LINK_MARK = 2147483647


def escalate_after() -> timedelta:
    """Return how long a breach may stay unmet before the department head hears of it (second level)."""
    return timedelta(minutes=int(getattr(settings, "KAM_SLA_ESCALATE_AFTER_MINUTES", 60)))


@dataclass(frozen=True)
class SweepResult:
    breached: int
    escalated: int


def sla_sweep(*, now: datetime, batch: int = BATCH) -> SweepResult:
    """Breach every pending milestone due by ``now`` and escalate old breaches; return how many (D10)."""
    breached = 0
    while True:
        claimed = _breach_batch(now, batch)
        breached += claimed
        if claimed < batch:
            break
    escalated = 0
    while True:
        claimed = _escalate_batch(now, batch)
        escalated += claimed
        if claimed < batch:
            break
    return SweepResult(breached, escalated)


def _lock(candidates: QuerySet[Milestone], order: Iterable[str], batch: int) -> list[int]:
    """Return up to ``batch`` ids of ``candidates``, locked for this transaction, skipping rows in use."""
    rows = candidates.select_for_update(skip_locked=True, of=("self",)).order_by(*order)
    return list(rows.values_list("pk", flat=True)[:batch])


@transaction.atomic
def _breach_batch(now: datetime, batch: int) -> int:
    due = Milestone.objects.filter(status=PENDING, due_at__lt=now)
    ids = _lock(due, ("due_at", "pk"), batch)
    if not ids:
        return 0
    # The rows are locked by this transaction, so the condition holds for every one of them; it is kept
    # so that the statement alone is still correct without row locks.
    claimed = Milestone.objects.filter(pk__in=ids, status=PENDING).update(
        status=BREACHED, escalation_level=1, breach_notified_at=now, breached_at=F("due_at")
    )
    _notify(ids, level=1)
    return claimed


@transaction.atomic
def _escalate_batch(now: datetime, batch: int) -> int:
    old = Milestone.objects.filter(
        escalation_level=1, status=BREACHED, breached_at__lte=now - escalate_after(), done_at__isnull=True
    )
    ids = _lock(old, ("breached_at", "pk"), batch)
    if not ids:
        return 0
    claimed = Milestone.objects.filter(pk__in=ids, escalation_level=1).update(escalation_level=2)
    _notify(ids, level=2)
    return claimed


def _notify(ids: list[int], *, level: int) -> None:
    """Write the notifications (and their email / webhook deliveries) of the claimed milestones (F3).

    The same rows ``kam.notify.services.notify`` writes, for a whole batch in two statements and no model
    instances: ``INSERT … SELECT`` joins each milestone to the people to tell in SQL, and the
    dedupe key ``sla:<milestone>:<level>`` with the unique constraint on (recipient, key) keeps each one
    single (``ON CONFLICT DO NOTHING``). Then one ``INSERT … SELECT`` writes the deliveries.
    """
    sql, params = _notification_insert(ids, level)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        created = [row[0] for row in cursor.fetchall()]
    if not created:
        return
    channels = [Channel.EMAIL.value] + ([Channel.WEBHOOK.value] if settings.KAM_WEBHOOK_URL else [])
    written = 0
    for channel in channels:
        sql, params = _delivery_insert(created, channel)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            written += cursor.rowcount
    if written:
        jobs.enqueue("notify.deliver")


def _notification_insert(ids: list[int], level: int) -> tuple[str, list[Any]]:
    """Return the ``INSERT … SELECT … RETURNING id`` of the notifications of the milestones ``ids``.

    Level 1 tells the assignee (or, without one, the milestone's named resolver) and their supervisor, or
    the request's department head when nobody is named; level 2 tells the head of the request's (or the
    milestone's) department, while the request is still open. Inactive people are skipped.
    """
    qn = connection.ops.quote_name
    milestone, request = qn(Milestone._meta.db_table), qn(ServiceRequest._meta.db_table)
    user, department = qn(User._meta.db_table), qn(Department._meta.db_table)
    notification = qn(Notification._meta.db_table)
    chosen = f"m.id IN ({', '.join(['%s'] * len(ids))})"
    joined = f"FROM {milestone} m JOIN {request} r ON r.id = m.request_id"
    picked = "SELECT m.id AS mid, m.code AS code, r.id AS rid, r.summary AS summary"
    person = "COALESCE(r.assignee_id, m.responsible_user_id)"
    if level == 1:
        people = (
            f"{picked}, {person} AS uid {joined} WHERE {chosen}"
            f" UNION {picked}, p.supervisor_id AS uid {joined} JOIN {user} p ON p.id = {person}"
            f" WHERE {chosen}"
            f" UNION {picked}, d.head_id AS uid {joined} JOIN {department} d ON d.id = r.department_id"
            f" WHERE {chosen} AND {person} IS NULL"
        )
        params: list[Any] = [*ids, *ids, *ids]
    else:
        responsible = "COALESCE(r.department_id, m.responsible_department_id)"
        people = (
            f"{picked}, d.head_id AS uid {joined} JOIN {department} d ON d.id = {responsible}"
            f" WHERE {chosen} AND r.status = %s"
        )
        params = [*ids, RequestStatus.OPEN.value]
    title = BREACH_TITLE if level == 1 else ESCALATION_TITLE
    before_code, _, rest = title.partition("{code}")
    before_request, _, after_request = rest.partition("{request}")
    link_before, _, link_after = reverse("service_request", args=[LINK_MARK]).partition(str(LINK_MARK))
    rid = "CAST(t.rid AS VARCHAR(20))"
    # Only quoted table names and placeholders are formatted into the statement; every value is a parameter.
    sql = (
        f"INSERT INTO {notification} "  # noqa: S608
        "(recipient_id, kind, title, body, link, dedupe_key, created_at, read_at) "
        f"SELECT t.uid, %s, SUBSTR(%s || t.code || %s || {rid} || %s, 1, 200), t.summary, "
        f"SUBSTR(%s || {rid} || %s, 1, 300), "
        f"%s || CAST(t.mid AS VARCHAR(20)) || %s, %s, NULL "
        f"FROM ({people}) t JOIN {user} u ON u.id = t.uid WHERE u.is_active = %s "
        "ON CONFLICT (recipient_id, dedupe_key) WHERE NOT (dedupe_key = '') DO NOTHING RETURNING id"
    )
    head = [
        "sla_breach" if level == 1 else "sla_escalation",
        before_code,
        before_request,
        after_request,
        link_before,
        link_after,
        "sla:",
        f":{level}",
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    return sql, [*head, *params, True]


def _delivery_insert(notification_ids: list[int], channel: str) -> tuple[str, list[Any]]:
    """Return the ``INSERT … SELECT`` of one channel's deliveries for new notifications (email needs one)."""
    qn = connection.ops.quote_name
    delivery, notification = qn(Delivery._meta.db_table), qn(Notification._meta.db_table)
    user = qn(User._meta.db_table)
    marks = ", ".join(["%s"] * len(notification_ids))
    needs_email = " AND u.email <> ''" if channel == Channel.EMAIL else ""
    sql = (  # table names and placeholders only, as above
        f"INSERT INTO {delivery} (notification_id, channel, status, attempts, last_error) "  # noqa: S608
        f"SELECT n.id, %s, %s, 0, '' FROM {notification} n JOIN {user} u ON u.id = n.recipient_id "
        f"WHERE n.id IN ({marks}){needs_email}"
    )
    return sql, [channel, DeliveryStatus.PENDING.value, *notification_ids]
