"""Writes of key accounts: create, edit, status moves, assignment, claiming from the pool, deletion.

A2k (an accurate key-account database: no duplicate credit codes, near-duplicate names flagged),
A4a (specialists develop accounts; ``developed_at`` feeds the scorecard), A1 (ownership and pools),
F1 (history of every change, owner changes in :class:`AccountOwnership`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from kam.accounts import permissions, rules, selectors
from kam.accounts.models import Account, AccountOwnership, AccountStatus, Channel, OwnershipChange
from kam.accounts.services import fields as account_fields
from kam.accounts.services.common import (
    UNSET,
    a_date,
    active_user,
    choice,
    department,
    reason_text,
    save,
    text,
)
from kam.core import audit, clock
from kam.core.errors import NOT_FOUND, Conflict, Forbidden, NotFound, ValidationFailed
from kam.org.models import User

DUPLICATE_CREDIT_CODE = gettext_noop(
    "An account with this unified social credit code already exists: {name} (#{id})."
)
NEAR_DUPLICATE = gettext_noop("An account with a similar name already exists: {name} (#{id}).")
OWNER_NOT_SPECIALIST = gettext_noop("The owner must be a customer specialist or a key account manager.")
OWNER_OTHER_DEPARTMENT = gettext_noop("The owner belongs to another department.")
DEPARTMENT_REQUIRED = gettext_noop(
    "An account without an owner needs a department: it goes to that department's pool."
)
ALREADY_CLAIMED = gettext_noop("Someone else has already claimed this account.")
CLAIM_SPECIALISTS_ONLY = gettext_noop("Only customer specialists claim accounts from the pool.")
OUTSTANDING_RECEIVABLES = gettext_noop(
    "The account still has outstanding receivables; collect or write them off first."
)
OWNER_VIA_ASSIGN = gettext_noop("Change the owner or department with the assign action.")
CHANNEL_NOT_FOUND = gettext_noop("Channel {id} does not exist.")
OWNER_POSTS = ("specialist", "ka_manager")


@dataclass(frozen=True)
class NameWarning:
    """An existing account whose name is nearly the same (A2k); shown with a link, not refused."""

    id: int
    name: str
    message: str


@dataclass
class AccountSaved:
    account: Account
    warnings: list[NameWarning] = field(default_factory=list)


def derive_keys(account: Account) -> None:
    """Set the name key and pinyin search keys from the names (A2k)."""
    account.name_key = rules.name_key(account.name)
    account.search_pinyin, account.search_initials = rules.search_keys(account.name, account.short_name)


def near_duplicates(account: Account) -> list[NameWarning]:
    return [
        NameWarning(other.pk, other.name, NEAR_DUPLICATE.format(name=other.name, id=other.pk))
        for other in selectors.accounts_named_like(account.name_key, exclude_id=account.pk)
    ]


def duplicate_credit_code(code: str, existing: Account) -> Conflict:
    return Conflict(
        DUPLICATE_CREDIT_CODE,
        field="credit_code",
        extra={"existing": {"id": existing.pk, "name": existing.name}},
        params={"name": existing.name, "id": existing.pk},
    )


def _check_credit_code_free(account: Account) -> None:
    existing = selectors.account_with_credit_code(account.credit_code, exclude_id=account.pk)
    if existing is not None:
        raise duplicate_credit_code(account.credit_code, existing)


def _save_account(account: Account, *, actor: User, reason: str) -> None:
    """Save; a concurrent insert of the same credit code loses with 409, as the pre-check would."""
    try:
        with transaction.atomic():
            save(account, actor=actor, reason=reason)
    except IntegrityError:
        existing = selectors.account_with_credit_code(account.credit_code, exclude_id=account.pk)
        if existing is None:
            raise
        raise duplicate_credit_code(account.credit_code, existing) from None


def _record_owner(
    account: Account, *, actor: User | None, before: int | None, kind: str, reason: str = ""
) -> AccountOwnership:
    return AccountOwnership.objects.create(
        account=account,
        from_owner_id=before,
        to_owner_id=account.owner_id,
        changed_by=actor,
        kind=kind,
        reason=reason[:200],
        at=clock.now(),
    )


def _owner(owner_id: int | None) -> User | None:
    owner = active_user(owner_id, field="owner_id")
    if owner is not None and not owner.holds(*OWNER_POSTS):
        raise ValidationFailed(OWNER_NOT_SPECIALIST, field="owner_id")
    return owner


def _placement(actor: User, owner_id: Any, department_id: int | None) -> tuple[User | None, int]:
    """Return the owner and department of a new account, checking the actor may put it there (A1).

    A specialist's new account is their own; a manager's goes to a specialist or to a department pool.
    """
    if owner_id is UNSET:
        owner_id = actor.pk if actor.holds("specialist") else None
    owner = _owner(owner_id)
    if owner is not None and department_id is not None and owner.department_id != department_id:
        raise ValidationFailed(OWNER_OTHER_DEPARTMENT, field="owner_id")
    dep_id = department_id if department_id is not None else (owner.department_id if owner else None)
    if dep_id is None and owner is None:
        dep_id = actor.department_id
    dep = department(dep_id)
    if dep is None:
        raise ValidationFailed(DEPARTMENT_REQUIRED, field="department_id")
    permissions.require(permissions.can_place_account(actor, owner.pk if owner else None, dep.pk))
    return owner, dep.pk


def _channel(pk: int | None) -> Channel | None:
    if pk is None:
        return None
    found = Channel.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(CHANNEL_NOT_FOUND, field="source_channel_id", params={"id": pk})
    return found


def _develop_if_active(account: Account, before: str | None, developed_at: date | None) -> None:
    if rules.becomes_developed(before, account.status, account.developed_at):
        account.developed_at = developed_at or clock.local_today()


@transaction.atomic
def account_create(
    *,
    actor: User,
    name: str,
    owner_id: Any = UNSET,
    department_id: int | None = None,
    source_channel_id: int | None = None,
    **values: Any,
) -> AccountSaved:
    """Create an account; a duplicate credit code is refused (409), a similar name only warned about."""
    cleaners = account_fields.account_cleaners(account_fields.tier_codes())
    cleaned = account_fields.clean({"name": name, **values}, cleaners)
    owner, dep_id = _placement(actor, owner_id, department_id)
    tier = cleaned.pop("tier", None)
    account = Account(
        **cleaned, owner=owner, department_id=dep_id, source_channel=_channel(source_channel_id)
    )
    if tier:
        account.tier_id = tier
    derive_keys(account)
    _check_credit_code_free(account)
    _develop_if_active(account, None, cleaned.get("developed_at"))
    _save_account(account, actor=actor, reason="created")
    if owner is not None:
        _record_owner(account, actor=actor, before=None, kind=OwnershipChange.CREATED)
    return AccountSaved(account, near_duplicates(account))


@transaction.atomic
def account_update(*, actor: User, account: Account, **values: Any) -> AccountSaved:
    """Change an account's profile; a status change follows the transition table (A2k)."""
    permissions.require(permissions.can_edit_account(actor, account))
    if "owner_id" in values or "department_id" in values:
        raise ValidationFailed(
            OWNER_VIA_ASSIGN, field="owner_id" if "owner_id" in values else "department_id"
        )
    status = values.pop("status", UNSET)
    if "source_channel_id" in values:
        account.source_channel = _channel(values.pop("source_channel_id"))
    cleaned = account_fields.clean(values, account_fields.account_cleaners(account_fields.tier_codes()))
    old_key, old_code = account.name_key, account.credit_code
    for key, value in cleaned.items():
        setattr(account, "tier_id" if key == "tier" else key, value)
    derive_keys(account)
    if account.credit_code != old_code:
        _check_credit_code_free(account)
    if status is not UNSET and status != account.status:
        _move(account, status, cleaned.get("developed_at"))
    _save_account(account, actor=actor, reason="edited")
    return AccountSaved(account, near_duplicates(account) if account.name_key != old_key else [])


