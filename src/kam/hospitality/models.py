"""Hospitality requests (D17), banquets and their guests (D2), reception and send-off plans (D18, D19)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kam.core.models import AuditedModel
from kam.hospitality import budget

_MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class RequestStatus(models.TextChoices):
    DRAFT = budget.DRAFT, _("Draft")
    SUBMITTED = budget.SUBMITTED, _("Awaiting approval")
    RETURNED = budget.RETURNED, _("Returned for changes")
    APPROVED = budget.APPROVED, _("Approved")
    REJECTED = budget.REJECTED, _("Rejected")
    FINANCE_REVIEW = budget.FINANCE_REVIEW, _("Spending back with finance")
    SETTLED = budget.SETTLED, _("Settled")
    CANCELLED = budget.CANCELLED, _("Cancelled")


class BudgetLine(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    MEALS = "meals", _("Meals")
    TRANSPORT = "transport", _("Transport")
    GIFTS = "gifts", _("Gifts")
    OTHER = "other", _("Other")


class HospitalityRequest(AuditedModel):
    """A hospitality request (大客户招待申请表): the budget by line, then the actual spending (D17)."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    applied_on = models.DateField(_("application date"))
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    venue = models.CharField(_("venue"), max_length=200)
    event_date = models.DateField(_("date of the hospitality"))
    customer_attendees = models.TextField(_("customer's attendees"))
    our_attendees = models.TextField(_("our attendees"))
    budget_meeting = models.DecimalField(_("meeting"), default=Decimal(0), **_MONEY)
    budget_meals = models.DecimalField(_("meals"), default=Decimal(0), **_MONEY)
    budget_transport = models.DecimalField(_("transport"), default=Decimal(0), **_MONEY)
    budget_gifts = models.DecimalField(_("gifts"), default=Decimal(0), **_MONEY)
    budget_other = models.DecimalField(_("other"), default=Decimal(0), **_MONEY)
    purpose = models.TextField(_("purpose"))
    explanation = models.TextField(_("explanation of the costs"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    arranged_by = models.CharField(_("arranged by"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.DRAFT, db_index=True
    )
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approval"),
    )
    actual_meeting = models.DecimalField(_("meeting (actual)"), null=True, blank=True, **_MONEY)
    actual_meals = models.DecimalField(_("meals (actual)"), null=True, blank=True, **_MONEY)
    actual_transport = models.DecimalField(_("transport (actual)"), null=True, blank=True, **_MONEY)
    actual_gifts = models.DecimalField(_("gifts (actual)"), null=True, blank=True, **_MONEY)
    actual_other = models.DecimalField(_("other (actual)"), null=True, blank=True, **_MONEY)
    overrun_explanation = models.TextField(_("explanation of the overrun"), blank=True)
    spending_recorded_at = models.DateTimeField(_("spending recorded at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("settled by"),
    )

    class Meta:
        verbose_name = _("hospitality request")
        verbose_name_plural = _("hospitality requests")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.account} · {self.event_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("hospitality:request_detail", args=[self.pk])

    def budget_lines(self) -> dict[str, Decimal]:
        return {line: getattr(self, f"budget_{line}") for line in budget.LINES}

    def actual_lines(self) -> dict[str, Decimal] | None:
        values = {line: getattr(self, f"actual_{line}") for line in budget.LINES}
        return None if any(v is None for v in values.values()) else values

    @property
    def budget_total(self) -> Decimal:
        return sum(self.budget_lines().values(), Decimal(0))

    @property
    def actual_total(self) -> Decimal | None:
        actual = self.actual_lines()
        return None if actual is None else sum(actual.values(), Decimal(0))

    def lines(self) -> list[dict[str, object]]:
        """Return the budget lines with label, budget and actual, for pages and prints."""
        actual = self.actual_lines() or {}
        return [
            {
                "code": code,
                "label": label,
                "budget": getattr(self, f"budget_{code}"),
                "actual": actual.get(code),
            }
            for code, label in BudgetLine.choices
        ]


class Receipt(AuditedModel):
    """A receipt attached to a request's actual spending (D17)."""

    request = models.ForeignKey(
        HospitalityRequest, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("request")
    )
    line = models.CharField(_("budget line"), max_length=20, choices=BudgetLine, blank=True)
    file = models.FileField(_("file"), upload_to="hospitality/receipts/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class BanquetLevel(models.TextChoices):
    STATE = "state", _("State banquet")
    FORMAL = "formal", _("Formal banquet")
    INFORMAL = "informal", _("Informal banquet")
    FAMILY = "family", _("Family banquet")


class BanquetForm(models.TextChoices):
    SEATED = "seated", _("Seated banquet")
    COCKTAIL = "cocktail", _("Cocktail party")
    BUFFET = "buffet", _("Buffet")
    TEA = "tea", _("Tea party")


class Cuisine(models.TextChoices):
    CHINESE = "chinese", _("Chinese")
    WESTERN = "western", _("Western")
    MIXED = "mixed", _("Chinese and Western")


class BanquetPurpose(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    THANKS = "thanks", _("Thanks")
    NATIONAL_DAY = "national_day", _("National day")
    FAREWELL = "farewell", _("Farewell")
    RECEPTION = "reception", _("Reception")


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


class Banquet(AuditedModel):
    """A banquet being prepared (宴会管理制度): guests, invitations, menu and seating (D2)."""

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    account = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("customer"),
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("type"), max_length=20, choices=BanquetLevel, default=BanquetLevel.FORMAL)
    form = models.CharField(_("form"), max_length=20, choices=BanquetForm, default=BanquetForm.SEATED)
    cuisine = models.CharField(_("cuisine"), max_length=20, choices=Cuisine, default=Cuisine.CHINESE)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=BanquetPurpose, default=BanquetPurpose.WELCOME
    )
    meal = models.CharField(_("meal"), max_length=20, choices=Meal, default=Meal.DINNER)
    starts_at = models.DateTimeField(_("time"))
    venue = models.CharField(_("venue"), max_length=200)
    principal_identity = models.CharField(_("principal guest's identity"), max_length=200, blank=True)
    principal_nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    principal_customs = models.TextField(_("customs"), blank=True)
    principal_preferences = models.TextField(_("preferences"), blank=True)
    taboo_dates = models.JSONField(_("taboo dates"), default=list, blank=True)
    invitations_sent_on = models.DateField(_("invitations sent on"), null=True, blank=True)
    table_size = models.PositiveSmallIntegerField(_("seats per table"), default=10)
    table_count = models.PositiveSmallIntegerField(_("tables"), null=True, blank=True)
    menu_notes = models.TextField(_("menu notes"), blank=True)
    seating = models.JSONField(_("seating plan"), null=True, blank=True)
    seated_at = models.DateTimeField(_("seated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("banquet")
        verbose_name_plural = _("banquets")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hospitality:banquet_detail", args=[self.pk])


class Side(models.TextChoices):
    HOST = "host", _("Hosting side")
    GUEST = "guest", _("Guests' side")


class GuestRole(models.TextChoices):
    HOST = "host", pgettext_lazy("banquet guest", "Host")
    HOSTESS = "hostess", _("Hostess")
    GUEST = "guest", _("Guest")


class Invitation(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", pgettext_lazy("banquet guest", "Accepted")
    DECLINED = "declined", _("Declined")


class BanquetGuest(models.Model):
    """Someone on a banquet's guest list; taboos are copied from the contact record (D2)."""

    banquet = models.ForeignKey(Banquet, on_delete=models.CASCADE, related_name="guests")
    contact = models.ForeignKey(
        "accounts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact"),
    )
    name = models.CharField(pgettext_lazy("banquet guest", "name"), max_length=100)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=100, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side, default=Side.GUEST)
    role = models.CharField(_("role"), max_length=10, choices=GuestRole, default=GuestRole.GUEST)
    rank = models.PositiveSmallIntegerField(pgettext_lazy("banquet guest", "rank"), default=100)
    spouse_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("spouse of"),
    )
    is_interpreter = models.BooleanField(_("interpreter"), default=False)
    female = models.BooleanField(_("female"), default=False)
    taboos = models.TextField(_("dietary taboos"), blank=True)
    invitation = models.CharField(
        _("invitation"), max_length=10, choices=Invitation, default=Invitation.NOT_SENT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("banquet guest")
        verbose_name_plural = _("banquet guests")
        ordering = ["banquet", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ReceptionPlan(AuditedModel):
    """A plan for receiving and seeing off a key account visiting the company (D18, D19)."""

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    visitors = models.TextField(_("visitors"))
    arrival_at = models.DateTimeField(_("arrival"))
    arrival_place = models.CharField(_("arriving at"), max_length=200)
    departure_at = models.DateTimeField(_("departure"))
    departure_place = models.CharField(_("leaving from"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("reception plan")
        verbose_name_plural = _("reception plans")
        ordering = ["-arrival_at", "-id"]

    def __str__(self) -> str:
        return f"{self.account} · {self.arrival_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("hospitality:reception_detail", args=[self.pk])


class Flow(models.TextChoices):
    RECEPTION = "reception", _("Welcoming")
    SEND_OFF = "send_off", _("Send-off")


class ReceptionTask(models.Model):
    """One step of a reception or send-off flow: what, who and when (D18, D19)."""

    plan = models.ForeignKey(ReceptionPlan, on_delete=models.CASCADE, related_name="tasks")
    flow = models.CharField(_("flow"), max_length=10, choices=Flow)
    code = models.CharField(_("step"), max_length=30)
    what = models.TextField(_("what"))
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    due_at = models.DateTimeField(_("when"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("reception step")
        verbose_name_plural = _("reception steps")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="hospitality_task_order")]

    def __str__(self) -> str:
        return self.code
