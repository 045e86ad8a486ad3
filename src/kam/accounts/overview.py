"""The account 360° page's data: fetched with a few set-based queries, then put together (A2k, A2n).

Everything here is read for an account the viewer already sees (:func:`selectors.account_get`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kam.accounts import panels, permissions, rules, selectors
from kam.accounts.models import Account, AccountStatus, Contract, Payment, Receivable
from kam.core import clock
from kam.core.audit import history_entries
from kam.org.models import User

HIDDEN_HISTORY_FIELDS = ("name_key", "search_pinyin", "search_initials")
BUCKET_LABELS = {
    "current": _("Not yet due"),
    "1-30": _("1–30 days overdue"),
    "31-60": _("31–60 days overdue"),
    "61-90": _("61–90 days overdue"),
    "91-180": _("91–180 days overdue"),
    "over-180": _("More than 180 days overdue"),
}


@dataclass
class AccountOverview:
    account: Account
    contacts: list[Any]
    ownerships: list[Any]
    contracts: list[Contract]
    receivables: list[Receivable]
    ageing: dict[str, Any]
    deals: list[Any]
    reconciliations: list[Any]
    history: list[dict[str, Any]]
    panels: list[dict[str, Any]]
    can_edit: bool = False
    can_manage: bool = False
    can_record_finance: bool = False
    next_statuses: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def ageing_rows(self) -> list[tuple[Any, Any]]:
        return [(BUCKET_LABELS[name], amount) for name, amount in self.ageing["buckets"].items()]


def _history(account: Account) -> list[dict[str, Any]]:
    """Return the history without the derived search keys (they change with the name)."""
    hidden = {
        str(getattr(Account._meta.get_field(name), "verbose_name", name)) for name in HIDDEN_HISTORY_FIELDS
    }
    entries = history_entries(account, limit=30)
    for entry in entries:
        entry["changes"] = [c for c in entry["changes"] if c["field"] not in hidden]
    return entries


def account_overview(*, viewer: User, account_id: int) -> AccountOverview:
    """Load the 360° page of one account: profile, contacts, owners, contracts, money, deals, history."""
    account = selectors.account_get(viewer=viewer, account_id=account_id)
    receivables = list(
        account.receivables.select_related("contract").prefetch_related(
            Prefetch("payments", queryset=Payment.objects.order_by("-paid_on", "-id"))
        )
    )
    return AccountOverview(
        account=account,
        contacts=list(account.contacts.all()),
        ownerships=list(selectors.ownership_list(account=account)[:20]),
        contracts=list(account.contracts.prefetch_related("attachments")),
        receivables=receivables,
        ageing=selectors.ageing_of(receivables, clock.local_today()),
        deals=list(account.deals.select_related("specialist", "site")[:20]),
        reconciliations=list(account.reconciliations.select_related("confirmed_by")[:12]),
        history=_history(account),
        panels=panels.panels_for(account, viewer),
        can_edit=permissions.can_edit_account(viewer, account),
        can_manage=permissions.can_manage_account(viewer, account),
        can_record_finance=permissions.can_record_finance(viewer, account),
        next_statuses=[
            (code, label)
            for code, label in AccountStatus.choices
            if code in rules.ACCOUNT_TRANSITIONS[account.status]
        ],
    )