def _move(account: Account, status: str, developed_at: date | None) -> str:
    target = choice(status, field="status", choices=AccountStatus, blank=False)
    before = account.status
    rules.check_account_transition(before, target)
    account.status = target
    _develop_if_active(account, before, developed_at)
    return before


@transaction.atomic
def account_transition(
    *, actor: User, account: Account, status: str, developed_at: Any = None, reason: str = ""
) -> Account:
    """Move an account along prospect → developing → active → dormant → terminated (A4a).

    Becoming active for the first time sets ``developed_at`` (today unless given), which the monthly
    scorecard counts as expansion (B5).
    """
    permissions.require(permissions.can_edit_account(actor, account))
    given = a_date(developed_at, field="developed_at", past_only=True)
    before = _move(account, status, given)
    note = text(reason, field="reason", limit=150)
    save(account, actor=actor, reason=f"{before} → {account.status}" + (f": {note}" if note else ""))
    return account


@transaction.atomic
def account_assign(*, actor: User, account: Account, owner_id: int | None, reason: str) -> Account:
    """Give an account to a specialist, or put it back in its department's pool (``owner_id`` None).

    Only the managers of the account's department do this, and only to specialists they manage; the
    account follows its new owner's department. The change is kept in the owner history (A1, F1).
    """
    permissions.require(permissions.can_manage_account(actor, account))
    why = reason_text(reason)
    owner = _owner(owner_id)
    if owner is not None:
        if owner.department_id is None:
            raise ValidationFailed(OWNER_OTHER_DEPARTMENT, field="owner_id")
        permissions.require(permissions.can_manage_in_department(actor, owner.department_id))
    before = account.owner_id
    if owner is not None and owner.pk == before:
        return account
    if owner is None and before is None:
        return account
    account.owner = owner
    if owner is not None:
        account.department_id = owner.department_id
    save(account, actor=actor, reason=why)
    kind = OwnershipChange.RELEASED if owner is None else OwnershipChange.ASSIGNED
    _record_owner(account, actor=actor, before=before, kind=kind, reason=why)
    return account


