"""Spreadsheet imports (F2): the uploaded file, its row-by-row validation report and the outcome."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ACCOUNTS = "accounts", _("Key accounts")
    CONTACTS = "contacts", _("Contacts")


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the file")
    CHECKED = "checked", _("Checked, waiting for your decision")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class ImportJob(models.Model):
    """One spreadsheet import: checked in full first, then written only when the user says so.

    ``errors`` keeps the first rows' errors for the page; the downloadable report holds all of them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus, default=ImportStatus.VALIDATING
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    report = models.FileField(_("error report"), upload_to="imports/%Y/%m/", blank=True)
    valid_only = models.BooleanField(_("valid rows only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
