"""Writes of the banquet planner (D2): the banquet, its guest list and invitations, the seating plan.

The guest list is replaced as a whole, so its rules are checked together: exactly one host, at most
one hostess, an interpreter only with a principal guest to sit beside, spouses on the list, and no
more attending people than the tables seat. Taboos are copied from the contact record when the
guest is one of the account's contacts. Seating is computed by :func:`kam.hospitality.rules.assign_seats`
(D2-seat) from the guests who have not declined, and stored with the banquet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.accounts import selectors as accounts
from kam.core import clock
from kam.core.errors import FORBIDDEN, Forbidden, NotFound, ValidationFailed
from kam.hospitality import planning, rules
from kam.hospitality.models import (
    Banquet,
    BanquetForm,
    BanquetGuest,
    BanquetLevel,
    BanquetPurpose,
    Cuisine,
    GuestRole,
    Invitation,
    Meal,
    Side,
)
from kam.hospitality.services.common import account, department, save, text
from kam.org.models import User

NOT_ORGANISER = gettext_noop("Only the organiser can change this banquet.")
BAD_CHOICE = gettext_noop("Not one of the allowed values.")
TWO_HOSTS = gettext_noop("The guest list has more than one host.")
TWO_HOSTESSES = gettext_noop("The guest list has more than one hostess.")
BAD_SPOUSE = gettext_noop("“Spouse of” must give the position of another guest on the list.")
UNKNOWN_CONTACT = gettext_noop("No contact with this id that you may see.")
BAD_RANK = gettext_noop("Give the rank as a whole number from 1 (most senior) to 999.")
UNKNOWN_GUEST = gettext_noop("This banquet has no such guest.")

_CHOICES = {
    "level": BanquetLevel,
    "form": BanquetForm,
    "cuisine": Cuisine,
    "purpose": BanquetPurpose,
    "meal": Meal,
}
_TEXTS = {
    "principal_identity": 200,
    "principal_nationality": 100,
    "principal_customs": 2000,
    "principal_preferences": 2000,
    "menu_notes": 4000,
}


def _fill(banquet: Banquet, fields: Mapping[str, Any]) -> None:
    for name, choices in _CHOICES.items():
        if fields.get(name) is not None:
            if fields[name] not in choices.values:
                raise ValidationFailed(BAD_CHOICE, field=name)
            setattr(banquet, name, fields[name])
    for name, limit in _TEXTS.items():
        if fields.get(name) is not None:
            setattr(banquet, name, str(fields[name]).strip()[:limit])
    for name, limit in (("title", 200), ("venue", 200)):
        if fields.get(name) is not None:
            setattr(banquet, name, fields[name])
        setattr(banquet, name, text(getattr(banquet, name), name, limit=limit))
    if fields.get("starts_at") is not None:
        banquet.starts_at = clock.ensure_aware(fields["starts_at"])
    if "invitations_sent_on" in fields:
        banquet.invitations_sent_on = fields["invitations_sent_on"]
    if fields.get("taboo_dates") is not None:
        banquet.taboo_dates = [d.isoformat() for d in planning.parse_taboo_dates(fields["taboo_dates"])]
    if fields.get("table_size") is not None:
        if fields["table_size"] not in rules.TABLE_SIZES:
            raise ValidationFailed(rules.BAD_TABLE_SIZE, field="table_size")
        banquet.table_size = fields["table_size"]
    if "table_count" in fields:
        count = fields["table_count"]
        if count is not None and not 1 <= count <= 50:
            raise ValidationFailed(rules.BAD_TABLE_COUNT, field="table_count")
        banquet.table_count = count
    if "account_id" in fields:  # given as none: the banquet is no longer for a particular customer
        chosen = fields["account_id"]
        banquet.account = None if chosen is None else account(banquet.organiser, chosen)


@transaction.atomic
def banquet_create(*, actor: User, starts_at: datetime, **fields: Any) -> Banquet:
    """Record a banquet being prepared by the actor's department (D2)."""
    if not actor.is_active:
        raise Forbidden(FORBIDDEN)
    banquet = Banquet(organiser=actor, department=department(actor), starts_at=clock.ensure_aware(starts_at))
    _fill(banquet, fields)
    save(banquet, actor, "created")
    return banquet


def _own(actor: User, banquet: Banquet) -> Banquet:
    locked = Banquet.objects.select_for_update().get(pk=banquet.pk)
    if actor.pk != locked.organiser_id and not actor.holds("admin"):
        raise Forbidden(NOT_ORGANISER)
    return locked


@transaction.atomic
def banquet_update(*, actor: User, banquet: Banquet, **fields: Any) -> Banquet:
    banquet = _own(actor, banquet)
    _fill(banquet, fields)
    save(banquet, actor, "changed")
    return banquet


def _guest(actor: User, index: int, row: Mapping[str, Any]) -> BanquetGuest:
    field = f"guests[{index}]"
    side, role = row.get("side") or Side.GUEST, row.get("role") or GuestRole.GUEST
    invitation = row.get("invitation") or Invitation.NOT_SENT
    if side not in Side.values or role not in GuestRole.values or invitation not in Invitation.values:
        raise ValidationFailed(BAD_CHOICE, field=field)
    rank = row.get("rank", 100)
    if not isinstance(rank, int) or not 1 <= rank <= 999:
        raise ValidationFailed(BAD_RANK, field=f"{field}.rank")
    guest = BanquetGuest(
        name=text(row.get("name"), f"{field}.name", limit=100),
        title=str(row.get("title") or "").strip()[:100],
        side=Side.HOST if role in (GuestRole.HOST, GuestRole.HOSTESS) else side,
        role=role,
        rank=rank,
        is_interpreter=bool(row.get("is_interpreter")),
        female=bool(row.get("female")),
        taboos=str(row.get("taboos") or "").strip()[:1000],
        invitation=invitation,
        order=index + 1,
    )
    if row.get("contact_id") is not None:
        try:
            contact = accounts.contact_get(viewer=actor, contact_id=row["contact_id"])
        except NotFound:
            raise ValidationFailed(UNKNOWN_CONTACT, field=f"{field}.contact_id") from None
        guest.contact = contact
        guest.taboos = guest.taboos or contact.taboos.strip()
    return guest


