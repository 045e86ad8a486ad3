"""Objects of the reports for the authorization matrix (tests/security).

A kept key account management report of 大客户一部 (ka1, where the matrix's users sit): the posts that
read reports see it; the rulebook list forms are open to everyone signed in (each sees their rows).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kam.reports import rules
from kam.reports.services import report_keep

BOARD_POSTS = frozenset().union(*rules.BOARDS.values())
"""Posts that open at least one dashboard."""
MANAGER_BOARD = rules.BOARDS["ka_manager"]
REPORT_POSTS = rules.REPORT_POSTS
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "reports:report_kept": ("kept_report_id",),
    "reports:report_kept_export": ("kept_report_id",),
    "reports:form_print": ("form",),
    "reports:form_export": ("form",),
    "reports:daily_report_print": ("report_id",),
    "reports:daily_report_export": ("report_id",),
}


def reports_params(*, org: dict[str, Any]) -> dict[str, Any]:
    kept = report_keep(department=org["ka1"], first=date(2026, 2, 1), year=False, actor=None)
    return {"kept_report_id": kept.pk, "board": "ka_manager", "form": "visit-register"}
