"""Reads of the key account database, and the only place that decides who sees which rows (A1).

Every list goes through :func:`kam.core.scoping.restrict` with the reach tables below; a row the caller
may not see does not exist for them (404, never 403). Rows hanging off an account (contacts,
contracts, receivables…) are seen by whoever sees the account.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.functions import Concat

from kam.accounts import rules, search_index
from kam.accounts.models import (
    Account,
    AccountOwnership,
    Asset,
    Channel,
    Contact,
    Contract,
    Deal,
    Payment,
    Receivable,
    Reconciliation,
    Site,
)
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.scoping import Reach, can_see, restrict, scope_for, scope_q
from kam.org.models import User

M = TypeVar("M", bound=Model)

ACCOUNT_REACH: Mapping[str, Reach] = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "inspector": Reach.ALL,
    "finance": Reach.ALL,
    "cs_manager": Reach.ALL,
    "cs_duty": Reach.ALL,
    "call_centre": Reach.ALL,
    "resource_centre": Reach.ALL,
    "company_office": Reach.ALL,
    "regional_manager": Reach.REGION,
    "service_director": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
    "specialist": Reach.OWN,
}
"""Who reads which accounts: a specialist their own, the KA manager the department including its pool,
the regional manager and service director the region; the posts that serve every customer (customer
service, call centre, finance, company office) and those who audit (general manager, inspectors) all."""

ACCOUNT_WRITE_REACH: Mapping[str, Reach] = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "regional_manager": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
    "specialist": Reach.OWN,
}
"""Who edits accounts and what hangs off them: the owner and the managers above the owner."""

MANAGER_REACH: Mapping[str, Reach] = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "regional_manager": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
}
"""Who reassigns and deletes accounts, reviews and signs contracts, manages sites and assets (A2d, A3)."""

FINANCE_WRITE_REACH: Mapping[str, Reach] = {**ACCOUNT_WRITE_REACH, "finance": Reach.ALL}
"""Who records receivables, payments and reconciliations: account writers and finance (A2n)."""

SITE_REACH: Mapping[str, Reach] = {**ACCOUNT_REACH, "specialist": Reach.DEPARTMENT}
"""Specialists deliver customers to any site of their department, so they read all of them."""

CHANNEL_REACH = ACCOUNT_REACH


def _get(rows: QuerySet[M], pk: int) -> M:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def _via_account(rows: QuerySet[M], viewer: User, path: str = "account") -> QuerySet[M]:
    return restrict(
        rows.filter(**{f"{path}__deleted_at__isnull": True}),
        viewer,
        owner=f"{path}__owner",
        department=f"{path}__department",
        reach_by_post=ACCOUNT_REACH,
    )


# Accounts -----------------------------------------------------------------------------------------


def _visible_accounts(viewer: User) -> QuerySet[Account]:
    """Return the accounts ``viewer`` sees, through :func:`restrict` with the account reach table.

    A manager's rows are "own OR the departments'"; when the manager owns nothing outside those
    departments the owner term adds no row, and leaving it out lets the database answer the list and
    its count from one index instead of reading the whole table (list p95 at 100,000 accounts).
    """
    owner: str | None = "owner"
    scope = scope_for(viewer, ACCOUNT_REACH)
    if scope.reach in (Reach.DEPARTMENT, Reach.REGION) and scope.department_ids:
        departments = sorted(scope.department_ids)
        if not Account.objects.filter(owner_id=viewer.pk).exclude(department_id__in=departments).exists():
            owner = None
    return Account.objects.filter(scope_q(scope, owner=owner))


def search_q(q: str | None) -> Q:
    """Return the filter for a search term: Chinese name, short name, credit code, pinyin, initials (A2k).

    A term of Latin letters is looked for in the stored keys only: they hold the names' pinyin and
    their Latin words already, so the names themselves need not be read as well (three substring
    tests a row instead of five, the search's whole cost on a large list). Where the substring index
    can answer (:mod:`kam.accounts.search_index`), it does instead of reading every row.
    """
    term = rules.search_term(q)
    if not term:
        return Q()
    pinyin = rules.is_pinyin_term(term)
    indexed = search_index.matching_ids(term.replace(" ", "") if pinyin else term)
    if indexed is not None:
        return Q(id__in=indexed)
    code = Q(credit_code__contains=term.upper().replace(" ", ""))
    if pinyin:
        compact = term.replace(" ", "")
        return Q(search_initials__contains=compact) | Q(search_pinyin__contains=compact) | code
    found = Q(name__icontains=term) | Q(short_name__icontains=term)
    return found | code if term.isascii() else found


def account_list(
    *,
    viewer: User,
    q: str | None = None,
    owner_id: int | None = None,
    tier: str | None = None,
    status: str | None = None,
    department_id: int | None = None,
    pool: bool | None = None,
) -> QuerySet[Account]:
    """List the accounts ``viewer`` may see, filtered, with owner and department joined in."""
    rows = _visible_accounts(viewer)
    if q:
        rows = rows.filter(search_q(q))
    if owner_id is not None:
        rows = rows.filter(owner_id=owner_id)
    if pool is not None:
        rows = rows.filter(owner__isnull=pool)
    if tier:
        rows = rows.filter(tier_id=tier)
    if status:
        rows = rows.filter(status=status)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    rows = rows.select_related("owner", "department")
    if q:
        # The same order, through an expression: otherwise the planner walks the pinyin index hoping
        # to meet the matches early and reads a quarter of the table when they sort late (0.48 s at
        # 1,000,000 accounts); this way they are found through the trigram index and sorted (20 ms).
        return rows.order_by(Concat("search_pinyin", Value("")), "id")
    return rows.order_by("search_pinyin", "id")


def account_get(*, viewer: User, account_id: int) -> Account:
    """Return one account ``viewer`` sees, else 404: the row is read by its key and then checked.

    The same rule as :func:`account_list` (:func:`can_see` with the account reach), without building
    the list's filter; every reference to an account (a contact, a visit, a deal) comes through here.
    """
    found = (
        Account.objects.select_related("owner", "department", "tier", "source_channel")
        .filter(pk=account_id)
        .first()
    )
    if found is None or not can_see(viewer, found, reach_by_post=ACCOUNT_REACH):
        raise NotFound(NOT_FOUND)
    return found


def pool_list(*, viewer: User, q: str | None = None) -> QuerySet[Account]:
    """List the unowned accounts of the viewer's department pool (or of the departments they manage).

    A specialist sees the pool of their own department here, although not the accounts in it
    elsewhere: seeing the pool is what lets them claim (A4a).
    """
    scope = scope_for(viewer, {**MANAGER_REACH, "specialist": Reach.DEPARTMENT})
    rows = Account.objects.filter(owner__isnull=True, department__isnull=False)
    if not scope.sees_all:
        rows = rows.filter(department_id__in=sorted(scope.department_ids or ()))
    if q:
        rows = rows.filter(search_q(q))
    return rows.select_related("department").order_by("search_pinyin", "id")


def accounts_named_like(key: str, *, exclude_id: int | None = None, limit: int = 5) -> list[Account]:
    """Return live accounts whose name key equals ``key`` (near-duplicates, A2k); any department."""
    if not key:
        return []
    rows = Account.objects.filter(name_key=key)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return list(rows.only("id", "name").order_by("id")[:limit])


def account_with_credit_code(code: str, *, exclude_id: int | None = None) -> Account | None:
    if not code:
        return None
    rows = Account.objects.filter(credit_code=code)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return rows.only("id", "name").first()


def ownership_list(*, account: Account) -> QuerySet[AccountOwnership]:
    return account.ownerships.select_related("from_owner", "to_owner", "changed_by").order_by("-at", "-id")


def export_rows(rows: QuerySet[Account]) -> QuerySet[Account]:
    """Return the rows for an export: one query, streamed, with the names of related rows."""
    return rows.select_related("owner", "department", "tier", "source_channel").order_by("id")


# Contacts, channels, sites, assets ----------------------------------------------------------------


def contact_list(*, viewer: User, account_id: int | None = None, q: str | None = None) -> QuerySet[Contact]:
    rows = _via_account(Contact.objects.all(), viewer)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(mobile__contains=q) | Q(title__icontains=q))
    return rows.select_related("account").order_by("account_id", "-is_primary", "id")


def contact_get(*, viewer: User, contact_id: int) -> Contact:
    return _get(contact_list(viewer=viewer), contact_id)


def channel_list(
    *, viewer: User, q: str | None = None, status: str | None = None, owner_id: int | None = None
) -> QuerySet[Channel]:
    rows = restrict(Channel.objects.all(), viewer, reach_by_post=CHANNEL_REACH)
    if q:
        rows = rows.filter(name__icontains=q)
    if status:
        rows = rows.filter(status=status)
    if owner_id is not None:
        rows = rows.filter(owner_id=owner_id)
    return rows.select_related("owner", "department", "territory").order_by("name", "id")


def channel_get(*, viewer: User, channel_id: int) -> Channel:
    return _get(channel_list(viewer=viewer), channel_id)


def site_list(*, viewer: User, department_id: int | None = None) -> QuerySet[Site]:
    rows = restrict(Site.objects.all(), viewer, owner="manager", reach_by_post=SITE_REACH)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return rows.select_related("department", "manager").order_by("name", "id")


def site_get(*, viewer: User, site_id: int) -> Site:
    return _get(site_list(viewer=viewer), site_id)


def asset_list(*, viewer: User, site_id: int | None = None, status: str | None = None) -> QuerySet[Asset]:
    rows = restrict(
        Asset.objects.filter(site__deleted_at__isnull=True),
        viewer,
        owner="custodian",
        department="site__department",
        reach_by_post=SITE_REACH,
    )
    if site_id is not None:
        rows = rows.filter(site_id=site_id)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("site", "custodian").order_by("site_id", "code")


def asset_get(*, viewer: User, asset_id: int) -> Asset:
    return _get(asset_list(viewer=viewer), asset_id)


# Contracts, receivables, payments, reconciliations, deals -----------------------------------------


def contract_list(
    *, viewer: User, account_id: int | None = None, status: str | None = None
) -> QuerySet[Contract]:
    rows = _via_account(Contract.objects.all(), viewer)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("account").prefetch_related("attachments").order_by("-contract_date", "-id")


def contract_get(*, viewer: User, contract_id: int) -> Contract:
    return _get(contract_list(viewer=viewer), contract_id)


def receivable_list(
    *, viewer: User, account_id: int | None = None, outstanding: bool | None = None
) -> QuerySet[Receivable]:
    rows = _via_account(Receivable.objects.all(), viewer)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if outstanding is True:
        rows = rows.filter(collected__lt=F("amount"))
    elif outstanding is False:
        rows = rows.filter(collected=F("amount"))
    return rows.select_related("account", "contract").order_by("due_date", "id")


def receivable_get(*, viewer: User, receivable_id: int) -> Receivable:
    return _get(receivable_list(viewer=viewer), receivable_id)


def ageing_of(receivables: list[Receivable], as_of: date) -> dict[str, Any]:
    """Return the ageing buckets of loaded receivables and their total outstanding (A2n)."""
    buckets = rules.ageing_summary(((r.due_date, r.outstanding) for r in receivables), as_of)
    return {"buckets": buckets, "total": sum(buckets.values())}


def payment_list(
    *, viewer: User, receivable_id: int | None = None, account_id: int | None = None
) -> QuerySet[Payment]:
    rows = _via_account(
        Payment.objects.filter(receivable__deleted_at__isnull=True), viewer, "receivable__account"
    )
    if receivable_id is not None:
        rows = rows.filter(receivable_id=receivable_id)
    if account_id is not None:
        rows = rows.filter(receivable__account_id=account_id)
    return rows.select_related("receivable").order_by("-paid_on", "-id")


def payment_get(*, viewer: User, payment_id: int) -> Payment:
    return _get(payment_list(viewer=viewer), payment_id)


def reconciliation_list(
    *, viewer: User, account_id: int | None = None, month: date | None = None, status: str | None = None
) -> QuerySet[Reconciliation]:
    rows = _via_account(Reconciliation.objects.all(), viewer)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if month is not None:
        rows = rows.filter(month=month)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("account", "confirmed_by").order_by("-month", "account_id")


def reconciliation_get(*, viewer: User, reconciliation_id: int) -> Reconciliation:
    return _get(reconciliation_list(viewer=viewer), reconciliation_id)


def deal_list(
    *,
    viewer: User,
    account_id: int | None = None,
    specialist_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Deal]:
    """List deals: a specialist sees the deals they made, managers those of their departments' accounts."""
    rows = restrict(
        Deal.objects.filter(account__deleted_at__isnull=True),
        viewer,
        owner="specialist",
        department="account__department",
        reach_by_post=ACCOUNT_REACH,
    )
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    if specialist_id is not None:
        rows = rows.filter(specialist_id=specialist_id)
    if since is not None:
        rows = rows.filter(occurred_at__gte=since)
    if until is not None:
        rows = rows.filter(occurred_at__lt=until)
    return rows.select_related("account", "specialist", "site").order_by("-occurred_at", "-id")


def deal_get(*, viewer: User, deal_id: int) -> Deal:
    return _get(deal_list(viewer=viewer), deal_id)


# Choices for the pages' forms ---------------------------------------------------------------------


def assignable_owners(*, viewer: User) -> list[tuple[int, str]]:
    """Return the specialists (and KA managers) of the departments ``viewer`` manages, for owner pickers."""
    scope = scope_for(viewer, MANAGER_REACH)
    if not scope.sees_all and not scope.department_ids:
        return []
    people = User.objects.filter(is_active=True, posts__code__in=("specialist", "ka_manager")).distinct()
    if not scope.sees_all:
        people = people.filter(department_id__in=sorted(scope.department_ids or ()))
    return [
        (u.pk, f"{u.display_name} · {u.department}")
        for u in people.select_related("department").order_by("id")
    ]


def manageable_departments(*, viewer: User) -> list[tuple[int, str]]:
    """Return the departments ``viewer`` manages (pools and sites can be placed there)."""
    from kam.org.models import Department

    scope = scope_for(viewer, MANAGER_REACH)
    departments = Department.objects.filter(kind="department")
    if not scope.sees_all:
        departments = departments.filter(pk__in=sorted(scope.department_ids or ()))
    return list(departments.order_by("id").values_list("id", "name"))
