"""SLA policies to and from the plain dicts the models store as JSON and the admin edits (D10).

Durations are whole seconds, times of day ``HH:MM``; a policy read back is refused with the field at fault
named (``milestones[2].start``), so a hand-edited policy can never reach the clocks half-valid.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kam.core.errors import ValidationFailed
from kam.service.policies import (
    EVENT_FIELDS,
    ClockMode,
    ClockSpec,
    EventType,
    MilestoneSpec,
    Policy,
    RequestKind,
    Responsible,
)


def _noop(message: str) -> str:
    """Mark ``message`` for the catalogue as ``gettext_noop`` does, keeping this module free of Django."""
    return message


POLICY_REQUIRED = _noop("This policy field is required.")
POLICY_BAD_VALUE = _noop("Not a valid value for this policy field.")
POLICY_UNKNOWN_KEY = _noop("Unknown policy field.")
POLICY_DUPLICATE_CODE = _noop("Milestone codes must be unique within a policy.")
POLICY_TIMING = _noop("A milestone needs either a ring limit, or a start event and an offset, not both.")


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """Return the policy as JSON-ready values; durations are whole seconds, times of day ``HH:MM``."""
    return {
        "kind": policy.kind.value,
        "version": policy.version,
        "clock": _clock_to_dict(policy.clock),
        "milestones": [_spec_to_dict(spec) for spec in policy.milestones],
    }


def _clock_to_dict(clock: ClockSpec) -> dict[str, Any]:
    if clock.mode is ClockMode.WALL:
        return {"mode": clock.mode.value}
    windows = [[opens.strftime("%H:%M"), closes.strftime("%H:%M")] for opens, closes in clock.windows]
    return {
        "mode": clock.mode.value,
        "zone": clock.zone,
        "windows": windows,
        "workdays": list(clock.workdays),
    }


def _spec_to_dict(spec: MilestoneSpec) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": spec.code,
        "meets": [t.value for t in spec.meets],
        "responsible": spec.responsible.value,
        "start": spec.start.value if spec.start else None,
        "offset_seconds": int(spec.offset.total_seconds()) if spec.offset is not None else None,
        "ring_limit": spec.ring_limit,
        "unless": spec.unless.value if spec.unless else None,
        "start_requires": list(spec.start_requires),
        "meet_match": dict(spec.meet_match),
        "meet_requires": list(spec.meet_requires),
        "series": spec.series,
        "retry_after_seconds": int(spec.retry_after.total_seconds()) if spec.retry_after else None,
    }
    return {key: value for key, value in values.items() if value not in (None, [], {})}


def policy_from_dict(data: object) -> Policy:
    """Build a policy from plain values, refusing a bad one with the field at fault named."""
    top = _mapping(data, "policy", {"kind", "version", "clock", "milestones"})
    raw_specs = top.get("milestones")
    if not isinstance(raw_specs, list) or not raw_specs:
        raise ValidationFailed(POLICY_REQUIRED, field="milestones")
    specs = tuple(_spec_from_dict(raw, f"milestones[{i}]") for i, raw in enumerate(raw_specs))
    if len({spec.code for spec in specs}) != len(specs):
        raise ValidationFailed(POLICY_DUPLICATE_CODE, field="milestones")
    return Policy(
        kind=_value(top, "kind", "", RequestKind),
        version=_value(top, "version", "", _count),
        milestones=specs,
        clock=_clock_from_dict(top.get("clock") or {"mode": "wall"}),
    )


def _clock_from_dict(data: object) -> ClockSpec:
    values = _mapping(data, "clock", {"mode", "zone", "windows", "workdays"})
    default = ClockSpec()
    windows = _value(values, "windows", "clock", _windows, default.windows)
    return ClockSpec(
        mode=_value(values, "mode", "clock", ClockMode),
        zone=_value(values, "zone", "clock", _zone, default.zone),
        windows=windows,
        workdays=_value(values, "workdays", "clock", _weekdays, default.workdays),
    )


_SPEC_KEYS = {
    "code", "meets", "responsible", "start", "offset_seconds", "ring_limit", "unless",
    "start_requires", "meet_match", "meet_requires", "series", "retry_after_seconds",
}  # fmt: skip


def _spec_from_dict(data: object, path: str) -> MilestoneSpec:
    values = _mapping(data, path, _SPEC_KEYS)
    spec = MilestoneSpec(
        code=_value(values, "code", path, _text),
        meets=_value(values, "meets", path, _event_types),
        responsible=_value(values, "responsible", path, Responsible, Responsible.CALL_CENTRE),
        start=_value(values, "start", path, EventType, None),
        offset=_value(values, "offset_seconds", path, _seconds, None),
        ring_limit=_value(values, "ring_limit", path, _count, None),
        unless=_value(values, "unless", path, EventType, None),
        start_requires=_value(values, "start_requires", path, _names, ()),
        meet_match=_value(values, "meet_match", path, _match, ()),
        meet_requires=_value(values, "meet_requires", path, _names, ()),
        series=_value(values, "series", path, _text, None),
        retry_after=_value(values, "retry_after_seconds", path, _seconds, None),
    )
    timed = spec.start is not None and spec.offset is not None
    if timed == (spec.ring_limit is not None) or (spec.start is None) != (spec.offset is None):
        raise ValidationFailed(POLICY_TIMING, field=f"{path}.ring_limit")
    _check_field_names(spec, path)
    return spec


def _check_field_names(spec: MilestoneSpec, path: str) -> None:
    """Refuse conditions on values that the start or meeting events never carry."""
    start_fields = set(EVENT_FIELDS.get(spec.start, ())) if spec.start else set()
    meet_fields = {name for t in spec.meets for name in EVENT_FIELDS.get(t, ())}
    checks = (
        ("start_requires", spec.start_requires, start_fields),
        ("meet_requires", spec.meet_requires, meet_fields),
        ("meet_match", tuple(name for name, _ in spec.meet_match), meet_fields),
    )
    for key, names, allowed in checks:
        if not set(names) <= allowed:
            raise ValidationFailed(POLICY_BAD_VALUE, field=f"{path}.{key}")


_MISSING: Any = object()


def _mapping(data: object, path: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationFailed(POLICY_BAD_VALUE, field=path)
    for key in data:
        if key not in allowed:
            raise ValidationFailed(
                POLICY_UNKNOWN_KEY, field=f"{path}.{key}" if path != "policy" else str(key)
            )
    return data


def _value(
    data: Mapping[str, Any], key: str, path: str, convert: Callable[[Any], Any], default: Any = _MISSING
) -> Any:
    name = f"{path}.{key}" if path else key
    raw = data.get(key)
    if raw is None:
        if default is _MISSING:
            raise ValidationFailed(POLICY_REQUIRED, field=name)
        return default
    try:
        return convert(raw)
    except (TypeError, ValueError, ZoneInfoNotFoundError):
        raise ValidationFailed(POLICY_BAD_VALUE, field=name) from None


def _count(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ValueError(raw)
    return int(raw)


def _seconds(raw: Any) -> timedelta:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ValueError(raw)
    return timedelta(seconds=raw)


def _text(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(raw)
    return raw.strip()


def _names(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise TypeError(raw)
    return tuple(_text(name) for name in raw)


def _event_types(raw: Any) -> tuple[EventType, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(raw)
    return tuple(EventType(value) for value in raw)


def _match(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError(raw)
    return tuple((_text(name), _text(value)) for name, value in raw.items())


def _zone(raw: Any) -> str:
    ZoneInfo(_text(raw))
    return str(raw).strip()


def _windows(raw: Any) -> tuple[tuple[time, time], ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(raw)
    windows = tuple((time.fromisoformat(opens), time.fromisoformat(closes)) for opens, closes in raw)
    bounds = [moment for window in windows for moment in window]
    if any(later <= earlier for earlier, later in itertools.pairwise(bounds)):
        raise ValueError(raw)
    return windows


def _weekdays(raw: Any) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw or len(set(raw)) != len(raw):
        raise ValueError(raw)
    if any(isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6 for day in raw):
        raise ValueError(raw)
    return tuple(raw)
