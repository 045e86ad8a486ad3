"""The playbook's rules as pure functions: plain values in, plain values out, no ORM and no I/O.

- the listening self-test (D9-test): answer values, the reverse-scored question 6, totals, bands,
  averages by question;
- the question coach (D4): which question types suit a situation;
- Franklin's list (E1): gains of buying against losses of not buying;
- the pre-visit kit (E1): which collateral goes into the bag, and which lines need the catalogue check;
- content versions (D3–D9, D18–D26, E1): the shape of an edited version, both languages complete.

The checks of uploaded files are pure too and live in ``uploads``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop


class Message(str):
    """An English message filled in from a constant, remembering the constant and its values.

    It compares and prints as the English text (what the API answers and the tests assert); the
    services hand ``template`` and ``params`` on to the refusal, so that the pages can show the
    constant in the reader's language (F4).
    """

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> Message:
        message = super().__new__(cls, template.format(**params))
        message.template, message.params = template, params
        return message


# Listening self-test (D9-test) -------------------------------------------------------------------

QUESTION_COUNT = 20
ANSWER_VALUES = (5, 4, 3, 2, 1)  # 几乎是, 常常, 偶尔, 很少, 几乎不
ATTITUDE_QUESTIONS = range(1, 6)
BEHAVIOUR_QUESTIONS = range(6, 21)
# Decision (D9-test): question 6 (目中无人或心不在焉) asks about a bad habit, so "almost always"
# scores 1 and "almost never" scores 5; every other question counts its answer as it is.
REVERSED_QUESTIONS = frozenset({6})
MIN_TOTAL = QUESTION_COUNT * min(ANSWER_VALUES)
MAX_TOTAL = QUESTION_COUNT * max(ANSWER_VALUES)

ANSWERS_COUNT = gettext_noop("The listening test has 20 questions: give one answer for each ({count} given).")
ANSWER_MISSING = gettext_noop("Question {number} has no answer.")
ANSWER_OUT_OF_RANGE = gettext_noop("Question {number}: answer with 5, 4, 3, 2 or 1.")
BANDS_EMPTY = gettext_noop("At least one band is needed.")
BANDS_NOT_COVERED = gettext_noop(
    "The bands must cover every total from 20 to 100 once: {score} is not covered."
)
BANDS_COVERED_TWICE = gettext_noop(
    "The bands must cover every total from 20 to 100 once: {score} is covered twice."
)


@dataclass(frozen=True)
class AnswerProblem:
    """Why a set of answers was refused; ``number`` is the question (None: the count is wrong)."""

    message: str
    number: int | None = None


def answer_problem(answers: Sequence[object]) -> AnswerProblem | None:
    """Return the first thing wrong with a list of answers in question order, or None."""
    if len(answers) != QUESTION_COUNT:
        return AnswerProblem(Message(ANSWERS_COUNT, count=len(answers)))
    for number, answer in enumerate(answers, start=1):
        if answer is None or answer == "":
            return AnswerProblem(Message(ANSWER_MISSING, number=number), number)
        if isinstance(answer, bool) or not isinstance(answer, int) or answer not in ANSWER_VALUES:
            return AnswerProblem(Message(ANSWER_OUT_OF_RANGE, number=number), number)
    return None


def question_points(number: int, answer: int) -> int:
    """Return the points one answer earns: the answer itself, or 6 − answer for a reversed question."""
    if answer not in ANSWER_VALUES:
        raise ValueError(ANSWER_OUT_OF_RANGE.format(number=number))
    return 6 - answer if number in REVERSED_QUESTIONS else answer


def points_by_question(answers: Sequence[int]) -> list[int]:
    problem = answer_problem(answers)
    if problem is not None:
        raise ValueError(problem.message)
    return [question_points(number, answer) for number, answer in enumerate(answers, start=1)]


def listening_total(answers: Sequence[int]) -> int:
    """Return the test's total, 20–100 (all answers 5 gives 96: question 6 then counts 1)."""
    return sum(points_by_question(answers))


