"""Writes of contacts, channels, project sites and their asset registers (A2c, A3, A4b)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from kam.accounts import permissions, rules
from kam.accounts.models import (
    Account,
    Asset,
    AssetCategory,
    AssetStatus,
    Channel,
    ChannelKind,
    ChannelStatus,
    Contact,
    Site,
    SiteStatus,
)
from kam.accounts.services import fields
from kam.accounts.services.common import UNSET, a_date, active_user, choice, department, save, territory, text
from kam.core import audit
from kam.core.errors import Conflict, ValidationFailed
from kam.org.models import User

ASSET_CODE_TAKEN = gettext_noop("Another asset already has the code {code}.")
CHANNEL_ACTIVATION = gettext_noop(
    "A channel is activated by the key account manager (chosen with the supervisor, A4b)."
)


def _apply(obj: Any, cleaned: dict[str, Any]) -> None:
    for key, value in cleaned.items():
        setattr(obj, key, value)


# Contacts -----------------------------------------------------------------------------------------


def _only_primary(contact: Contact, actor: User) -> None:
    """Keep one primary contact per account: the newest one marked wins."""
    if not contact.is_primary:
        return
    for other in Contact.objects.filter(account_id=contact.account_id, is_primary=True).exclude(
        pk=contact.pk
    ):
        other.is_primary = False
        save(other, actor=actor, reason="another contact became primary")


@transaction.atomic
def contact_create(*, actor: User, account: Account, name: str, **values: Any) -> Contact:
    """Add a person at an account; the mobile must be a mainland number (A2c)."""
    permissions.require(permissions.can_edit_account(actor, account))
    contact = Contact(account=account, **fields.clean({"name": name, **values}, fields.CONTACT_CLEANERS))
    save(contact, actor=actor, reason="created")
    _only_primary(contact, actor)
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, **values: Any) -> Contact:
    permissions.require(permissions.can_edit_account(actor, contact.account))
    _apply(contact, fields.clean(values, fields.CONTACT_CLEANERS))
    save(contact, actor=actor, reason="edited")
    _only_primary(contact, actor)
    return contact


@transaction.atomic
def contact_delete(*, actor: User, contact: Contact) -> None:
    permissions.require(permissions.can_edit_account(actor, contact.account))
    contact._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(contact)


# Channels (A4b) -----------------------------------------------------------------------------------

CHANNEL_CLEANERS = {
    "name": lambda v: text(v, field="name", limit=100, required=True),
    "kind": lambda v: choice(v, field="kind", choices=ChannelKind, blank=False),
    "status": lambda v: choice(v, field="status", choices=ChannelStatus, blank=False),
    "contact_person": lambda v: text(v, field="contact_person", limit=50),
    "phone": lambda v: text(v, field="phone", limit=30),
    "notes": lambda v: text(v, field="notes", limit=5000),
}


def _check_channel_status(actor: User, department_id: int | None, status: str | None) -> None:
    if (
        status
        and status != ChannelStatus.PROPOSED
        and not permissions.can_manage_in_department(actor, department_id)
    ):
        raise ValidationFailed(CHANNEL_ACTIVATION, field="status")


@transaction.atomic
def channel_create(
    *,
    actor: User,
    name: str,
    owner_id: Any = UNSET,
    department_id: int | None = None,
    territory_id: int | None = None,
    **values: Any,
) -> Channel:
    """Record a sales channel; a specialist proposes it, the KA manager activates it (A4b)."""
    if owner_id is UNSET:
        owner_id = actor.pk if actor.holds("specialist") else None
    owner = active_user(owner_id, field="owner_id")
    dep = department(department_id if department_id is not None else (owner or actor).department_id)
    permissions.require(
        permissions.can_place_account(actor, owner.pk if owner else None, dep.pk if dep else None)
    )
    cleaned = fields.clean({"name": name, **values}, CHANNEL_CLEANERS)
    _check_channel_status(actor, dep.pk if dep else None, cleaned.get("status"))
    channel = Channel(owner=owner, department=dep, territory=territory(territory_id), **cleaned)
    return save(channel, actor=actor, reason="created")


@transaction.atomic
def channel_update(*, actor: User, channel: Channel, **values: Any) -> Channel:
    permissions.require(permissions.can_edit_channel(actor, channel))
    if "territory_id" in values:
        channel.territory = territory(values.pop("territory_id"))
    if "owner_id" in values:
        owner = active_user(values.pop("owner_id"), field="owner_id")
        permissions.require(
            permissions.can_place_account(actor, owner.pk if owner else None, channel.department_id)
        )
        channel.owner = owner
    cleaned = fields.clean(values, CHANNEL_CLEANERS)
    if cleaned.get("status", channel.status) != channel.status:
        _check_channel_status(actor, channel.department_id, cleaned["status"])
    _apply(channel, cleaned)
    return save(channel, actor=actor, reason="edited")


@transaction.atomic
def channel_delete(*, actor: User, channel: Channel) -> None:
    permissions.require(permissions.can_edit_channel(actor, channel))
    channel._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(channel)


# Project sites and assets (A3) --------------------------------------------------------------------

SITE_CLEANERS = {
    "name": lambda v: text(v, field="name", limit=100, required=True),
    "address": lambda v: text(v, field="address", limit=200),
    "region_code": lambda v: rules.check_region_code(v),
    "status": lambda v: choice(v, field="status", choices=SiteStatus, blank=False),
    "opened_on": lambda v: a_date(v, field="opened_on"),
}

ASSET_CLEANERS = {
    "code": lambda v: text(v, field="code", limit=50, required=True),
    "name": lambda v: text(v, field="name", limit=100, required=True),
    "category": lambda v: choice(v, field="category", choices=AssetCategory, blank=False),
    "status": lambda v: choice(v, field="status", choices=AssetStatus, blank=False),
    "location": lambda v: text(v, field="location", limit=100),
    "acquired_on": lambda v: a_date(v, field="acquired_on", past_only=True),
}


@transaction.atomic
def site_create(
    *, actor: User, name: str, department_id: int, manager_id: int | None = None, **values: Any
) -> Site:
    """Open a project site in a department the actor manages (A3)."""
    dep = department(department_id)
    permissions.require(permissions.can_manage_in_department(actor, dep.pk if dep else None))
    site = Site(
        department=dep,
        manager=active_user(manager_id, field="manager_id"),
        **fields.clean({"name": name, **values}, SITE_CLEANERS),
    )
    return save(site, actor=actor, reason="created")


@transaction.atomic
def site_update(*, actor: User, site: Site, **values: Any) -> Site:
    permissions.require(permissions.can_manage_site(actor, site))
    if "manager_id" in values:
        site.manager = active_user(values.pop("manager_id"), field="manager_id")
    _apply(site, fields.clean(values, SITE_CLEANERS))
    return save(site, actor=actor, reason="edited")


@transaction.atomic
def site_delete(*, actor: User, site: Site) -> None:
    permissions.require(permissions.can_manage_site(actor, site))
    site._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(site)


def _save_asset(asset: Asset, *, actor: User, reason: str) -> Asset:
    clash = Asset.objects.filter(code=asset.code).exclude(pk=asset.pk).exists()
    if clash:
        raise Conflict(ASSET_CODE_TAKEN, field="code", params={"code": asset.code})
    try:
        with transaction.atomic():
            return save(asset, actor=actor, reason=reason)
    except IntegrityError:
        raise Conflict(ASSET_CODE_TAKEN, field="code", params={"code": asset.code}) from None


@transaction.atomic
def asset_create(
    *, actor: User, site: Site, code: str, name: str, custodian_id: int | None = None, **values: Any
) -> Asset:
    """Add an item to a site's asset register; asset codes are unique in the company (A3)."""
    permissions.require(permissions.can_manage_site(actor, site))
    asset = Asset(
        site=site,
        custodian=active_user(custodian_id, field="custodian_id"),
        **fields.clean({"code": code, "name": name, **values}, ASSET_CLEANERS),
    )
    return _save_asset(asset, actor=actor, reason="created")


@transaction.atomic
def asset_update(*, actor: User, asset: Asset, **values: Any) -> Asset:
    permissions.require(permissions.can_manage_site(actor, asset.site))
    if "custodian_id" in values:
        asset.custodian = active_user(values.pop("custodian_id"), field="custodian_id")
    _apply(asset, fields.clean(values, ASSET_CLEANERS))
    return _save_asset(asset, actor=actor, reason="edited")


@transaction.atomic
def asset_delete(*, actor: User, asset: Asset) -> None:
    permissions.require(permissions.can_manage_site(actor, asset.site))
    asset._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(asset)
