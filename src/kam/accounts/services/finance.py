"""Writes of receivables, payments, monthly reconciliations with finance (A2n) and deals (B1, B5)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_noop

from kam.accounts import permissions, rules, selectors
from kam.accounts.models import (
    Account,
    Contract,
    Deal,
    Payment,
    PaymentMethod,
    Receivable,
    Reconciliation,
    ReconciliationStatus,
)
from kam.accounts.services.common import UNSET, a_date, active_user, choice, reason_text, save, text
from kam.accounts.signals import deal_recorded
from kam.core import audit, clock
from kam.core.errors import Conflict, ValidationFailed
from kam.org.models import User

DUE_DATE_REQUIRED = gettext_noop("The due date is required.")
CONTRACT_OTHER_ACCOUNT = gettext_noop("The contract belongs to another account.")
PAYMENT_EXCEEDS = gettext_noop("The payment is more than the {outstanding} still outstanding.")
AMOUNT_BELOW_COLLECTED = gettext_noop("The amount cannot be less than the {collected} already collected.")
RECEIVABLE_HAS_PAYMENTS = gettext_noop("The receivable has payments; delete them first.")
RECONCILIATION_EXISTS = gettext_noop("This account already has a statement for {month}.")
RECONCILIATION_AGREED = gettext_noop("The statement has been agreed and is final.")
SPECIALIST_REQUIRED = gettext_noop("The deal's specialist must be a customer specialist.")
SITE_NOT_FOUND = gettext_noop("Project site {id} does not exist or is not one of yours.")
IN_FUTURE = gettext_noop("The time cannot be in the future.")


# Receivables and payments -------------------------------------------------------------------------


def _contract(account: Account, contract_id: int | None) -> Contract | None:
    if contract_id is None:
        return None
    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is None or contract.account_id != account.pk:
        raise ValidationFailed(CONTRACT_OTHER_ACCOUNT, field="contract_id")
    return contract


@transaction.atomic
def receivable_create(
    *,
    actor: User,
    account: Account,
    amount: Any,
    due_date: Any,
    description: str = "",
    contract_id: int | None = None,
) -> Receivable:
    """Record an amount the account owes by a date (A2n)."""
    permissions.require(permissions.can_record_finance(actor, account))
    due = a_date(due_date, field="due_date")
    if due is None:
        raise ValidationFailed(DUE_DATE_REQUIRED, field="due_date")
    receivable = Receivable(
        account=account,
        contract=_contract(account, contract_id),
        amount=rules.check_amount(amount, positive=True),
        due_date=due,
        description=text(description, field="description", limit=200),
    )
    return save(receivable, actor=actor, reason="created")


@transaction.atomic
def receivable_update(*, actor: User, receivable: Receivable, **values: Any) -> Receivable:
    permissions.require(permissions.can_record_finance(actor, receivable.account))
    if "amount" in values:
        amount = rules.check_amount(values["amount"], positive=True)
        if amount < receivable.collected:
            raise ValidationFailed(
                AMOUNT_BELOW_COLLECTED, field="amount", params={"collected": receivable.collected}
            )
        receivable.amount = amount
    if "due_date" in values:
        receivable.due_date = a_date(values["due_date"], field="due_date") or receivable.due_date
    if "description" in values:
        receivable.description = text(values["description"], field="description", limit=200)
    if "contract_id" in values:
        receivable.contract = _contract(receivable.account, values["contract_id"])
    return save(receivable, actor=actor, reason="edited")


@transaction.atomic
def receivable_delete(*, actor: User, receivable: Receivable) -> None:
    permissions.require(permissions.can_record_finance(actor, receivable.account))
    if receivable.payments.exists():
        raise Conflict(RECEIVABLE_HAS_PAYMENTS, field="id")
    receivable._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(receivable)


@transaction.atomic
def payment_create(
    *,
    actor: User,
    receivable: Receivable,
    amount: Any,
    paid_on: Any = None,
    method: str = PaymentMethod.TRANSFER,
    reference: str = "",
) -> Payment:
    """Record money collected against a receivable; more than is outstanding is refused (A2n)."""
    permissions.require(permissions.can_record_finance(actor, receivable.account))
    locked = Receivable.objects.select_for_update().get(pk=receivable.pk)
    value = rules.check_amount(amount, positive=True)
    if value > locked.outstanding:
        raise ValidationFailed(PAYMENT_EXCEEDS, field="amount", params={"outstanding": locked.outstanding})
    payment = Payment(
        receivable=locked,
        amount=value,
        paid_on=a_date(paid_on, field="paid_on", past_only=True) or clock.local_today(),
        method=choice(method, field="method", choices=PaymentMethod, blank=False),
        reference=text(reference, field="reference", limit=100),
        recorded_by=actor,
    )
    save(payment, actor=actor, reason="recorded")
    locked.collected += value
    save(locked, actor=actor, reason=f"payment {value}")
    receivable.collected = locked.collected
    return payment


@transaction.atomic
def payment_delete(*, actor: User, payment: Payment) -> None:
    """Remove a payment recorded by mistake; the receivable's collected amount follows."""
    permissions.require(permissions.can_record_finance(actor, payment.receivable.account))
    locked = Receivable.objects.select_for_update().get(pk=payment.receivable_id)
    payment._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(payment, reason="payment removed")
    locked.collected -= payment.amount
    save(locked, actor=actor, reason=f"payment {payment.amount} removed")


# Reconciliations (A2n) ----------------------------------------------------------------------------


def _sum(rows: Any, field: str) -> Decimal:
    total = rows.aggregate(total=Sum(field))["total"] or Decimal("0")
    return Decimal(total).quantize(rules.CENT)


