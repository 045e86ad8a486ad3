"""Shared tables: the audited base of every business record, calendar overrides, job locks."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

_M = TypeVar("_M", bound=models.Model)


class LiveManager(models.Manager[_M]):
    """The default manager: soft-deleted rows are left out."""

    def get_queryset(self) -> models.QuerySet[_M]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class AuditedModel(models.Model):
    """Base of every business record (F1): timestamps, soft delete and a full change history.

    Who changed what and when lives in the model's history table (django-simple-history); deleting
    only sets ``deleted_at``, recorded in that history with its reason.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(inherit=True)

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 - LiveManager is a manager too

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def save_with_reason(self, reason: str, **kwargs: Any) -> None:
        """Save, recording ``reason`` on the history entry."""
        self._change_reason = reason  # read by simple-history
        self.save(**kwargs)


class CalendarOverride(AuditedModel):
    """A company decision that a date is, or is not, a working day (wins over the official calendar)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'✓' if self.is_working_day else '✗'}"


class JobLock(models.Model):
    """A lease that keeps a periodic job from running twice at once across workers."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100, blank=True)
    locked_until = models.DateTimeField(null=True)
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("job lock")
        verbose_name_plural = _("job locks")

    def __str__(self) -> str:
        return self.name


class SecurityEvent(models.Model):
    """A sign-in failure, a refused token, a permission failure or a rate-limited call (issue 12).

    Kept apart from the business history: these rows record attempts that changed nothing, written
    in their own transaction so that the refusal that follows cannot roll them back.
    """

    class Kind(models.TextChoices):
        SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
        TOKEN_REJECTED = "token_rejected", _("API token rejected")
        PERMISSION_DENIED = "permission_denied", _("permission denied")
        RATE_LIMITED = "rate_limited", _("rate limited")

    at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        "org.User", verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username or self.user_id or ''}"
