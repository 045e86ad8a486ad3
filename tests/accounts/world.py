"""Key-account objects for the authorization matrix (``tests/security``).

Everything sits in 大客户一部 (where the matrix's users sit) and belongs to spec1, so the matrix's own
specialist is refused on it while the department's managers, the region and the all-seeing posts are not.
The audiences below are the answers the matrix expects for these objects (A1: the one visibility rule).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from kam.accounts.models import ContractAttachment, ImportJob, Payment, Reconciliation
from tests.factories_accounts import (
    AccountFactory,
    AssetFactory,
    ChannelFactory,
    ContactFactory,
    ContractFactory,
    DealFactory,
    ReceivableFactory,
    SiteFactory,
)

# Every post reads accounts of a department it reaches except the specialist (own accounts only) and
# the department's back office; managers of the department and above write; finance records money.
ACCOUNT_READ_ALL = frozenset(
    {
        "admin",
        "general_manager",
        "inspector",
        "finance",
        "cs_manager",
        "cs_duty",
        "call_centre",
        "resource_centre",
        "company_office",
    }
)
ACCOUNT_READERS = ACCOUNT_READ_ALL | {"regional_manager", "service_director", "ka_manager"}
ACCOUNT_MANAGERS = frozenset({"ka_manager", "regional_manager", "general_manager", "admin"})
ACCOUNT_CREATORS = ACCOUNT_MANAGERS | {"specialist"}
ACCOUNT_MONEY = ACCOUNT_MANAGERS | {"finance"}
SITE_READERS = ACCOUNT_READERS | {"specialist"}

PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "accounts:detail": ("account_id",),
    "accounts:edit": ("account_id",),
    "accounts:assign": ("account_id",),
    "accounts:contact_create": ("account_id",),
    "accounts:contract_create": ("account_id",),
    "accounts:receivable_create": ("account_id",),
    "accounts:deal_create": ("account_id",),
    "accounts:contract": ("contract_id",),
    "accounts:channel_edit": ("channel_id",),
    "accounts:site": ("site_id",),
    "accounts:asset_create": ("site_id",),
    "accounts:asset_edit": ("asset_id",),
    "accounts:export": ("fmt",),
    "accounts:contact_export": ("fmt",),
    "accounts:claim": ("account_id",),
    "accounts:transition": ("account_id",),
    "accounts:delete": ("account_id",),
    "accounts:contact_edit": ("contact_id",),
    "accounts:contract_edit": ("contract_id",),
    "accounts:contract_attach": ("contract_id",),
    "accounts:attachment": ("contract_id", "attachment_id"),
    "accounts:contract_action": ("contract_id", "action"),
    "accounts:payment_create": ("receivable_id",),
    "accounts:reconciliation_create": ("account_id",),
    "accounts:reconciliation_decide": ("reconciliation_id", "decision"),
    "accounts:import_template": ("kind",),
    "accounts:import_job": ("job_id",),
    "accounts:import_confirm": ("job_id",),
    "accounts:import_cancel": ("job_id",),
    "accounts:import_report": ("job_id",),
}


def accounts_params(*, org: dict[str, Any]) -> dict[str, Any]:
    """Create one object of each kind and return the path parameters that name them."""
    account = AccountFactory(owner=org["spec1"])
    site = SiteFactory(department=org["ka1"], manager=org["manager1"])
    receivable = ReceivableFactory(account=account, amount=Decimal("1000.00"), collected=Decimal("100.00"))
    payment = Payment.objects.create(
        receivable=receivable, amount=Decimal("100.00"), paid_on=date(2026, 1, 5)
    )
    statement = Reconciliation.objects.create(
        account=account, month=date(2026, 2, 1), opening_balance=0, billed=0, collected=0, closing_balance=0
    )
    contract = ContractFactory(account=account)
    attachment = ContractAttachment(contract=contract, name="scan.pdf", size=4)
    attachment.file.save("scan.pdf", ContentFile(b"%PDF"), save=True)
    job = ImportJob.objects.create(
        kind="accounts", created_by=org["spec1"], original_name="a.xlsx", file="x.xlsx"
    )
    return {
        "account_id": account.pk,
        "owner_id": org["spec1"].pk,
        "accounts_department_id": org["ka1"].pk,
        "contact_id": ContactFactory(account=account).pk,
        "channel_id": ChannelFactory(owner=org["spec1"], department=org["ka1"]).pk,
        "site_id": site.pk,
        "asset_id": AssetFactory(site=site).pk,
        "contract_id": contract.pk,
        "attachment_id": attachment.pk,
        "action": "review",
        "decision": "agree",
        "kind": "accounts",
        "receivable_id": receivable.pk,
        "payment_id": payment.pk,
        "reconciliation_id": statement.pk,
        "deal_id": DealFactory(account=account).pk,
        "job_id": str(job.pk),
        "fmt": "csv",
    }
