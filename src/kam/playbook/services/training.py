"""Writes of the training records: courses, sessions, attendance and scores (A2f)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_noop

from kam.core import clock
from kam.core.errors import ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.playbook import selectors
from kam.playbook.models import Attendance, AttendanceStatus, Course, Topic, TrainingSession
from kam.playbook.permissions import EDITORS
from kam.playbook.services.common import required, save_checked

TITLE_REQUIRED = gettext_noop("A title is required.")
TOPIC_NOT_FOUND = gettext_noop("Playbook topic “{slug}” does not exist.")
BAD_STATUS = gettext_noop("Attendance is present, absent or excused.")
BAD_SCORE = gettext_noop("A score is from 0 to 100.")
SCORE_WHEN_ABSENT = gettext_noop("Only a trainee who was present can have a score.")
TRAINEE_OUT_OF_REACH = gettext_noop("The trainee is not in your team.")


@transaction.atomic
def course_create(
    *, actor: User, title: str, description: str = "", topic_slugs: Sequence[str] = ()
) -> Course:
    """Create a training course for the department (A2f), optionally on playbook topics."""
    require_posts(actor, *EDITORS)
    topics = list(Topic.objects.filter(slug__in=list(topic_slugs)))
    missing = sorted(set(topic_slugs) - {t.slug for t in topics})
    if missing:
        raise ValidationFailed(TOPIC_NOT_FOUND, field="topic_slugs", params={"slug": missing[0]})
    course = Course(
        title=required(title, TITLE_REQUIRED, "title"),
        description=description.strip(),
        department=actor.department,
    )
    save_checked(course, actor, "created")
    course.topics.set(topics)
    return course


@transaction.atomic
def session_create(
    *, actor: User, course: Course, starts_at: datetime, place: str = "", trainer: str = ""
) -> TrainingSession:
    require_posts(actor, *EDITORS)
    session = TrainingSession(
        course=course,
        starts_at=clock.ensure_aware(starts_at),
        place=place.strip(),
        trainer=trainer.strip(),
    )
    return save_checked(session, actor, "created")  # type: ignore[no-any-return]


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    session: TrainingSession,
    trainee: User,
    status: str,
    score: Decimal | None = None,
    remark: str = "",
) -> Attendance:
    """Record (or correct) whether a trainee attended a session and the score they earned (A2f).

    A manager records the people of their own team only; the row's history keeps every correction.
    """
    require_posts(actor, *EDITORS)
    if not selectors.trainee_visible(actor, trainee):
        raise ValidationFailed(TRAINEE_OUT_OF_REACH, field="user_id")
    if status not in AttendanceStatus.values:
        raise ValidationFailed(BAD_STATUS, field="status")
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        raise ValidationFailed(BAD_SCORE, field="score")
    if score is not None and status != AttendanceStatus.PRESENT:
        raise ValidationFailed(SCORE_WHEN_ABSENT, field="score")
    row = Attendance.objects.filter(session=session, trainee=trainee).first() or Attendance(
        session=session, trainee=trainee
    )
    row.status, row.score, row.remark = status, score, remark.strip()
    return save_checked(row, actor, "attendance recorded")  # type: ignore[no-any-return]
