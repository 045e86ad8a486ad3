"""Kept key account management reports (A2p): what was produced, for whom, when, with its figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.core.models import AuditedModel


class ReportPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class KeyAccountReport(AuditedModel):
    """A produced report of one department and month (or year), kept as it was produced (A2p).

    Producing it again for the same department and period replaces the figures; the history keeps
    every earlier version.
    """

    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=5, choices=ReportPeriod, default=ReportPeriod.MONTH)
    start = models.DateField(_("from"))
    figures = models.JSONField(_("figures"), default=dict)
    produced_at = models.DateTimeField(_("produced at"))
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("produced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the schedule produced it."),
    )

    class Meta:
        verbose_name = _("key account management report")
        verbose_name_plural = _("key account management reports")
        ordering = ["-start", "department_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period", "start"],
                condition=models.Q(deleted_at__isnull=True),
                name="reports_one_live_report_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.period} {self.start:%Y-%m}"
