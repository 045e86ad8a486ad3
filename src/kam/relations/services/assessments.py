"""Writes of relationship assessments (D12): templates, assessing an account, confirming the result.

A confirmed **terminate** releases the account through the key account services (owner cleared to
the department's pool, status terminated), so that its history records the move like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from kam.accounts import permissions as account_permissions
from kam.accounts import selectors as account_selectors
from kam.accounts import services as account_services
from kam.accounts.models import AccountStatus
from kam.accounts.services.common import a_date, choice, save, text
from kam.core import clock
from kam.core.errors import Conflict, ValidationFailed
from kam.core.permissions import require_posts
from kam.notify.services import notify
from kam.org.models import User
from kam.relations import rules, selectors
from kam.relations.models import (
    Assessment,
    AssessmentResult,
    AssessmentScore,
    AssessmentStatus,
    AssessmentTemplate,
    Indicator,
)

TEMPLATE_EDITORS = ("ka_manager", "regional_manager", "general_manager", "admin")
NAME_TAKEN = gettext_noop("A template with this name already exists.")
NOT_A_NUMBER = gettext_noop("Not a number.")
ALREADY_CONFIRMED = gettext_noop("This assessment is already confirmed.")
REASON_REQUIRED = gettext_noop("Give the reason for overriding the proposed result.")
NO_TEMPLATE = gettext_noop("There is no assessment template yet; ask a manager to create one.")
RELEASE_REASON = "Relationship terminated by assessment #{id}: {reason}"


def decimal(value: Any, *, field: str) -> Decimal:
    """Read a decimal (a number or its text), naming ``field`` when it is not one."""
    try:
        parsed = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed(NOT_A_NUMBER, field=field) from None
    if not parsed.is_finite():
        raise ValidationFailed(NOT_A_NUMBER, field=field)
    return parsed


def _grades(values: Sequence[Any]) -> list[list[Any]]:
    try:
        scale = [
            rules.Grade(text(g[0], field="grades", limit=20), decimal(g[1], field="grades")) for g in values
        ]
    except (TypeError, IndexError, KeyError):
        raise ValidationFailed(rules.GRADES_EMPTY, field="grades") from None
    return [[g.name, str(g.minimum)] for g in rules.check_grades(scale)]


def _indicators(values: Sequence[dict[str, Any]]) -> list[Indicator]:
    rows = [
        Indicator(
            name=text(v.get("name"), field="indicators", limit=100, required=True),
            weight=decimal(v.get("weight"), field="indicators"),
            description=text(v.get("description"), field="indicators", limit=300),
            order=i,
        )
        for i, v in enumerate(values)
    ]
    rules.check_weights([(r.name, r.weight) for r in rows])
    return rows


def _apply(template: AssessmentTemplate, values: dict[str, Any]) -> list[Indicator] | None:
    if "name" in values:
        template.name = text(values["name"], field="name", limit=100, required=True)
        clash = AssessmentTemplate.objects.filter(name=template.name).exclude(pk=template.pk)
        if clash.exists():
            raise ValidationFailed(NAME_TAKEN, field="name")
    for name in ("standard_score", "develop_at", "terminate_below"):
        if values.get(name) is not None:
            setattr(template, name, decimal(values[name], field=name))
    rules.check_thresholds(template.standard_score, template.thresholds())
    if values.get("grades") is not None:
        template.grades = _grades(values["grades"])
    if values.get("is_default") is not None:
        template.is_default = bool(values["is_default"])
    return _indicators(values["indicators"]) if values.get("indicators") is not None else None


def _save_template(template: AssessmentTemplate, indicators: list[Indicator] | None, actor: User) -> None:
    save(template, actor=actor, reason="template saved")
    if template.is_default:
        AssessmentTemplate.objects.exclude(pk=template.pk).update(is_default=False)
    if indicators is not None:
        template.indicators.all().delete()
        for row in indicators:
            row.template = template
        Indicator.objects.bulk_create(indicators)


@transaction.atomic
def template_create(*, actor: User, **values: Any) -> AssessmentTemplate:
    """Create an assessment template: indicators totalling 100, grade scale, standard and thresholds."""
    require_posts(actor, *TEMPLATE_EDITORS)
    for required in ("standard_score", "develop_at", "terminate_below"):
        if values.get(required) is None:
            raise ValidationFailed(NOT_A_NUMBER, field=required)
    values.setdefault("grades", [])
    values.setdefault("indicators", [])
    template = AssessmentTemplate()
    template.name = ""
    values.setdefault("name", "")
    indicators = _apply(template, values)
    _save_template(template, indicators, actor)
    return template


@transaction.atomic
def template_update(*, actor: User, template: AssessmentTemplate, **values: Any) -> AssessmentTemplate:
    """Change a template; past assessments keep the indicators, weights and grades they were scored with."""
    require_posts(actor, *TEMPLATE_EDITORS)
    indicators = _apply(template, values)
    _save_template(template, indicators, actor)
    return template


def _score_rows(template: AssessmentTemplate, scores: Sequence[dict[str, Any]]) -> list[AssessmentScore]:
    indicators = {i.pk: i for i in template.indicators.all()}
    given: dict[int, dict[str, Any]] = {}
    for entry in scores:
        pk = int(entry.get("indicator_id") or 0)
        if pk not in indicators:
            raise ValidationFailed(rules.SCORE_UNKNOWN, field="scores", params={"id": pk})
        given[pk] = entry
    missing = [i.name for pk, i in indicators.items() if pk not in given]
    if missing:
        raise ValidationFailed(rules.SCORE_MISSING, field="scores", params={"names": "、".join(missing)})
    scale = template.grade_scale()
    rows = []
    for pk, indicator in indicators.items():
        entry = given[pk]
        score = decimal(entry.get("score"), field="scores")
        rules.check_score(indicator.name, score)
        rows.append(
            AssessmentScore(
                indicator=indicator,
                name=indicator.name,
                weight=indicator.weight,
                score=score,
                points=rules.weighted_points(score, indicator.weight),
                grade=rules.grade_of(score, scale),
                evidence=text(entry.get("evidence"), field="scores", limit=500),
                note=text(entry.get("note"), field="scores", limit=300),
                order=indicator.order,
            )
        )
    return rows


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    account_id: int,
    scores: Sequence[dict[str, Any]],
    template_id: int | None = None,
    assessed_on: Any = None,
    suggestions: str = "",
    number: str = "",
) -> Assessment:
    """Assess an account against a template: grade each score, total it, propose the result (D12).

    The owner and the managers above the owner assess; the result waits for a manager's confirmation.
    """
    account = account_selectors.account_get(viewer=actor, account_id=account_id)
    account_permissions.require(account_permissions.can_edit_account(actor, account))
    template = selectors.template_get(template_id) if template_id else selectors.default_template()
    if template is None:
        raise ValidationFailed(NO_TEMPLATE, field="template_id")
    rows = _score_rows(template, scores)
    total = rules.total_of((r.score, r.weight) for r in rows)
    assessment = Assessment(
        account=account,
        template=template,
        number=text(number, field="number", limit=20),
        assessor=actor,
        owner=account.owner,
        department_id=account.department_id,
        assessed_on=a_date(assessed_on, field="assessed_on", past_only=True) or clock.local_today(),
        total=total,
        standard_score=template.standard_score,
        proposed=rules.proposed_result(total, template.thresholds()),
        suggestions=text(suggestions, field="suggestions", limit=4000),
    )
    save(assessment, actor=actor, reason="assessed")
    for row in rows:
        row.assessment = assessment
    AssessmentScore.objects.bulk_create(rows)
    return assessment


@transaction.atomic
def assessment_confirm(*, actor: User, assessment: Assessment, result: str, reason: str = "") -> Assessment:
    """Confirm the proposed result or override it with a reason; terminate releases the account (D12)."""
    account = assessment.account
    account_permissions.require(account_permissions.can_manage_account(actor, account))
    if assessment.status == AssessmentStatus.CONFIRMED:
        raise Conflict(ALREADY_CONFIRMED, field="result")
    chosen = choice(result, field="result", choices=AssessmentResult, blank=False)
    why = text(reason, field="reason", limit=500)
    if rules.needs_reason(assessment.proposed, chosen, why):
        raise ValidationFailed(REASON_REQUIRED, field="reason")
    previous_owner = account.owner
    assessment.result, assessment.reason = chosen, why
    assessment.status = AssessmentStatus.CONFIRMED
    assessment.confirmed_by, assessment.confirmed_at = actor, clock.now()
    if chosen == rules.TERMINATE:
        _release(actor=actor, assessment=assessment, why=why or str(AssessmentResult.TERMINATE.label))
    save(assessment, actor=actor, reason=f"confirmed {chosen}")
    link = reverse("relations:assessment_detail", args=[assessment.pk])
    recipients = [u for u in (previous_owner, assessment.assessor) if u is not None and u.pk != actor.pk]
    notify(
        recipients=recipients,
        kind="relations.assessment",
        title=f"{account.name}: {AssessmentResult(chosen).label}",
        link=link,
    )
    return assessment


def _release(*, actor: User, assessment: Assessment, why: str) -> None:
    """Put the account back in its department's pool and mark it terminated, via the account services."""
    account = assessment.account
    reason = RELEASE_REASON.format(id=assessment.pk, reason=why)[:200]
    if account.owner_id is not None:
        account_services.account_assign(actor=actor, account=account, owner_id=None, reason=reason)
    if account.status != AccountStatus.TERMINATED:
        account_services.account_transition(
            actor=actor, account=account, status=AccountStatus.TERMINATED, reason=reason[:150]
        )
    assessment.released = True
