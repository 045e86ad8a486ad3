"""The counted scorecard sources that come from the accounts app (B5): expansion and deals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count

from kam.core import clock
from kam.plans.sources import register_source


def count_expansion(user_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Count accounts developed in [start, end) under each owner, in one aggregate query (B5)."""
    from kam.accounts.models import Account

    rows = (
        Account.objects.filter(owner_id__in=user_ids, developed_at__gte=start, developed_at__lt=end)
        .values("owner_id")
        .annotate(n=Count("id"))
        .values_list("owner_id", "n")
    )
    return dict(rows)


def count_deals(user_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Count deals of each specialist with ``occurred_at`` in the local days [start, end) (B5)."""
    from kam.accounts.models import Deal

    begin, finish = clock.day_bounds(start)[0], clock.day_bounds(end)[0]
    rows = (
        Deal.objects.filter(specialist_id__in=user_ids, occurred_at__gte=begin, occurred_at__lt=finish)
        .values("specialist_id")
        .annotate(n=Count("id"))
        .values_list("specialist_id", "n")
    )
    return dict(rows)


def register_account_sources() -> None:
    register_source("expansion", count_expansion)
    register_source("deals", count_deals)