@transaction.atomic
def account_claim(*, actor: User, account_id: int) -> Account:
    """Claim an account from the pool of one's department; of two simultaneous claims one wins.

    The claim is one conditional UPDATE (still unowned, still in the claimer's department), so the
    database decides the race; the loser gets 409 and nothing is written for them (A1, A4a).
    """
    if not actor.holds("specialist"):
        raise Forbidden(CLAIM_SPECIALISTS_ONLY)
    now, department_id = clock.now(), actor.department_id or 0
    won = Account.objects.filter(
        pk=account_id, owner__isnull=True, department_id=department_id, deleted_at__isnull=True
    ).update(owner_id=actor.pk, updated_at=now)
    if not won:
        if (
            actor.department_id
            and Account.objects.filter(pk=account_id, department_id=actor.department_id).exists()
        ):
            raise Conflict(ALREADY_CLAIMED, field="owner_id")
        raise NotFound(NOT_FOUND)
    account = Account.objects.select_related("owner", "department", "tier").get(pk=account_id)
    Account.history.bulk_history_create(
        [account], update=True, default_user=actor, default_change_reason="claimed", default_date=now
    )
    _record_owner(account, actor=actor, before=None, kind=OwnershipChange.CLAIMED)
    return account


@transaction.atomic
def account_delete(*, actor: User, account: Account, reason: str = "") -> None:
    """Soft-delete an account (F1); one with money still owed is kept."""
    permissions.require(permissions.can_manage_account(actor, account))
    if any(r.outstanding > 0 for r in account.receivables.all()):
        raise Conflict(OUTSTANDING_RECEIVABLES, field="id")
    account._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(account, reason=text(reason, field="reason", limit=200) or "deleted")
