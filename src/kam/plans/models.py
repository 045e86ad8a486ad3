"""Annual targets, scorecard templates, monthly plans and scorecards (A2b, B1–B8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kam.core.models import AuditedModel


class AnnualTarget(AuditedModel):
    """A department's yearly targets, split per specialist and month (A2b).

    ``split`` maps ``"<user_id>"`` → ``{"<month 1-12>": {"visits": n, "expansions": n, "deals": n}}``.
    """

    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="annual_targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    visits = models.PositiveIntegerField(_("visits"), default=0)
    expansions = models.PositiveIntegerField(_("expansions"), default=0)
    deals = models.PositiveIntegerField(_("deals"), default=0)
    split = models.JSONField(_("split per specialist and month"), default=dict, blank=True)

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"],
                condition=models.Q(deleted_at__isnull=True),
                name="annual_target_unique_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}"


class ScorecardTemplate(AuditedModel):
    """A named, versioned scorecard form; rows are a JSON list of row specs (B3)."""

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    rows = models.JSONField(_("rows"), default=list)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("scorecard template")
        verbose_name_plural = _("scorecard templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="scorecard_template_name_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class MonthlyPlan(AuditedModel):
    """A specialist's plan for one month, in groups (组), due on the last working day before it (B1)."""

    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("specialist"), on_delete=models.PROTECT, related_name="plans"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    visits = models.PositiveIntegerField(_("planned visits"))
    expansions = models.PositiveIntegerField(_("planned expansions"))
    deals = models.PositiveIntegerField(_("planned deals"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    late = models.BooleanField(_("late"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("monthly plan")
        verbose_name_plural = _("monthly plans")
        ordering = ["-month", "specialist_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "month"],
                condition=models.Q(deleted_at__isnull=True),
                name="monthly_plan_unique_live",
            )
        ]
        indexes = [models.Index(fields=["department", "month"], name="plan_department_month")]

    def __str__(self) -> str:
        return f"{self.specialist_id} {self.month:%Y-%m}"


class ScorecardStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("scorecard", "Open")
    LOCKED = "locked", _("Locked")


class Scorecard(AuditedModel):
    """One specialist's scorecard for a month; the template is frozen in, the rows once locked (B2, B8)."""

    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    template_name = models.CharField(_("template"), max_length=100)
    template_version = models.PositiveSmallIntegerField(_("template version"))
    template_rows = models.JSONField(_("template rows"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus, default=ScorecardStatus.OPEN
    )
    rows = models.JSONField(_("frozen rows"), null=True, blank=True)
    deductions = models.JSONField(_("frozen deductions"), null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["-month", "specialist_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "month"],
                condition=models.Q(deleted_at__isnull=True),
                name="scorecard_unique_live",
            )
        ]
        indexes = [models.Index(fields=["department", "month"], name="scorecard_department_month")]

    def __str__(self) -> str:
        return f"{self.specialist_id} {self.month:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status == ScorecardStatus.LOCKED


class ManualScore(AuditedModel):
    """The KA manager's 0–100 mark for a manual row (B4, B5)."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="manual_scores"
    )
    code = models.CharField(_("row"), max_length=50)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scored by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "code"],
                condition=models.Q(deleted_at__isnull=True),
                name="manual_score_unique_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scorecard_id} {self.code}={self.score}"


class ScorecardAdjustment(AuditedModel):
    """A manager's adjustment of a row's score, with its mandatory reason (B8); the latest one counts."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="adjustments"
    )
    code = models.CharField(_("row"), max_length=50)
    old = models.DecimalField(_("old score"), max_digits=7, decimal_places=2)
    new = models.DecimalField(_("new score"), max_digits=7, decimal_places=2)
    reason = models.TextField(_("reason"))
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adjusted by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("scorecard adjustment")
        verbose_name_plural = _("scorecard adjustments")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="adjustment_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard_id} {self.code}: {self.old} → {self.new}"


class DepartmentTemplate(AuditedModel):
    """Which scorecard template a department uses (B3, B4): the latest version of that name is in force.

    A department without one uses the default template (form 1). New scorecards freeze the template in
    force when they are first computed, so changing the choice never changes a month already started.
    """

    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    template_name = models.CharField(_("template"), max_length=100)

    class Meta:
        verbose_name = _("department scorecard template")
        verbose_name_plural = _("department scorecard templates")
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(deleted_at__isnull=True),
                name="department_template_unique_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id}: {self.template_name}"