def statement_figures(account: Account, month: date) -> dict[str, Decimal]:
    """Return a month's statement: opening balance, billed (receivables due in the month), collected
    (payments in the month) and closing balance."""
    nxt = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    receivables = Receivable.objects.filter(account=account)
    payments = Payment.objects.filter(receivable__account=account, receivable__deleted_at__isnull=True)
    opening = _sum(receivables.filter(due_date__lt=month), "amount") - _sum(
        payments.filter(paid_on__lt=month), "amount"
    )
    billed = _sum(receivables.filter(due_date__gte=month, due_date__lt=nxt), "amount")
    collected = _sum(payments.filter(paid_on__gte=month, paid_on__lt=nxt), "amount")
    return {
        "opening_balance": opening,
        "billed": billed,
        "collected": collected,
        "closing_balance": opening + billed - collected,
    }


@transaction.atomic
def reconciliation_create(*, actor: User, account: Account, month: str | date) -> Reconciliation:
    """Draw up an account's statement for a month, to be agreed or disputed (A2n)."""
    permissions.require(permissions.can_record_finance(actor, account))
    first = month if isinstance(month, date) else clock.parse_month(month)
    first = first.replace(day=1)
    if Reconciliation.objects.filter(account=account, month=first).exists():
        raise Conflict(RECONCILIATION_EXISTS, field="month", params={"month": f"{first:%Y-%m}"})
    statement = Reconciliation(
        account=account, month=first, prepared_by=actor, **statement_figures(account, first)
    )
    try:
        with transaction.atomic():
            return save(statement, actor=actor, reason="prepared")
    except IntegrityError:
        raise Conflict(RECONCILIATION_EXISTS, field="month", params={"month": f"{first:%Y-%m}"}) from None


def _confirm(actor: User, statement: Reconciliation, status: str, reason: str) -> Reconciliation:
    permissions.require(permissions.can_record_finance(actor, statement.account))
    if statement.status == ReconciliationStatus.AGREED:
        raise Conflict(RECONCILIATION_AGREED, field="status")
    statement.status = status
    statement.dispute_reason = reason
    statement.confirmed_by, statement.confirmed_at = actor, clock.now()
    return save(statement, actor=actor, reason=status + (f": {reason}" if reason else ""))


@transaction.atomic
def reconciliation_agree(*, actor: User, reconciliation: Reconciliation) -> Reconciliation:
    return _confirm(actor, reconciliation, ReconciliationStatus.AGREED, "")


@transaction.atomic
def reconciliation_dispute(*, actor: User, reconciliation: Reconciliation, reason: str) -> Reconciliation:
    """Dispute a statement; the reason is required and kept (A2n)."""
    return _confirm(actor, reconciliation, ReconciliationStatus.DISPUTED, reason_text(reason, limit=500))


# Deals (B1, B5) -----------------------------------------------------------------------------------


def _occurred(value: Any) -> datetime:
    moment = clock.now() if value in (None, "") else clock.parse_moment(value, field="occurred_at")
    if moment > clock.now() + timedelta(minutes=5):
        raise ValidationFailed(IN_FUTURE, field="occurred_at")
    return moment


def _deal_specialist(actor: User, account: Account, specialist_id: Any) -> User:
    if specialist_id is UNSET or specialist_id is None:
        specialist_id = actor.pk if actor.holds("specialist") else account.owner_id
    specialist = active_user(specialist_id, field="specialist_id")
    if specialist is None or not specialist.holds("specialist"):
        raise ValidationFailed(SPECIALIST_REQUIRED, field="specialist_id")
    if specialist.pk != actor.pk:
        permissions.require(permissions.can_manage_account(actor, account))
    return specialist


def _site(actor: User, site_id: int | None) -> Any:
    if site_id is None:
        return None
    site = selectors.site_list(viewer=actor).filter(pk=site_id).first()
    if site is None:
        raise ValidationFailed(SITE_NOT_FOUND, field="site_id", params={"id": site_id})
    return site


@transaction.atomic
def deal_create(
    *,
    actor: User,
    account: Account,
    amount: Any,
    specialist_id: Any = UNSET,
    site_id: int | None = None,
    occurred_at: Any = None,
    notes: str = "",
) -> Deal:
    """Record a deal: the account's customer delivered to a project site (输送客户到案场, B1)."""
    permissions.require(permissions.can_edit_account(actor, account))
    deal = Deal(
        account=account,
        specialist=_deal_specialist(actor, account, specialist_id),
        site=_site(actor, site_id),
        occurred_at=_occurred(occurred_at),
        amount=rules.check_amount(amount),
        notes=text(notes, field="notes", limit=2000),
    )
    save(deal, actor=actor, reason="recorded")
    transaction.on_commit(lambda: deal_recorded.send(sender=Deal, deal=deal))
    return deal


@transaction.atomic
def deal_update(*, actor: User, deal: Deal, **values: Any) -> Deal:
    permissions.require(permissions.can_edit_account(actor, deal.account))
    if "amount" in values:
        deal.amount = rules.check_amount(values["amount"])
    if "occurred_at" in values:
        deal.occurred_at = _occurred(values["occurred_at"])
    if "site_id" in values:
        deal.site = _site(actor, values["site_id"])
    if "specialist_id" in values:
        deal.specialist = _deal_specialist(actor, deal.account, values["specialist_id"])
    if "notes" in values:
        deal.notes = text(values["notes"], field="notes", limit=2000)
    return save(deal, actor=actor, reason="edited")


@transaction.atomic
def deal_delete(*, actor: User, deal: Deal) -> None:
    permissions.require(permissions.can_edit_account(actor, deal.account))
    deal._history_user = actor  # type: ignore[attr-defined]
    audit.soft_delete(deal)
