"""Helpers shared by the hospitality services: required text, visible accounts, saving with history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from kam.accounts import selectors as accounts
from kam.accounts.models import Account
from kam.core import audit
from kam.core.errors import NotFound, ValidationFailed
from kam.org.models import Department, User

TEXT_REQUIRED = gettext_noop("This field is required.")
UNKNOWN_ACCOUNT = gettext_noop("No key account with this id that you may see.")
NO_DEPARTMENT = gettext_noop("You belong to no department; ask an administrator to set yours.")


def text(value: str | None, field: str, *, limit: int) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationFailed(TEXT_REQUIRED, field=field)
    return cleaned[:limit]


def account(actor: User, account_id: int | None, field: str = "account_id") -> Account:
    if account_id is None:
        raise ValidationFailed(UNKNOWN_ACCOUNT, field=field)
    try:
        return accounts.account_get(viewer=actor, account_id=account_id)
    except NotFound:
        raise ValidationFailed(UNKNOWN_ACCOUNT, field=field) from None


def department(actor: User) -> Department:
    if actor.department is None:
        raise ValidationFailed(NO_DEPARTMENT, field="department")
    return actor.department


def save(obj: Any, actor: User | None, reason: str) -> None:
    audit.record_actor(obj, actor)
    obj.save_with_reason(reason)
