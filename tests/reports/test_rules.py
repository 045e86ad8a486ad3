"""The arithmetic of dashboards and reports, without a database (A2p)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kam.reports import rules


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (0, 0, None),
        (3, 0, None),
        (1, 2, Decimal("50.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (12, 10, Decimal("120.0")),
        (Decimal("0.5"), 1, Decimal("50.0")),
    ],
)
def test_rate(part: int, whole: int, expected: Decimal | None) -> None:
    assert rules.rate(part, whole) == expected


@pytest.mark.parametrize(
    ("first", "after", "before"),
    [
        (date(2026, 1, 1), date(2026, 2, 1), date(2025, 12, 1)),
        (date(2026, 12, 1), date(2027, 1, 1), date(2026, 11, 1)),
        (date(2026, 6, 1), date(2026, 7, 1), date(2026, 5, 1)),
    ],
)
def test_months(first: date, after: date, before: date) -> None:
    assert rules.month_after(first) == after
    assert rules.month_before(first) == before


def test_ageing_ranges_match_the_accounts_buckets() -> None:
    """Every due date falls in exactly one range, the same bucket as the accounts app's ageing (A2n)."""
    from kam.accounts.rules import ageing_bucket

    as_of = date(2026, 2, 20)
    ranges = rules.ageing_ranges(as_of)
    for offset in range(-40, 400):
        due = date.fromordinal(as_of.toordinal() - offset)
        inside = [
            name
            for name, earliest, latest in ranges
            if (earliest is None or due >= earliest) and (latest is None or due <= latest)
        ]
        assert inside == [ageing_bucket(due, as_of)], due


@pytest.mark.parametrize(
    ("posts", "boards", "home"),
    [
        ({"specialist"}, ["specialist"], "specialist"),
        ({"ka_manager"}, ["ka_manager", "discipline"], "ka_manager"),
        ({"regional_manager"}, ["ka_manager", "discipline", "region"], "region"),
        ({"general_manager"}, ["ka_manager", "service", "company", "region"], "company"),
        ({"finance"}, ["company"], "company"),
        ({"cs_manager"}, ["service"], "service"),
        ({"call_centre"}, ["service"], "service"),
        ({"inspector"}, ["discipline"], "discipline"),
        ({"service_director"}, ["service", "discipline"], "discipline"),
        ({"company_office"}, [], None),
        ({"resource_centre"}, [], None),
        ({"specialist", "ka_manager"}, ["specialist", "ka_manager", "discipline"], "ka_manager"),
    ],
)
def test_boards_per_post(posts: set[str], boards: list[str], home: str | None) -> None:
    assert rules.boards_for(posts) == boards
    assert rules.home_board(posts) == home


@pytest.mark.parametrize(
    ("today", "first_working", "due"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), date(2026, 2, 1)),
        (date(2026, 3, 3), date(2026, 3, 2), None),
        (date(2026, 1, 5), date(2026, 1, 5), date(2025, 12, 1)),
        (date(2026, 10, 8), date(2026, 10, 9), None),
    ],
)
def test_report_is_due_on_the_first_working_day(today: date, first_working: date, due: date | None) -> None:
    assert rules.report_due(today, first_working) == due


def test_bars_are_proportional_to_the_largest_value() -> None:
    bars = rules.bars([("a", 10), ("b", 5), ("c", 0), ("d", Decimal("2.5"))])
    assert [b.width for b in bars] == [Decimal("100.0"), Decimal("50.0"), Decimal("0.0"), Decimal("25.0")]
    assert [b.y for b in bars] == [0, 24, 48, 72]
    assert rules.chart_height(4) == 90
    assert rules.chart_height(0) == rules.BAR_HEIGHT


def test_bars_of_nothing_are_empty() -> None:
    assert [b.width for b in rules.bars([("a", 0), ("b", 0)])] == [Decimal(0), Decimal(0)]
    assert rules.bars([]) == []


def test_funnel_centres_each_stage_and_gives_its_share_of_the_first() -> None:
    steps = rules.funnel([("first", 8), ("promising", 4), ("deal", 2), ("deals", 0)])
    assert [s.width for s in steps] == [Decimal("100.0"), Decimal("50.0"), Decimal("25.0"), Decimal("0.0")]
    assert [s.x for s in steps] == [Decimal("0.0"), Decimal("25.0"), Decimal("37.5"), Decimal("50.0")]
    assert [s.share for s in steps] == [Decimal("100.0"), Decimal("50.0"), Decimal("25.0"), Decimal("0.0")]
    assert rules.funnel([("first", 0), ("x", 0)])[0].share is None
