"""Reads of the reference content: topics and their versions, search, call scripts, the question coach
(D3–D9, D10c–d, D18–D26, E1). Every signed-in member of staff may read all of it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from kam.core.errors import NOT_FOUND, NotFound, ValidationFailed
from kam.playbook import rules
from kam.playbook.models import Chapter, Topic, TopicVersion

SCRIPT_SLUGS = (
    "script-take-call",
    "script-make-call",
    "script-callback-purchase",
    "script-callback-repair",
)
PHRASES_SLUG = "service-phrases"
QUESTION_TYPES_SLUG = "question-types"
SITUATIONS = {
    "learn_facts": _("Learning the facts"),
    "complaint": _("Handling a complaint"),
    "closing": _("Closing the conversation"),
    "satisfaction": _("Checking satisfaction"),
}
UNKNOWN_SITUATION = gettext_noop("Unknown situation; choose one of: {choices}.")


def language() -> str:
    return get_language() or "zh-hans"


def topic_list(*, q: str | None = None, chapter: str | None = None) -> QuerySet[Topic]:
    """Return the topics with their current version, optionally searched (both languages) or by chapter."""
    topics = Topic.objects.select_related("current", "current__created_by").filter(current__isnull=False)
    if chapter:
        topics = topics.filter(chapter=chapter)
    if q and q.strip():
        for word in unicodedata.normalize("NFKC", q).casefold().split()[:5]:
            topics = topics.filter(current__search_text__contains=word)
    return topics.order_by("order", "slug")


def topic_get(slug: str) -> Topic:
    found = Topic.objects.select_related("current", "current__created_by").filter(slug=slug).first()
    if found is None or found.current is None:
        raise NotFound(NOT_FOUND)
    return found


def topic_versions(topic: Topic) -> QuerySet[TopicVersion]:
    return topic.versions.select_related("created_by").order_by("-number")


def topic_version_get(topic: Topic, number: int) -> TopicVersion:
    found = topic.versions.select_related("created_by").filter(number=number).first()
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def _pairs(values: list[dict[str, str]] | None, lang: str) -> list[str]:
    return [rules.localized(v, lang) for v in values or []]


def item_view(item: dict[str, Any], lang: str) -> dict[str, Any]:
    """Return one content item in the reader's language."""
    return {
        "key": item.get("key", ""),
        "title": rules.localized(item.get("title"), lang),
        "text": rules.localized(item.get("text"), lang),
        "prompt": rules.localized(item.get("prompt"), lang),
        "seconds": item.get("seconds"),
        "examples": _pairs(item.get("examples"), lang),
        "points": _pairs(item.get("points"), lang),
    }


def version_view(version: TopicVersion, lang: str | None = None) -> dict[str, Any]:
    """Return a version ready for a page: title, introduction and items in the reader's language."""
    lang = lang or language()
    english = lang.startswith("en")
    return {
        "title": version.title_en if english else version.title_zh,
        "intro": (version.intro_en if english else version.intro_zh) or version.intro_zh,
        "items": [item_view(item, lang) for item in version.items],
        "number": version.number,
    }


def chapters_with_topics(topics: QuerySet[Topic]) -> list[dict[str, Any]]:
    """Group topics by chapter, in the chapters' order, for the playbook's index page."""
    by_chapter: dict[str, list[Topic]] = {}
    for topic in topics:
        by_chapter.setdefault(topic.chapter, []).append(topic)
    return [
        {"code": code, "label": label, "topics": by_chapter[code]}
        for code, label in Chapter.choices
        if code in by_chapter
    ]


# Call scripts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptStep:
    number: int
    key: str
    title: str
    text: str
    prompt: str
    seconds: int | None
    say: list[str]
    points: list[str]


@dataclass(frozen=True)
class CallScript:
    """A call script ready for a screen; what ``playbook/_call_script.html`` expects as ``script``."""

    code: str
    title: str
    intro: str
    version: int
    steps: list[ScriptStep]
    phrases: list[dict[str, Any]] = field(default_factory=list)


def call_script(code: str, lang: str | None = None) -> CallScript:
    """Return a call script (D5, D10c, D10d, D22) as steps, with the 12 standard phrases at hand.

    ``code`` is the script's slug: ``script-take-call``, ``script-make-call``,
    ``script-callback-purchase`` (reach the point within 5 s) or ``script-callback-repair`` (10 s).
    The result is in the reader's language (or ``lang``). To show it on another app's screen::

        from kam.playbook.selectors import call_script
        context["script"] = call_script("script-callback-purchase")

        {% include "playbook/_call_script.html" with script=script %}

    The include needs nothing else from the context; it renders a numbered list of steps, the timing
    prompts (with ``data-seconds`` on steps that carry a time limit, for a countdown), the phrases to
    say, and a collapsible card of the standard service phrases.
    """
    if code not in SCRIPT_SLUGS:
        raise NotFound(NOT_FOUND)
    lang = lang or language()
    version = topic_get(code).current
    assert version is not None  # topic_get refuses topics without one
    view = version_view(version, lang)
    steps = [
        ScriptStep(
            number=index,
            key=item["key"],
            title=item["title"],
            text=item["text"],
            prompt=item["prompt"],
            seconds=item["seconds"],
            say=item["examples"],
            points=item["points"],
        )
        for index, item in enumerate(view["items"], start=1)
    ]
    return CallScript(code, view["title"], view["intro"], version.number, steps, standard_phrases(lang))


def call_script_list(lang: str | None = None) -> list[dict[str, Any]]:
    lang = lang or language()
    topics = {t.slug: t for t in Topic.objects.select_related("current").filter(slug__in=SCRIPT_SLUGS)}
    return [
        {"code": slug, "title": version_view(topics[slug].current, lang)["title"]}  # type: ignore[arg-type]
        for slug in SCRIPT_SLUGS
        if slug in topics and topics[slug].current is not None
    ]


def standard_phrases(lang: str | None = None) -> list[dict[str, Any]]:
    """Return the 12 standard service phrases (D25): the situation and what to say."""
    topic = Topic.objects.select_related("current").filter(slug=PHRASES_SLUG).first()
    if topic is None or topic.current is None:
        return []
    lang = lang or language()
    return [
        {"situation": view["title"], "say": view["examples"]}
        for view in (item_view(item, lang) for item in topic.current.items)
    ]


# Question coach (D4) -----------------------------------------------------------------------------


def question_coach(situation: str, lang: str | None = None) -> list[dict[str, Any]]:
    """Return the question types that suit a situation, best first, with definitions and examples."""
    keys = rules.coach_question_types(situation)
    if keys is None:
        raise ValidationFailed(
            UNKNOWN_SITUATION, field="situation", params={"choices": ", ".join(SITUATIONS)}
        )
    version = topic_get(QUESTION_TYPES_SLUG).current
    assert version is not None
    lang = lang or language()
    by_key = {item.get("key"): item for item in version.items}
    return [item_view(by_key[key], lang) for key in keys if key in by_key]
