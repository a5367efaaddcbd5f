"""Importing an office's Excel ledger (台账), step 1: reading the workbook. The file is checked to
be an .xlsx this app can read and within the limits of db.io.imports.container (what it may
expand to, rows, columns, text), then its rows are streamed: the header row is found under the
title rows, its columns are mapped to fields by name (the synonyms below, or the user's own
mapping) and the rows that hold something and are not totals are kept, cells as they are. The
cells are read by python-calamine when db.io.imports.census allows (fast, the same values), else
by openpyxl's read-only stream (formulas, odd or very large sheets).

    ledger = read_ledger(path_or_bytes, filename="台账.xlsx")      # LedgerUnreadable if it can't

Step 2, the preview with every problem, is db.io.imports.preview; step 3, writing, db.io.imports.apply.
"""

import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from db import texts
from db.io.imports.container import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_TEXT_CHARS,
    LedgerUnreadable,
    check_workbook,
    load_bytes,
)
from db.io.imports.fast_sheet import calamine_rows
from db.io.imports.headers import (  # noqa: F401 (COLUMN_SYNONYMS, header_key: re-exported)
    COLUMN_SYNONYMS,
    REQUIRED_FIELDS,
    assign_columns,
    header_key,
)
from db.io.imports.rows import column_letter, masked_example, text_of

HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 3


def is_total_row(values: list[object]) -> bool:
    """合计 / 总计 / 小计 in one of the first cells that hold text."""
    if not any(type(v) is str and "计" in v for v in values[:4]):
        return False  # each of the words has 计, and NFKC makes 计 of no other character
    texts_seen = [re.sub(r"\s", "", text_of(v)) for v in values[:4] if text_of(v)]
    return any(t in ("合计", "总计", "小计", "总合计") for t in texts_seen)


@dataclass
class LedgerRow:
    number: int  # the row number in the sheet, as Excel shows it
    cells: dict[str, object]  # field key → the raw cell value


@dataclass
class LedgerFile:
    filename: str
    sheet: str
    sheets: list[str]
    header_row: int
    headers: dict[str, str]  # field key → the column's name in the file
    unmapped: list[str]  # columns of the file no field took
    rows: list[LedgerRow]
    # every column not imported, as (letter, header, an example value masked): none is dropped
    # without a word (a column with neither header nor value holds nothing to drop)
    not_imported: list[tuple[str, str, str]] = field(default_factory=list)
    header_names: list[str] = field(default_factory=list)  # the header row, column by column
    columns: list[tuple[str, str, str, str]] = field(default_factory=list)  # letter, header,
    # field, how it was recognised (db.io.imports.headers: BY_USER, BY_SYNONYM or the word)

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED_FIELDS if f not in self.headers]


