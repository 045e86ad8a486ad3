"""Scorecards: compute a department-month, manual scores, adjustments, lock (B2, B4, B5, B7, B8)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from kam.core import audit, clock
from kam.core.errors import NOT_FOUND, Conflict, Forbidden, NotFound, ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import Department, User
from kam.plans import rules
from kam.plans.models import (
    DepartmentTemplate,
    ManualScore,
    Scorecard,
    ScorecardAdjustment,
    ScorecardStatus,
    ScorecardTemplate,
)
from kam.plans.scoring import Card, compute_cards, rank_cards
from kam.plans.services.common import require_manager_of

SCORECARD_LOCKED = gettext_noop("This scorecard is locked.")
SELF_SCORING = gettext_noop("You cannot score your own scorecard.")
UNKNOWN_ROW = gettext_noop("No such row on this scorecard.")
REASON_REQUIRED = gettext_noop("An adjustment needs a reason.")
ADJUST_OUT_OF_RANGE = gettext_noop("An adjusted score must be between 0 and the row's weight.")
NO_TEMPLATE = gettext_noop("No default scorecard template.")
NO_SCORES = gettext_noop("Give at least one score.")
NO_DEPARTMENT = gettext_noop("No such department.")


def default_template() -> ScorecardTemplate:
    template = ScorecardTemplate.objects.filter(is_default=True).order_by("-version").first()
    if template is None:
        raise Conflict(NO_TEMPLATE)
    return template


def template_in_force(department_id: int) -> ScorecardTemplate:
    """The latest version of the template the department chose, else the default (form 1) (B3)."""
    chosen = DepartmentTemplate.objects.filter(department_id=department_id).first()
    if chosen is not None:
        template = ScorecardTemplate.objects.filter(name=chosen.template_name).order_by("-version").first()
        if template is not None:
            return template
    return default_template()


def _department_specialists(department_id: int) -> list[int]:
    return list(
        User.objects.filter(department_id=department_id, is_active=True, posts__code="specialist")
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()
    )


def scorecard_compute(*, department_id: int, month: date) -> list[Card]:
    """Compute, ranked, the scorecards of a department-month, creating the missing ones (B2, B5, B8).

    A new scorecard freezes the template in force, so a later template version never changes this
    month. The number of queries does not grow with the number of specialists.
    """
    with transaction.atomic():
        existing = list(
            Scorecard.objects.filter(department_id=department_id, month=month)
            .select_related("specialist")
            .order_by("id")
        )
        have = {s.specialist_id for s in existing}
        missing = [uid for uid in _department_specialists(department_id) if uid not in have]
        if missing:
            template = template_in_force(department_id)
            new = [
                Scorecard(
                    specialist_id=uid,
                    department_id=department_id,
                    month=month,
                    template_name=template.name,
                    template_version=template.version,
                    template_rows=template.rows,
                )
                for uid in missing
            ]
            try:
                with transaction.atomic():  # a savepoint: a concurrent reader may create them first
                    bulk_create_with_history(new, Scorecard)
            except IntegrityError:
                pass  # the other request's scorecards are committed now; read them below
            existing = list(
                Scorecard.objects.filter(department_id=department_id, month=month)
                .select_related("specialist")
                .order_by("id")
            )
    return rank_cards(compute_cards(existing, month))


def _open_card(actor: User, scorecard_id: int) -> Scorecard:
    card = Scorecard.objects.select_for_update().filter(pk=scorecard_id).first()
    if card is None:
        raise NotFound(NOT_FOUND)
    if card.specialist_id == actor.pk:
        raise Forbidden(SELF_SCORING)
    require_manager_of(actor, card.department_id)
    if card.is_locked:
        raise Conflict(SCORECARD_LOCKED)
    return card


def scorecard_manual_scores(*, actor: User, scorecard_id: int, scores: Mapping[str, object]) -> Scorecard:
    """Record the KA manager's 0–100 marks for manual rows; nobody scores themselves (B4, B5)."""
    if not scores:
        raise ValidationFailed(NO_SCORES, field="scores")
    with transaction.atomic():
        card = _open_card(actor, scorecard_id)
        manual = {r["code"] for r in card.template_rows if r.get("kind") == rules.MANUAL}
        clean = {}
        for code, value in scores.items():
            if code not in manual:
                raise ValidationFailed(UNKNOWN_ROW, field=f"scores.{code}")
            clean[code] = rules.validate_manual_score(value, field=f"scores.{code}")
        current = {m.code: m for m in ManualScore.objects.filter(scorecard=card, code__in=clean)}
        for code, value in clean.items():
            mark = current.get(code) or ManualScore(scorecard=card, code=code)
            mark.score, mark.scored_by = value, actor
            audit.record_actor(mark, actor)
            mark.save()
        audit.record_actor(card, actor)
        card.save_with_reason("manual scores", update_fields=["updated_at"])
    return card


