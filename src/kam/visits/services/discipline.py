"""The visit-discipline sweep and the handling of violations (D11)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from kam.core import audit, clock
from kam.core.calendar import is_working_day
from kam.core.errors import FORBIDDEN, Conflict, Forbidden, ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import User
from kam.visits import rules
from kam.visits.codes import ViolationStatus
from kam.visits.models import OfficeActivity, SignIn, Violation, Visit
from kam.visits.services.common import discipline_rules

NOT_ALLOWED_NOW = gettext_noop("This violation cannot be {action} in its present state.")
EXPLANATION_REQUIRED = gettext_noop("Say why: an explanation is required.")

# Which moves each action makes, and from where (the workflow as a table).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "explain": (frozenset({ViolationStatus.OPEN, ViolationStatus.REJECTED}), ViolationStatus.EXPLAINED),
    "accept": (frozenset({ViolationStatus.EXPLAINED}), ViolationStatus.ACCEPTED),
    "reject": (frozenset({ViolationStatus.EXPLAINED}), ViolationStatus.REJECTED),
    "close": (
        frozenset(
            {
                ViolationStatus.OPEN,
                ViolationStatus.EXPLAINED,
                ViolationStatus.ACCEPTED,
                ViolationStatus.REJECTED,
            }
        ),
        ViolationStatus.CLOSED,
    ),
}
DECIDERS = ("service_director", "admin")
AUDITORS = ("inspector", "admin")


def allowed_actions(actor: User, violation: Violation) -> frozenset[str]:
    """Return what the actor may do to the violation now: its person explains, the service director
    accepts or rejects, the inspector closes (D11); the pages offer only these."""
    who = {
        "explain": violation.user_id == actor.pk,
        "accept": actor.holds(*DECIDERS),
        "reject": actor.holds(*DECIDERS),
        "close": actor.holds(*AUDITORS),
    }
    return frozenset(
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if who[action] and violation.status in sources
    )


def _move(violation: Violation, action: str) -> None:
    sources, target = TRANSITIONS[action]
    if violation.status not in sources:
        raise Conflict(NOT_ALLOWED_NOW, field="status", params={"action": action})
    violation.status = target


@transaction.atomic
def violation_explain(*, actor: User, violation: Violation, explanation: str) -> Violation:
    """Let the person explain a violation (e.g. approved leave); the director then decides (D11)."""
    if violation.user_id != actor.pk:
        raise Forbidden(FORBIDDEN)
    if not explanation.strip():
        raise ValidationFailed(EXPLANATION_REQUIRED, field="explanation")
    _move(violation, "explain")
    violation.explanation = explanation.strip()
    audit.record_actor(violation, actor)
    violation.save_with_reason("explained")
    return violation


@transaction.atomic
def violation_decide(*, actor: User, violation: Violation, accept: bool, note: str = "") -> Violation:
    """Accept or reject an explanation: the service director answers for the staff's compliance (D11)."""
    require_posts(actor, *DECIDERS)
    _move(violation, "accept" if accept else "reject")
    violation.decided_by = actor
    violation.decision_note = note
    audit.record_actor(violation, actor)
    violation.save_with_reason("accepted" if accept else "rejected")
    return violation


@transaction.atomic
def violation_close(*, actor: User, violation: Violation, audit_note: str = "") -> Violation:
    """Close a violation after audit, keeping the inspector's note (D11)."""
    require_posts(actor, *AUDITORS)
    _move(violation, "close")
    if audit_note.strip():
        stamp = clock.localtime(clock.now()).strftime("%Y-%m-%d %H:%M")
        violation.audit_notes = f"{violation.audit_notes}\n[{stamp} {actor}] {audit_note.strip()}".strip()
    violation.closed_by = actor
    audit.record_actor(violation, actor)
    violation.save_with_reason("closed")
    return violation


def _people(user_ids: list[int] | None) -> dict[int, User]:
    rows = User.objects.filter(is_active=True, posts__code="specialist").select_related("territory")
    if user_ids is not None:
        rows = rows.filter(pk__in=user_ids)
    return {u.pk: u for u in rows.distinct()}


def _day_findings(day: date, people: dict[int, User], now: datetime) -> list[tuple[int, rules.Finding]]:
    """Judge everyone's day with a handful of set-based queries, then the pure rules (D11)."""
    settings, tz = discipline_rules(), clock.local_zone()
    start, end = clock.day_bounds(day)
    working = is_working_day(day)
    ids = list(people)
    sign_ins: dict[int, list[datetime]] = defaultdict(list)
    for user_id, moment in SignIn.objects.filter(
        user_id__in=ids, occurred_at__gte=start, occurred_at__lt=end
    ).values_list("user_id", "occurred_at"):
        sign_ins[user_id].append(moment)
    found: list[tuple[int, rules.Finding]] = []
    for user_id in ids:
        for f in rules.sign_in_findings(
            day=day, working_day=working, sign_ins=sign_ins[user_id], now=now, rules=settings, tz=tz
        ):
            found.append((user_id, f))
    visits = Visit.objects.filter(user_id__in=ids, occurred_at__gte=start, occurred_at__lt=end)
    for pk, user_id, moment, inside in visits.values_list("pk", "user_id", "occurred_at", "in_territory"):
        for f in rules.visit_findings(visit_id=pk, moment=moment, inside=inside, rules=settings, tz=tz):
            found.append((user_id, f))
    office = OfficeActivity.objects.filter(user_id__in=ids, starts_at__gte=start, starts_at__lt=end)
    for pk, user_id, starts, ends in office.values_list("pk", "user_id", "starts_at", "ends_at"):
        for f in rules.office_findings(
            activity_id=pk, starts_at=starts, ends_at=ends, working_day=working, rules=settings, tz=tz
        ):
            found.append((user_id, f))
    return found


@transaction.atomic
def discipline_sweep(*, day: date, now: datetime | None = None, user_ids: list[int] | None = None) -> int:
    """Find the day's violations of every specialist and store the new ones; return how many (D11).

    Safe to run again: what is already stored is skipped, and the uniqueness constraint backs that up.
    """
    moment = now or clock.now()
    people = _people(user_ids)
    found = _day_findings(day, people, moment)
    existing = set(
        Violation.all_objects.filter(user_id__in=list(people), day=day).values_list(
            "user_id", "code", "subject"
        )
    )
    fresh = []
    for user_id, f in found:
        key = (user_id, f.code, f.subject)
        if key in existing:
            continue
        existing.add(key)
        fresh.append(
            Violation(
                code=f.code,
                user_id=user_id,
                department_id=people[user_id].department_id,
                day=f.day,
                subject=f.subject,
                evidence=f.evidence,
            )
        )
    if fresh:
        bulk_create_with_history(fresh, Violation, batch_size=500, ignore_conflicts=True)
    return len(fresh)
