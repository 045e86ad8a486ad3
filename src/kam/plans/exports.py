"""Scorecards as .xlsx in the rulebook's form layout (客户专人月度考核表) (B8).

Cells are escaped against formula injection by the shared spreadsheet helper.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook

from kam.accounts.spreadsheets import export_cells
from kam.plans.scoring import Card

FORM_TITLE = "客户专人月度考核表"
HEADERS = ["序号", "指标", "标准", "计划(组)", "实际(组)", "完成率", "权重", "得分"]
SUMMARY_HEADERS = ["名次", "姓名", "月份", "考核表", "合计", "状态"]
STATUS_ZH = {"open": "未锁定", "locked": "已锁定"}


def _number(value: object) -> Decimal | str:
    """Return a stored decimal string as a number, so that Excel can sum it; blanks stay blank."""
    return "" if value in (None, "") else Decimal(str(value))


def _percent(value: object) -> str:
    return "" if value in (None, "") else f"{value}%"


def form_rows(card: Card) -> list[list[Any]]:
    """Return the rows of one scorecard in the rulebook's layout, deductions and total last (B2, B7)."""
    sc = card.scorecard
    standards = {str(r.get("code")): str(r.get("standard_zh", "")) for r in sc.template_rows}
    rows: list[list[Any]] = [
        [FORM_TITLE],
        ["姓名", sc.specialist.display_name, "月份", f"{sc.month:%Y-%m}", "考核表", sc.template_name],
        list(HEADERS),
    ]
    for number, row in enumerate(card.rows, start=1):
        rows.append(
            [
                number,
                row["label_zh"],
                standards.get(str(row["code"]), ""),
                _number(row["plan"]),
                _number(row["actual"]),
                _percent(row["rate"]),
                _percent(row["weight"]),
                _number(row["score"]),
            ]
        )
    for item in card.deductions:
        rows.append(
            [
                "",
                "扣分",
                f"{item['occurred_on']} {item['label']}",
                "",
                "",
                "",
                "",
                -Decimal(str(item["points"])),
            ]
        )
    rows.append(["", "合计", "", "", "", "", "", card.total])
    return rows


def _save(workbook: Workbook) -> IO[bytes]:
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output


def scorecard_xlsx(card: Card) -> IO[bytes]:
    """Write one scorecard as a one-sheet workbook (B8)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(FORM_TITLE)
    for row in form_rows(card):
        sheet.append(export_cells(row))
    return _save(workbook)


def month_xlsx(cards: Sequence[Card], month: date) -> IO[bytes]:
    """Write a department-month: a ranking sheet, then one form sheet per specialist (B8)."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(f"{month:%Y-%m} 排名")
    summary.append(export_cells(SUMMARY_HEADERS))
    for card in cards:
        sc = card.scorecard
        summary.append(
            export_cells(
                [
                    card.rank,
                    sc.specialist.display_name,
                    f"{sc.month:%Y-%m}",
                    sc.template_name,
                    card.total,
                    STATUS_ZH.get(sc.status, sc.status),
                ]
            )
        )
    for card in cards:
        name = f"{card.rank or 0}-{card.scorecard.pk} {card.scorecard.specialist.display_name}"[:31]
        sheet = workbook.create_sheet(name)
        for row in form_rows(card):
            sheet.append(export_cells(row))
    return _save(workbook)
