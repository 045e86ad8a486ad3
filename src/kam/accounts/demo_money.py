"""The demo company's contracts, receivables, payments, monthly statements and deals (A2d, A2n, B5)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from simple_history.utils import bulk_create_with_history

from kam.accounts import demo_data as words
from kam.accounts.models import Account, Contract, Deal, Payment, Receivable, Reconciliation, Site
from kam.accounts.services.finance import statement_figures

if TYPE_CHECKING:
    from kam.accounts.demo import Builder

CONTRACT_STATUSES = ("signed",) * 7 + ("reviewed", "draft", "expired")


def _contract_for(b: Builder, account: Account, number: int) -> Contract:
    signed = account.status != "prospect"
    contract_date = b.today - timedelta(days=b.rng.randint(20, 330))
    status = b.rng.choice(CONTRACT_STATUSES) if signed else "draft"
    if account.status == "terminated":
        status = "terminated"
    if status == "expired":
        contract_date = b.today - timedelta(days=b.rng.randint(400, 700))
    manager = b.users["liming" if account.department_id == b.departments["ka1"].pk else "wangfang"]
    contract = Contract(
        account=account,
        number=f"HT-{contract_date:%Y}-{number:04d}",
        title=b.rng.choice(words.CONTRACT_TITLES),
        status=status,
        amount=Decimal(b.rng.randrange(50, 5000)) * 1000,
        contract_date=contract_date,
        due_date=contract_date + timedelta(days=365),
        terms="付款方式：按季度结算，验收后 30 日内付款。",
    )
    if status in ("reviewed", "signed", "expired", "terminated"):
        contract.reviewed_by, contract.reviewed_at = (
            manager,
            b.now - timedelta(days=(b.today - contract_date).days + 3),
        )
    if status in ("signed", "expired", "terminated"):
        contract.signed_by, contract.signed_at = (
            manager,
            b.now - timedelta(days=(b.today - contract_date).days),
        )
    if status == "terminated":
        contract.ended_at, contract.end_reason = b.now - timedelta(days=10), "客户业务调整，双方协商终止"
    return contract


def contracts(b: Builder, accounts: list[Account]) -> list[Contract]:
    rows = [
        _contract_for(b, account, n)
        for n, account in enumerate((a for a in accounts if a.owner_id and a.status != "prospect"), start=1)
        if b.rng.random() < 0.65
    ]
    return bulk_create_with_history(
        rows, Contract, batch_size=500, default_user=b.users["liming"], default_date=b.now
    )


def receivables(b: Builder, signed: list[Contract]) -> list[Receivable]:
    """Split each signed contract into 1–3 instalments due over the past months and the next ones."""
    rows, payments = [], []
    for contract in signed:
        parts = b.rng.choice((1, 2, 3))
        for part in range(parts):
            due = b.today - timedelta(days=b.rng.randint(-60, 200))
            amount = (contract.amount / parts).quantize(Decimal("0.01"))
            receivable = Receivable(
                account_id=contract.account_id,
                contract=contract,
                amount=amount,
                due_date=due,
                description=f"第 {part + 1} 期款",
            )
            paid = _payment_for(b, receivable)
            if paid is not None:
                receivable.collected = paid.amount
                payments.append(paid)
            rows.append(receivable)
    saved = bulk_create_with_history(
        rows, Receivable, batch_size=500, default_user=b.users["fengli"], default_date=b.now
    )
    for payment in payments:
        payment.receivable_id = payment.receivable.pk
    bulk_create_with_history(
        payments, Payment, batch_size=500, default_user=b.users["fengli"], default_date=b.now
    )
    return saved


def _payment_for(b: Builder, receivable: Receivable) -> Payment | None:
    if receivable.due_date > b.today or b.rng.random() > 0.85:
        return None
    share = Decimal("1") if b.rng.random() < 0.7 else Decimal(b.rng.randint(30, 70)) / 100
    paid_on = min(b.today, receivable.due_date + timedelta(days=b.rng.randint(-10, 25)))
    return Payment(
        receivable=receivable,
        amount=(receivable.amount * share).quantize(Decimal("0.01")),
        paid_on=paid_on,
        method=b.rng.choice(("transfer", "transfer", "transfer", "acceptance", "cheque")),
        reference=f"YH{paid_on:%Y%m%d}{b.rng.randint(1000, 9999)}",
        recorded_by=b.users["fengli"],
    )


def reconciliations(b: Builder, accounts: list[Account]) -> None:
    """Last month's statements: most agreed, some disputed with a reason, some awaiting confirmation."""
    month = (b.today.replace(day=1) - timedelta(days=1)).replace(day=1)
    owing = {r.account_id for r in Receivable.objects.all()}
    rows = []
    for account in accounts:
        if account.pk not in owing or b.rng.random() > 0.6:
            continue
        status = b.rng.choice(("agreed",) * 7 + ("disputed", "disputed", "pending"))
        statement = Reconciliation(
            account=account,
            month=month,
            status=status,
            prepared_by=b.users["fengli"],
            **statement_figures(account, month),
        )
        if status != "pending":
            statement.confirmed_by, statement.confirmed_at = (
                account.owner,
                b.now - timedelta(days=b.rng.randint(1, 20)),
            )
        if status == "disputed":
            statement.dispute_reason = b.rng.choice(words.DISPUTES)
        rows.append(statement)
    bulk_create_with_history(
        rows, Reconciliation, batch_size=500, default_user=b.users["fengli"], default_date=b.now
    )


def deals(b: Builder, accounts: list[Account], sites: list[Site]) -> None:
    """Customers delivered to the department's sites over the past six months (B1, B5)."""
    by_department: dict[int, list[Site]] = {}
    for site in sites:
        by_department.setdefault(site.department_id or 0, []).append(site)
    rows = []
    for account in accounts:
        if account.status not in ("active", "dormant") or account.owner_id is None:
            continue
        since = min(180, (b.today - account.developed_at).days) if account.developed_at else 180
        for _ in range(b.rng.choice((0, 1, 1, 2, 2, 3))):
            from kam.accounts.demo import _local

            day = b.today - timedelta(days=b.rng.randint(0, max(since, 1)))
            rows.append(
                Deal(
                    account=account,
                    specialist_id=account.owner_id,
                    site=b.rng.choice(by_department[account.department_id or 0]),
                    occurred_at=min(_local(day, b.rng), b.now),
                    amount=Decimal(b.rng.randrange(80, 3000)) * 1000,
                    notes=b.rng.choice(("", "带客户团队参观样板间", "员工团购首批签约", "老客户介绍新客户")),
                )
            )
    bulk_create_with_history(rows, Deal, batch_size=500, default_user=b.users["liming"], default_date=b.now)
