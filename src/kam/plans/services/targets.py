"""Annual targets and scorecard templates (A2b, B3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from kam.core import audit
from kam.core.errors import ValidationFailed
from kam.core.permissions import require_posts
from kam.org.models import Department, User
from kam.plans import rules
from kam.plans.models import AnnualTarget, DepartmentTemplate, ScorecardTemplate
from kam.plans.services.common import require_manager_of

BAD_YEAR = gettext_noop("Not a valid year.")
BAD_TARGET = gettext_noop("A target must be a whole number, 0 or more.")
BAD_SPLIT = gettext_noop("The split must map specialist ids to months 1–12 and counts.")
NO_DEPARTMENT = gettext_noop("No such department.")
SPLIT_NOT_SPECIALIST = gettext_noop("The split names someone who is not a specialist of the department.")
SPLIT_OVER_TARGET = gettext_noop("The split exceeds the yearly target.")
NO_SUCH_TEMPLATE = gettext_noop("No such scorecard template.")
NAME_REQUIRED = gettext_noop("A template needs a name.")
TARGET_FIELDS = ("visits", "expansions", "deals")


def _clean_split(split: Mapping[str, object]) -> dict[str, dict[str, dict[str, int]]]:
    clean: dict[str, dict[str, dict[str, int]]] = {}
    for user_key, months in split.items():
        if not str(user_key).isdigit() or not isinstance(months, Mapping):
            raise ValidationFailed(BAD_SPLIT, field="split")
        for month_key, counts in months.items():
            if (
                not str(month_key).isdigit()
                or not 1 <= int(month_key) <= 12
                or not isinstance(counts, Mapping)
            ):
                raise ValidationFailed(BAD_SPLIT, field="split")
            row = {}
            for name in TARGET_FIELDS:
                value = counts.get(name, 0)
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValidationFailed(BAD_SPLIT, field="split")
                row[name] = value
            clean.setdefault(str(int(user_key)), {})[str(int(month_key))] = row
    return clean


def _check_split(
    split: Mapping[str, Mapping[str, Mapping[str, int]]], department_id: int, totals: Mapping[str, int]
) -> None:
    """The split names only the department's specialists and never exceeds the yearly target (A2b)."""
    if not split:
        return
    specialists = {
        str(pk)
        for pk in User.objects.filter(department_id=department_id, posts__code="specialist").values_list(
            "pk", flat=True
        )
    }
    if any(key not in specialists for key in split):
        raise ValidationFailed(SPLIT_NOT_SPECIALIST, field="split")
    for name in TARGET_FIELDS:
        allotted = sum(counts[name] for months in split.values() for counts in months.values())
        if allotted > totals[name]:
            raise ValidationFailed(SPLIT_OVER_TARGET, field=f"split.{name}")


def target_set(
    *,
    actor: User,
    department_id: int,
    year: int,
    visits: int,
    expansions: int,
    deals: int,
    split: Mapping[str, object] | None = None,
) -> AnnualTarget:
    """Set a department's yearly targets and their split per specialist and month (A2b)."""
    if not 2000 <= year <= 2100:
        raise ValidationFailed(BAD_YEAR, field="year")
    for name, value in (("visits", visits), ("expansions", expansions), ("deals", deals)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationFailed(BAD_TARGET, field=name)
    require_posts(actor, "ka_manager", "admin")
    if not Department.objects.filter(pk=department_id).exists():
        raise ValidationFailed(NO_DEPARTMENT, field="department_id")
    require_manager_of(actor, department_id)
    clean = _clean_split(split or {})
    _check_split(clean, department_id, {"visits": visits, "expansions": expansions, "deals": deals})
    with transaction.atomic():
        target = (
            AnnualTarget.objects.select_for_update().filter(department_id=department_id, year=year).first()
        )
        target = target or AnnualTarget(department_id=department_id, year=year)
        target.visits, target.expansions, target.deals = visits, expansions, deals
        target.split = clean
        audit.record_actor(target, actor)
        target.save()
    return target


def template_create(
    *, actor: User, name: str, rows: Sequence[Mapping[str, object]], is_default: bool = False
) -> ScorecardTemplate:
    """Add a new version of a scorecard template; weights must total 100 (B3).

    Past months keep the version frozen into their scorecards, so a new version changes nothing before.
    """
    require_posts(actor, "ka_manager", "admin")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(NAME_REQUIRED, field="name")
    try:
        specs = [rules.RowSpec.from_dict(r) for r in rows]
    except (KeyError, ArithmeticError, TypeError, ValueError):
        raise ValidationFailed(rules.NO_ROWS, field="rows") from None
    rules.validate_template(specs)
    with transaction.atomic():
        latest = ScorecardTemplate.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
        if is_default:
            ScorecardTemplate.objects.filter(is_default=True).update(is_default=False)
        template = ScorecardTemplate(
            name=name, version=latest + 1, rows=[s.as_dict() for s in specs], is_default=is_default
        )
        audit.record_actor(template, actor)
        template.save()
    return template


def template_assign(*, actor: User, department_id: int, template_name: str) -> DepartmentTemplate | None:
    """Choose the template a department's new scorecards use (B3, B4); an empty name restores the default.

    Months already started keep the template frozen into their scorecards.
    """
    require_posts(actor, "ka_manager", "admin")
    if not Department.objects.filter(pk=department_id).exists():
        raise ValidationFailed(NO_DEPARTMENT, field="department_id")
    require_manager_of(actor, department_id)
    name = (template_name or "").strip()
    if name and not ScorecardTemplate.objects.filter(name=name).exists():
        raise ValidationFailed(NO_SUCH_TEMPLATE, field="template_name")
    with transaction.atomic():
        current = DepartmentTemplate.objects.select_for_update().filter(department_id=department_id).first()
        if not name:
            if current is not None:
                audit.soft_delete(current, actor=actor)
            return None
        current = current or DepartmentTemplate(department_id=department_id)
        current.template_name = name
        audit.record_actor(current, actor)
        current.save()
    return current
