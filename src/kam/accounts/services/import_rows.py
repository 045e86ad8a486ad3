"""Checking and writing imported rows of accounts and contacts (F2, A2k).

Everything a row needs is fetched once up front (tiers, people, departments, channels, existing credit
codes and name keys); then each row is checked on plain values and every error of the row collected.
Writing inserts batches of rows with :mod:`.bulk`, the history rows in bulk as well (F1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from kam.accounts import columns, permissions, rules, selectors
from kam.accounts.models import (
    Account,
    AccountOwnership,
    AccountStatus,
    AccountTier,
    Channel,
    Contact,
    OwnershipChange,
)
from kam.accounts.services import bulk
from kam.accounts.services import fields as cleaning
from kam.accounts.services.accounts import OWNER_OTHER_DEPARTMENT, OWNER_POSTS
from kam.core import clock
from kam.core.errors import FORBIDDEN, ValidationFailed
from kam.core.scoping import restrict
from kam.org.models import Department, User

BATCH = 2000
AMBIGUOUS = -1

UNKNOWN_OWNER = gettext_noop("Unknown owner {value!r}: give the username of an active specialist.")
AMBIGUOUS_NAME = gettext_noop("{value!r} names more than one; use a unique name.")
UNKNOWN_DEPARTMENT = gettext_noop("Unknown department {value!r}.")
UNKNOWN_CHANNEL = gettext_noop("Unknown channel {value!r}.")
NOT_YOUR_PLACEMENT = gettext_noop("You may not put accounts with this owner or department.")
POOL_NEEDS_DEPARTMENT = gettext_noop("An account without an owner needs a department.")
CODE_EXISTS = gettext_noop("This credit code is already used by {name} (#{id}).")
CODE_REPEATED = gettext_noop("The same credit code as row {row}.")
NAME_SIMILAR = gettext_noop("A similar name already exists: {name} (#{id}).")
NAME_SIMILAR_ROW = gettext_noop("A similar name is on row {row}.")
ACCOUNT_NOT_FOUND = gettext_noop("No account of yours has this credit code or name: {value!r}.")
ACCOUNT_REQUIRED = gettext_noop("Give the account's credit code or name.")


Problem = ValidationFailed
"""A problem of one row: the field at fault and the English message with its ``params``; the page and the
error report show it in the reader's language (F4)."""


def _problem(field_name: str, message: str, /, **params: object) -> Problem:
    return ValidationFailed(message, field=field_name, params=params)


