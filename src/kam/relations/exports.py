"""The rulebook's three relationship forms as .xlsx, in their layout, with bilingual labels.

大客户关系评估表 (D12), 大客户需要对策表 (C1) and 大客户需求分析表 (C2). Text that could start a
formula is escaped (DESIGN: formula injection).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from kam.relations.models import Assessment, AssessmentResult, DemandLine, Need

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RESULT_LABELS = {
    AssessmentResult.DEVELOP: "发展关系 Develop",
    AssessmentResult.MAINTAIN: "维持关系 Maintain",
    AssessmentResult.TERMINATE: "终结关系 Terminate",
}


def escape(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _title(sheet: Worksheet, zh: str, en: str, last_column: str) -> None:
    sheet["A1"] = zh
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A2"] = en
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last_column}2")


def _row(sheet: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=escape(value))
        cell.border = _BOX
        cell.alignment = _WRAP
        if bold:
            cell.font = Font(bold=True)


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def assessment_workbook(assessment: Assessment) -> bytes:
    """Return the 大客户关系评估表 of one assessment."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "关系评估"
    _title(sheet, "大客户关系评估表", "Key account relationship assessment", "F")
    _row(
        sheet,
        4,
        [
            "客户名称 Customer",
            assessment.account.name,
            "",
            "编号 No.",
            assessment.number or assessment.pk,
            "",
        ],
    )
    sheet.merge_cells("B4:C4")
    _row(
        sheet,
        5,
        [
            "评估日期 Date",
            assessment.assessed_on.isoformat(),
            "",
            "评估人 Assessor",
            str(assessment.assessor),
            "",
        ],
    )
    sheet.merge_cells("B5:C5")
    headers = [
        "评估指标 Indicator",
        "指标权重 Weight",
        "得分 Score",
        "级别 Grade",
        "得分根据 Evidence",
        "备注 Note",
    ]
    _row(sheet, 7, headers, bold=True)
    row = 8
    for score in assessment.scores.all():
        _row(sheet, row, [score.name, score.weight, score.score, score.grade, score.evidence, score.note])
        row += 1
    _row(sheet, row, ["合计 Total", 100, assessment.total, "", "", ""], bold=True)
    _row(sheet, row + 1, ["标准分 Standard score", "", assessment.standard_score, "", "", ""], bold=True)
    result = assessment.result or assessment.proposed
    boxes = "  ".join(("☑ " if key == result else "☐ ") + label for key, label in RESULT_LABELS.items())
    _row(sheet, row + 3, ["评估结果及建议 Result and suggestions", boxes, "", "", "", ""], bold=True)
    sheet.merge_cells(start_row=row + 3, start_column=2, end_row=row + 3, end_column=6)
    _row(sheet, row + 4, ["", assessment.suggestions, "", "", "", ""])
    sheet.merge_cells(start_row=row + 4, start_column=2, end_row=row + 4, end_column=6)
    if assessment.reason:
        _row(sheet, row + 5, ["决定理由 Reason", assessment.reason, "", "", "", ""])
        sheet.merge_cells(start_row=row + 5, start_column=2, end_row=row + 5, end_column=6)
    _widths(sheet, [24, 12, 10, 10, 36, 20])
    return _bytes(book)


def needs_workbook(needs: Iterable[Need]) -> bytes:
    """Return the 大客户需要对策表 of the given needs (one line each)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "需要对策"
    _title(sheet, "大客户需要对策表", "Key account needs and countermeasures", "H")
    headers = [
        "日期 Date",
        "客户姓名 Customer",
        "移动方向 Direction",
        "问题点 Problem points",
        "对策 Countermeasures",
        "负责人 Owner",
        "期限 Due",
        "状态 Status",
    ]
    _row(sheet, 4, headers, bold=True)
    for row, need in enumerate(needs, start=5):
        _row(
            sheet,
            row,
            [
                need.entry_date.isoformat(),
                need.account.name,
                need.direction,
                need.problem,
                need.countermeasure,
                str(need.owner),
                need.due_on.isoformat() if need.due_on else "",
                str(need.get_status_display()),
            ],
        )
    _widths(sheet, [12, 28, 24, 36, 36, 12, 12, 10])
    return _bytes(book)


def demand_workbook(lines: Iterable[DemandLine]) -> bytes:
    """Return the 大客户需求分析表 of the given demand lines."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "需求分析"
    _title(sheet, "大客户需求分析表", "Key account demand analysis", "F")
    headers = [
        "大客户名称 Customer",
        "需求产品类型 Product type",
        "需求数量 Quantity",
        "需求区域 Region",
        "价格区间 Price range",
        "需求因素分析 Demand factors",
    ]
    _row(sheet, 4, headers, bold=True)
    for row, line in enumerate(lines, start=5):
        prices = "–".join(str(p) for p in (line.price_min, line.price_max) if p is not None)
        _row(
            sheet,
            row,
            [line.account.name, line.product_type, line.quantity, line.region, prices, line.factors],
        )
    _widths(sheet, [28, 20, 12, 14, 18, 40])
    return _bytes(book)
