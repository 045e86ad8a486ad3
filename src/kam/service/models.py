"""Tables of the service desk: SLA policies, service requests, their events and milestones (D10, B7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kam.core.models import AuditedModel
from kam.service.labels import KIND_LABELS, STATUS_LABELS
from kam.service.policies import EventType, RequestKind, Responsible
from kam.service.rules import MilestoneStatus

Kind = models.TextChoices("Kind", [(k.value.upper(), (k.value, KIND_LABELS[k.value])) for k in RequestKind])
EventKind = models.TextChoices("EventKind", [(t.value.upper(), t.value) for t in EventType])
MilestoneState = models.TextChoices(
    "MilestoneState", [(s.value.upper(), (s.value, STATUS_LABELS[s.value])) for s in MilestoneStatus]
)
ResponsiblePost = models.TextChoices("ResponsiblePost", [(r.name, r.value) for r in Responsible])


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("service request", "Open")
    CLOSED = "closed", _("Closed")


class RepeatStatus(models.TextChoices):
    NONE = "", _("Not a repeat")
    SUGGESTED = "suggested", _("Possible repeat")
    CONFIRMED = "confirmed", _("Confirmed repeat")
    CLEARED = "cleared", _("Not a repeat (cleared)")


class SlaPolicy(AuditedModel):
    """One version of a kind's SLA policy; a request keeps the version it started with (D10)."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="service_policy_kind_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(active=True), name="service_policy_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class ServiceRequest(AuditedModel):
    """An inquiry, complaint, rescue call or callback, with the customer, who handles it and its clocks."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), null=True, blank=True, on_delete=models.PROTECT
    )
    contact = models.ForeignKey(
        "accounts.Contact", verbose_name=_("contact"), null=True, blank=True, on_delete=models.PROTECT
    )
    caller_phone = models.CharField(_("caller phone"), max_length=30, blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    category = models.CharField(_("category"), max_length=100, blank=True)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus, default=RequestStatus.OPEN)
    policy = models.ForeignKey(SlaPolicy, verbose_name=_("SLA policy"), on_delete=models.PROTECT)
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
    )
    repeat_status = models.CharField(
        _("repeat"), max_length=20, choices=RepeatStatus, default=RepeatStatus.NONE, blank=True
    )
    origin = models.CharField(_("origin"), max_length=100, blank=True, help_text=_("What created it."))

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin"], condition=~models.Q(origin=""), name="service_request_origin_once"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.summary[:30]}"


class ServiceEventRow(models.Model):
    """One event of a request as recorded; the milestones are recomputed from all of them (D10)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField(_("sequence"))
    type = models.CharField(_("type"), max_length=40, choices=EventKind)
    occurred_at = models.DateTimeField(_("occurred at"))
    payload = models.JSONField(_("payload"), default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service event")
        verbose_name_plural = _("service events")
        ordering = ["occurred_at", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["request", "sequence"], name="service_event_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.type} @ {self.occurred_at:%Y-%m-%d %H:%M}"


class Milestone(models.Model):
    """A request's clock as last computed; the sweep reads ``status=pending AND due_at < now`` (D10)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=MilestoneState)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    responsible_post = models.CharField(_("responsible post"), max_length=30, choices=ResponsiblePost)
    responsible_department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    breach_notified_at = models.DateTimeField(_("breach notified at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["request", "position"]
        constraints = [models.UniqueConstraint(fields=["request", "code"], name="service_milestone_code")]
        indexes = [
            models.Index(fields=["status", "due_at"], name="service_ms_sweep"),
            models.Index(fields=["escalation_level", "breached_at"], name="service_ms_escalate"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}:{self.code} {self.status}"


class AssessmentRecord(AuditedModel):
    """A repeat complaint charged to the person responsible for a breached milestone (B7)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("failed request"), on_delete=models.PROTECT, related_name="+"
    )
    repeat = models.ForeignKey(
        ServiceRequest, verbose_name=_("repeat complaint"), on_delete=models.PROTECT, related_name="+"
    )
    milestone_code = models.CharField(_("milestone"), max_length=60)
    deduction = models.DecimalField(_("deduction"), max_digits=6, decimal_places=2)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("assessment record")
        verbose_name_plural = _("assessment records")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["repeat", "request", "milestone_code"],
                condition=models.Q(deleted_at__isnull=True),
                name="service_assessment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} −{self.deduction} ({self.milestone_code})"


class CallQualityReview(AuditedModel):
    """A supervisor's check of one sampled call against the rulebook's conduct rules (D10f)."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("call"), on_delete=models.PROTECT, related_name="reviews"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(_("checklist scores"), default=dict)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    note = models.TextField(_("note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        verbose_name = _("call quality review")
        verbose_name_plural = _("call quality reviews")
        ordering = ["-reviewed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(deleted_at__isnull=True), name="service_review_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.total}"
