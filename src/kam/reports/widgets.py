"""Extension points of the dashboards and the monthly report, for apps that land later (issue 10).

Relationship data (needs due, assessments) and hospitality (budget against actual, spend) belong to
their own apps; they add themselves here in their ``AppConfig.ready`` instead of this app importing
them::

    if apps.is_installed("kam.reports"):
        from kam.reports.widgets import register_report_line, register_widget

        register_widget(
            "hospitality_budget",
            title=_("Hospitality budget against actual"),
            boards={"company", "ka_manager"},
            template="hospitality/_budget_widget.html",
            figures=selectors.budget_figures,   # (viewer, period) -> dict, a few aggregate queries
            order=50,
        )
        register_report_line(
            "hospitality_spend",
            label=_("Hospitality spend"),
            compute=selectors.spend_by_department,  # (department_ids, start, end) -> {dept_id: Decimal}
        )

A widget's ``figures`` are returned by the dashboard API under ``widgets.<key>`` and rendered by its
``template`` (which receives them as ``figures``); a report line appears in the monthly report, its
print page and its .xlsx, and is kept with the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from kam.org.models import User
    from kam.reports.selectors import Period

WidgetFigures = Callable[["User", "Period"], Mapping[str, Any]]
LineCompute = Callable[[list[int], date, date], Mapping[int, Decimal | int]]


@dataclass(frozen=True)
class Widget:
    key: str
    title: str | Promise
    boards: frozenset[str]
    template: str
    figures: WidgetFigures
    order: int = 100


@dataclass(frozen=True)
class ReportLine:
    key: str
    label: str | Promise
    compute: LineCompute


_WIDGETS: dict[str, Widget] = {}
_LINES: dict[str, ReportLine] = {}


def register_widget(
    key: str,
    *,
    title: str | Promise,
    boards: Iterable[str],
    template: str,
    figures: WidgetFigures,
    order: int = 100,
) -> None:
    """Add a panel to the named dashboards; registering a key again replaces it."""
    _WIDGETS[key] = Widget(key, title, frozenset(boards), template, figures, order)


def register_report_line(key: str, *, label: str | Promise, compute: LineCompute) -> None:
    """Add a line to the monthly report: ``compute(department_ids, start, end)`` → value per department."""
    _LINES[key] = ReportLine(key, label, compute)


def unregister(key: str) -> None:
    """Remove a widget or report line (tests)."""
    _WIDGETS.pop(key, None)
    _LINES.pop(key, None)


def widgets_for(board: str) -> list[Widget]:
    return sorted((w for w in _WIDGETS.values() if board in w.boards), key=lambda w: (w.order, w.key))


def report_lines() -> list[ReportLine]:
    return sorted(_LINES.values(), key=lambda line: line.key)
