"""Facility tours (D1): the facility's areas with their safety flags, and tour applications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kam.core.models import AuditedModel
from kam.tours import rules


class FacilityArea(AuditedModel):
    """An area of the facility a route may pass through; its flags decide the safety notes (D1)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_workshop = models.BooleanField(
        _("production workshop"), default=False, help_text=_("Visitors wear safety helmets here.")
    )
    is_magnet_sensitive = models.BooleanField(
        _("strong magnetic fields"),
        default=False,
        help_text=_("Watches, credit cards and similar items are handed to staff before entering."),
    )
    is_restricted = models.BooleanField(
        _("no visitors"), default=False, help_text=_("Marked “no visitors”: it cannot be on a route.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("facility area")
        verbose_name_plural = _("facility areas")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def as_rule(self) -> rules.Area:
        return rules.Area(self.pk, self.name, self.is_workshop, self.is_magnet_sensitive, self.is_restricted)


class TourStatus(models.TextChoices):
    DRAFT = rules.DRAFT, _("Draft")
    SUBMITTED = rules.SUBMITTED, _("Awaiting approval")
    RETURNED = rules.RETURNED, _("Returned for changes")
    APPROVED = rules.APPROVED, _("Approved")
    REJECTED = rules.REJECTED, _("Rejected")
    CANCELLED = rules.CANCELLED, _("Cancelled")


class TourApplication(AuditedModel):
    """A tour application (公司参观申请表): who visits, when, why and along which route (D1)."""

    host_department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("host department")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    organisation = models.CharField(_("visiting organisation"), max_length=200)
    headcount = models.PositiveSmallIntegerField(_("headcount"))
    visit_date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    purpose = models.TextField(_("purpose"))
    interview_or_filming = models.BooleanField(_("interview or filming"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TourStatus, default=TourStatus.DRAFT)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approval"),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host"),
    )
    car = models.CharField(_("car"), max_length=100, blank=True)
    guide = models.CharField(_("guide"), max_length=100, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tour application")
        verbose_name_plural = _("tour applications")
        ordering = ["-visit_date", "-start_time", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.visit_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("tour_detail", args=[self.pk])


class TourStop(models.Model):
    """One area of a tour's route, in order."""

    tour = models.ForeignKey(TourApplication, on_delete=models.CASCADE, related_name="stops")
    area = models.ForeignKey(FacilityArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        ordering = ["tour", "order"]
        constraints = [models.UniqueConstraint(fields=["tour", "order"], name="tours_stop_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.area}"


class TourVisitor(models.Model):
    """A visitor named on the application."""

    tour = models.ForeignKey(TourApplication, on_delete=models.CASCADE, related_name="visitors")
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["tour", "order"]

    def __str__(self) -> str:
        return self.name
