"""Cross-module contract for the monthly scorecard (B2, B5, B7).

Apps that provide data register here in their ``AppConfig.ready``::

    if apps.is_installed("kam.plans"):
        from kam.plans.sources import register_source
        register_source("visits", count_visits)

A *counter* receives all user ids of a department-month at once and a
half-open local-date range ``[start, end)`` and returns ``{user_id: count}``
(set-based: one aggregate query, never one query per user). Users without
records may be left out; they count 0.

A *deductions* provider returns ``{user_id: [Deduction, ...]}`` for the same
arguments (B7: assessment records listed on the scorecard).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Counter = Callable[[Sequence[int], date, date], dict[int, int]]


@dataclass(frozen=True)
class Deduction:
    """One deduction listed on a scorecard (B7)."""

    code: str
    label: str
    points: Decimal
    link: str
    occurred_on: date


DeductionProvider = Callable[[Sequence[int], date, date], dict[int, list[Deduction]]]

_SOURCES: dict[str, Counter] = {}
_DEDUCTIONS: dict[str, DeductionProvider] = {}


def register_source(code: str, counter: Counter) -> None:
    """Register the counter of a counted scorecard row (B5); re-registering replaces it."""
    _SOURCES[code] = counter


def register_deductions(name: str, fn: DeductionProvider) -> None:
    """Register a provider of scorecard deductions (B7); re-registering replaces it."""
    _DEDUCTIONS[name] = fn


def get_source(code: str) -> Counter | None:
    """The counter registered for ``code``, or None when that source is not available."""
    return _SOURCES.get(code)


def available_sources() -> list[str]:
    """Codes of all registered sources."""
    return sorted(_SOURCES)


def count(code: str, user_ids: Sequence[int], start: date, end: date) -> dict[int, int] | None:
    """Actuals of one source for all users, or None when the source is not registered."""
    counter = _SOURCES.get(code)
    if counter is None:
        return None
    if not user_ids:
        return {}
    return {int(k): int(v) for k, v in counter(list(user_ids), start, end).items()}


def collect_deductions(user_ids: Sequence[int], start: date, end: date) -> dict[int, list[Deduction]]:
    """All registered deductions for the users, merged and ordered by date."""
    merged: dict[int, list[Deduction]] = {}
    if not user_ids:
        return merged
    for name in sorted(_DEDUCTIONS):
        for user_id, items in _DEDUCTIONS[name](list(user_ids), start, end).items():
            merged.setdefault(int(user_id), []).extend(items)
    for items in merged.values():
        items.sort(key=lambda d: (d.occurred_on, d.code))
    return merged
