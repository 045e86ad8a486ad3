"""The tour application as an .xlsx in the rulebook's form layout (公司参观申请表, D1).

The form has the rulebook's fields (visitors, organisation, headcount, date, time, purpose) with the
route, its safety notes, the arrangements and the approvers' opinions, then the list of visitors.
Labels are bilingual; text that could start a formula is escaped.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from kam.tours.selectors import Brief

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape(value: Any) -> Any:
    """Keep a spreadsheet from reading user text as a formula (DESIGN: formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(sheet: Worksheet, ref: str, value: Any, *, bold: bool = False, merge_to: str = "") -> None:
    sheet[ref] = escape(value)
    sheet[ref].alignment = _WRAP
    sheet[ref].border = _BOX
    if bold:
        sheet[ref].font = Font(bold=True)
    if merge_to:
        sheet.merge_cells(f"{ref}:{merge_to}")


def _opinions(brief: Brief) -> list[tuple[str, str]]:
    """Return each step of the latest approval round as (step, opinion) for the form's sign-off rows."""
    rows = []
    for step in brief.approval_steps:
        opinion = step.get_status_display()
        if step.decided_by is not None and step.decided_at is not None:
            opinion = f"{opinion} · {step.decided_by.display_name} · {step.decided_at:%Y-%m-%d}"
        if step.comment:
            opinion = f"{opinion} · {step.comment}"
        rows.append((f"{step.name or step.get_post_display()} 意见 Opinion", opinion))
    return rows


def _header(sheet: Worksheet, brief: Brief) -> int:
    tour = brief.tour
    sheet["A1"] = "公司参观申请表"
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Company tour application"
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A2:F2")
    pairs = [
        (
            "承办部门 Host department",
            tour.host_department.name,
            "申请人 Applicant",
            tour.applicant.display_name,
        ),
        ("参观人数 Headcount", tour.headcount, "参观日期 Date", tour.visit_date.isoformat()),
        (
            "参观时间 Time",
            f"{tour.start_time:%H:%M}–{tour.end_time:%H:%M}",
            "采访/拍摄 Interview/filming",
            "是 Yes" if tour.interview_or_filming else "否 No",
        ),
    ]
    row = 4
    _cell(sheet, f"A{row}", "参观单位 Organisation", bold=True)
    _cell(sheet, f"B{row}", tour.organisation, merge_to=f"F{row}")
    for label_a, value_a, label_b, value_b in pairs:
        row += 1
        _cell(sheet, f"A{row}", label_a, bold=True)
        _cell(sheet, f"B{row}", value_a, merge_to=f"C{row}")
        _cell(sheet, f"D{row}", label_b, bold=True)
        _cell(sheet, f"E{row}", value_b, merge_to=f"F{row}")
    return row + 1


def _body(sheet: Worksheet, brief: Brief, row: int) -> int:
    tour = brief.tour
    route = " → ".join(f"{i}. {a.name}" for i, a in enumerate(brief.route, start=1))
    notes = "\n".join(
        f"{n.zh}{'(' + '、'.join(n.areas) + ')' if n.areas else ''}" for n in brief.safety_notes
    )
    lines = [
        ("参观目的 Purpose", tour.purpose),
        ("参观路线 Route", route),
        ("安全提示 Safety notes", notes or "—"),
        ("接待人 Host", tour.host.display_name if tour.host else ""),
        ("用车 Car", tour.car),
        ("解说 Guide", tour.guide),
        *_opinions(brief),
    ]
    for label, value in lines:
        _cell(sheet, f"A{row}", label, bold=True)
        _cell(sheet, f"B{row}", value, merge_to=f"F{row}")
        row += 1
    return row + 1


def _visitors(sheet: Worksheet, brief: Brief, row: int) -> None:
    _cell(sheet, f"A{row}", "参观人员名单 Visitors", bold=True, merge_to=f"F{row}")
    row += 1
    for ref, label in (
        ("A", "序号 No."),
        ("B", "姓名 Name"),
        ("D", "单位 Organisation"),
        ("F", "职务 Title"),
    ):
        _cell(sheet, f"{ref}{row}", label, bold=True)
    sheet.merge_cells(f"B{row}:C{row}")
    sheet.merge_cells(f"D{row}:E{row}")
    for number, visitor in enumerate(brief.tour.visitors.all(), start=1):
        row += 1
        _cell(sheet, f"A{row}", number)
        _cell(sheet, f"B{row}", visitor.name, merge_to=f"C{row}")
        _cell(sheet, f"D{row}", visitor.organisation, merge_to=f"E{row}")
        _cell(sheet, f"F{row}", visitor.title)


def tour_workbook(brief: Brief) -> bytes:
    """Return the application as an .xlsx file's bytes, laid out like the paper form, on one A4 page."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "公司参观申请表"
    for column, width in zip("ABCDEF", (24, 16, 16, 24, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    row = _header(sheet, brief)
    row = _body(sheet, brief, row)
    _visitors(sheet, brief, row)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
