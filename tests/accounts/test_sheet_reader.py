"""The streaming .xlsx reader gives the values openpyxl gives, for every kind of cell (issue 3)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kam.accounts import spreadsheets
from kam.core.errors import ValidationFailed

CELLS = st.one_of(
    st.none(),
    # openpyxl writes a text starting with "=" as a formula, which a reader gives back as its cached value.
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12).filter(
        lambda text: not text.startswith("=")
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda f: round(f, 4)),
    st.booleans(),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


def _ours(path: Path) -> list[tuple[int, tuple[object, ...]]]:
    with zipfile.ZipFile(path) as archive:
        member = spreadsheets._first_sheet_member(archive)
        strings = spreadsheets._shared_strings(archive)
        dates, date1904 = spreadsheets._date_styles(archive)
    epoch = spreadsheets.CALENDAR_MAC_1904 if date1904 else spreadsheets.CALENDAR_WINDOWS_1900
    return list(spreadsheets._SheetRows(path, member, strings, dates, epoch))


def _theirs(path: Path) -> list[tuple[int, tuple[object, ...]]]:
    sheet = load_workbook(path).active
    rows = []
    for row in sheet.iter_rows():
        number, values = row[0].row, [cell.value for cell in row]
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, tuple(values)))
    return rows


def _plain(value: object) -> object:
    """openpyxl reads a date cell back as a datetime at midnight; so do we."""
    return datetime(value.year, value.month, value.day) if type(value) is date else value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, max_size=8), min_size=1, max_size=12))
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path, rows: list[list[object]]) -> None:
    path = tmp_path / "cells.xlsx"
    book = Workbook()
    sheet = book.active
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None and value != "":
                sheet.cell(row=r, column=c, value=_plain(value))
    book.save(path)
    note(repr(rows))
    ours = [(n, values) for n, values in _ours(path) if values]
    assert ours == _theirs(path)


def _sheet_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{body}</sheetData></worksheet>"
    ).encode()


def _with_sheet(tmp_path: Path, body: str) -> Path:
    """Our own .xlsx written by openpyxl, its worksheet replaced by ``body`` (as other programs write it)."""
    source, path = tmp_path / "source.xlsx", tmp_path / "edited.xlsx"
    book = Workbook()
    book.active["A1"] = "x"
    book.save(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = _sheet_xml(body) if item.filename == "xl/worksheets/sheet1.xml" else old.read(item)
            new.writestr(item, data)
    return path


def test_inline_strings_rich_runs_gaps_and_rows_without_numbers(tmp_path: Path) -> None:
    path = _with_sheet(
        tmp_path,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="C1" t="inlineStr">'
        '<is><r><t>杭州</t></r><r><t xml:space="preserve"> 铝业</t></r></is></c></row>'
        '<row><c t="b"><v>1</v></c><c t="str"><v>=1+1</v></c><c><v>2.5</v></c><c><v/></c></row>'
        '<row r="7"><c r="B7"><v>42</v></c></row>',
    )
    assert _ours(path) == [(1, ("名称", None, "杭州 铝业")), (2, (True, "=1+1", 2.5)), (7, (None, 42))]


def test_a_sheet_cut_short_is_refused_as_corrupt(tmp_path: Path) -> None:
    path = _with_sheet(tmp_path, '<row r="1"><c r="A1"><v>1</v>')
    with pytest.raises(ValidationFailed):
        _ours(path)
