"""Cleaning of account and contact values, shared by the forms' services, the API and the importer.

Each field has one cleaner that returns the stored value or raises a :class:`ValidationFailed` naming
the field; the importer runs them all and collects every error of a row instead of stopping at one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.utils.translation import gettext_noop

from kam.accounts import rules
from kam.accounts.models import AccountStatus, AccountTier, CreditRating, DecisionRole, IndustryStanding
from kam.accounts.services.common import a_date, choice, text
from kam.core.errors import ValidationFailed

UNKNOWN_TIER = gettext_noop("Unknown tier: {values} are configured.")
BAD_EMAIL = gettext_noop("Not a valid email address.")

Cleaner = Callable[[Any], Any]


def tier_codes() -> list[str]:
    return list(AccountTier.objects.values_list("code", flat=True))


def _tier(codes: Collection[str]) -> Cleaner:
    def clean(value: Any) -> str:
        code = text(value, field="tier", limit=10, required=True).upper()
        if code not in codes:
            raise ValidationFailed(UNKNOWN_TIER, field="tier", params={"values": ", ".join(sorted(codes))})
        return code

    return clean


def account_cleaners(tiers: Collection[str]) -> dict[str, Cleaner]:
    """Return the cleaner of every account field a user may set (A2k: the database is kept accurate)."""
    return {
        "name": lambda v: text(v, field="name", limit=200, required=True),
        "short_name": lambda v: text(v, field="short_name", limit=50),
        "credit_code": lambda v: rules.check_credit_code(v),
        "industry": lambda v: text(v, field="industry", limit=50),
        "industry_standing": lambda v: choice(v, field="industry_standing", choices=IndustryStanding),
        "region_code": lambda v: rules.check_region_code(v),
        "address": lambda v: text(v, field="address", limit=200),
        "lat": lambda v: rules.check_coordinate(v, field="lat"),
        "lng": lambda v: rules.check_coordinate(v, field="lng"),
        "tier": _tier(tiers),
        "status": lambda v: choice(v, field="status", choices=AccountStatus, blank=False),
        "growth_rate": lambda v: rules.check_percent(v, field="growth_rate"),
        "credit_rating": lambda v: choice(v, field="credit_rating", choices=CreditRating),
        "profit_margin": lambda v: rules.check_percent(v, field="profit_margin", high=100),
        "notes": lambda v: text(v, field="notes", limit=10000),
        "developed_at": lambda v: a_date(v, field="developed_at", past_only=True),
    }


def _email(value: Any) -> str:
    cleaned = text(value, field="email", limit=254)
    if cleaned and ("@" not in cleaned or " " in cleaned or cleaned.startswith("@") or cleaned.endswith("@")):
        raise ValidationFailed(BAD_EMAIL, field="email")
    return cleaned


CONTACT_CLEANERS: dict[str, Cleaner] = {
    "name": lambda v: text(v, field="name", limit=50, required=True),
    "title": lambda v: text(v, field="title", limit=50),
    "decision_role": lambda v: choice(v, field="decision_role", choices=DecisionRole),
    "mobile": lambda v: rules.check_mobile(None if v is None else str(v)),
    "other_phones": lambda v: text(v, field="other_phones", limit=100),
    "email": _email,
    "birthday": lambda v: a_date(v, field="birthday", past_only=True),
    "preferences": lambda v: text(v, field="preferences", limit=2000),
    "taboos": lambda v: text(v, field="taboos", limit=2000),
    "is_primary": lambda v: bool(v),
}
"""Contacts: mobiles in the mainland format; banquets read the customs and taboos (D2)."""


def clean(values: Mapping[str, Any], cleaners: Mapping[str, Cleaner]) -> dict[str, Any]:
    """Clean the given values; raise the first error (forms and the API show one field at a time)."""
    unknown = set(values) - set(cleaners)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return {key: cleaners[key](value) for key, value in values.items() if key in cleaners}


def clean_collecting(
    values: Mapping[str, Any], cleaners: Mapping[str, Cleaner]
) -> tuple[dict[str, Any], list[ValidationFailed]]:
    """Clean every value and collect the errors instead of stopping at the first (imports, F2)."""
    cleaned: dict[str, Any] = {}
    errors: list[ValidationFailed] = []
    for key, value in values.items():
        if key not in cleaners:
            continue
        try:
            cleaned[key] = cleaners[key](value)
        except ValidationFailed as error:
            errors.append(error)
    return cleaned, errors
