"""To-do items of relationship management on the home page: the user's open work (C1, A2m, A2o, A2a, D12)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import TYPE_CHECKING

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kam.core import clock
from kam.core.navigation import TodoItem
from kam.relations import rules
from kam.relations.models import (
    ActionItem,
    Assessment,
    AssessmentStatus,
    Directive,
    FollowUp,
    Need,
    ProcedureVersion,
)

if TYPE_CHECKING:
    from datetime import date

    from kam.org.models import User


def _due(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(18, 0), tzinfo=clock.local_zone())


def relation_todos(user: User) -> Iterator[TodoItem]:
    """Yield the user's open needs, meeting actions, directives, assessments to confirm and rules to read."""
    today = clock.local_today()
    for need in Need.objects.filter(owner=user).exclude(status=FollowUp.DONE).select_related("account")[:20]:
        yield TodoItem(
            title=_("Need of %(account)s: %(direction)s")
            % {"account": need.account.name, "direction": need.direction},
            link=reverse("relations:need_edit", args=[need.pk]),
            due=_due(need.due_on),
            kind="relations.need",
            urgent=need.due_on is not None and need.due_on < today,
        )
    for action in ActionItem.objects.filter(owner=user, done_at__isnull=True).select_related("meeting")[:20]:
        yield TodoItem(
            title=_("Meeting action: %(what)s") % {"what": action.description},
            link=reverse("relations:meeting_detail", args=[action.meeting_id]),
            due=_due(action.due_on),
            kind="relations.action",
            urgent=action.due_on < today,
        )
    for directive in Directive.objects.filter(assignee=user, status__in=rules.DIRECTIVE_OPEN)[:20]:
        overdue = rules.is_overdue(directive.due_on, directive.status, today)
        yield TodoItem(
            title=_("Directive: %(title)s") % {"title": directive.title},
            link=reverse("relations:directive_detail", args=[directive.pk]),
            due=_due(directive.due_on),
            kind="relations.directive",
            detail=_("Overdue") if overdue else "",
            urgent=overdue,
        )
    if user.holds("ka_manager") and user.department_id:
        waiting = Assessment.objects.filter(
            status=AssessmentStatus.PROPOSED, account__department_id=user.department_id
        )
        for assessment in waiting.select_related("account")[:20]:
            yield TodoItem(
                title=_("Confirm the relationship assessment of %(account)s")
                % {"account": assessment.account.name},
                link=reverse("relations:assessment_detail", args=[assessment.pk]),
                kind="relations.assessment",
            )
    if user.department_id:
        yield from _unread_rules(user)


def _unread_rules(user: User) -> Iterator[TodoItem]:
    latest = (
        ProcedureVersion.objects.filter(
            procedure__department_id=user.department_id or 0, procedure__deleted_at__isnull=True
        )
        .values("procedure_id")
        .annotate(top=Max("number"))
    )
    for row in latest[:20]:
        version = ProcedureVersion.objects.select_related("procedure").get(
            procedure_id=row["procedure_id"], number=row["top"]
        )
        if not version.acknowledgements.filter(user=user).exists():
            yield TodoItem(
                title=_("Read and acknowledge: %(title)s") % {"title": version.procedure.title},
                link=reverse("relations:procedure_detail", args=[version.procedure_id]),
                kind="relations.procedure",
            )