def sheet_names(data: bytes, filename: str = "ledger.xlsx") -> list[str]:
    """The workbook's sheet names, or none when it cannot be read or is refused (for a sheet
    picker)."""
    try:
        check_workbook(data, filename)
        book = _open(data)
    except LedgerUnreadable:
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _open(data: bytes):  # type: ignore[no-untyped-def]
    """The workbook opened read-only by openpyxl, without its size scan: openpyxl looks for each
    sheet's <dimension> by parsing until it finds one, the whole sheet (kept in memory) when it
    has none; the rows are read with explicit bounds instead (_rows)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            return None

    class Reader(ExcelReader):
        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    worksheet = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    worksheet.sheet_state = sheet.state
                    self.wb._sheets.append(worksheet)

    try:
        reader = Reader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        reader.read()
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX) from None
    return reader.wb


def _rows(worksheet) -> Iterator[tuple[int, tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """(sheet row number, values) streamed: at most MAX_SHEET_ROWS rows of MAX_COLUMNS cells."""
    rows = worksheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
    return _capped(enumerate(rows, start=1))


def _capped(rows: Iterator[tuple[int, Sequence[object]]]) -> Iterator[tuple[int, Sequence[object]]]:
    for number, values in rows:
        if number > MAX_SHEET_ROWS:
            raise LedgerUnreadable(texts.IMP_SHEET_TOO_LONG.format(max=MAX_SHEET_ROWS))
        yield number, values


def read_ledger(
    source: str | Path | bytes,
    *,
    filename: str,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
) -> LedgerFile:
    """Read the first sheet (or `sheet`): find the header row under title rows, map its columns
    by name (synonyms; `mapping` = {column name in the file: field key, or None to ignore}),
    keep the rows that hold something and are not totals. The file is checked as hostile first
    (db.io.imports.container); its sheet is read whole by calamine only within the bound the
    census (db.io.imports.census) checks, else streamed by openpyxl, never all in memory."""
    data = load_bytes(source)
    shared = check_workbook(data, filename)
    fast = calamine_rows(data, sheet, shared)
    if fast is not None:
        title, names, stream = fast
        stream = _capped(stream)
        top = list(itertools.islice(stream, HEADER_SEARCH_ROWS))
        return _ledger(filename, title, names, top, stream, mapping)
    book = _open(data)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise LedgerUnreadable(texts.IMP_NO_SHEET.format(sheet=sheet))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        stream = _rows(worksheet)
        top = list(itertools.islice(stream, HEADER_SEARCH_ROWS))
        return _ledger(filename, worksheet.title, list(book.sheetnames), top, stream, mapping)
    finally:
        book.close()


def _ledger(  # type: ignore[no-untyped-def]
    filename: str, title: str, sheets: list[str], top, stream, mapping
) -> LedgerFile:
    overrides = dict(mapping or {})
    best, best_score = -1, 0
    for index, (_number, values) in enumerate(top):
        score = len({f for f, _how in assign_columns(list(values), overrides) if f})
        if score > best_score:
            best, best_score = index, score
    if best_score < MIN_HEADER_MATCHES:
        raise LedgerUnreadable(texts.IMP_NO_HEADER)
    headers: dict[str, str] = {}
    columns: dict[str, int] = {}
    unmapped: list[str] = []
    others: dict[int, str] = {}  # column index → header, for the columns not imported
    found: list[tuple[str, str, str, str]] = []  # letter, header, field, how
    header_values = list(top[best][1])
    for column, (key, how) in enumerate(assign_columns(header_values, overrides)):
        value = header_values[column]
        name = "" if value is None else str(value).strip()
        if key:
            columns[key], headers[key] = column, name
            found.append((column_letter(column), name, key, how))
        else:
            others[column] = name
            if name:
                unmapped.append(name)
    width = max([len(values) for _n, values in top] + [0])
    others.update({c: "" for c in range(width) if c not in others and c not in columns.values()})
    examples: dict[int, str] = {}
    waiting = set(others)
    rows = []
    chars = 0
    for number, values in itertools.chain(top[best + 1 :], stream):
        cells = {key: values[c] if c < len(values) else None for key, c in columns.items()}
        if all(text_of(v) == "" for v in cells.values()) or is_total_row(list(values)):
            continue
        if waiting:
            held = [c for c in waiting if c < len(values) and values[c] is not None]
            for c in [c for c in held if text_of(values[c])]:
                examples[c] = masked_example(values[c])
                waiting.discard(c)
        if len(rows) == MAX_ROWS:
            raise LedgerUnreadable(texts.IMP_TOO_MANY_ROWS.format(max=MAX_ROWS))
        chars += sum([len(v) for v in cells.values() if isinstance(v, str)])
        if chars > MAX_TEXT_CHARS:
            raise LedgerUnreadable(
                texts.IMP_TOO_MANY_CHARACTERS.format(max=MAX_TEXT_CHARS // 10_000)
            )
        rows.append(LedgerRow(number=number, cells=cells))
    return LedgerFile(
        filename=filename,
        sheet=title,
        sheets=sheets,
        header_row=top[best][0],
        headers=headers,
        unmapped=unmapped,
        rows=rows,
        columns=found,
        header_names=["" if v is None else str(v).strip() for v in header_values],
        not_imported=[
            (column_letter(c), name, examples.get(c, ""))
            for c, name in sorted(others.items())
            if name or c in examples
        ],
    )


# For other readers of uploaded workbooks (db.io.setup_book): the same bounded opening and rows.
open_workbook = _open
sheet_rows = _rows