def _diners(guests: Sequence[BanquetGuest], spouses: Mapping[int, int]) -> dict[str, Any]:
    """Turn guests (keyed by list position) into the seating rules' host, hostess and diners."""
    host = hostess = None
    others = []
    for position, guest in enumerate(guests):
        diner = rules.Diner(
            id=position,
            side=guest.side,
            rank=guest.rank,
            spouse_of=spouses.get(position),
            is_interpreter=guest.is_interpreter,
            female=guest.female,
        )
        if guest.role == GuestRole.HOST:
            if host is not None:
                raise ValidationFailed(TWO_HOSTS, field="guests")
            host = diner
        elif guest.role == GuestRole.HOSTESS:
            if hostess is not None:
                raise ValidationFailed(TWO_HOSTESSES, field="guests")
            hostess = diner
        else:
            others.append(diner)
    return {"host": host, "hostess": hostess, "guests": others}


def _attending(guests: Sequence[BanquetGuest]) -> list[int]:
    return [i for i, g in enumerate(guests) if g.invitation != Invitation.DECLINED]


@transaction.atomic
def banquet_set_guests(*, actor: User, banquet: Banquet, guests: Sequence[Mapping[str, Any]]) -> Banquet:
    """Replace the guest list (D2); ``spouse_of`` is the 1-based position of the spouse on the list."""
    banquet = _own(actor, banquet)
    rows = [_guest(actor, index, row) for index, row in enumerate(guests)]
    spouses: dict[int, int] = {}
    for index, row in enumerate(guests):
        if row.get("spouse_of") is not None:
            other = row["spouse_of"]
            if not isinstance(other, int) or not 1 <= other <= len(rows) or other == index + 1:
                raise ValidationFailed(BAD_SPOUSE, field=f"guests[{index}].spouse_of")
            spouses[index] = other - 1
    attending = _attending(rows)
    diners = _diners(
        [rows[i] for i in attending],
        {
            attending.index(k): attending.index(v)
            for k, v in spouses.items()
            if k in attending and v in attending
        },
    )
    # The seating rules check a host, interpreters and the room: refuse now rather than at seating time.
    rules.assign_seats(table_size=banquet.table_size, tables=banquet.table_count, **diners)
    banquet.guests.all().delete()
    created = BanquetGuest.objects.bulk_create([_with_banquet(g, banquet) for g in rows])
    for index, other in spouses.items():
        created[index].spouse_of = created[other]
    BanquetGuest.objects.bulk_update(created, ["spouse_of"])
    banquet.seating, banquet.seated_at = None, None
    save(banquet, actor, "guest list changed")
    return banquet


def _with_banquet(guest: BanquetGuest, banquet: Banquet) -> BanquetGuest:
    guest.banquet = banquet
    return guest


@transaction.atomic
def guest_invitation(*, actor: User, banquet: Banquet, guest_id: int, invitation: str) -> BanquetGuest:
    """Track one guest's invitation: sent, accepted or declined (D2)."""
    banquet = _own(actor, banquet)
    if invitation not in Invitation.values:
        raise ValidationFailed(BAD_CHOICE, field="invitation")
    guest = BanquetGuest.objects.filter(banquet=banquet, pk=guest_id).first()
    if guest is None:
        raise NotFound(UNKNOWN_GUEST, field="guest_id")
    guest.invitation = invitation
    guest.save(update_fields=["invitation"])
    if invitation == Invitation.SENT and banquet.invitations_sent_on is None:
        banquet.invitations_sent_on = clock.local_today()
    banquet.seating, banquet.seated_at = None, None
    save(banquet, actor, "invitation tracked")
    return guest


@transaction.atomic
def banquet_seat(
    *, actor: User, banquet: Banquet, table_size: int | None = None, tables: int | None = None
) -> dict[str, Any]:
    """Seat the attending guests by the etiquette rules (D2-seat) and keep the plan with the banquet."""
    banquet = _own(actor, banquet)
    _fill(banquet, {"table_size": table_size} | ({"table_count": tables} if tables is not None else {}))
    guests = [g for g in banquet.guests.all() if g.invitation != Invitation.DECLINED]
    ids = {g.pk for g in guests}
    host = hostess = None
    others = []
    for g in guests:
        diner = rules.Diner(
            id=g.pk,
            side=g.side,
            rank=g.rank,
            spouse_of=g.spouse_of_id if g.spouse_of_id in ids else None,
            is_interpreter=g.is_interpreter,
            female=g.female,
        )
        if g.role == GuestRole.HOST:
            host = diner
        elif g.role == GuestRole.HOSTESS:
            hostess = diner
        else:
            others.append(diner)
    plan = rules.assign_seats(
        table_size=banquet.table_size, host=host, hostess=hostess, guests=others, tables=banquet.table_count
    )
    banquet.seating, banquet.seated_at = plan, clock.now()
    save(banquet, actor, "seated")
    return plan
