"""Fixtures of the plans tests: a frozen clock and helpers to build plans and records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kam.core import clock
from kam.plans import sources

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def at() -> Iterator[Any]:
    """Return a function that freezes the clock at a local time for the rest of the test."""
    stack: list[Any] = []

    def freeze(*args: int) -> datetime:
        moment = datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]
        ctx = clock.frozen_at(moment)
        ctx.__enter__()
        stack.append(ctx)
        return moment

    yield freeze
    for ctx in reversed(stack):
        ctx.__exit__(None, None, None)


@pytest.fixture
def no_visits_source() -> Iterator[None]:
    """Run without a visits source, whatever other apps registered."""
    saved = sources._SOURCES.pop("visits", None)
    saved_deductions = dict(sources._DEDUCTIONS)
    sources._DEDUCTIONS.clear()
    yield
    sources._DEDUCTIONS.update(saved_deductions)
    if saved is not None:
        sources._SOURCES["visits"] = saved


@pytest.fixture
def fake_visits() -> Iterator[dict[int, int]]:
    """Register a visits source answering from a dict the test fills; restore the real one after."""
    counts: dict[int, int] = {}
    saved = sources._SOURCES.get("visits")
    saved_deductions = dict(sources._DEDUCTIONS)
    sources._DEDUCTIONS.clear()
    sources.register_source("visits", lambda ids, start, end: {i: counts[i] for i in ids if i in counts})
    yield counts
    sources._DEDUCTIONS.clear()
    sources._DEDUCTIONS.update(saved_deductions)
    if saved is not None:
        sources._SOURCES["visits"] = saved
    else:
        sources._SOURCES.pop("visits", None)


MONTH = date(2026, 12, 1)
