"""Spreadsheets: the rulebook layout, escaped cells, A4 page set-up, and memory that stays flat (F2)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook

from kam.reports import exports


def _rows(count: int) -> Iterator[list[Any]]:
    for number in range(1, count + 1):
        yield [
            number,
            f"客户{number}",
            "杭州市上城区解放路100号",
            "13800138000",
            "张伟",
            "2026-02-03 10:00",
            "拜访",
            "公司",
        ]


def test_list_form_layout_escaping_and_page_setup() -> None:
    rows = [[1, "=HYPERLINK(1)", "地址"]]
    output = exports.list_form_xlsx(
        "大客户联系计划表", ["月份", "2026-02"], ("序号", "客户名称", "地址"), rows, landscape=True
    )
    sheet = load_workbook(output).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "大客户联系计划表"
    assert values[2] == ["序号", "客户名称", "地址"]
    assert values[3] == [1, "'=HYPERLINK(1)", "地址"]
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_export_memory_does_not_grow_with_the_rows() -> None:
    """Rows are written as they come: 5,000 rows take about the memory of 500."""

    def peak(count: int) -> int:
        tracemalloc.start()
        exports.list_form_xlsx("大客户拜访登记表", [], ("序号",), _rows(count), landscape=False).close()
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(500), peak(5_000)
    assert large < small * 2 + 1_000_000, (small, large)


def test_report_rows_in_the_rulebook_order() -> None:
    report = {
        "department": "大客户一部",
        "label": "2026-02",
        "period": "month",
        "figures": {"deals": 2, "deal_amount": "15000.50", "sla_rate": None},
        "visits": {
            "matrix": {"A": {"A": 1, "B": 1}, "B": {"C": 1}, "C": {"E": 1}},
            "by_result": {"A": 1, "B": 1, "C": 1, "E": 1},
            "total": 4,
        },
        "ranking": [{"rank": 1, "name": "张伟", "total": "88.50", "status": "locked"}],
        "lines": [{"key": "hospitality_spend", "label": "招待费用", "value": "300.00"}],
    }
    rows = exports.report_rows(report)
    assert rows[1] == ["部门", "大客户一部", "期间", "2026-02", "类别", "月度"]
    labels = {row[0]: row[1] for row in rows if len(row) > 1}
    assert labels["成交(组)"] == 2 and labels["服务达标率(%)"] == "" and labels["招待费用"] == "300.00"
    assert ["A 初次拜访", 1, 1, 0, 0, 0, 2] in rows
    assert [1, "张伟", "88.50", "已锁定"] in rows
    sheet = load_workbook(exports.report_xlsx(report)).worksheets[0]
    cells = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert float(cells["成交金额(元)"]) == 15000.5  # a number Excel can add up
