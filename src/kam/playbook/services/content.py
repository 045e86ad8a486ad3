"""Writes of the reference content and the listening self-test (D3–D9, D9-test, D18–D26, E1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from kam.core import audit, clock
from kam.core.errors import ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import PostCode, User
from kam.playbook import rules, selectors
from kam.playbook.models import Attendance, AttendanceStatus, ListeningResult, Topic, TopicVersion
from kam.playbook.permissions import EDITORS
from kam.playbook.services.common import refusal

NOTE_TOO_LONG = gettext_noop("The note is too long (at most 300 characters).")
TAKEN_IN_FUTURE = gettext_noop("The test cannot be taken in the future.")
NOT_IN_SESSION = gettext_noop("You are not on the list of training session {id}.")


@transaction.atomic
def topic_version_create(
    *,
    actor: User,
    topic: Topic,
    title_zh: str,
    title_en: str,
    items: Sequence[Any],
    intro_zh: str = "",
    intro_en: str = "",
    note: str = "",
) -> TopicVersion:
    """Write the next version of a topic and make it current; earlier versions stay as they were.

    Managers keep the playbook up to date (A2a, A2f); both languages must be complete (F4), and the
    keys other screens rely on (test questions, question types, script steps) must stay.
    """
    require_posts(actor, *EDITORS)
    topic = Topic.objects.select_for_update(of=("self",)).select_related("current").get(pk=topic.pk)
    previous = topic.current
    previous_keys = [str(i["key"]) for i in (previous.items if previous else []) if i.get("key")]
    problem = rules.version_problem(
        title_zh=title_zh,
        title_en=title_en,
        items=items,
        previous_keys=previous_keys,
        fixed_count=topic.fixed_count,
    )
    if problem:
        raise refusal(problem[1], field=problem[0])
    if len(note) > 300:
        raise ValidationFailed(NOTE_TOO_LONG, field="note")
    number = (topic.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = TopicVersion.objects.create(
        topic=topic,
        number=number,
        title_zh=title_zh.strip(),
        title_en=title_en.strip(),
        intro_zh=intro_zh.strip(),
        intro_en=intro_en.strip(),
        items=list(items),
        note=note.strip(),
        search_text=rules.search_text(title_zh, title_en, intro_zh, intro_en, list(items)),
        created_by=actor,
    )
    topic.current = version
    audit.record_actor(topic, actor)
    topic.save_with_reason("new version")  # the number is on the version row itself
    return version


def _answer_field(problem: rules.AnswerProblem) -> str:
    return f"answers.{problem.number}" if problem.number else "answers"


@transaction.atomic
def listening_submit(
    *,
    actor: User,
    answers: Sequence[object],
    taken_at: datetime | None = None,
    session_id: int | None = None,
) -> ListeningResult:
    """Score one sitting of the listening self-test and keep it (D9-test).

    A missing or out-of-range answer is refused with the question named (``answers.6``) and nothing is
    written. When the test is taken in a training session the trainee is listed in, the total becomes
    that session's score (A2f: the listening test counts as a training score).
    """
    require_posts(actor, *PostCode.values)
    problem = rules.answer_problem(answers)
    if problem is not None:
        raise refusal(problem.message, field=_answer_field(problem))
    values = [int(a) for a in answers]  # type: ignore[call-overload]
    moment = clock.ensure_aware(taken_at) if taken_at else clock.now()
    if moment > clock.now():
        raise ValidationFailed(TAKEN_IN_FUTURE, field="taken_at")
    attendance = None
    if session_id is not None:
        attendance = Attendance.objects.filter(session_id=session_id, trainee=actor).first()
        if attendance is None:
            raise ValidationFailed(NOT_IN_SESSION, field="session_id", params={"id": session_id})
    total = rules.listening_total(values)
    band = rules.band_for(total, selectors.listening_bands()) or rules.Band(total, total)
    result = ListeningResult.objects.create(
        user=actor,
        taken_at=moment,
        answers=values,
        total=total,
        band_label_zh=band.label_zh,
        band_label_en=band.label_en,
        band_advice_zh=band.advice_zh,
        band_advice_en=band.advice_en,
        session_id=session_id,
    )
    if attendance is not None:
        attendance.status = AttendanceStatus.PRESENT
        attendance.score = total
        audit.record_actor(attendance, actor)
        attendance.save_with_reason("listening test")
    return result
