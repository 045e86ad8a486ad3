"""Kept monthly visit counts, so a year of visits is summed from a few rows (dashboards, F2, A2b, A2p).

A department's year to date is hundreds of thousands of visits; counting them at every dashboard view
cost most of its time. A closed month (before the current local month) is counted once per person
and department into :class:`~kam.visits.models.VisitTally` rows; the current month, and any range
that does not start and end on a month's first day, is counted live.

Every save or delete of a visit bumps the version of its month (and of the month it moved from), via
the signals connected in :mod:`kam.visits.apps`; tallies are used only while the version they were
made from is still the month's. A tally is made under a lock on its month's row, after reading the
version, so a visit written meanwhile always leaves the month re-counted by the next reader.
Changes that bypass signals (``QuerySet.update``/``delete``, ``bulk_create``) must call :func:`bump`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from kam.core import clock
from kam.visits.models import Visit, VisitMonth, VisitTally

GROUPS = {"department": "department_id", "user": "user_id"}


def month_of(moment: datetime | str) -> date:
    """The local month of a visit's time (given as a datetime, or as text not yet parsed by a save)."""
    parsed: datetime = (
        moment if isinstance(moment, datetime) else Visit._meta.get_field("occurred_at").to_python(moment)
    )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, clock.local_zone())
    return clock.localtime(parsed).date().replace(day=1)


def _next(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def bump(months: Iterable[date]) -> None:
    """Mark the given months' visits as changed: their kept counts are no longer used."""
    for month in sorted(set(months)):
        if not VisitMonth.objects.filter(month=month).update(version=F("version") + 1):
            try:
                with transaction.atomic():
                    VisitMonth.objects.create(month=month, version=1)
            except IntegrityError:  # created meanwhile by a reader or another writer
                VisitMonth.objects.filter(month=month).update(version=F("version") + 1)


def _tally(month: date) -> None:
    """Count a closed month's live visits per person and department, unless already done."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                VisitMonth.objects.get_or_create(month=month)
        except IntegrityError:
            pass
        row = VisitMonth.objects.select_for_update().get(month=month)
        if row.tallied_version == row.version:
            return
        start, end = clock.day_bounds(month)[0], clock.day_bounds(_next(month))[0]
        counts = (
            Visit.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
            .values_list("user_id", "department_id")
            .annotate(n=Count("*"))
            .order_by()
        )
        VisitTally.objects.filter(month=month).delete()
        VisitTally.objects.bulk_create(
            VisitTally(month=month, user_id=user, department_id=department, visits=n)
            for user, department, n in counts
        )
        VisitMonth.objects.filter(pk=row.pk).update(tallied_version=row.version)


def _closed_months(first: date, after: date) -> list[date]:
    """The whole closed months in [first, after), when both are a month's first day; else none."""
    if first.day != 1 or after.day != 1:
        return []
    current = clock.local_today().replace(day=1)
    months, month = [], first
    while month < after and month < current:
        months.append(month)
        month = _next(month)
    return months


def grouped_counts(
    first: date,
    after: date,
    *,
    by: str,
    department_ids: Sequence[int] | None = None,
    user_ids: Sequence[int] | None = None,
) -> dict[Any, int]:
    """Count live visits of the local days [first, after) per department or per person (``by``).

    Only visits of the given departments and/or people are counted (None: no restriction).
    """
    column = GROUPS[by]
    closed = _closed_months(first, after)
    kept: Counter[Any] = Counter()
    if closed:
        kept_months = VisitMonth.objects.filter(month__in=closed, tallied_version=F("version"))
        tallied = set(kept_months.values_list("month", flat=True))
        for month in closed:
            if month not in tallied:
                _tally(month)
        tallies = VisitTally.objects.filter(month__in=closed)
        if department_ids is not None:
            tallies = tallies.filter(department_id__in=list(department_ids))
        if user_ids is not None:
            tallies = tallies.filter(user_id__in=list(user_ids))
        kept.update(dict(tallies.values_list(column).annotate(n=Sum("visits")).order_by()))
    live_from = _next(closed[-1]) if closed else first
    if live_from < after:
        start, end = clock.day_bounds(live_from)[0], clock.day_bounds(after)[0]
        rows = Visit.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        if department_ids is not None:
            rows = rows.filter(department_id__in=list(department_ids))
        if user_ids is not None:
            rows = rows.filter(user_id__in=list(user_ids))
        # Count("*"): answered from the live-visit indexes alone, without reading the table.
        kept.update(dict(rows.values_list(column).annotate(n=Count("*")).order_by()))
    return dict(kept)


def total(
    first: date,
    after: date,
    *,
    department_ids: Sequence[int] | None = None,
    user_ids: Sequence[int] | None = None,
) -> int:
    """Count the live visits of [first, after) of the given departments and/or people (None: all)."""
    by = "user" if user_ids is not None else "department"
    return sum(grouped_counts(first, after, by=by, department_ids=department_ids, user_ids=user_ids).values())


def remember(sender: Any, instance: Visit, **kwargs: Any) -> None:
    """post_init: note when a loaded visit took place, to bump its old month if it moves."""
    instance._tally_from = instance.__dict__.get("occurred_at")  # type: ignore[attr-defined]


def changed(sender: Any, instance: Visit, **kwargs: Any) -> None:
    """post_save / post_delete: the visit's month (and the one it left) must be counted again."""
    months = set()
    if instance.occurred_at is not None:
        months.add(month_of(instance.occurred_at))
    before = getattr(instance, "_tally_from", None)
    if before is not None:
        months.add(month_of(before))
    bump(months)
    instance._tally_from = instance.occurred_at  # type: ignore[attr-defined]
