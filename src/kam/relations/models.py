"""Relationship management: assessments (D12), needs (C1), demand (C2), market notes (A2l),
regional directives (A2o), department meetings (A2m) and procedures (A2a)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.core.models import AuditedModel
from kam.relations import rules

USER = settings.AUTH_USER_MODEL


class AssessmentResult(models.TextChoices):
    DEVELOP = rules.DEVELOP, _("Develop the relationship")
    MAINTAIN = rules.MAINTAIN, _("Maintain the relationship")
    TERMINATE = rules.TERMINATE, _("Terminate the relationship")


class AssessmentTemplate(AuditedModel):
    """An assessment template (D12): indicators weighing 100 in all, grades, standard and thresholds."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    standard_score = models.DecimalField(_("standard score"), max_digits=5, decimal_places=2)
    develop_at = models.DecimalField(_("develop from"), max_digits=5, decimal_places=2)
    terminate_below = models.DecimalField(_("terminate below"), max_digits=5, decimal_places=2)
    grades = models.JSONField(_("grade scale"), default=list, help_text=_("[[grade, minimum score], …]"))
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name

    def grade_scale(self) -> list[rules.Grade]:
        return [rules.Grade(str(name), Decimal(str(minimum))) for name, minimum in self.grades]

    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(self.develop_at, self.terminate_below)


class Indicator(models.Model):
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("template")
    )
    name = models.CharField(_("indicator"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class Assessment(AuditedModel):
    """A relationship assessment of one account (大客户关系评估表, D12)."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("account")
    )
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor"))
    owner = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("owner")
    )
    department = models.ForeignKey(
        "org.Department", null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    assessed_on = models.DateField(_("assessed on"))
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2)
    standard_score = models.DecimalField(_("standard score"), max_digits=5, decimal_places=2)
    proposed = models.CharField(_("proposed result"), max_length=10, choices=AssessmentResult)
    result = models.CharField(_("result"), max_length=10, choices=AssessmentResult, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus, default=AssessmentStatus.PROPOSED
    )
    suggestions = models.TextField(_("suggestions"), blank=True)
    reason = models.CharField(_("reason for the decision"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    released = models.BooleanField(_("account released"), default=False)

    class Meta:
        verbose_name = _("relationship assessment")
        verbose_name_plural = _("relationship assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.account} {self.assessed_on}"

    @property
    def difference(self) -> Decimal:
        return rules.against_standard(self.total, self.standard_score)

    @property
    def overridden(self) -> bool:
        return bool(self.result) and self.result != self.proposed


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("indicator"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=20)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.score}"


class FollowUp(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Need(AuditedModel):
    """A dated entry of the needs and countermeasures form (大客户需要对策表, C1)."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="needs", verbose_name=_("account")
    )
    department = models.ForeignKey("org.Department", null=True, on_delete=models.PROTECT, related_name="+")
    entry_date = models.DateField(_("date"))
    direction = models.CharField(_("movement / direction"), max_length=500)
    problem = models.TextField(_("problem points"))
    countermeasure = models.TextField(_("countermeasures"), blank=True)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=FollowUp, default=FollowUp.OPEN)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))

    class Meta:
        verbose_name = _("need and countermeasure")
        verbose_name_plural = _("needs and countermeasures")
        ordering = ["-entry_date", "-pk"]


class DemandLine(AuditedModel):
    """A line of the demand analysis form (大客户需求分析表, C2)."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="demand_lines", verbose_name=_("account")
    )
    department = models.ForeignKey("org.Department", null=True, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    product_type = models.CharField(_("product type"), max_length=100)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    region = models.CharField(_("region"), max_length=100)
    price_min = models.DecimalField(_("lowest price"), max_digits=14, decimal_places=2, null=True, blank=True)
    price_max = models.DecimalField(
        _("highest price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    factors = models.TextField(_("analysis of demand factors"), blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("demand line")
        verbose_name_plural = _("demand lines")
        ordering = ["product_type", "pk"]

    def as_rule(self) -> rules.DemandLine:
        return rules.DemandLine(self.product_type, self.region, self.quantity, self.price_min, self.price_max)


class Competitor(AuditedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    NONE = "", _("No proposal")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Carried out")


class MarketNote(AuditedModel):
    """A competitor or market note with an optional proposal (A2l)."""

    department = models.ForeignKey("org.Department", null=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    competitor = models.ForeignKey(
        Competitor, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="market_notes"
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    noted_on = models.DateField(_("date"))
    body = models.TextField(_("note"))
    proposal = models.TextField(_("proposal"), blank=True)
    proposal_status = models.CharField(
        _("proposal status"), max_length=10, choices=ProposalStatus, blank=True, default=ProposalStatus.NONE
    )

    class Meta:
        verbose_name = _("market note")
        verbose_name_plural = _("market notes")
        ordering = ["-noted_on", "-pk"]


class DirectiveStatus(models.TextChoices):
    ISSUED = rules.ISSUED, _("Issued")
    ACKNOWLEDGED = rules.ACKNOWLEDGED, _("Acknowledged")
    IN_PROGRESS = rules.IN_PROGRESS, _("In progress")
    COMPLETED = rules.COMPLETED, _("Completed")
    REPLIED = rules.REPLIED, _("Replied")
    WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")


class Directive(AuditedModel):
    """A regional manager's directive to a KA manager, tracked to execution, result and reply (A2o)."""

    issued_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    assignee = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("KA manager")
    )
    department = models.ForeignKey("org.Department", null=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("instructions"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=DirectiveStatus, default=DirectiveStatus.ISSUED
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("regional directive")
        verbose_name_plural = _("regional directives")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class DirectiveUpdate(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("execution update"))
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]


class Meeting(AuditedModel):
    """A department meeting (A2m): minutes, attendees, decisions and action items."""

    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    attendees: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, related_name="+", verbose_name=_("attendees"), blank=True
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("department meeting")
        verbose_name_plural = _("department meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class Procedure(AuditedModel):
    """A department work procedure or rule (A2a); its text lives in numbered versions."""

    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"))
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="relations_procedure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} v{self.number}"


class Acknowledgement(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="relations_acknowledgement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.version_id}"
