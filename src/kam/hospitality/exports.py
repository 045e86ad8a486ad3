"""Finance's export of approved and settled hospitality requests, as .xlsx (D17).

One row per request with the budget and the actual spending by line, the totals, the overrun and
the status, for payment. Text that could start a formula is escaped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kam.hospitality import budget
from kam.hospitality.models import BudgetLine, HospitalityRequest
from kam.tours.exports import XLSX, escape

__all__ = ["XLSX", "requests_workbook"]


def _row(request: HospitalityRequest) -> list[Any]:
    actual = request.actual_lines() or {}
    actual_total = request.actual_total
    return [
        request.pk,
        request.applied_on,
        request.applicant.display_name,
        request.department.name,
        request.account.name,
        request.venue,
        request.event_date,
        request.get_status_display(),
        *[float(getattr(request, f"budget_{line}")) for line in budget.LINES],
        float(request.budget_total),
        *[float(actual[line]) if line in actual else None for line in budget.LINES],
        float(actual_total) if actual_total is not None else None,
        float(max(actual_total - request.budget_total, Decimal(0))) if actual_total is not None else None,
        request.overrun_explanation,
        request.settled_at.date() if request.settled_at else None,
    ]


def requests_workbook(requests: Iterable[HospitalityRequest]) -> bytes:
    """Return the requests as one sheet; the header names every column in the user's language."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Hospitality")
    labels = [str(label) for _code, label in BudgetLine.choices]
    header = [
        _("No."),
        _("Application date"),
        _("Applicant"),
        _("Department"),
        _("Customer"),
        _("Venue"),
        _("Date of the hospitality"),
        _("Status"),
        *[_("Budget: %(line)s") % {"line": label} for label in labels],
        _("Budget total"),
        *[_("Actual: %(line)s") % {"line": label} for label in labels],
        _("Actual total"),
        _("Above budget"),
        _("Explanation of the overrun"),
        _("Settled on"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for request in requests:
        sheet.append([escape(value) for value in _row(request)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
