"""Contracts, receivables, payments, monthly reconciliations and deals (A2d, A2n, B5).

Money is Decimal with 14 digits and 2 places; the services refuse negative and absurd amounts, and
the database refuses them too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kam.core.models import AuditedModel

LIVE = Q(deleted_at__isnull=True)


def money(verbose_name: Any, **kwargs: Any) -> Any:
    """Return a money field: Decimal with 14 digits, 2 of them decimals (at most 999,999,999,999.99)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class Contract(AuditedModel):
    """A contract with a key account, reviewed and signed by the KA manager (A2d)."""

    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus, default=ContractStatus.DRAFT
    )
    amount = money(_("amount"))
    contract_date = models.DateField(_("contract date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    terms = models.TextField(_("terms"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-contract_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=LIVE, name="contract_number_unique_live"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=F("contract_date")),
                name="contract_due_not_before_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ContractAttachment(AuditedModel):
    """A file attached to a contract (the signed scan, annexes)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="contracts/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contract attachment")
        verbose_name_plural = _("contract attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Receivable(AuditedModel):
    """An amount a key account owes, due on a date; ``collected`` is the sum of its payments (A2n)."""

    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="receivables"
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receivables",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = money(_("amount due"))
    due_date = models.DateField(_("due date"), db_index=True)
    collected = money(_("collected"), default=Decimal("0.00"))

    class Meta:
        verbose_name = _("receivable")
        verbose_name_plural = _("receivables")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receivable_amount_positive"),
            models.CheckConstraint(
                condition=Q(collected__gte=0) & Q(collected__lte=F("amount")),
                name="receivable_collected_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount} @ {self.due_date}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.collected


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    ACCEPTANCE = "acceptance", _("Bank acceptance bill")
    CHEQUE = "cheque", _("Cheque")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class Payment(AuditedModel):
    """A payment collected against a receivable (A2n)."""

    receivable = models.ForeignKey(
        Receivable, verbose_name=_("receivable"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = money(_("amount"))
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(
        _("method"), max_length=20, choices=PaymentMethod, default=PaymentMethod.TRANSFER
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} @ {self.paid_on}"


class ReconciliationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    AGREED = "agreed", _("Agreed")
    DISPUTED = "disputed", _("Disputed")


class Reconciliation(AuditedModel):
    """A monthly statement of one account with finance: agreed, or disputed with a reason (A2n)."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="reconciliations",
    )
    month = models.DateField(_("month"))
    opening_balance = money(_("opening balance"))
    billed = money(_("billed"))
    collected = money(_("collected"))
    closing_balance = money(_("closing balance"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReconciliationStatus, default=ReconciliationStatus.PENDING
    )
    dispute_reason = models.CharField(_("reason for the dispute"), max_length=500, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        ordering = ["-month", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "month"], condition=LIVE, name="reconciliation_one_per_account_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m}"


class Deal(AuditedModel):
    """A deal (成交): a customer delivered to a project site by a specialist (B1, B5)."""

    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="deals"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("specialist"), on_delete=models.PROTECT, related_name="deals"
    )
    site = models.ForeignKey(
        "accounts.Site",
        verbose_name=_("project site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
    )
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    amount = money(_("amount"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["specialist", "occurred_at"], name="deal_specialist_time")]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.occurred_at:%Y-%m-%d}"
