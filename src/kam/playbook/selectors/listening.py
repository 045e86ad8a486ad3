"""Reads of the listening self-test (D9-test): the questions, the bands, a person's results over time,
and the team's averages by question for managers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from kam.core.permissions import require_posts
from kam.core.scoping import restrict
from kam.org.models import User
from kam.playbook import rules
from kam.playbook.models import ListeningBand, ListeningResult
from kam.playbook.permissions import TEAM_VIEWERS
from kam.playbook.selectors.content import language, topic_get

TEST_SLUG = "listening-test"


def listening_questions(lang: str | None = None) -> list[dict[str, Any]]:
    """Return the 20 questions in order, in both languages, with their section and direction."""
    version = topic_get(TEST_SLUG).current
    assert version is not None
    lang = lang or language()
    return [
        {
            "number": number,
            "key": item.get("key", f"q{number}"),
            "text": rules.localized(item["title"], lang),
            "text_zh": item["title"]["zh"],
            "text_en": item["title"]["en"],
            "section": "attitude" if number in rules.ATTITUDE_QUESTIONS else "behaviour",
            "reversed": number in rules.REVERSED_QUESTIONS,
        }
        for number, item in enumerate(version.items, start=1)
    ]


def listening_bands() -> list[rules.Band]:
    return [
        rules.Band(b.min_score, b.max_score, b.label_zh, b.label_en, b.advice_zh, b.advice_en)
        for b in ListeningBand.objects.order_by("-min_score")
    ]


def listening_history(user: User) -> QuerySet[ListeningResult]:
    """Return a person's own results, newest first (D9-test: kept over time)."""
    return ListeningResult.objects.filter(user=user).order_by("-taken_at", "-id")


def listening_team(viewer: User) -> dict[str, Any]:
    """Return the team's averages by question over each member's latest result (D9-test).

    The team is everyone whose results the viewer's post reaches (a KA manager: the department and its
    sub-departments). Only the latest sitting of each person counts, so that someone who takes the test
    often does not weigh more than a colleague who took it once. Question 6 is shown reversed, like the
    total, so that a higher average is always better.
    """
    require_posts(viewer, *TEAM_VIEWERS)
    results = restrict(
        ListeningResult.objects.select_related("user"), viewer, owner="user", department="user__department"
    ).order_by("user_id", "-taken_at", "-id")
    latest: dict[int, ListeningResult] = {}
    for result in results:
        latest.setdefault(result.user_id, result)
    members = sorted(latest.values(), key=lambda r: r.user.display_name)
    averages = rules.average_by_question([r.answers for r in members])
    questions = listening_questions()
    weakest = _weakest(averages)
    return {
        "people": len(members),
        "average_total": rules.average_total([r.total for r in members]),
        "questions": [
            {**q, "average": avg, "weak": q["number"] in weakest}
            for q, avg in zip(questions, averages, strict=True)
        ],
        "members": members,
    }


def _weakest(averages: list[Decimal | None], count: int = 3) -> set[int]:
    """Return the (at most three) questions furthest below the team's mean: where training should start."""
    known = [(avg, number) for number, avg in enumerate(averages, start=1) if avg is not None]
    if not known:
        return set()
    mean = sum(avg for avg, _ in known) / len(known)
    return {number for avg, number in sorted(known)[:count] if avg < mean}
