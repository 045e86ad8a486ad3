"""Tables of field work: sign-ins, plans, appointments, visits, daily reports, violations (D11, D13–D16)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kam.core.models import AuditedModel
from kam.visits.codes import (
    CoordSystem,
    PlanCode,
    ReportStatus,
    ResultCode,
    SignInSource,
    ViolationCode,
    ViolationStatus,
)

USER = settings.AUTH_USER_MODEL


def _person(label: str, related: str, *, null: bool = False) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        USER, verbose_name=label, on_delete=models.PROTECT, related_name=related, null=null, blank=null
    )


def _department() -> models.ForeignKey:  # type: ignore[type-arg]
    """The person's department when the row was written: what managers' and directors' reach is cut by."""
    return models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class SignIn(AuditedModel):
    """A sign-in on entering the market (D11): when, where (stored in WGS-84), and from which source."""

    user = _person(_("person"), "sign_ins")
    department = _department()
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    lat = models.FloatField(_("latitude (WGS-84)"))
    lng = models.FloatField(_("longitude (WGS-84)"))
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    coord_system = models.CharField(
        _("coordinate system received"), max_length=8, choices=CoordSystem.choices
    )
    source = models.CharField(
        _("source"), max_length=12, choices=SignInSource.choices, default=SignInSource.PHONE
    )
    entered_by = _person(_("entered by"), "sign_ins_entered", null=True)
    in_territory = models.BooleanField(_("in territory"), null=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["user", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.occurred_at:%Y-%m-%d %H:%M}"


class ContactPlan(AuditedModel):
    """A planned contact with a key account (D13): customer, address, contact, who, when, purpose, where."""

    user = _person(_("who contacts"), "contact_plans")
    department = _department()
    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="contact_plans"
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_details = models.CharField(_("contact details"), max_length=200, blank=True)
    planned_for = models.DateTimeField(_("when"))
    purpose = models.CharField(_("purpose"), max_length=500)
    place = models.CharField(_("where"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact plan")
        verbose_name_plural = _("contact plans")
        ordering = ["planned_for"]

    def __str__(self) -> str:
        return f"{self.account} {self.planned_for:%Y-%m-%d}"


class Appointment(AuditedModel):
    """A booked contact (D14): date and time, customer, responsible person, department concerned, notes."""

    user = _person(_("responsible person"), "appointments")
    department = _department()
    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="appointments"
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_plan = models.ForeignKey(
        ContactPlan,
        verbose_name=_("contact plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    place = models.CharField(_("where"), max_length=300, blank=True)
    concerned_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="visits_appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.starts_at:%Y-%m-%d %H:%M}"


class Visit(AuditedModel):
    """A visit record (D15): who was met, when and where, plan and result codes, and the findings."""

    user = _person(_("specialist"), "visits")
    department = _department()
    account = models.ForeignKey(
        "accounts.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="visits"
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_visited = models.CharField(_("person visited"), max_length=100, blank=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    lng = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    in_territory = models.BooleanField(_("in territory"), null=True)
    plan_code = models.CharField(_("plan code"), max_length=1, choices=PlanCode.choices)
    result_code = models.CharField(_("result code"), max_length=1, choices=ResultCode.choices)
    summary = models.TextField(_("summary"), blank=True)
    problems_solved = models.TextField(_("problems solved"), blank=True)
    problems_open = models.TextField(_("problems unsolved"), blank=True)
    watch_next_time = models.TextField(_("what to watch next time"), blank=True)
    growth_rate = models.DecimalField(
        _("growth rate (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    credit = models.CharField(_("credit"), max_length=100, blank=True)
    profit_margin = models.DecimalField(
        _("total profit margin (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    evaluation = models.TextField(_("overall evaluation"), blank=True)
    rank = models.CharField(_("rank"), max_length=20, blank=True)
    industry_standing = models.CharField(_("standing in the industry"), max_length=200, blank=True)
    companions = models.ManyToManyField(USER, verbose_name=_("companions"), blank=True, related_name="+")
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("appointment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    contact_plan = models.ForeignKey(
        ContactPlan,
        verbose_name=_("contact plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-occurred_at"]
        indexes = [
            # The scorecard counts live visits per person and month (B2); bench/scorecard_bench.py.
            # The dashboards and the monthly report count live visits of a month by person or department,
            # grouped by plan and result code (F2, A2p, D16). On PostgreSQL the codes ride along in the
            # index, so those counts never read the table (SQLite ignores ``include``).
            models.Index(
                fields=["user", "occurred_at"],
                condition=Q(deleted_at__isnull=True),
                include=["department", "plan_code", "result_code"],
                name="visit_live_by_user",
            ),
            models.Index(
                fields=["department", "occurred_at"],
                condition=Q(deleted_at__isnull=True),
                include=["user", "plan_code", "result_code"],
                name="visit_live_by_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.occurred_at:%Y-%m-%d %H:%M}"


class OfficeActivity(AuditedModel):
    """Office work a person logged; inside the visiting window it breaks the visit discipline (D11)."""

    user = _person(_("person"), "office_activities")
    department = _department()
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("office activity")
        verbose_name_plural = _("office activities")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.description


class DailyReport(AuditedModel):
    """The daily visit report (D16): one per person per day, counts from the visits, expenses, sign-offs."""

    user = _person(_("author"), "daily_reports")
    department = _department()
    day = models.DateField(_("date"))
    supervisor = _person(_("supervisor"), "+", null=True)
    manager = _person(_("department manager"), "+", null=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    visits_count = models.PositiveIntegerField(_("visits"), default=0)
    solved_count = models.PositiveIntegerField(_("problems solved"), default=0)
    unsolved_count = models.PositiveIntegerField(_("problems unsolved"), default=0)
    companions = models.CharField(_("who came along"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    supervisor_signed_at = models.DateTimeField(_("signed by the supervisor at"), null=True, blank=True)
    manager_signed_at = models.DateTimeField(_("signed by the manager at"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily visit report")
        verbose_name_plural = _("daily visit reports")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                condition=models.Q(deleted_at__isnull=True),
                name="visits_one_report_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class ExpenseLine(models.Model):
    """One expense of a daily report: item, amount, note (D16)."""

    report = models.ForeignKey(
        DailyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="expenses"
    )
    item = models.CharField(_("item"), max_length=100)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="visits_expense_positive")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class Violation(AuditedModel):
    """A breach of the visit discipline (D11): code, person, day, evidence, and its handling."""

    code = models.CharField(_("code"), max_length=40, choices=ViolationCode.choices)
    user = _person(_("person"), "violations")
    department = _department()
    day = models.DateField(_("day"), db_index=True)
    subject = models.CharField(
        _("concerns"), max_length=40, blank=True, help_text=_("the record it concerns, if any")
    )
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=ViolationStatus.choices, default=ViolationStatus.OPEN
    )
    explanation = models.TextField(_("explanation"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = _person(_("decided by"), "+", null=True)
    audit_notes = models.TextField(_("audit notes"), blank=True)
    closed_by = _person(_("closed by"), "+", null=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-day", "code"]
        constraints = [
            # A sweep run twice, or a sweep after the live check, never records the same breach again.
            models.UniqueConstraint(fields=["user", "day", "code", "subject"], name="visits_violation_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.user} {self.day}"


class VisitMonth(models.Model):
    """A local month of visits, with a version bumped by every change to one of its visits.

    The counts of a closed month are kept in :class:`VisitTally` rows, valid while ``tallied_version``
    equals ``version`` (see :mod:`kam.visits.tallies`).
    """

    month = models.DateField(_("month"), unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)
    tallied_version = models.PositiveBigIntegerField(_("tallied version"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit month")
        verbose_name_plural = _("visit months")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class VisitTally(models.Model):
    """How many live visits a person recorded in a department in a closed month (dashboards, F2)."""

    month = models.DateField(_("month"))
    user = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    visits = models.PositiveIntegerField(_("visits"))

    class Meta:
        verbose_name = _("visit tally")
        verbose_name_plural = _("visit tallies")
        indexes = [models.Index(fields=["month", "department"], name="visit_tally_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.user_id} {self.department_id}: {self.visits}"