@dataclass
class RowCheck:
    prepared: Any = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _index(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Map names to ids; a name used twice maps to AMBIGUOUS."""
    found: dict[str, int] = {}
    for name, pk in pairs:
        key = (name or "").strip()
        if key:
            found[key] = AMBIGUOUS if key in found and found[key] != pk else pk
    return found


def _lookup(
    index: dict[str, int], value: Any, unknown: str, name: str, problems: list[Problem]
) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    pk = index.get(text, index.get(text.lower()))
    if pk is None:
        problems.append(_problem(name, unknown, value=text))
    elif pk == AMBIGUOUS:
        problems.append(_problem(name, AMBIGUOUS_NAME, value=text))
    return pk if pk and pk > 0 else None


class AccountRows:
    """Checks account rows for one importing user; keeps the codes and names seen so far in the file."""

    def __init__(self, actor: User):
        self.actor = actor
        tiers = list(AccountTier.objects.values_list("code", "name"))
        self.tier_codes = {code.upper(): code for code, _ in tiers} | {n.lower(): c for c, n in tiers}
        self.cleaners = cleaning.account_cleaners([code for code, _ in tiers])
        people = list(
            User.objects.filter(is_active=True).values_list("id", "username", "full_name", "department_id")
        )
        self.departments_of = {pk: dep for pk, _, _, dep in people}
        by_name = _index((full, pk) for pk, _, full, _ in people)
        self.users = by_name | {username.lower(): pk for pk, username, _, _ in people}
        self.owners = set(User.objects.filter(posts__code__in=OWNER_POSTS).values_list("id", flat=True))
        self.departments = _index(Department.objects.values_list("name", "id"))
        self.channels = _index(Channel.objects.values_list("name", "id"))
        existing = list(Account.objects.values_list("credit_code", "name_key", "id", "name"))
        self.codes = {code: (pk, name) for code, _, pk, name in existing if code}
        self.keys = {key: (pk, name) for _, key, pk, name in existing}
        self.seen_codes: dict[str, int] = {}
        self.seen_keys: dict[str, int] = {}
        self.allowed: dict[tuple[int | None, int], bool] = {}
        self.default_owner = actor.pk if actor.holds("specialist") else None

    def _values(self, record: dict[str, Any]) -> dict[str, Any]:
        values = {k: v for k, v in record.items() if k in self.cleaners}
        for name in ("status", "industry_standing"):
            if values.get(name):
                values[name] = columns.code_for(name, str(values[name]))
        for name in ("status", "tier"):
            if values.get(name) in (None, ""):
                values.pop(name, None)
        if values.get("tier"):
            text = str(values["tier"]).strip()
            values["tier"] = self.tier_codes.get(text.upper(), self.tier_codes.get(text.lower(), text))
        return values

    def _place(self, record: dict[str, Any], problems: list[Problem]) -> tuple[int | None, int | None]:
        owner = _lookup(self.users, record.get("owner"), UNKNOWN_OWNER, "owner", problems)
        if owner is not None and owner not in self.owners:
            problems.append(_problem("owner", UNKNOWN_OWNER, value=record.get("owner")))
        if not str(record.get("owner") or "").strip():
            owner = self.default_owner
        dep = _lookup(self.departments, record.get("department"), UNKNOWN_DEPARTMENT, "department", problems)
        owner_dep = self.departments_of.get(owner) if owner else None
        if owner and dep and owner_dep != dep:
            problems.append(_problem("owner", OWNER_OTHER_DEPARTMENT))
        dep = dep or owner_dep or (None if owner else self.actor.department_id)
        if dep is None:
            problems.append(_problem("department", POOL_NEEDS_DEPARTMENT))
        elif not problems:
            if (owner, dep) not in self.allowed:
                self.allowed[(owner, dep)] = permissions.can_place_account(self.actor, owner, dep)
            if not self.allowed[(owner, dep)]:
                problems.append(_problem("owner", NOT_YOUR_PLACEMENT))
        return owner, dep

    def check(self, number: int, record: dict[str, Any]) -> RowCheck:
        result = RowCheck()
        cleaned, errors = cleaning.clean_collecting(self._values(record), self.cleaners)
        result.problems.extend(errors)
        owner, dep = self._place(record, result.problems)
        channel = _lookup(
            self.channels, record.get("source_channel"), UNKNOWN_CHANNEL, "source_channel", result.problems
        )
        code = cleaned.get("credit_code", "")
        if code and code in self.codes:
            pk, name = self.codes[code]
            result.problems.append(_problem("credit_code", CODE_EXISTS, name=name, id=pk))
        elif code and code in self.seen_codes:
            result.problems.append(_problem("credit_code", CODE_REPEATED, row=self.seen_codes[code]))
        key = rules.name_key(cleaned.get("name", ""))
        if key in self.keys:
            pk, name = self.keys[key]
            result.warnings.append(_problem("name", NAME_SIMILAR, name=name, id=pk))
        elif key in self.seen_keys:
            result.warnings.append(_problem("name", NAME_SIMILAR_ROW, row=self.seen_keys[key]))
        if result.problems:
            return result
        if code:
            self.seen_codes[code] = number
        self.seen_keys.setdefault(key, number)
        result.prepared = (cleaned, owner, dep, channel, key)
        return result

    def write(self, prepared: list[Any]) -> int:
        """Create the prepared accounts, their history and first owner entries; return how many (A2k, F1).

        The pinyin keys are computed here, once per account; rows go in with :mod:`.bulk` inserts.
        """
        now, today = clock.now(), clock.local_today()
        created = 0
        for start in range(0, len(prepared), BATCH):
            rows = []
            for cleaned, owner, dep, channel, key in prepared[start : start + BATCH]:
                values = dict(cleaned)
                tier = values.pop("tier", None)
                if tier:
                    values["tier_id"] = tier
                values.update(owner_id=owner, department_id=dep, source_channel_id=channel, name_key=key)
                pinyin, initials = rules.search_keys(values["name"], values.get("short_name", ""))
                values.update(search_pinyin=pinyin, search_initials=initials)
                if values.get("status") == AccountStatus.ACTIVE and values.get("developed_at") is None:
                    values["developed_at"] = today
                rows.append(values)
            rows = bulk.complete(Account, rows, now=now)
            ids = bulk.insert_rows(Account, rows)
            history = bulk.history_rows(
                Account, rows, ids, user_id=self.actor.pk, date=now, reason="imported"
            )
            bulk.insert_rows(Account.history.model, bulk.complete(Account.history.model, history, now=now))
            owners = [
                {
                    "account_id": pk,
                    "to_owner_id": row["owner_id"],
                    "changed_by_id": self.actor.pk,
                    "kind": OwnershipChange.IMPORTED,
                    "at": now,
                }
                for row, pk in zip(rows, ids, strict=True)
                if row["owner_id"]
            ]
            bulk.insert_rows(AccountOwnership, bulk.complete(AccountOwnership, owners, now=now))
            created += len(ids)
        return created


class ContactRows:
    """Checks contact rows: each names an account the importer may edit, by credit code or name."""

    def __init__(self, actor: User):
        if not actor.holds(*selectors.ACCOUNT_WRITE_REACH):
            raise ValidationFailed(FORBIDDEN, field="file")
        self.actor = actor
        editable = restrict(Account.objects.all(), actor, reach_by_post=selectors.ACCOUNT_WRITE_REACH)
        rows = list(editable.values_list("id", "credit_code", "name"))
        self.by_code = {code: pk for pk, code, _ in rows if code}
        self.by_name = _index((name, pk) for pk, _, name in rows)
        self.cleaners = {k: v for k, v in cleaning.CONTACT_CLEANERS.items() if k != "is_primary"}

    def _account(self, record: dict[str, Any], problems: list[Problem]) -> int | None:
        code = rules.normalise_credit_code(str(record.get("account_credit_code") or ""))
        name = str(record.get("account_name") or "").strip()
        if not code and not name:
            problems.append(_problem("account_name", ACCOUNT_REQUIRED))
            return None
        pk = self.by_code.get(code) if code else None
        if pk is None and name:
            pk = self.by_name.get(name)
            if pk == AMBIGUOUS:
                problems.append(_problem("account_name", AMBIGUOUS_NAME, value=name))
                return None
        if pk is None:
            field = "account_credit_code" if code else "account_name"
            problems.append(_problem(field, ACCOUNT_NOT_FOUND, value=code or name))
        return pk

    def check(self, number: int, record: dict[str, Any]) -> RowCheck:
        result = RowCheck()
        values = {k: v for k, v in record.items() if k in self.cleaners}
        if values.get("decision_role"):
            values["decision_role"] = columns.code_for("decision_role", str(values["decision_role"]))
        cleaned, errors = cleaning.clean_collecting(values, self.cleaners)
        result.problems.extend(errors)
        account = self._account(record, result.problems)
        if not result.problems:
            result.prepared = (cleaned, account)
        return result

    def write(self, prepared: list[Any]) -> int:
        """Create the prepared contacts with their history rows (F1)."""
        now = clock.now()
        created = 0
        for start in range(0, len(prepared), BATCH):
            rows = bulk.complete(
                Contact,
                [dict(cleaned, account_id=account) for cleaned, account in prepared[start : start + BATCH]],
                now=now,
            )
            ids = bulk.insert_rows(Contact, rows)
            history = bulk.history_rows(
                Contact, rows, ids, user_id=self.actor.pk, date=now, reason="imported"
            )
            bulk.insert_rows(Contact.history.model, bulk.complete(Contact.history.model, history, now=now))
            created += len(ids)
        return created


def checker(kind: str, actor: User) -> AccountRows | ContactRows:
    return AccountRows(actor) if kind == "accounts" else ContactRows(actor)
