"""Writes of reception and send-off plans (D18, D19): the plan, its steps' who and when, done marks.

A plan is built from the rulebook's two flowcharts (:func:`kam.hospitality.planning.reception_steps`);
every step starts with the organiser as the person responsible, to be reassigned. The follow-up
phone call is due the day after departure and shows on the responsible person's home page then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.core import clock
from kam.core.errors import FORBIDDEN, Forbidden, NotFound, ValidationFailed
from kam.hospitality import planning
from kam.hospitality.models import ReceptionPlan, ReceptionTask
from kam.hospitality.services.common import account, department, save, text
from kam.org.models import User

NOT_ORGANISER = gettext_noop("Only the organiser can change this plan.")
UNKNOWN_TASK = gettext_noop("This plan has no such step.")
UNKNOWN_USER = gettext_noop("No active user with this id.")


@transaction.atomic
def reception_create(
    *,
    actor: User,
    account_id: int,
    visitors: str,
    arrival_at: datetime,
    arrival_place: str,
    departure_at: datetime,
    departure_place: str,
    notes: str = "",
) -> ReceptionPlan:
    """Plan a key account's visit from the reception and send-off flows (D18, D19)."""
    if not actor.is_active:
        raise Forbidden(FORBIDDEN)
    customer = account(actor, account_id)
    plan = ReceptionPlan(
        organiser=actor,
        department=department(actor),
        account=customer,
        visitors=text(visitors, "visitors", limit=2000),
        arrival_at=arrival_at,
        arrival_place=text(arrival_place, "arrival_place", limit=200),
        departure_at=departure_at,
        departure_place=text(departure_place, "departure_place", limit=200),
        notes=(notes or "").strip()[:2000],
    )
    steps = planning.reception_steps(
        arrival_at=arrival_at,
        departure_at=departure_at,
        tier=customer.tier_id or "",
        zone=clock.local_zone(),
    )
    save(plan, actor, "created")
    ReceptionTask.objects.bulk_create(
        [
            ReceptionTask(
                plan=plan, flow=s.flow, code=s.code, what=s.what, who=actor, due_at=s.due_at, order=i
            )
            for i, s in enumerate(steps, start=1)
        ]
    )
    return plan


@transaction.atomic
def task_update(*, actor: User, plan: ReceptionPlan, task_id: int, **fields: Any) -> ReceptionTask:
    """Change who does a step, when, what exactly, or mark it done; the organiser or the person on it may."""
    task = ReceptionTask.objects.select_for_update().filter(plan=plan, pk=task_id).first()
    if task is None:
        raise NotFound(UNKNOWN_TASK, field="task_id")
    if actor.pk not in (plan.organiser_id, task.who_id) and not actor.holds("admin"):
        raise Forbidden(NOT_ORGANISER)
    if "who_id" in fields and fields["who_id"] is not None:
        who = User.objects.filter(pk=fields["who_id"], is_active=True).first()
        if who is None:
            raise ValidationFailed(UNKNOWN_USER, field="who_id")
        task.who = who
    if fields.get("due_at") is not None:
        task.due_at = fields["due_at"]
    if fields.get("what") is not None:
        task.what = text(fields["what"], "what", limit=2000)
    if fields.get("done") is not None:
        task.done_at = clock.now() if fields["done"] else None
    task.save()
    # A fixed reason, so that the history reads in the reader's language (the step codes are internal).
    save(plan, actor, "step changed")
    return task
