"""Writes of contact plans and appointments, with double-booking warnings and reminders (D13, D14)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.accounts import selectors as account_selectors
from kam.core import audit, clock
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.notify.services import notify
from kam.org.models import User
from kam.visits import rules
from kam.visits.models import Appointment, ContactPlan
from kam.visits.services.fieldwork import CONTACT_OTHER_ACCOUNT, ENDS_BEFORE_START

REMIND_BEFORE = timedelta(minutes=60)


def _account_and_contact(actor: User, account_id: int, contact_id: int | None) -> Any:
    account = account_selectors.account_get(viewer=actor, account_id=account_id)
    if contact_id is not None:
        contact = account_selectors.contact_get(viewer=actor, contact_id=contact_id)
        if contact.account_id != account.pk:
            raise ValidationFailed(CONTACT_OTHER_ACCOUNT, field="contact_id")
    return account


@transaction.atomic
def contact_plan_create(
    *,
    actor: User,
    account_id: int,
    planned_for: datetime,
    purpose: str,
    contact_id: int | None = None,
    address: str = "",
    contact_details: str = "",
    place: str = "",
) -> ContactPlan:
    """Plan a contact with a key account the actor may see (D13); the address defaults to the account's."""
    account = _account_and_contact(actor, account_id, contact_id)
    plan = ContactPlan(
        user=actor,
        department_id=actor.department_id,
        account=account,
        contact_id=contact_id,
        planned_for=planned_for,
        purpose=purpose,
        address=address or getattr(account, "address", "") or "",
        contact_details=contact_details,
        place=place,
    )
    audit.record_actor(plan, actor)
    plan.save()
    return plan


