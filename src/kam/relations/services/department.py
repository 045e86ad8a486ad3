"""Writes of the department's own work: regional directives (A2o), meetings (A2m), procedures (A2a)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_noop

from kam.accounts.services.common import a_date, active_user, save, text
from kam.core import clock
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.notify.services import notify
from kam.org import selectors as org_selectors
from kam.org.models import User
from kam.relations import rules
from kam.relations.models import (
    Acknowledgement,
    ActionItem,
    Directive,
    DirectiveStatus,
    DirectiveUpdate,
    Meeting,
    Procedure,
    ProcedureVersion,
)

DIRECTIVE_ISSUERS = ("regional_manager", "general_manager", "admin")
DEPARTMENT_MANAGERS = ("ka_manager", "admin")
NOT_KA_MANAGER = gettext_noop("A directive goes to a key account manager; this person is not one.")
OUTSIDE_REGION = gettext_noop("This key account manager is outside your region.")
NOT_ASSIGNEE = gettext_noop("Only the key account manager the directive is addressed to can do this.")
NOT_ISSUER = gettext_noop("Only the person who issued the directive can withdraw it.")
DUE_IN_PAST = gettext_noop("The due date cannot be in the past.")
SUPERSEDED = gettext_noop(
    "This version has been replaced by version {current}; read and acknowledge that one."
)
ALREADY_ACKNOWLEDGED = gettext_noop("You have already acknowledged this version.")
NOT_IN_DEPARTMENT = gettext_noop("Only staff of the procedure's department acknowledge it.")
NO_DEPARTMENT = gettext_noop("You belong to no department.")
ATTENDEE_NOT_FOUND = gettext_noop("Attendee {id} does not exist or is not active.")
ACTION_NOT_OWNER = gettext_noop("Only the owner of the action marks it done.")


def _link(directive: Directive) -> str:
    return reverse("relations:directive_detail", args=[directive.pk])


@transaction.atomic
def directive_issue(*, actor: User, assignee_id: int, title: str, body: str, due_on: Any) -> Directive:
    """Issue a directive to a KA manager of one's region, with a due date (A2o)."""
    require_posts(actor, *DIRECTIVE_ISSUERS)
    assignee = active_user(assignee_id, field="assignee_id")
    assert assignee is not None
    if not assignee.holds("ka_manager"):
        raise ValidationFailed(NOT_KA_MANAGER, field="assignee_id")
    if not actor.holds("general_manager", "admin"):
        region = (
            org_selectors.region_department_ids(actor.department_id) if actor.department_id else frozenset()
        )
        if assignee.department_id not in region:
            raise ValidationFailed(OUTSIDE_REGION, field="assignee_id")
    due = a_date(due_on, field="due_on")
    if due is None or due < clock.local_today():
        raise ValidationFailed(DUE_IN_PAST, field="due_on")
    directive = Directive(
        issued_by=actor,
        assignee=assignee,
        department_id=assignee.department_id,
        title=text(title, field="title", limit=200, required=True),
        body=text(body, field="body", limit=8000, required=True),
        due_on=due,
    )
    save(directive, actor=actor, reason="issued")
    notify(recipients=[assignee], kind="relations.directive", title=directive.title, link=_link(directive))
    return directive


def _move(directive: Directive, target: str, actor: User, *, assignee_only: bool = True) -> None:
    if assignee_only and directive.assignee_id != actor.pk:
        raise Forbidden(NOT_ASSIGNEE)
    rules.check_directive_move(directive.status, target)
    directive.status = target


@transaction.atomic
def directive_acknowledge(*, actor: User, directive: Directive) -> Directive:
    _move(directive, rules.ACKNOWLEDGED, actor)
    directive.acknowledged_at = clock.now()
    return save(directive, actor=actor, reason="acknowledged")


@transaction.atomic
def directive_update(*, actor: User, directive: Directive, body: str) -> Directive:
    """Record how the execution is going; the first update puts the directive in progress."""
    _move(directive, rules.IN_PROGRESS, actor)
    DirectiveUpdate.objects.create(
        directive=directive,
        author=actor,
        body=text(body, field="body", limit=4000, required=True),
        at=clock.now(),
    )
    return save(directive, actor=actor, reason="execution update")


@transaction.atomic
def directive_complete(*, actor: User, directive: Directive, result: str) -> Directive:
    _move(directive, rules.COMPLETED, actor)
    directive.result = text(result, field="result", limit=4000, required=True)
    directive.completed_at = clock.now()
    return save(directive, actor=actor, reason="completed")


