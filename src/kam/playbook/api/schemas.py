"""Schemas of the playbook API: content is given in both languages (``*_zh`` / ``*_en``, or
{"zh", "en"} pairs inside items); call scripts and the coach answer in the language asked for."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from kam.playbook import rules
from kam.playbook.models import Collateral, FranklinSheet, ListeningResult, Topic, VisitKit

Text = Field(default="", max_length=2000)


class TopicSummaryOut(Schema):
    slug: str
    chapter: str
    requirement: str
    version: int
    title_zh: str
    title_en: str

    @staticmethod
    def resolve_version(obj: Topic) -> int:
        return obj.current.number if obj.current else 0

    @staticmethod
    def resolve_title_zh(obj: Topic) -> str:
        return obj.current.title_zh if obj.current else ""

    @staticmethod
    def resolve_title_en(obj: Topic) -> str:
        return obj.current.title_en if obj.current else ""


class VersionOut(Schema):
    number: int
    title_zh: str
    title_en: str
    intro_zh: str
    intro_en: str
    items: list[dict[str, Any]]
    note: str
    created_at: datetime
    created_by_id: int | None


class TopicOut(Schema):
    slug: str
    chapter: str
    requirement: str
    fixed_count: int | None
    current: VersionOut


class VersionIn(Schema):
    title_zh: str = Field(max_length=200)
    title_en: str = Field(max_length=200)
    intro_zh: str = Field(default="", max_length=5000)
    intro_en: str = Field(default="", max_length=5000)
    items: list[dict[str, Any]] = Field(max_length=rules.MAX_ITEMS)
    note: str = Field(default="", max_length=300)


class QuestionOut(Schema):
    number: int
    key: str
    text_zh: str
    text_en: str
    section: str
    reversed: bool


class BandOut(Schema):
    min_score: int
    max_score: int
    label_zh: str
    label_en: str
    advice_zh: str
    advice_en: str


class AnswersIn(Schema):
    answers: list[int | None] = Field(
        max_length=100, description="20 answers in question order, each 5, 4, 3, 2 or 1."
    )
    taken_at: datetime | None = None
    session_id: int | None = None


class ResultOut(Schema):
    id: int
    taken_at: datetime
    total: int
    answers: list[int]
    points: list[int]
    band_label_zh: str
    band_label_en: str
    band_advice_zh: str
    band_advice_en: str
    session_id: int | None

    @staticmethod
    def resolve_points(obj: ListeningResult) -> list[int]:
        return rules.points_by_question(obj.answers)


class TeamQuestionOut(Schema):
    number: int
    text_zh: str
    text_en: str
    average: Decimal | None
    weak: bool


class TeamMemberOut(Schema):
    user_id: int
    name: str
    total: int
    taken_at: datetime


class TeamOut(Schema):
    people: int
    average_total: Decimal | None
    questions: list[TeamQuestionOut]
    members: list[TeamMemberOut]


class ScriptStepOut(Schema):
    number: int
    key: str
    title: str
    text: str
    prompt: str
    seconds: int | None
    say: list[str]
    points: list[str]


class PhraseOut(Schema):
    situation: str
    say: list[str]


class ScriptOut(Schema):
    code: str
    title: str
    intro: str
    version: int
    steps: list[ScriptStepOut]
    phrases: list[PhraseOut]


class ScriptSummaryOut(Schema):
    code: str
    title: str


class CoachTypeOut(Schema):
    key: str
    title: str
    text: str
    examples: list[str]


class CoachOut(Schema):
    situation: str
    question_types: list[CoachTypeOut]


# Library ---------------------------------------------------------------------------------------------

Price = Field(default=None, ge=0, max_digits=14, decimal_places=2)


class ProductIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    product_type: str = Field(min_length=1, max_length=100)
    model_number: str = Field(default="", max_length=100)
    specification: str = Field(default="", max_length=5000)
    price_min: Decimal | None = Price
    price_max: Decimal | None = Price
    description: str = Field(default="", max_length=5000)


class ProductPatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    product_type: str | None = Field(default=None, min_length=1, max_length=100)
    model_number: str | None = Field(default=None, max_length=100)
    specification: str | None = Field(default=None, max_length=5000)
    price_min: Decimal | None = Price
    price_max: Decimal | None = Price
    description: str | None = Field(default=None, max_length=5000)


class ProductOut(Schema):
    id: int
    name: str
    product_type: str
    model_number: str
    specification: str
    price_min: Decimal | None
    price_max: Decimal | None
    description: str


class CollateralIn(Schema):
    kind: str = Field(max_length=20)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    product_ids: list[int] = Field(default_factory=list, max_length=200)
    product_type: str = Field(default="", max_length=100)


class CollateralPatch(Schema):
    kind: str | None = Field(default=None, max_length=20)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    product_ids: list[int] | None = Field(default=None, max_length=200)
    product_type: str | None = Field(default=None, max_length=100)


class CollateralOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    product_ids: list[int]
    product_type: str
    has_file: bool
    file_name: str
    file_size: int | None
    content_type: str
    download_url: str | None

    @staticmethod
    def resolve_product_ids(obj: Collateral) -> list[int]:
        return sorted(p.pk for p in obj.products.all())

    @staticmethod
    def resolve_has_file(obj: Collateral) -> bool:
        return bool(obj.file)

    @staticmethod
    def resolve_download_url(obj: Collateral) -> str | None:
        return (
            reverse("api:playbook_collateral_download", kwargs={"collateral_id": obj.pk})
            if obj.file
            else None
        )


class KitIn(Schema):
    product_types: list[str] = Field(default_factory=list, max_length=50)
    account_id: int | None = Field(default=None, ge=1)
    appointment_id: int | None = Field(default=None, ge=1)
    visit_on: date | None = None
    note: str = Field(default="", max_length=300)


class KitItemOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    product_type: str
    collateral_id: int | None
    check_catalogue: bool
    missing: bool
    packed: bool
    matches_catalogue: bool | None
    remark: str


class KitOut(Schema):
    id: int
    owner_id: int
    product_types: list[str]
    account_id: int | None
    appointment_id: int | None
    visit_on: date | None
    note: str
    created_at: datetime
    items: list[KitItemOut]
    ready: bool

    @staticmethod
    def resolve_items(obj: VisitKit) -> list[Any]:
        return list(obj.items.all())

    @staticmethod
    def resolve_ready(obj: VisitKit) -> bool:
        """Every line packed and every checked sample or model matching the catalogue and manual."""
        lines = [line for line in obj.items.all() if not line.missing]
        return all(
            line.packed and (not line.check_catalogue or line.matches_catalogue is True) for line in lines
        )


class KitItemPatch(Schema):
    packed: bool | None = None
    matches_catalogue: bool | None = None
    remark: str | None = Field(default=None, max_length=300)


class FranklinLineIn(Schema):
    text: str = Field(max_length=300)
    weight: int = 1


class FranklinIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    customer: str = Field(default="", max_length=200)
    account_id: int | None = Field(default=None, ge=1)
    product_id: int | None = None
    gains: list[FranklinLineIn] = Field(default_factory=list, max_length=100)
    losses: list[FranklinLineIn] = Field(default_factory=list, max_length=100)


class FranklinPatch(Schema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    customer: str | None = Field(default=None, max_length=200)
    account_id: int | None = Field(default=None, ge=1)
    product_id: int | None = None
    gains: list[FranklinLineIn] | None = Field(default=None, max_length=100)
    losses: list[FranklinLineIn] | None = Field(default=None, max_length=100)


class FranklinOut(Schema):
    id: int
    title: str
    owner_id: int
    customer: str
    account_id: int | None
    product_id: int | None
    gains: list[dict[str, Any]]
    losses: list[dict[str, Any]]
    totals: dict[str, int]

    @staticmethod
    def resolve_totals(obj: FranklinSheet) -> dict[str, int]:
        totals = rules.franklin_totals(obj.gains, obj.losses)
        return {
            "gains": totals.gains,
            "losses": totals.losses,
            "gain_weight": totals.gain_weight,
            "loss_weight": totals.loss_weight,
            "balance": totals.balance,
        }


# Training --------------------------------------------------------------------------------------------


class CourseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    topic_slugs: list[str] = Field(default_factory=list, max_length=50)


class SessionOut(Schema):
    id: int
    course_id: int
    starts_at: datetime
    place: str
    trainer: str


class CourseOut(Schema):
    id: int
    title: str
    description: str
    topic_slugs: list[str]
    sessions: list[SessionOut]

    @staticmethod
    def resolve_topic_slugs(obj: Any) -> list[str]:
        return sorted(t.slug for t in obj.topics.all())

    @staticmethod
    def resolve_sessions(obj: Any) -> list[Any]:
        return list(obj.sessions.all())


class SessionIn(Schema):
    starts_at: datetime
    place: str = Field(default="", max_length=200)
    trainer: str = Field(default="", max_length=100)


class AttendanceIn(Schema):
    status: str = Field(max_length=10)
    score: Decimal | None = Field(default=None, max_digits=5, decimal_places=1)
    remark: str = Field(default="", max_length=300)


class AttendanceOut(Schema):
    id: int
    session_id: int
    trainee_id: int
    status: str
    score: Decimal | None
    remark: str


class TrainingEntryOut(Schema):
    when: datetime
    kind: str
    title: str
    status: str
    score: Decimal | None
    session_id: int | None
