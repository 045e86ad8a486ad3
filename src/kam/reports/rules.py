"""The arithmetic of dashboards and the monthly report, on plain values (A2p, F2).

No ORM and no clock: rates, ageing date ranges, chart geometry, which dashboards a post opens and
when the scheduled report is due are all decided here and tested with tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# Dashboards ---------------------------------------------------------------------------------------

BOARDS: dict[str, frozenset[str]] = {
    "specialist": frozenset({"specialist"}),
    "ka_manager": frozenset({"ka_manager", "regional_manager", "general_manager", "admin"}),
    "service": frozenset(
        {"cs_manager", "call_centre", "cs_duty", "service_director", "general_manager", "admin"}
    ),
    "discipline": frozenset({"service_director", "inspector", "ka_manager", "regional_manager", "admin"}),
    "company": frozenset({"general_manager", "finance", "admin"}),
    "region": frozenset({"regional_manager", "general_manager", "admin"}),
}
"""Which posts open each dashboard (issue 10): each post's own board first, then those it supervises."""

HOME_BOARD: tuple[tuple[str, str], ...] = (
    ("general_manager", "company"),
    ("finance", "company"),
    ("regional_manager", "region"),
    ("ka_manager", "ka_manager"),
    ("service_director", "discipline"),
    ("inspector", "discipline"),
    ("cs_manager", "service"),
    ("call_centre", "service"),
    ("cs_duty", "service"),
    ("specialist", "specialist"),
    ("admin", "company"),
)
"""The board a user lands on: the first post of this list they hold decides."""

REPORT_POSTS = frozenset({"ka_manager", "regional_manager", "general_manager", "finance", "admin"})
"""Who opens the key account management report (A2p): managers, the general manager and finance."""


def boards_for(posts: Iterable[str]) -> list[str]:
    """Return the dashboards a holder of ``posts`` may open, in the order of :data:`BOARDS`."""
    held = set(posts)
    return [name for name, allowed in BOARDS.items() if held & allowed]


def home_board(posts: Iterable[str]) -> str | None:
    """Return the dashboard a holder of ``posts`` sees first, or None when no board is theirs."""
    held = set(posts)
    return next((board for post, board in HOME_BOARD if post in held), None)


# Figures ------------------------------------------------------------------------------------------


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole`` to one decimal place; None when nothing is due."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def month_after(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def month_before(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


AGEING: tuple[tuple[str, int | None, int | None], ...] = (
    ("current", None, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-180", 91, 180),
    ("over-180", 181, None),
)
"""The receivables ageing buckets of the accounts app (A2n) as days overdue [low, high]; None is open."""


def ageing_ranges(as_of: date) -> list[tuple[str, date | None, date | None]]:
    """Return each bucket as a due-date range ``(name, earliest, latest)`` on ``as_of`` (A2n).

    A receivable is in a bucket when ``earliest <= due_date <= latest``; None is open-ended. The ranges
    let the database sum every bucket in one query instead of loading each receivable.
    """
    ranges: list[tuple[str, date | None, date | None]] = []
    for name, low, high in AGEING:
        if low is None:  # not yet overdue: due today or later
            ranges.append((name, as_of, None))
            continue
        earliest = None if high is None else as_of - timedelta(days=high)
        ranges.append((name, earliest, as_of - timedelta(days=low)))
    return ranges


# Scheduled report ---------------------------------------------------------------------------------


def report_due(today: date, first_working_day: date) -> date | None:
    """Return the month whose report is due on ``today``, or None (A2p).

    The report of a month is produced on the first working day of the next month.
    """
    if today != first_working_day:
        return None
    return month_before(date(today.year, today.month, 1))


# Charts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart, in the chart's own units (the SVG viewBox is 100 wide)."""

    label: str
    value: Decimal | int
    y: int
    width: Decimal
    key: str = ""


BAR_HEIGHT = 18
BAR_GAP = 6


def bars(items: Sequence[tuple[str, Decimal | int]], *, keys: Sequence[str] = ()) -> list[Bar]:
    """Lay out a horizontal bar chart: bar widths proportional to the largest value (0–100)."""
    top = max((Decimal(v) for _, v in items), default=Decimal(0))
    result = []
    for index, (label, value) in enumerate(items):
        width = Decimal(0) if top <= 0 or value <= 0 else (Decimal(value) * 100 / top)
        result.append(
            Bar(
                label=label,
                value=value,
                y=index * (BAR_HEIGHT + BAR_GAP),
                width=width.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                key=keys[index] if index < len(keys) else "",
            )
        )
    return result


def chart_height(count: int) -> int:
    return max(count * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT)


@dataclass(frozen=True)
class FunnelStep:
    """One stage of the visit funnel: centred bar of ``width`` (0–100) starting at ``x``."""

    label: str
    value: int
    x: Decimal
    width: Decimal
    y: int
    share: Decimal | None
    """This stage as a percentage of the first stage."""


def funnel(stages: Sequence[tuple[str, int]]) -> list[FunnelStep]:
    """Lay out a funnel from first visit to deal; each stage's width is relative to the widest stage."""
    top = max((v for _, v in stages), default=0)
    first = stages[0][1] if stages else 0
    steps = []
    for index, (label, value) in enumerate(stages):
        width = Decimal(0) if top <= 0 else Decimal(value) * 100 / Decimal(top)
        width = width.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        steps.append(
            FunnelStep(
                label=label,
                value=value,
                x=((Decimal(100) - width) / 2).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                width=width,
                y=index * (BAR_HEIGHT + BAR_GAP),
                share=rate(value, first),
            )
        )
    return steps