@transaction.atomic
def directive_reply(*, actor: User, directive: Directive, reply: str) -> Directive:
    """Reply to the issuer with the outcome; the directive is then closed (A2o 答复)."""
    _move(directive, rules.REPLIED, actor)
    directive.reply = text(reply, field="reply", limit=4000, required=True)
    directive.replied_at = clock.now()
    save(directive, actor=actor, reason="replied")
    notify(
        recipients=[directive.issued_by],
        kind="relations.directive",
        title=directive.title,
        link=_link(directive),
    )
    return directive


@transaction.atomic
def directive_withdraw(*, actor: User, directive: Directive) -> Directive:
    if directive.issued_by_id != actor.pk and not actor.holds("admin"):
        raise Forbidden(NOT_ISSUER)
    _move(directive, DirectiveStatus.WITHDRAWN, actor, assignee_only=False)
    return save(directive, actor=actor, reason="withdrawn")


def _department_of(actor: User) -> int:
    if actor.department_id is None:
        raise ValidationFailed(NO_DEPARTMENT, field="department_id")
    return actor.department_id


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    title: str,
    held_on: Any,
    minutes: str = "",
    decisions: str = "",
    attendee_ids: Sequence[int] = (),
    actions: Sequence[dict[str, Any]] = (),
) -> Meeting:
    """Record a department meeting; each action item reaches its owner's to-do list (A2m)."""
    require_posts(actor, *DEPARTMENT_MANAGERS)
    meeting = Meeting(
        department_id=_department_of(actor),
        title=text(title, field="title", limit=200, required=True),
        held_on=a_date(held_on, field="held_on", past_only=True) or clock.local_today(),
        minutes=text(minutes, field="minutes", limit=20000),
        decisions=text(decisions, field="decisions", limit=8000),
        recorded_by=actor,
    )
    attendees = [active_user(pk, field="attendee_ids") for pk in dict.fromkeys(attendee_ids)]
    items = [
        ActionItem(
            description=text(a.get("description"), field="actions", limit=300, required=True),
            owner=active_user(int(a.get("owner_id") or 0), field="actions"),
            due_on=a_date(a.get("due_on"), field="actions") or meeting.held_on,
        )
        for a in actions
    ]
    save(meeting, actor=actor, reason="recorded")
    meeting.attendees.set([u for u in attendees if u is not None])
    for item in items:
        item.meeting = meeting
    ActionItem.objects.bulk_create(items)
    link = reverse("relations:meeting_detail", args=[meeting.pk])
    notify(recipients=[i.owner for i in items], kind="relations.action", title=meeting.title, link=link)
    return meeting


@transaction.atomic
def action_done(*, actor: User, action: ActionItem) -> ActionItem:
    if action.owner_id != actor.pk:
        raise Forbidden(ACTION_NOT_OWNER)
    if action.done_at is None:
        action.done_at = clock.now()
        action.save(update_fields=["done_at"])
    return action


@transaction.atomic
def procedure_publish(
    *, actor: User, title: str, body: str, procedure: Procedure | None = None
) -> ProcedureVersion:
    """Publish a procedure or a new version of one; staff then acknowledge the new version (A2a)."""
    require_posts(actor, *DEPARTMENT_MANAGERS)
    if procedure is None:
        procedure = Procedure(department_id=_department_of(actor))
    elif procedure.department_id != actor.department_id and not actor.holds("admin"):
        raise Forbidden(FORBIDDEN)
    procedure.title = text(title or procedure.title, field="title", limit=200, required=True)
    save(procedure, actor=actor, reason="published")
    last = procedure.versions.aggregate(n=Max("number"))["n"] or 0
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=last + 1,
        body=text(body, field="body", limit=50000, required=True),
        published_by=actor,
        published_at=clock.now(),
    )
    staff = User.objects.filter(department_id=procedure.department_id, is_active=True).exclude(pk=actor.pk)
    link = reverse("relations:procedure_detail", args=[procedure.pk])
    notify(recipients=list(staff), kind="relations.procedure", title=procedure.title, link=link)
    return version


@transaction.atomic
def procedure_acknowledge(*, actor: User, version: ProcedureVersion) -> Acknowledgement:
    """Acknowledge having read a version; only the current one may be acknowledged (A2a)."""
    procedure = version.procedure
    if actor.department_id != procedure.department_id:
        raise Forbidden(NOT_IN_DEPARTMENT)
    current = procedure.versions.aggregate(n=Max("number"))["n"]
    if version.number != current:
        raise Conflict(SUPERSEDED, field="version", params={"current": current})
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(version=version, user=actor, at=clock.now())
    except IntegrityError:
        raise Conflict(ALREADY_ACKNOWLEDGED, field="version") from None