def _card_of(department_id: int | None, month: date, scorecard_id: int) -> Card:
    if department_id is None:
        raise NotFound(NOT_FOUND)
    cards = scorecard_compute(department_id=department_id, month=month)
    return next(c for c in cards if c.scorecard.pk == scorecard_id)


def scorecard_adjust(
    *, actor: User, scorecard_id: int, code: str, score: object, reason: str
) -> ScorecardAdjustment:
    """Set a row's score by hand with a mandatory reason, kept with the old score in history (B8)."""
    if not (reason or "").strip():
        raise ValidationFailed(REASON_REQUIRED, field="reason")
    with transaction.atomic():
        card = _open_card(actor, scorecard_id)
        row = _card_of(card.department_id, card.month, card.pk).row(code)
        if row is None:
            raise ValidationFailed(UNKNOWN_ROW, field="code")
        try:
            new = rules.q2(Decimal(str(score)))
        except ArithmeticError:
            raise ValidationFailed(ADJUST_OUT_OF_RANGE, field="score") from None
        if not new.is_finite() or not 0 <= new <= Decimal(str(row["weight"])):
            raise ValidationFailed(ADJUST_OUT_OF_RANGE, field="score")
        adjustment = ScorecardAdjustment(
            scorecard=card,
            code=code,
            old=Decimal(str(row["score"])),
            new=new,
            reason=reason.strip(),
            adjusted_by=actor,
        )
        audit.record_actor(adjustment, actor)
        adjustment.save()
    return adjustment


def _freeze(card: Card, actor: User) -> None:
    sc = card.scorecard
    sc.rows, sc.deductions, sc.total, sc.rank = card.rows, card.deductions, card.total, card.rank
    sc.status, sc.locked_at, sc.locked_by = ScorecardStatus.LOCKED, clock.now(), actor
    audit.record_actor(sc, actor)
    sc.save_with_reason("locked")


def scorecard_lock(*, actor: User, scorecard_id: int) -> Scorecard:
    """Lock one scorecard: its computed rows, deductions, total and rank are frozen for good (B8)."""
    with transaction.atomic():
        card = _open_card(actor, scorecard_id)
        computed = _card_of(card.department_id, card.month, card.pk)
        computed.scorecard = card
        _freeze(computed, actor)
    return card


def scorecard_lock_month(*, actor: User, department_id: int, month: date) -> int:
    """Lock every open scorecard of a department-month; return how many were locked (B8)."""
    require_posts(actor, "ka_manager", "admin")
    if not Department.objects.filter(pk=department_id).exists():
        raise ValidationFailed(NO_DEPARTMENT, field="department_id")
    require_manager_of(actor, department_id)
    with transaction.atomic():
        cards = scorecard_compute(department_id=department_id, month=month)
        locked = 0
        for card in cards:
            if card.scorecard.is_locked or card.user_id == actor.pk:
                continue
            _freeze(card, actor)
            locked += 1
    return locked
