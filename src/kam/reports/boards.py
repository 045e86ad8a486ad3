"""One entry point for every dashboard: check the viewer may open it, gather its figures and widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kam.org.models import User
from kam.reports import departments, rules, selectors
from kam.reports.selectors import Period
from kam.reports.widgets import widgets_for

BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "specialist": selectors.specialist_board,
    "ka_manager": selectors.manager_board,
    "service": selectors.service_board,
    "discipline": selectors.discipline_board,
    "company": departments.company_board,
    "region": departments.region_board,
}


def viewer_posts(viewer: User) -> set[str]:
    return set(viewer.post_codes()) | ({"admin"} if viewer.is_superuser else set())


def available(viewer: User) -> list[str]:
    """Return the dashboards ``viewer`` may open; the first is the one they land on."""
    posts = viewer_posts(viewer)
    boards = rules.boards_for(posts)
    home = rules.home_board(posts)
    return ([home] if home in boards else []) + [b for b in boards if b != home]


def board_figures(*, viewer: User, board: str, period: Period) -> dict[str, Any]:
    """Return a dashboard's figures, with those of the widgets other apps registered for it."""
    selectors.board_check(viewer, board)
    figures = BUILDERS[board](viewer=viewer, period=period)
    figures["widgets"] = {w.key: dict(w.figures(viewer, period)) for w in widgets_for(board)}
    return figures
