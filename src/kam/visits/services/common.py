"""What the field-work services share: the discipline settings, positions, and recording violations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from kam.core.errors import ValidationFailed
from kam.visits import rules
from kam.visits.codes import CoordSystem
from kam.visits.models import Violation

if TYPE_CHECKING:
    from kam.org.models import User


def discipline_rules() -> rules.DisciplineRules:
    """Read the visit-discipline settings (``KAM_VISIT_DISCIPLINE``), defaults from the rulebook (D11)."""
    return rules.DisciplineRules.from_mapping(getattr(settings, "KAM_VISIT_DISCIPLINE", {}))


def wgs84_position(
    lat: float | None, lng: float | None, coord_system: str
) -> tuple[float | None, float | None]:
    """Check a received position and convert it to WGS-84 (lng/lat both or neither); 422 naming the field."""
    if coord_system not in CoordSystem.values:
        raise ValidationFailed(rules.BAD_COORD_SYSTEM, field="coord_system")
    problem = rules.position_problem(lat, lng)
    if problem:
        raise ValidationFailed(problem[0], field=problem[1])
    if lat is None or lng is None:
        if (lat is None) != (lng is None):
            raise ValidationFailed(POSITION_HALF, field="lng" if lng is None else "lat")
        return None, None
    wlng, wlat = rules.to_wgs84(lng, lat, coord_system)
    return wlat, wlng


POSITION_HALF = gettext_noop("Give both latitude and longitude, or neither.")


def record_findings(findings: Iterable[rules.Finding], user: User, *, actor: User | None) -> list[Violation]:
    """Store the findings not yet stored; the uniqueness constraint keeps a breach from being stored twice."""
    findings = list(findings)
    if not findings:
        return []
    existing = set(
        Violation.objects.filter(user=user, day__in={f.day for f in findings}).values_list(
            "day", "code", "subject"
        )
    )
    fresh = [
        Violation(
            code=f.code,
            user=user,
            department_id=user.department_id,
            day=f.day,
            subject=f.subject,
            evidence=f.evidence,
        )
        for f in findings
        if (f.day, f.code, f.subject) not in existing
    ]
    if fresh:
        bulk_create_with_history(fresh, Violation, ignore_conflicts=True, default_user=actor)
    keys = {(f.day, f.code, f.subject) for f in findings}
    return [
        v
        for v in Violation.objects.filter(user=user, day__in={f.day for f in findings})
        if (v.day, v.code, v.subject) in keys
    ]
