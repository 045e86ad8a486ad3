"""Reading and writing spreadsheets (F2): .xlsx and .csv in (a streaming reader), .xlsx and .csv out.

The reader refuses, with a message a user can act on, what would make an import half-right: a file
that is not a workbook or is damaged, one that is too big or has too many rows, merged cells, and
missing required columns. Written cells that could start a formula are escaped.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from kam.accounts import rules
from kam.accounts.columns import Table, match_headers
from kam.core.errors import ValidationFailed

MAX_ROWS = 100_000
"""The documented limit of one import: 100,000 data rows; larger files are refused, not cut."""
MAX_UNPACKED_BYTES = 400 * 1024 * 1024

NOT_XLSX = gettext_noop(
    "The file is not an Excel workbook (.xlsx). Save it as .xlsx (Excel 2007 or later) and try again."
)
NOT_CSV = gettext_noop("The file is not a CSV text file in UTF-8 or GB18030 (GBK).")
CORRUPT = gettext_noop("The file cannot be read: it is damaged or not a real .xlsx workbook.")
TOO_LARGE = gettext_noop("The file is too large: at most {mb} MB.")
TOO_MANY_ROWS = gettext_noop(
    "The sheet has more than {limit:,} data rows; split it into files of at most {limit:,} rows."
)
MERGED_CELLS = gettext_noop(
    "The sheet has merged cells ({cells}); unmerge them so that every row has its own values."
)
MISSING_COLUMNS = gettext_noop("Required columns are missing: {columns}.")
EMPTY_SHEET = gettext_noop("The sheet is empty: the first row must hold the column headers.")

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
NUMERIC_FIELDS = frozenset({"lat", "lng", "growth_rate", "profit_margin", "id"})


def max_bytes() -> int:
    return int(getattr(settings, "KAM_IMPORT_MAX_BYTES", settings.KAM_MAX_BODY_BYTES))


@dataclass
class Sheet:
    """An opened first worksheet: its headers, the field of each column and an estimate of the rows."""

    headers: list[str]
    fields: list[str | None]
    estimated_rows: int
    _rows: Iterator[tuple[int, Sequence[Any]]]

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Yield ``(row number, {field: value})`` for every non-empty data row, refusing too many rows."""
        count = 0
        for number, values in self._rows:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ValidationFailed(TOO_MANY_ROWS, field="file", params={"limit": MAX_ROWS})
            yield number, self._record(values)

    def _record(self, values: Sequence[Any]) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for name, value in zip(self.fields, values, strict=False):
            if name is not None:
                record[name] = cell_value(name, value)
        return record


def cell_value(field_name: str, value: Any) -> Any:
    """Return a cell as the services read it: text trimmed and unescaped, whole numbers as text for
    text fields (a mobile typed as a number), dates as dates."""
    if isinstance(value, str):
        return rules.unescape_cell(value.strip())
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and field_name not in NUMERIC_FIELDS and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and field_name not in NUMERIC_FIELDS:
        return str(value)
    return value


