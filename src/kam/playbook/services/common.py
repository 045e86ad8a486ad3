"""Helpers shared by the playbook's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from kam.core import audit
from kam.core.errors import ValidationFailed
from kam.org.models import User
from kam.playbook.rules import Message


def refusal(message: str, *, field: str | None) -> ValidationFailed:
    """Return the refusal of a rule's problem, keeping its constant and values for the pages (F4)."""
    if isinstance(message, Message):
        return ValidationFailed(message.template, field=field, params=message.params)
    return ValidationFailed(message, field=field)


def required(value: str, message: str, field: str) -> str:
    if not (value or "").strip():
        raise ValidationFailed(message, field=field)
    return value.strip()


def save_checked(obj: Any, actor: User, reason: str) -> Any:
    """Validate the row's own constraints (lengths, choices), then save it with its history entry."""
    try:
        obj.full_clean(exclude=["file", "products", "owner", "department"])
    except DjangoValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ValidationFailed(str(messages[0]), field=field) from None
    audit.record_actor(obj, actor)
    obj.save_with_reason(reason)
    return obj
