"""Spreadsheets of the reports app (F2): the key account management report and the rulebook forms.

Workbooks are written with openpyxl's write-only mode to a temporary file, row by row, so an export
of 100,000 rows never holds them all in memory; text that could start a formula is escaped
(:func:`kam.accounts.spreadsheets.export_cells`). Headers are the rulebook's Chinese headers; every
sheet is set to print on A4, fitted to the page width.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from kam.accounts.spreadsheets import export_cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REPORT_TITLE = "大客户管理报表"
FIGURE_LABELS_ZH = {
    "specialists": "客户专人(人)",
    "accounts": "大客户总数",
    "accounts_new": "新增客户",
    "accounts_developed": "开发客户",
    "accounts_terminated": "终止客户",
    "visits": "拜访次数",
    "deals": "成交(组)",
    "deal_amount": "成交金额(元)",
    "receivables_due": "本期应收(元)",
    "collected": "本期回款(元)",
    "outstanding": "未收余额(元)",
    "sla_met": "服务时限达标",
    "sla_breached": "服务时限超时",
    "sla_rate": "服务达标率(%)",
    "violations": "违纪次数",
    "plans_submitted": "下月计划已上报",
}
"""The report's rows in Chinese, in :data:`kam.reports.departments.FIGURES` order."""
PLAN_ZH = {"A": "A 初次拜访", "B": "B 解决问题", "C": "C 建立关系"}
RESULT_ZH = {"A": "A 商谈成功", "B": "B 有希望", "C": "C 再度访问", "D": "D 无希望", "E": "E 继续观察"}
STATUS_ZH = {"open": "未锁定", "locked": "已锁定"}


def _sheet(workbook: Workbook, title: str, *, landscape: bool = False) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet(title[:31])
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _save(workbook: Workbook) -> IO[bytes]:
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output


def report_rows(report: dict[str, Any]) -> list[list[Any]]:
    """Return the key account management report as rows: figures, visits by code, ranking, extra lines."""
    kind = "年度" if report["period"] == "year" else "月度"
    rows: list[list[Any]] = [
        [REPORT_TITLE],
        ["部门", report["department"], "期间", report["label"], "类别", kind],
        [],
        ["项目", "数值"],
    ]
    for key, label in FIGURE_LABELS_ZH.items():
        value = report["figures"].get(key)
        rows.append([label, "" if value is None else value])
    for line in report.get("lines", []):
        rows.append([line["label"], line["value"]])
    rows += [[], ["拜访分类(计划代码 × 结果代码)", *RESULT_ZH.values(), "合计"]]
    matrix = report["visits"]["matrix"]
    for plan, label in PLAN_ZH.items():
        counts = [matrix.get(plan, {}).get(code, 0) for code in RESULT_ZH]
        rows.append([label, *counts, sum(counts)])
    by_result = report["visits"]["by_result"]
    rows.append(["合计", *[by_result.get(code, 0) for code in RESULT_ZH], report["visits"]["total"]])
    if report.get("ranking"):
        rows += [[], ["名次", "姓名", "考核得分", "状态"]]
        for card in report["ranking"]:
            rows.append(
                [card["rank"], card["name"], card["total"], STATUS_ZH.get(card["status"], card["status"])]
            )
    return rows


def report_xlsx(report: dict[str, Any]) -> IO[bytes]:
    """Write one key account management report as a one-sheet workbook (A2p)."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, f"{REPORT_TITLE} {report['label']}")
    for index, row in enumerate(report_rows(report)):
        sheet.append(export_cells(_numbers(row) if index > 2 else row))
    return _save(workbook)


def _numbers(row: Sequence[Any]) -> list[Any]:
    """Kept money and rates are strings; write them as numbers so that Excel can add them up."""
    from decimal import Decimal, InvalidOperation

    out = []
    for value in row:
        if isinstance(value, str) and value and value[0].isdigit():
            try:
                out.append(Decimal(value))
                continue
            except InvalidOperation:
                pass
        out.append(value)
    return out


def list_form_xlsx(
    title: str,
    heading: Sequence[Any],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    landscape: bool,
) -> IO[bytes]:
    """Write a month-list form: the title, a heading line, the form's headers, then each row as it comes."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, title, landscape=landscape)
    sheet.append([title])
    sheet.append(export_cells(heading))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(export_cells(row))
    return _save(workbook)


def rows_xlsx(title: str, rows: Iterable[Sequence[Any]]) -> IO[bytes]:
    """Write already laid-out form rows (the daily visit report) to a one-sheet workbook."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, title)
    for row in rows:
        sheet.append(export_cells(row))
    return _save(workbook)