@dataclass(frozen=True)
class Band:
    """A range of totals with its verdict and advice (configurable, D9-test)."""

    min_score: int
    max_score: int
    label_zh: str = ""
    label_en: str = ""
    advice_zh: str = ""
    advice_en: str = ""


def band_for(total: int, bands: Iterable[Band]) -> Band | None:
    """Return the band whose range holds ``total``, or None when the bands leave it out."""
    for band in bands:
        if band.min_score <= total <= band.max_score:
            return band
    return None


def band_problem(ranges: Sequence[tuple[int, int]]) -> str | None:
    """Check that the ranges cover 20–100 exactly once each; return the first problem or None."""
    if not ranges:
        return BANDS_EMPTY
    for score in range(MIN_TOTAL, MAX_TOTAL + 1):
        holders = sum(1 for low, high in ranges if low <= score <= high)
        if holders != 1:
            return Message(BANDS_NOT_COVERED if not holders else BANDS_COVERED_TWICE, score=score)
    return None


def _average(values: Sequence[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), ROUND_HALF_UP)


def average_by_question(answer_sets: Sequence[Sequence[int]]) -> list[Decimal | None]:
    """Return the average points of each question (question 6 already reversed: higher is better)."""
    points = [points_by_question(answers) for answers in answer_sets]
    if not points:
        return [None] * QUESTION_COUNT
    return [_average([row[index] for row in points]) for index in range(QUESTION_COUNT)]


def average_total(totals: Sequence[int]) -> Decimal | None:
    return _average(totals) if totals else None


# Question coach (D4) -----------------------------------------------------------------------------

QUESTION_TYPES = (
    "understanding",
    "clarifying",
    "open",
    "closed",
    "targeted",
    "selective",
    "consulting",
    "service",
)
# Decision (D4): the rulebook defines each question type by its use; the situations group them.
COACH: Mapping[str, tuple[str, ...]] = {
    "learn_facts": ("understanding", "open", "targeted", "selective"),
    "complaint": ("clarifying", "open", "targeted", "selective", "consulting"),
    "closing": ("closed", "consulting", "service"),
    "satisfaction": ("service", "closed", "open"),
}


def coach_question_types(situation: str) -> tuple[str, ...] | None:
    """Return the question types that suit ``situation`` (best first), or None for an unknown one."""
    return COACH.get(situation)


# Franklin's list (E1) ----------------------------------------------------------------------------

FRANKLIN_WEIGHTS = range(1, 6)
FRANKLIN_TEXT_REQUIRED = gettext_noop("Line {number} needs a text.")
FRANKLIN_BAD_WEIGHT = gettext_noop("Line {number}: the weight must be a whole number from 1 to 5.")
FRANKLIN_TOO_MANY = gettext_noop("At most {limit} lines per side.")
FRANKLIN_MAX_LINES = 30


@dataclass(frozen=True)
class FranklinTotals:
    gains: int
    losses: int
    gain_weight: int
    loss_weight: int

    @property
    def balance(self) -> int:
        """Weight of reasons to buy now: gains of buying plus losses avoided by buying."""
        return self.gain_weight + self.loss_weight


def franklin_line_problem(lines: Sequence[Mapping[str, object]]) -> tuple[int, str] | None:
    """Return (line number, message) for the first bad line of one side of the sheet, or None."""
    if len(lines) > FRANKLIN_MAX_LINES:
        return 0, Message(FRANKLIN_TOO_MANY, limit=FRANKLIN_MAX_LINES)
    for number, line in enumerate(lines, start=1):
        if not str(line.get("text") or "").strip():
            return number, Message(FRANKLIN_TEXT_REQUIRED, number=number)
        weight = line.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int) or weight not in FRANKLIN_WEIGHTS:
            return number, Message(FRANKLIN_BAD_WEIGHT, number=number)
    return None


