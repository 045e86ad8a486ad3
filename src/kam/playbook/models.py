"""Tables of the playbook: versioned reference content, the listening self-test, the product and
collateral library with pre-visit kits and Franklin sheets, and training records (A2f, D3–D9, D9-test,
D18–D26, E1)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kam.core.models import AuditedModel


def _language_is_english() -> bool:
    return (get_language() or "").startswith("en")


class Chapter(models.TextChoices):
    SELLING = "selling", _("Selling by telephone and in person")
    LISTENING = "listening", _("Listening")
    SERVICE = "service", _("Service standards")
    RECEPTION = "reception", _("Receiving and seeing off key accounts")
    PRODUCTS = "products", _("Presenting products")
    SCRIPTS = "scripts", _("Call scripts")


class Topic(AuditedModel):
    """One piece of reference content (a rulebook table or section); its text lives in versions.

    ``slug`` is stable: the call-centre screens, the test and the coach find their content by it.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    chapter = models.CharField(_("chapter"), max_length=20, choices=Chapter)
    requirement = models.CharField(_("requirement"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    fixed_count = models.PositiveSmallIntegerField(
        _("fixed number of items"), null=True, blank=True, help_text=_("Edits must keep this many items.")
    )
    current = models.ForeignKey(
        "playbook.TopicVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("playbook topic")
        verbose_name_plural = _("playbook topics")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug


class TopicVersion(models.Model):
    """One version of a topic, never changed once written: an edit adds the next version.

    ``items`` is a list of {"key"?, "title", "text"?, "prompt"?, "seconds"?, "examples"?, "points"?},
    every text a {"zh": …, "en": …} pair (see ``rules.item_problem``).
    """

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    intro_zh = models.TextField(_("Chinese introduction"), blank=True)
    intro_en = models.TextField(_("English introduction"), blank=True)
    items = models.JSONField(_("items"), default=list)
    note = models.CharField(_("note on the change"), max_length=300, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic version")
        verbose_name_plural = _("topic versions")
        ordering = ["topic", "-number"]
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="playbook_version_once")]

    def __str__(self) -> str:
        return f"{self.topic.slug} v{self.number}"

    @property
    def title(self) -> str:
        return self.title_en if _language_is_english() else self.title_zh


class ListeningBand(models.Model):
    """A range of listening-test totals with its verdict and advice (configurable, D9-test)."""

    min_score = models.PositiveSmallIntegerField(_("lowest total"))
    max_score = models.PositiveSmallIntegerField(_("highest total"))
    label_zh = models.CharField(_("Chinese verdict"), max_length=100)
    label_en = models.CharField(_("English verdict"), max_length=100)
    advice_zh = models.TextField(_("Chinese advice"), blank=True)
    advice_en = models.TextField(_("English advice"), blank=True)

    class Meta:
        verbose_name = _("listening test band")
        verbose_name_plural = _("listening test bands")
        ordering = ["-min_score"]

    def __str__(self) -> str:
        return f"{self.min_score}–{self.max_score} {self.label_zh}"


class ListeningResult(models.Model):
    """One sitting of the listening self-test; results are kept over time and never edited (D9-test).

    The verdict is copied from the band in force, so changing the bands later does not rewrite history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listening_results"
    )
    taken_at = models.DateTimeField(_("taken at"), db_index=True)
    answers = models.JSONField(_("answers"))
    total = models.PositiveSmallIntegerField(_("total"))
    band_label_zh = models.CharField(max_length=100, blank=True)
    band_label_en = models.CharField(max_length=100, blank=True)
    band_advice_zh = models.TextField(blank=True)
    band_advice_en = models.TextField(blank=True)
    session = models.ForeignKey(
        "playbook.TrainingSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("listening test result")
        verbose_name_plural = _("listening test results")
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.total}"

    @property
    def band_label(self) -> str:
        return (self.band_label_en if _language_is_english() else self.band_label_zh) or self.band_label_zh

    @property
    def band_advice(self) -> str:
        return (self.band_advice_en if _language_is_english() else self.band_advice_zh) or self.band_advice_zh


class Product(AuditedModel):
    """A product of the catalogue: type, specification and price range (E1, C2)."""

    name = models.CharField(_("name"), max_length=200)
    product_type = models.CharField(_("product type"), max_length=100, db_index=True)
    model_number = models.CharField(_("model"), max_length=100, blank=True)
    specification = models.TextField(_("specification"), blank=True)
    price_min = models.DecimalField(_("lowest price"), max_digits=14, decimal_places=2, null=True, blank=True)
    price_max = models.DecimalField(
        _("highest price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["product_type", "name"]

    def __str__(self) -> str:
        return self.name


class CollateralKind(models.TextChoices):
    """The sales kit of the rulebook (助销装备, E1), plus the catalogue and the manual that samples are
    checked against."""

    SAMPLE = "sample", _("Sample")
    MODEL = "model", _("Model")
    CATALOGUE = "catalogue", _("Catalogue")
    MANUAL = "manual", _("Manual")
    BROCHURE = "brochure", _("Brochure / written material")
    VIDEO = "video", _("Video")
    PHOTO = "photo", _("Photos")
    SLIDES = "slides", _("Slides")
    CERTIFICATE = "certificate", _("Certificate")
    AWARD = "award", _("Award")


def collateral_path(instance: Collateral, filename: str) -> str:
    """Store uploads under a name of our own; the person's file name is kept only for display."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"playbook/collateral/{uuid.uuid4().hex}{suffix}"


class Collateral(AuditedModel):
    """A piece of the sales kit, physical or a file, for some products or a whole product type (E1)."""

    kind = models.CharField(_("kind"), max_length=20, choices=CollateralKind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    products = models.ManyToManyField(
        Product, verbose_name=_("products"), blank=True, related_name="collateral"
    )
    product_type = models.CharField(
        _("product type"), max_length=100, blank=True, help_text=_("For the whole product type.")
    )
    file = models.FileField(_("file"), upload_to=collateral_path, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("collateral")
        verbose_name_plural = _("collateral")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class VisitKit(AuditedModel):
    """The bag packed before a visit: its checklist, for an appointment or an account (E1).

    ``account_id`` and ``appointment_id`` are plain numbers on purpose: the accounts and visits apps
    may point at a kit without this app depending on them.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_types = models.JSONField(_("product types"), default=list)
    account_id = models.PositiveBigIntegerField(_("account"), null=True, blank=True)
    appointment_id = models.PositiveBigIntegerField(_("appointment"), null=True, blank=True)
    visit_on = models.DateField(_("visit date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pre-visit kit")
        verbose_name_plural = _("pre-visit kits")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{_('Kit')} {self.pk}"


class VisitKitItem(models.Model):
    """One line of a kit's checklist: packed, and for samples and models checked against the catalogue."""

    kit = models.ForeignKey(VisitKit, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=200, blank=True)
    product_type = models.CharField(_("product type"), max_length=200, blank=True)
    collateral = models.ForeignKey(
        Collateral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_catalogue = models.BooleanField(_("check against catalogue and manual"), default=False)
    missing = models.BooleanField(_("missing from the library"), default=False)
    packed = models.BooleanField(_("packed"), default=False)
    matches_catalogue = models.BooleanField(_("matches catalogue and manual"), null=True, blank=True)
    remark = models.CharField(_("remark"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kit line")
        verbose_name_plural = _("kit lines")
        ordering = ["kit", "order"]

    def __str__(self) -> str:
        return self.title or self.kind

    @property
    def kind_label(self) -> str:
        return str(KIT_KIND_LABELS.get(self.kind, self.kind))


KIT_KIND_LABELS = {"business_card": _("Business cards"), **dict(CollateralKind.choices)}


class FranklinSheet(AuditedModel):
    """Franklin's list for one proposal: gains of buying, losses of not buying (E1 富兰克林法)."""

    title = models.CharField(_("proposal"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.CharField(_("customer"), max_length=200, blank=True)
    account_id = models.PositiveBigIntegerField(_("account"), null=True, blank=True)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    gains = models.JSONField(_("gains of buying"), default=list, blank=True)
    losses = models.JSONField(_("losses of not buying"), default=list, blank=True)

    class Meta:
        verbose_name = _("Franklin sheet")
        verbose_name_plural = _("Franklin sheets")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Course(AuditedModel):
    """A training course for the department's staff (A2f), optionally on a playbook topic."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("playbook topics"), blank=True, related_name="+")
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(AuditedModel):
    """One session of a course: when, where, by whom."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(AuditedModel):
    """A trainee at a session: present or not, and the score (0–100) if one was given."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    remark = models.CharField(_("remark"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "trainee"]
        constraints = [models.UniqueConstraint(fields=["session", "trainee"], name="playbook_attend_once")]

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.session}"