def double_bookings(
    *, user_id: int, starts_at: datetime, ends_at: datetime, exclude: int | None = None
) -> list[int]:
    """Return the person's other live appointments that overlap the slot (D14)."""
    rows = Appointment.objects.filter(
        user_id=user_id, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rules.overlaps(starts_at, ends_at, rows.values_list("pk", "starts_at", "ends_at"))


@transaction.atomic
def appointment_create(
    *,
    actor: User,
    account_id: int,
    starts_at: datetime,
    ends_at: datetime | None = None,
    contact_id: int | None = None,
    contact_plan_id: int | None = None,
    purpose: str = "",
    place: str = "",
    concerned_department_id: int | None = None,
    notes: str = "",
) -> tuple[Appointment, list[int]]:
    """Book a contact (D14); return it with the ids of the bookings it collides with (a warning only)."""
    from kam.visits import selectors

    account = _account_and_contact(actor, account_id, contact_id)
    ends_at = ends_at or starts_at + timedelta(hours=1)
    if ends_at <= starts_at:
        raise ValidationFailed(ENDS_BEFORE_START, field="ends_at")
    if contact_plan_id is not None:
        selectors.contact_plan_get(viewer=actor, plan_id=contact_plan_id)
    clashes = double_bookings(user_id=actor.pk, starts_at=starts_at, ends_at=ends_at)
    appointment = Appointment(
        user=actor,
        department_id=actor.department_id,
        account=account,
        contact_id=contact_id,
        contact_plan_id=contact_plan_id,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        place=place,
        concerned_department_id=concerned_department_id,
        notes=notes,
    )
    audit.record_actor(appointment, actor)
    appointment.save()
    return appointment, clashes


@transaction.atomic
def appointment_cancel(*, actor: User, appointment: Appointment) -> Appointment:
    """Cancel a booking; only the responsible person does (D14)."""
    if appointment.user_id != actor.pk:
        raise Forbidden(FORBIDDEN)
    appointment.cancelled_at = clock.now()
    audit.record_actor(appointment, actor)
    appointment.save_with_reason("cancelled")
    return appointment


def appointment_reminders(*, now: datetime | None = None, ahead: timedelta = REMIND_BEFORE) -> int:
    """Remind each responsible person of the appointments starting within ``ahead`` (D14), once each."""
    moment = now or clock.now()
    due = Appointment.objects.filter(
        cancelled_at__isnull=True, starts_at__gt=moment, starts_at__lte=moment + ahead
    ).select_related("user", "account")
    sent = 0
    for appointment in due:
        local = clock.localtime(appointment.starts_at)
        sent += len(
            notify(
                recipients=[appointment.user],  # type: ignore[list-item]
                kind="visits.appointment_reminder",
                title=f"{local:%H:%M} {appointment.account}",
                body=appointment.purpose,
                link="/visits/",
                dedupe_key=f"visits.appointment.{appointment.pk}.{appointment.starts_at.isoformat()}",
            )
        )
    return sent


CANCELLED = gettext_noop("A cancelled appointment cannot be changed.")
APPOINTMENT_FIELDS = frozenset(
    {"account_id", "contact_id", "contact_plan_id", "starts_at", "ends_at", "purpose", "place"}
    | {"concerned_department_id", "notes"}
)
PLAN_FIELDS = frozenset(
    {"account_id", "contact_id", "planned_for", "purpose", "address", "contact_details", "place"}
)


@transaction.atomic
def appointment_update(
    *, actor: User, appointment: Appointment, **changes: Any
) -> tuple[Appointment, list[int]]:
    """Change a booking, kept in its history; return it with the bookings it now collides with (D14).

    Only the responsible person changes it, and not once it is cancelled.
    """
    from kam.visits import selectors

    if appointment.user_id != actor.pk:
        raise Forbidden(FORBIDDEN)
    if appointment.cancelled_at is not None:
        raise Conflict(CANCELLED, field="cancelled_at")
    unknown = set(changes) - APPOINTMENT_FIELDS
    if unknown:
        raise ValidationFailed(UNKNOWN_FIELD, field=sorted(unknown)[0])
    account_id = changes.get("account_id", appointment.account_id)
    contact_id = changes.get("contact_id", appointment.contact_id)
    if "account_id" in changes or "contact_id" in changes:
        _account_and_contact(actor, account_id, contact_id)
    starts_at = changes.get("starts_at") or appointment.starts_at
    ends_at = changes.get("ends_at") or appointment.ends_at
    if "starts_at" in changes and "ends_at" not in changes:
        ends_at = starts_at + (appointment.ends_at - appointment.starts_at)
    if ends_at <= starts_at:
        raise ValidationFailed(ENDS_BEFORE_START, field="ends_at")
    if changes.get("contact_plan_id") is not None:
        selectors.contact_plan_get(viewer=actor, plan_id=changes["contact_plan_id"])
    for name, value in changes.items():
        if name not in ("starts_at", "ends_at"):
            setattr(appointment, name, value if value is not None or name.endswith("_id") else "")
    appointment.starts_at, appointment.ends_at = starts_at, ends_at
    clashes = double_bookings(user_id=actor.pk, starts_at=starts_at, ends_at=ends_at, exclude=appointment.pk)
    audit.record_actor(appointment, actor)
    appointment.save_with_reason("edited")
    return appointment, clashes


@transaction.atomic
def contact_plan_update(*, actor: User, plan: ContactPlan, **changes: Any) -> ContactPlan:
    """Change a contact plan, kept in its history; only the person who plans the contact does (D13)."""
    if plan.user_id != actor.pk:
        raise Forbidden(FORBIDDEN)
    unknown = set(changes) - PLAN_FIELDS
    if unknown:
        raise ValidationFailed(UNKNOWN_FIELD, field=sorted(unknown)[0])
    if "purpose" in changes and not (changes["purpose"] or "").strip():
        raise ValidationFailed(PURPOSE_REQUIRED, field="purpose")
    if "planned_for" in changes and changes["planned_for"] is None:
        raise ValidationFailed(WHEN_REQUIRED, field="planned_for")
    if "account_id" in changes or "contact_id" in changes:
        _account_and_contact(
            actor, changes.get("account_id", plan.account_id), changes.get("contact_id", plan.contact_id)
        )
    for name, value in changes.items():
        setattr(plan, name, value if value is not None or name.endswith("_id") else "")
    audit.record_actor(plan, actor)
    plan.save_with_reason("edited")
    return plan


UNKNOWN_FIELD = gettext_noop("This field cannot be changed here.")
PURPOSE_REQUIRED = gettext_noop("Say what the contact is for.")
WHEN_REQUIRED = gettext_noop("Say when the contact is planned.")