def _check_container(path: Path) -> None:
    if path.stat().st_size > max_bytes():
        raise ValidationFailed(TOO_LARGE, field="file", params={"mb": max_bytes() // 2**20})
    if not zipfile.is_zipfile(path):
        with path.open("rb") as head:
            damaged = head.read(4) == b"PK\x03\x04"  # a workbook cut short or otherwise broken
        raise ValidationFailed(CORRUPT if damaged else NOT_XLSX, field="file")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise ValidationFailed(CORRUPT, field="file") from None
    if unpacked > MAX_UNPACKED_BYTES:  # a "zip bomb" or an absurdly large sheet
        raise ValidationFailed(TOO_LARGE, field="file", params={"mb": max_bytes() // 2**20})
    if "[Content_Types].xml" not in names:
        raise ValidationFailed(NOT_XLSX, field="file")


# Reading ------------------------------------------------------------------------------------------
#
# The sheet is parsed with expat straight from the archive, a row at a time: openpyxl's read-only mode
# builds an object per cell and costs about ten times as much, which decided the speed of large imports.

_DIGITS = "0123456789"
_CELL, _TEXT, _ROW = 1, 2, 3
_ELEMENT_CODES = {"c": _CELL, "v": _TEXT, "t": _TEXT, "row": _ROW}
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _column_index(ref: str) -> int:
    index = 0
    for letter in ref:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _parse(data: bytes, start: Callable[..., None], end: Callable[[str], None] | None = None,
           text: Callable[[str], None] | None = None) -> None:  # fmt: skip
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    parser.Parse(data, True)


def _first_sheet_member(archive: zipfile.ZipFile) -> str:
    """Return the archive member of the workbook's first worksheet."""
    sheets: list[str] = []
    targets: dict[str, str] = {}

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            sheets.extend(v for k, v in attrs.items() if k.endswith(":id") or k == f"{_REL_NS} id")

    def relation(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse(archive.read("xl/workbook.xml"), sheet)
    _parse(archive.read("xl/_rels/workbook.xml.rels"), relation)
    target = targets[sheets[0]]
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"in_t": False, "phonetic": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "si":
            strings.append("".join(parts))
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            parts.append(data)

    _parse(archive.read("xl/sharedStrings.xml"), start, end, text)
    return strings


def _date_styles(archive: zipfile.ZipFile) -> tuple[frozenset[int], bool]:
    """Return the cell style indexes that show dates, and whether the workbook counts from 1904."""
    date1904 = [False]

    def workbook(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            date1904[0] = True

    _parse(archive.read("xl/workbook.xml"), workbook)
    if "xl/styles.xml" not in archive.namelist():
        return frozenset(), date1904[0]
    formats: dict[int, str] = {}
    styles: list[int] = []
    where = {"xfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "numFmt":
            formats[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            where["xfs"] = True
        elif tag == "xf" and where["xfs"]:
            styles.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if _local(name) == "cellXfs":
            where["xfs"] = False

    _parse(archive.read("xl/styles.xml"), start, end)
    dates = set()
    for index, fmt_id in enumerate(styles):
        code = formats.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
        if is_date_format(code):
            dates.add(index)
    return frozenset(dates), date1904[0]


class _SheetRows:
    """Yield ``(row number, values)`` of a worksheet member, parsing it a megabyte at a time."""

    def __init__(self, path: Path, member: str, strings: list[str], dates: frozenset[int], epoch: datetime):
        self.path, self.member, self.strings, self.dates, self.epoch = path, member, strings, dates, epoch

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        # The handlers run for every element of the sheet (millions in a large import), so they keep
        # their state in closure variables and know each element name after its first appearance.
        ready: list[tuple[int, tuple[Any, ...]]] = []
        row: dict[int, Any] = {}
        parts: list[str] = []
        column, kind, style, in_text = 0, "n", "0", False
        row_number, next_column = 0, 0
        strings, epoch = self.strings, self.epoch
        dates = {str(index) for index in self.dates}
        codes: dict[str, int] = {}  # element name (with any prefix) → _CELL, _TEXT, _ROW or 0
        column_of: dict[str, int] = {}  # column letters → index

        def code_of(name: str) -> int:
            code = codes[name] = _ELEMENT_CODES.get(name.rpartition(":")[2], 0)
            return code

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal column, kind, style, in_text, row_number, next_column
            code = codes.get(name)
            if code is None:
                code = code_of(name)
            if code == _CELL:
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    found = column_of.get(letters)
                    if found is None:
                        found = column_of[letters] = _column_index(letters)
                    column = found
                else:
                    column = next_column
                next_column = column + 1
                kind, style = attrs.get("t", "n"), attrs.get("s", "0")
                parts.clear()
            elif code == _TEXT:
                in_text = True
            elif code == _ROW:
                row.clear()
                row_number = int(attrs["r"]) if "r" in attrs else row_number + 1
                next_column = 0

        def end(name: str) -> None:
            nonlocal in_text
            code = codes.get(name)
            if code is None:
                code = code_of(name)
            if code == _TEXT:
                in_text = False
            elif code == _CELL:
                if parts:
                    row[column] = _value("".join(parts), kind, style)
            elif code == _ROW:
                width = max(row) + 1 if row else 0
                ready.append((row_number, tuple(row.get(i) for i in range(width))))

        def text(data: str) -> None:
            if in_text:
                parts.append(data)

        def _value(raw: str, kind: str, style: str) -> Any:
            if kind == "s":
                return strings[int(raw)]
            if kind in ("inlineStr", "str", "e"):
                return raw
            if kind == "b":
                return raw.strip() in ("1", "true")
            if kind == "d":
                return datetime.fromisoformat(raw.strip())
            number: int | float = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            if style in dates:
                return from_excel(number, epoch)
            return number

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as source:
                while chunk := source.read(1 << 20):
                    parser.Parse(chunk, False)
                    yield from ready
                    ready.clear()
                parser.Parse(b"", True)
                yield from ready
        except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, IndexError, KeyError):
            raise ValidationFailed(CORRUPT, field="file") from None


def _scan(path: Path, member: str, *, limit: int = 5) -> tuple[list[str], int]:
    """Return the first merged ranges of a sheet and its number of rows, in one pass over the XML."""
    found: list[str] = []
    rows, declared = 0, 0
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as source:
        while chunk := source.read(1 << 20):
            block = tail + chunk
            if not rows and not declared and (dimension := _DIMENSION.search(block)):
                declared = int(dimension.group(1))
            rows += len(_ROW_TAG.findall(chunk))
            if len(found) < limit:
                found.extend(m.decode() for m in _MERGE.findall(block))
            tail = block[-200:]
    return list(dict.fromkeys(found))[:limit], rows or declared


def merged_cells(path: Path, member: str, *, limit: int = 5) -> list[str]:
    """Return the first merged ranges of a sheet."""
    return _scan(path, member, limit=limit)[0]


def open_sheet(path: Path, table: Table) -> Sheet:
    """Open the first worksheet of an .xlsx file (or a .csv file) for ``table``, or refuse it clearly."""
    if path.suffix.lower() == ".csv":
        return _open_csv(path, table)
    _check_container(path)
    try:
        with zipfile.ZipFile(path) as archive:
            member = _first_sheet_member(archive)
            strings = _shared_strings(archive)
            dates, date1904 = _date_styles(archive)
        merged, estimate = _scan(path, member)
    except ValidationFailed:
        raise
    except Exception:
        raise ValidationFailed(CORRUPT, field="file") from None
    if merged:
        raise ValidationFailed(MERGED_CELLS, field="file", params={"cells": ", ".join(merged)})
    if estimate - 1 > MAX_ROWS * 2:  # the sheet says so itself; no need to read it all to refuse
        raise ValidationFailed(TOO_MANY_ROWS, field="file", params={"limit": MAX_ROWS})
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    rows = iter(_SheetRows(path, member, strings, dates, epoch))
    return _sheet(table, next(rows, None), rows, max(0, estimate - 1))


def _sheet(
    table: Table,
    header: tuple[int, Sequence[Any]] | None,
    rows: Iterator[tuple[int, Sequence[Any]]],
    estimate: int,
) -> Sheet:
    if header is None or all(h is None or str(h).strip() == "" for h in header[1]):
        raise ValidationFailed(EMPTY_SHEET, field="file")
    headers = ["" if h is None else str(h).strip() for h in header[1]]
    fields, missing = match_headers(table, headers)
    if missing:
        names = ", ".join(f"{c.zh} ({c.en})" for c in missing)
        raise ValidationFailed(MISSING_COLUMNS, field="file", params={"columns": names})
    return Sheet(headers, fields, estimate, rows)


def _open_csv(path: Path, table: Table) -> Sheet:
    """Open a CSV file: UTF-8 (with or without a BOM) or GB18030, as Excel saves it in China."""
    if path.stat().st_size > max_bytes():
        raise ValidationFailed(TOO_LARGE, field="file", params={"mb": max_bytes() // 2**20})
    raw = path.read_bytes()
    if b"\0" in raw[:4096]:
        raise ValidationFailed(NOT_CSV, field="file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationFailed(NOT_CSV, field="file")
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ValidationFailed(NOT_CSV, field="file") from None
    numbered = ((number, [value or None for value in values]) for number, values in enumerate(lines, start=1))
    if len(lines) - 1 > MAX_ROWS * 2:
        raise ValidationFailed(TOO_MANY_ROWS, field="file", params={"limit": MAX_ROWS})
    return _sheet(table, next(numbered, None), numbered, max(0, len(lines) - 1))


# Writing ------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.000001")) else str(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def export_cells(values: Iterable[Any]) -> list[Any]:
    """Return a row ready for a spreadsheet: formulas escaped, money and dates as Excel reads them."""
    return [rules.escape_cell(_plain(v)) for v in values]


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> IO[bytes]:
    """Write rows to a temporary .xlsx (openpyxl write-only, so memory stays flat); return it rewound."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(export_cells(headers))
    for row in rows:
        sheet.append(export_cells(row))
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield CSV text line by line (UTF-8 with a BOM so that Excel opens Chinese text correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    writer.writerow(export_cells(headers))
    for row in rows:
        writer.writerow(["" if v is None else _csv(v) for v in export_cells(row)])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
