"""Request and response shapes of contracts, receivables, payments, reconciliations, deals and imports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class ContractIn(Schema):
    account_id: int
    number: str = Field(max_length=50)
    title: str = Field(max_length=200)
    amount: Decimal
    contract_date: date
    due_date: date | None = None
    terms: str = Field(default="", max_length=20000)


class ContractPatch(Schema):
    number: str | None = Field(default=None, max_length=50)
    title: str | None = Field(default=None, max_length=200)
    amount: Decimal | None = None
    contract_date: date | None = None
    due_date: date | None = None
    terms: str | None = Field(default=None, max_length=20000)


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return f"/accounts/contracts/{obj.contract_id}/attachments/{obj.pk}/"


class ContractOut(Schema):
    id: int
    account_id: int
    number: str
    title: str
    status: str
    amount: Decimal
    contract_date: date
    due_date: date | None
    terms: str
    reviewed_by_id: int | None
    reviewed_at: datetime | None
    signed_by_id: int | None
    signed_at: datetime | None
    ended_at: datetime | None
    end_reason: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())


class ReceivableIn(Schema):
    account_id: int
    amount: Decimal
    due_date: date
    description: str = Field(default="", max_length=200)
    contract_id: int | None = None


class ReceivablePatch(Schema):
    amount: Decimal | None = None
    due_date: date | None = None
    description: str | None = Field(default=None, max_length=200)
    contract_id: int | None = None


class ReceivableOut(Schema):
    id: int
    account_id: int
    contract_id: int | None
    description: str
    amount: Decimal
    due_date: date
    collected: Decimal
    outstanding: Decimal
    ageing: str

    @staticmethod
    def resolve_ageing(obj: Any) -> str:
        from kam.accounts import rules
        from kam.core import clock

        return rules.ageing_bucket(obj.due_date, clock.local_today()) if obj.outstanding > 0 else "settled"


class PaymentIn(Schema):
    receivable_id: int
    amount: Decimal
    paid_on: date | None = None
    method: str = Field(default="transfer", max_length=20)
    reference: str = Field(default="", max_length=100)


class PaymentOut(Schema):
    id: int
    receivable_id: int
    amount: Decimal
    paid_on: date
    method: str
    reference: str
    recorded_by_id: int | None


class ReconciliationIn(Schema):
    account_id: int
    month: str = Field(max_length=7, description="YYYY-MM")


class ReconciliationOut(Schema):
    id: int
    account_id: int
    month: str
    opening_balance: Decimal
    billed: Decimal
    collected: Decimal
    closing_balance: Decimal
    status: str
    dispute_reason: str
    prepared_by_id: int | None
    confirmed_by_id: int | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_month(obj: Any) -> str:
        return f"{obj.month:%Y-%m}"


class DealIn(Schema):
    account_id: int
    specialist_id: int | None = None
    site_id: int | None = None
    occurred_at: datetime | None = None
    amount: Decimal
    notes: str = Field(default="", max_length=2000)


class DealPatch(Schema):
    specialist_id: int | None = None
    site_id: int | None = None
    occurred_at: datetime | None = None
    amount: Decimal | None = None
    notes: str | None = Field(default=None, max_length=2000)


class DealOut(Schema):
    id: int
    account_id: int
    specialist_id: int
    site_id: int | None
    occurred_at: datetime
    amount: Decimal
    notes: str


class ImportOut(Schema):
    id: UUID
    kind: str
    status: str
    original_name: str
    total_rows: int
    valid_rows: int
    error_rows: int
    created_rows: int
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    message: str
    report_url: str | None

    @staticmethod
    def resolve_report_url(obj: Any) -> str | None:
        return f"/api/v1/imports/{obj.pk}/report" if obj.report else None


class ImportConfirmIn(Schema):
    valid_only: bool = False
