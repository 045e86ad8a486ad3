"""Writes of contracts: drafting, review and signing by the KA manager, ending, attachments (A2d)."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from kam.accounts import permissions, rules
from kam.accounts.models import Account, Contract, ContractAttachment, ContractStatus
from kam.accounts.services.common import a_date, reason_text, save, text
from kam.core import clock
from kam.core.errors import Conflict, ValidationFailed
from kam.org.models import User

CONTRACT_NUMBER_TAKEN = gettext_noop("Another contract already has the number {number}.")
CONTRACT_LOCKED = gettext_noop("Only a draft contract can be changed; send it back to draft first.")
CONTRACT_DATE_REQUIRED = gettext_noop("The contract date is required.")
ATTACHMENT_TOO_LARGE = gettext_noop("The file is too large (at most {mb} MB).")
ATTACHMENT_EMPTY = gettext_noop("The file is empty.")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "number" in values:
        cleaned["number"] = text(values["number"], field="number", limit=50, required=True)
    if "title" in values:
        cleaned["title"] = text(values["title"], field="title", limit=200, required=True)
    if "amount" in values:
        cleaned["amount"] = rules.check_amount(values["amount"], field="amount")
    if "contract_date" in values:
        cleaned["contract_date"] = a_date(values["contract_date"], field="contract_date")
        if cleaned["contract_date"] is None:
            raise ValidationFailed(CONTRACT_DATE_REQUIRED, field="contract_date")
    if "due_date" in values:
        cleaned["due_date"] = a_date(values["due_date"], field="due_date")
    if "terms" in values:
        cleaned["terms"] = text(values["terms"], field="terms", limit=20000)
    return cleaned


def _save_contract(contract: Contract, *, actor: User, reason: str) -> Contract:
    rules.check_contract_dates(contract.contract_date, contract.due_date)
    if Contract.objects.filter(number=contract.number).exclude(pk=contract.pk).exists():
        raise Conflict(CONTRACT_NUMBER_TAKEN, field="number", params={"number": contract.number})
    try:
        with transaction.atomic():
            return save(contract, actor=actor, reason=reason)
    except IntegrityError:
        raise Conflict(CONTRACT_NUMBER_TAKEN, field="number", params={"number": contract.number}) from None


@transaction.atomic
def contract_create(
    *,
    actor: User,
    account: Account,
    number: str,
    title: str,
    amount: Any,
    contract_date: Any,
    due_date: Any = None,
    terms: str = "",
) -> Contract:
    """Draft a contract with an account; the due date may not come before the contract date (A2d)."""
    permissions.require(permissions.can_edit_account(actor, account))
    cleaned = _clean(
        {
            "number": number,
            "title": title,
            "amount": amount,
            "contract_date": contract_date,
            "due_date": due_date,
            "terms": terms,
        }
    )
    return _save_contract(Contract(account=account, **cleaned), actor=actor, reason="drafted")


@transaction.atomic
def contract_update(*, actor: User, contract: Contract, **values: Any) -> Contract:
    """Change a draft; reviewed and signed contracts are fixed."""
    permissions.require(permissions.can_edit_account(actor, contract.account))
    if contract.status != ContractStatus.DRAFT:
        raise Conflict(CONTRACT_LOCKED, field="status")
    for key, value in _clean(values).items():
        setattr(contract, key, value)
    return _save_contract(contract, actor=actor, reason="edited")


def _move(contract: Contract, target: str) -> str:
    before = contract.status
    rules.check_contract_transition(before, target)
    contract.status = target
    return before


@transaction.atomic
def contract_review(*, actor: User, contract: Contract) -> Contract:
    """Mark a draft reviewed by the KA manager (A2d: the manager reviews and signs contracts)."""
    permissions.require(permissions.can_manage_account(actor, contract.account))
    _move(contract, ContractStatus.REVIEWED)
    contract.reviewed_by, contract.reviewed_at = actor, clock.now()
    return save(contract, actor=actor, reason="reviewed")


@transaction.atomic
def contract_send_back(*, actor: User, contract: Contract, reason: str) -> Contract:
    """Send a reviewed contract back to draft for changes, saying why."""
    permissions.require(permissions.can_manage_account(actor, contract.account))
    why = reason_text(reason)
    _move(contract, ContractStatus.DRAFT)
    contract.reviewed_by, contract.reviewed_at = None, None
    return save(contract, actor=actor, reason=f"sent back: {why}")


@transaction.atomic
def contract_sign(*, actor: User, contract: Contract) -> Contract:
    """Sign a reviewed contract (A2d)."""
    permissions.require(permissions.can_manage_account(actor, contract.account))
    _move(contract, ContractStatus.SIGNED)
    contract.signed_by, contract.signed_at = actor, clock.now()
    return save(contract, actor=actor, reason="signed")


@transaction.atomic
def contract_terminate(*, actor: User, contract: Contract, reason: str) -> Contract:
    """End a contract early (or drop an unsigned one), with the reason."""
    permissions.require(permissions.can_manage_account(actor, contract.account))
    why = reason_text(reason)
    _move(contract, ContractStatus.TERMINATED)
    contract.ended_at, contract.end_reason = clock.now(), why
    return save(contract, actor=actor, reason=f"terminated: {why}")


def contracts_expire(*, today: date | None = None) -> int:
    """Mark signed contracts whose due date has passed as expired; return how many (a daily sweep)."""
    today = today or clock.local_today()
    count = 0
    for contract in Contract.objects.filter(status=ContractStatus.SIGNED, due_date__lt=today):
        if rules.contract_has_expired(contract.status, contract.due_date, today):
            with transaction.atomic():
                contract.status, contract.ended_at = ContractStatus.EXPIRED, clock.now()
                save(contract, actor=None, reason="expired")
                count += 1
    return count


@transaction.atomic
def contract_attach(*, actor: User, contract: Contract, upload: UploadedFile) -> ContractAttachment:
    """Attach a file (a signed scan, an annex) to a contract."""
    permissions.require(permissions.can_edit_account(actor, contract.account))
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            ATTACHMENT_TOO_LARGE, field="file", params={"mb": MAX_ATTACHMENT_BYTES // 2**20}
        )
    if size == 0:
        raise ValidationFailed(ATTACHMENT_EMPTY, field="file")
    name = PurePath(upload.name or "attachment").name[:200]
    attachment = ContractAttachment(contract=contract, name=name, size=size, uploaded_by=actor)
    attachment.file.save(name, upload, save=False)
    return save(attachment, actor=actor, reason="attached")