def franklin_totals(
    gains: Sequence[Mapping[str, object]], losses: Sequence[Mapping[str, object]]
) -> FranklinTotals:
    """Count and weigh the gains of buying and the losses of not buying (Franklin's method, E1)."""

    def weight(lines: Sequence[Mapping[str, object]]) -> int:
        return sum(int(line.get("weight", 1)) for line in lines)  # type: ignore[call-overload]

    return FranklinTotals(len(gains), len(losses), weight(gains), weight(losses))


# Pre-visit kit (E1) ------------------------------------------------------------------------------

# The sales kit in the rulebook's order: card, samples, models, written material, video, photos, slides;
# certificates and awards are the evidence of the 例证法.
KIT_ORDER = (
    "business_card",
    "sample",
    "model",
    "catalogue",
    "manual",
    "brochure",
    "video",
    "photo",
    "slides",
    "certificate",
    "award",
)
CHECKED_KINDS = frozenset({"sample", "model"})
KIT_NO_TYPES = gettext_noop("Name at least one product type.")


@dataclass(frozen=True)
class CollateralInfo:
    id: int
    kind: str
    title: str
    product_types: frozenset[str]


@dataclass(frozen=True)
class KitLine:
    kind: str
    title: str
    collateral_id: int | None = None
    product_type: str = ""
    check_catalogue: bool = False
    missing: bool = False


