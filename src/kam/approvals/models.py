"""Approval chains as data, versioned; requests on any business object; steps, actions, delegations.

A chain (``hospitality``, ``tour``…) has numbered versions; a version's steps are fixed once a request
uses it. A request pins the version it started with and copies the steps that apply into its own
:class:`RequestStep` rows (one set per submission round), so changing a chain never touches a request
in flight. :class:`ApprovalAction` is the append-only history of everything done to a request.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.approvals import rules
from kam.core.models import AuditedModel
from kam.org.models import PostCode


class Resolve(models.TextChoices):
    """How a step finds its approvers (D17: "customer service manager → general manager → finance")."""

    ANY_HOLDER = "any_holder", _("Holder of the post anywhere in the company")
    DEPARTMENT = "department", _("Holder of the post in the given department")
    APPLICANT_DEPARTMENT = "applicant_department", _("Holder of the post in the applicant's department")
    APPLICANT_HEAD = "applicant_head", _("Head of the applicant's department")


class RequestStatus(models.TextChoices):
    PENDING = rules.PENDING, _("Awaiting approval")
    RETURNED = rules.RETURNED, _("Returned for changes")
    APPROVED = rules.APPROVED, _("Approved")
    REJECTED = rules.REJECTED, _("Rejected")
    WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")


class StepStatus(models.TextChoices):
    WAITING = rules.WAITING, _("Waiting")
    PENDING = rules.PENDING, _("Awaiting decision")
    APPROVED = rules.APPROVED, _("Approved")
    REJECTED = rules.REJECTED, _("Rejected")
    RETURNED = rules.RETURNED, _("Returned for changes")
    CANCELLED = rules.CANCELLED, _("Cancelled")


class ActionKind(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    RESUBMIT = "resubmit", _("Resubmitted")
    APPROVE = rules.APPROVE, _("Approved")
    REJECT = rules.REJECT, _("Rejected")
    RETURN = rules.RETURN, _("Returned for changes")
    WITHDRAW = "withdraw", _("Withdrawn")


class ApprovalChain(AuditedModel):
    """A named approval chain; its steps live in numbered :class:`ChainVersion` rows."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> ChainVersion | None:
        return self.versions.order_by("-number").first()


class ChainVersion(models.Model):
    """One version of a chain's steps; the newest is used by new requests, older ones by those in flight."""

    chain = models.ForeignKey(
        ApprovalChain, on_delete=models.CASCADE, related_name="versions", verbose_name=_("chain")
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chain version")
        verbose_name_plural = _("chain versions")
        ordering = ["chain", "-number"]
        constraints = [models.UniqueConstraint(fields=["chain", "number"], name="approvals_version_once")]

    def __str__(self) -> str:
        return f"{self.chain} v{self.number}"


class ChainStep(models.Model):
    """A step of a chain version: who approves, and the amount or flag it depends on, if any."""

    version = models.ForeignKey(
        ChainVersion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=30, choices=PostCode, blank=True)
    resolve = models.CharField(_("approver"), max_length=30, choices=Resolve, default=Resolve.ANY_HOLDER)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_amount = models.DecimalField(
        _("only from amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    flag = models.CharField(_("only with flag"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("chain step")
        verbose_name_plural = _("chain steps")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="approvals_step_order")]

    def __str__(self) -> str:
        return self.name or self.get_post_display()


class ApprovalRequest(AuditedModel):
    """A request for approval of one business object (a hospitality request, a tour application…)."""

    chain = models.ForeignKey(
        ApprovalChain, on_delete=models.PROTECT, related_name="requests", verbose_name=_("chain")
    )
    chain_version = models.ForeignKey(
        ChainVersion, on_delete=models.PROTECT, related_name="requests", verbose_name=_("chain version")
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("title"), max_length=200)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="approval_requests",
        verbose_name=_("requester"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.PENDING, db_index=True
    )
    round = models.PositiveSmallIntegerField(_("submission"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="approvals_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "chain"],
                condition=models.Q(status__in=[rules.PENDING, rules.RETURNED]),
                name="approvals_one_open_per_target",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.PENDING, RequestStatus.RETURNED)


class RequestStep(models.Model):
    """A step of one submission round of a request, resolved from the pinned chain version.

    ``version`` rises with every change: a decision is a conditional UPDATE on (status, version), so
    of two approvers acting on the same step at the same moment exactly one succeeds.
    """

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField(_("submission"))
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=30, choices=PostCode, blank=True)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_of = models.BooleanField(_("head of the department"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus, default=StepStatus.WAITING)
    version = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        ordering = ["request", "round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "round", "order"], name="approvals_request_step_once")
        ]
        indexes = [models.Index(fields=["status", "post"], name="approvals_step_inbox")]

    def __str__(self) -> str:
        return self.name or self.get_post_display()


class ApprovalAction(models.Model):
    """One thing done to a request, kept for ever: who, for whom, what, on which step, why and when."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="actions")
    step = models.ForeignKey(RequestStep, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(_("submission"))
    kind = models.CharField(_("action"), max_length=20, choices=ActionKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("approval action")
        verbose_name_plural = _("approval actions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.actor}"


class Delegation(AuditedModel):
    """While ``delegator`` is away (``starts_on``–``ends_on``, local days), ``delegate`` acts for them."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegations_given",
        verbose_name=_("away"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delegations_received",
        verbose_name=_("delegate"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.starts_on}–{self.ends_on})"
