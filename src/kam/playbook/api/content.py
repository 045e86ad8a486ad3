"""API of the reference content, the listening self-test, call scripts and the question coach
(D3–D9, D9-test, D10c–d, D18–D26, E1)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kam.core.types import AuthedRequest
from kam.playbook import selectors, services
from kam.playbook.api.schemas import (
    AnswersIn,
    BandOut,
    CoachOut,
    QuestionOut,
    ResultOut,
    ScriptOut,
    ScriptSummaryOut,
    TeamOut,
    TopicOut,
    TopicSummaryOut,
    VersionIn,
    VersionOut,
)

router = Router(tags=["playbook"])


def _lang(lang: str | None) -> str:
    """Answer in the language asked for (``zh`` or ``en``), else in the request's language."""
    if lang and lang.lower().startswith("en"):
        return "en"
    if lang and lang.lower().startswith("zh"):
        return "zh-hans"
    return translation.get_language() or "zh-hans"


@router.get("/topics/", response=list[TopicSummaryOut])
@paginate(LimitOffsetPagination)
def topic_list(request: HttpRequest, q: str | None = None, chapter: str | None = None) -> Any:
    """List the playbook's topics; ``q`` searches titles and texts in both languages."""
    return selectors.topic_list(q=q, chapter=chapter)


@router.get("/topics/{slug}", response=TopicOut)
def topic_get(request: HttpRequest, slug: str) -> Any:
    return selectors.topic_get(slug)


@router.get("/topics/{slug}/versions", response=list[VersionOut])
@paginate(LimitOffsetPagination)
def topic_versions(request: HttpRequest, slug: str) -> Any:
    """List every version of a topic, newest first (old versions are kept)."""
    return selectors.topic_versions(selectors.topic_get(slug))


@router.get("/topics/{slug}/versions/{number}", response=VersionOut)
def topic_version_get(request: HttpRequest, slug: str, number: int) -> Any:
    return selectors.topic_version_get(selectors.topic_get(slug), number)


@router.post("/topics/{slug}/versions", response={201: VersionOut})
def topic_version_create(request: AuthedRequest, slug: str, payload: VersionIn) -> Any:
    """Write the next version of a topic (KA managers and administrators); it becomes current."""
    version = services.topic_version_create(
        actor=request.user, topic=selectors.topic_get(slug), **payload.dict()
    )
    return Status(201, version)


@router.get("/listening-test/questions", response=list[QuestionOut])
def listening_questions(request: HttpRequest) -> Any:
    """The 20 questions in order; question 6 is reverse-scored (D9-test)."""
    return selectors.listening_questions()


@router.get("/listening-test/bands", response=list[BandOut])
def listening_bands(request: HttpRequest) -> Any:
    return [band.__dict__ for band in selectors.listening_bands()]


@router.post("/listening-test/results", response={201: ResultOut})
def listening_submit(request: AuthedRequest, payload: AnswersIn) -> Any:
    """Submit 20 answers (5, 4, 3, 2 or 1 in question order); answers the total and its band."""
    result = services.listening_submit(actor=request.user, **payload.dict())
    return Status(201, result)


@router.get("/listening-test/results", response=list[ResultOut])
@paginate(LimitOffsetPagination)
def listening_history(request: AuthedRequest) -> Any:
    """The caller's own results, newest first."""
    return selectors.listening_history(request.user)


@router.get("/listening-test/team", response=TeamOut)
def listening_team(request: AuthedRequest) -> Any:
    """The team's averages by question over each member's latest result (managers)."""
    team = selectors.listening_team(request.user)
    team["members"] = [
        {"user_id": r.user_id, "name": r.user.display_name, "total": r.total, "taken_at": r.taken_at}
        for r in team["members"]
    ]
    return team


@router.get("/call-scripts/", response=list[ScriptSummaryOut])
def call_script_list(request: HttpRequest, lang: str | None = None) -> Any:
    return selectors.call_script_list(_lang(lang))


@router.get("/call-scripts/{code}", response=ScriptOut)
def call_script(request: HttpRequest, code: str, lang: str | None = None) -> Any:
    """A call script as steps with the standard phrases; callbacks carry the 5 s / 10 s prompt."""
    return selectors.call_script(code, _lang(lang))


@router.get("/question-coach", response=CoachOut)
def question_coach(request: HttpRequest, situation: str, lang: str | None = None) -> Any:
    """The question types that suit a situation: learn_facts, complaint, closing or satisfaction."""
    return {"situation": situation, "question_types": selectors.question_coach(situation, _lang(lang))}
