"""Helpers shared by the plan and scorecard pages."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from kam.core import clock
from kam.core.errors import ValidationFailed
from kam.org.models import User
from kam.plans import rules


def viewer(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def month_param(request: HttpRequest, default: date) -> date:
    """Read ``?month=YYYY-MM``; a bad value falls back to ``default`` rather than failing the page."""
    value = request.GET.get("month") or request.POST.get("month")
    if not value:
        return default
    try:
        return clock.parse_month(value)
    except ValidationFailed:
        return default


def this_month() -> date:
    today = clock.local_today()
    return date(today.year, today.month, 1)


def next_month() -> date:
    return rules.next_month(this_month())


def int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
