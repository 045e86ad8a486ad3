"""Organisation (A1, A3, A4): departments, posts and their duties, users, territories, API tokens."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.core.models import AuditedModel


class PostCode(models.TextChoices):
    """The posts of requirements §0; a user may hold several (A1)."""

    KA_MANAGER = "ka_manager", _("Key account manager")
    SPECIALIST = "specialist", _("Customer specialist")
    REGIONAL_MANAGER = "regional_manager", _("Regional manager")
    SERVICE_DIRECTOR = "service_director", _("Service director")
    INSPECTOR = "inspector", _("Inspector")
    CS_MANAGER = "cs_manager", _("Customer service manager")
    CS_DUTY = "cs_duty", _("Customer service duty staff")
    CALL_CENTRE = "call_centre", _("Call centre")
    RESOURCE_CENTRE = "resource_centre", _("Service information resource centre")
    DEPARTMENT_STAFF = "department_staff", _("Responsible department staff")
    GENERAL_MANAGER = "general_manager", _("General manager")
    FINANCE = "finance", _("Finance")
    COMPANY_OFFICE = "company_office", _("Company office")
    ADMIN = "admin", _("System administrator")


class DepartmentKind(models.TextChoices):
    COMPANY = "company", _("Company")
    REGION = "region", _("Region")
    DEPARTMENT = "department", _("Department")


class Department(AuditedModel):
    """A node of the department tree; a region's subtree is what its regional manager sees (A1)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind, default=DepartmentKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "org.User", verbose_name=_("head"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A post (岗位) with its names; its duties are :class:`Duty` rows."""

    code = models.CharField(_("code"), max_length=30, primary_key=True, choices=PostCode)
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class Duty(models.Model):
    """One duty of a post as the rulebook states it (A2, A4), shown on the holder's profile."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="duties", verbose_name=_("post"))
    requirement = models.CharField(_("requirement"), max_length=10, blank=True)
    text_zh = models.TextField(_("Chinese text"))
    text_en = models.TextField(_("English text"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["post__order", "order"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "").startswith("en") else self.text_zh


class Territory(AuditedModel):
    """A sales territory: administrative region codes and an optional GeoJSON boundary (lng, lat)."""

    name = models.CharField(_("name"), max_length=100)
    region_codes = models.JSONField(_("administrative region codes"), default=list, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff: posts held, department, supervisor and territory."""

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    posts = models.ManyToManyField(Post, verbose_name=_("post"), blank=True, related_name="holders")
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[posts])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def post_codes(self) -> frozenset[str]:
        """Return the codes of the posts held; a superuser also counts as ``admin``."""
        cached: frozenset[str] | None = getattr(self, "_post_codes", None)
        if cached is None:
            cached = self.keep_post_codes(p.code for p in self.posts.all())
        return cached

    def keep_post_codes(self, codes: Iterable[str]) -> frozenset[str]:
        """Keep the codes of the posts held, read with the user (the API token's query does)."""
        held = frozenset(codes)
        if self.is_superuser:
            held |= {PostCode.ADMIN}
        self._post_codes = held
        return held

    def holds(self, *codes: str) -> bool:
        return bool(self.post_codes() & set(codes))


class ApiToken(models.Model):
    """An API token; only its SHA-256 hash is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
