"""Helpers shared by the key-account services: saving with history, reading references and text."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypeVar

from django.db.models import Model
from django.utils.translation import gettext_noop

from kam.core import clock
from kam.core.errors import ValidationFailed
from kam.org.models import Department, Territory, User

M = TypeVar("M", bound=Model)

UNSET: Any = object()
"""Marks a keyword argument the caller did not pass (PATCH semantics)."""

REQUIRED = gettext_noop("This field is required.")
TOO_LONG = gettext_noop("At most {limit} characters.")
BAD_CHOICE = gettext_noop("Not one of the allowed values: {values}.")
USER_NOT_FOUND = gettext_noop("User {id} does not exist or is not active.")
DEPARTMENT_NOT_FOUND = gettext_noop("Department {id} does not exist.")
TERRITORY_NOT_FOUND = gettext_noop("Territory {id} does not exist.")
DATE_IN_FUTURE = gettext_noop("The date cannot be in the future.")
NOT_A_DATE = gettext_noop("Not a valid date (YYYY-MM-DD expected).")
REASON_REQUIRED = gettext_noop("Give a reason.")


def save(obj: M, *, actor: User | None, reason: str = "", **kwargs: Any) -> M:
    """Save ``obj`` with its history entry attributed to ``actor`` (also outside a request) (F1)."""
    # Read by simple-history when it writes the history row.
    setattr(obj, "_history_user", actor)  # noqa: B010
    setattr(obj, "_change_reason", reason)  # noqa: B010
    obj.save(**kwargs)
    return obj


def text(value: Any, *, field: str, limit: int, required: bool = False) -> str:
    """Return a trimmed single text value, refusing blanks where required and over-long text."""
    cleaned = "" if value is None else str(value).strip()
    if required and not cleaned:
        raise ValidationFailed(REQUIRED, field=field)
    if len(cleaned) > limit:
        raise ValidationFailed(TOO_LONG, field=field, params={"limit": limit})
    return cleaned


def choice(value: Any, *, field: str, choices: Any, blank: bool = True) -> str:
    """Return ``value`` if it is one of the TextChoices ``choices`` ('' allowed when ``blank``)."""
    cleaned = "" if value is None else str(value).strip()
    if (blank and not cleaned) or cleaned in _values(choices):
        return cleaned
    raise ValidationFailed(BAD_CHOICE, field=field, params={"values": ", ".join(choices.values)})


@lru_cache(maxsize=64)
def _values(choices: Any) -> frozenset[str]:
    """The codes of a TextChoices class (its ``values`` is rebuilt on every access)."""
    return frozenset(choices.values)


def a_date(value: Any, *, field: str, past_only: bool = False) -> date | None:
    """Read a date (a date object or ISO text); None when empty; refuse the future if ``past_only``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = clock.localtime(clock.ensure_aware(value)).date()
    elif not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise ValidationFailed(NOT_A_DATE, field=field) from None
    day: date = value
    if past_only and day > clock.local_today():
        raise ValidationFailed(DATE_IN_FUTURE, field=field)
    return day


def active_user(pk: int | None, *, field: str) -> User | None:
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise ValidationFailed(USER_NOT_FOUND, field=field, params={"id": pk})
    return found


def department(pk: int | None, *, field: str = "department_id") -> Department | None:
    if pk is None:
        return None
    found = Department.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(DEPARTMENT_NOT_FOUND, field=field, params={"id": pk})
    return found


def territory(pk: int | None, *, field: str = "territory_id") -> Territory | None:
    if pk is None:
        return None
    found = Territory.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(TERRITORY_NOT_FOUND, field=field, params={"id": pk})
    return found


def reason_text(value: str | None, *, field: str = "reason", limit: int = 200) -> str:
    return text(value, field=field, limit=limit, required=True)