def product_type_key(value: str) -> str:
    """Compare product types as people type them: width, case and surrounding space do not count."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def normalise_product_types(values: Iterable[str]) -> list[str]:
    """Return the distinct non-empty product types in the order given."""
    seen: dict[str, str] = {}
    for value in values:
        key = product_type_key(value)
        if key and key not in seen:
            seen[key] = unicodedata.normalize("NFKC", value).strip()
    return list(seen.values())


def kit_lines(product_types: Sequence[str], collateral: Iterable[CollateralInfo]) -> list[KitLine]:
    """Return the kit's checklist for the product types: cards, the matching collateral, and gaps.

    Samples and models carry the check that they match the catalogue and the manual (E1: 特别要注意
    样品与产品目录及说明书中不一致的内容); a product type without a sample gets a "missing" line.
    """
    wanted = {product_type_key(t): t for t in product_types}
    lines = [KitLine("business_card", "")]
    has_sample: set[str] = set()
    for item in collateral:
        matched = sorted(wanted[key] for key in item.product_types if key in wanted)
        if not matched:
            continue
        if item.kind == "sample":
            has_sample.update(product_type_key(t) for t in matched)
        lines.append(KitLine(item.kind, item.title, item.id, "、".join(matched), item.kind in CHECKED_KINDS))
    for key, label in wanted.items():
        if key not in has_sample:
            lines.append(KitLine("sample", "", None, label, False, missing=True))
    rank = {kind: index for index, kind in enumerate(KIT_ORDER)}
    return sorted(lines, key=lambda line: (rank.get(line.kind, len(rank)), line.product_type, line.title))


# Content versions (D3–D9, D18–D26, E1) -----------------------------------------------------------

LANGUAGES = ("zh", "en")
ITEM_TEXT_FIELDS = ("title", "text", "prompt")
ITEM_LIST_FIELDS = ("examples", "points")
ITEM_FIELDS = frozenset({"key", "seconds", *ITEM_TEXT_FIELDS, *ITEM_LIST_FIELDS})
MAX_ITEMS = 100
CONTENT_TITLE_REQUIRED = gettext_noop("A title is needed in Chinese and in English.")
CONTENT_NO_ITEMS = gettext_noop("The content needs at least one item.")
CONTENT_TOO_MANY = gettext_noop("At most 100 items.")
CONTENT_KEYS_CHANGED = gettext_noop("The items' keys must stay {keys}: other screens rely on them.")
CONTENT_COUNT_FIXED = gettext_noop("This content must keep exactly {count} items.")
ITEM_NO_TITLE = gettext_noop("Item {number}: a title is needed in Chinese and in English.")
ITEM_PAIR_INCOMPLETE = gettext_noop("Item {number}: “{field}” needs both Chinese and English.")
ITEM_UNKNOWN_FIELD = gettext_noop("Item {number}: unknown field “{field}”.")
ITEM_BAD_SECONDS = gettext_noop("Item {number}: “seconds” must be a whole number from 1 to 600.")


def localized(value: Mapping[str, str] | None, language: str) -> str:
    """Return the text in ``language`` (zh for any Chinese code), else in the other language."""
    if not value:
        return ""
    first = "en" if language.startswith("en") else "zh"
    return value.get(first) or value.get("zh" if first == "en" else "en") or ""


def _pair_complete(value: object) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES
    )


def _pair_empty(value: object) -> bool:
    return value is None or (
        isinstance(value, Mapping) and not any(str(value.get(lang) or "").strip() for lang in LANGUAGES)
    )


def item_problem(item: object, number: int) -> Message | None:
    """Return what is wrong with content item ``number`` (counted from 1), or None."""
    if not isinstance(item, Mapping):
        return Message(ITEM_NO_TITLE, number=number)
    for field in item:
        if field not in ITEM_FIELDS:
            return Message(ITEM_UNKNOWN_FIELD, number=number, field=field)
    if not _pair_complete(item.get("title")):
        return Message(ITEM_NO_TITLE, number=number)
    for field in ITEM_TEXT_FIELDS[1:]:
        if not (_pair_empty(item.get(field)) or _pair_complete(item.get(field))):
            return Message(ITEM_PAIR_INCOMPLETE, number=number, field=field)
    for field in ITEM_LIST_FIELDS:
        values = item.get(field) or []
        if not isinstance(values, list) or not all(_pair_complete(v) for v in values):
            return Message(ITEM_PAIR_INCOMPLETE, number=number, field=field)
    seconds = item.get("seconds")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int)):
        return Message(ITEM_BAD_SECONDS, number=number)
    if isinstance(seconds, int) and not 1 <= seconds <= 600:
        return Message(ITEM_BAD_SECONDS, number=number)
    return None


def version_problem(
    *,
    title_zh: str,
    title_en: str,
    items: Sequence[object],
    previous_keys: Sequence[str] = (),
    fixed_count: int | None = None,
) -> tuple[str, str] | None:
    """Return (field, message) for the first problem of an edited version, or None.

    Both languages must be complete (F4). Where the previous version's items carry keys (the test's
    questions, the question types the coach picks, the steps of call scripts), the keys must stay.
    """
    if not title_zh.strip() or not title_en.strip():
        return "title_zh" if not title_zh.strip() else "title_en", CONTENT_TITLE_REQUIRED
    if not items:
        return "items", CONTENT_NO_ITEMS
    if len(items) > MAX_ITEMS:
        return "items", CONTENT_TOO_MANY
    for number, item in enumerate(items, start=1):
        problem = item_problem(item, number)
        if problem:
            return f"items.{number}", problem
    if fixed_count is not None and len(items) != fixed_count:
        return "items", Message(CONTENT_COUNT_FIXED, count=fixed_count)
    keys = sorted(str(i.get("key")) for i in items if isinstance(i, Mapping) and i.get("key"))
    if previous_keys and keys != sorted(previous_keys):
        return "items", Message(CONTENT_KEYS_CHANGED, keys=", ".join(sorted(previous_keys)))
    return None


def search_text(*parts: object) -> str:
    """Flatten titles, intros and items into one lower-case string for searching."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, Mapping):
            for key, inner in value.items():
                if key not in ("key", "seconds"):
                    walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    for part in parts:
        walk(part)
    return unicodedata.normalize("NFKC", "\n".join(found)).casefold()
