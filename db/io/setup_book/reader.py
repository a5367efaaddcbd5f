"""Reading an uploaded set-up workbook: checked as hostile first (db.io.imports.container: size,
what the zip expands to, the shared strings), opened read-only and its rows streamed with the
same bounds as a ledger (db.io.imports.workbook); at most MAX_ROWS rows that hold something per
sheet. The header is found in the first rows of each sheet by its column names; a sheet that is
missing, or a column that is missing, is a problem named like any other."""

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from db import texts
from db.io.imports.container import LedgerUnreadable, check_workbook, load_bytes
from db.io.imports.rows import text_of
from db.io.imports.workbook import open_workbook, sheet_rows
from db.io.setup_book.layout import (
    ACCOUNT_HEADER_KEYS,
    REQUIRED_ACCOUNT_KEYS,
    REQUIRED_UNIT_KEYS,
    UNIT_HEADER_KEYS,
    header_key,
)

MAX_ROWS = 5_000  # a county has a few hundred units and users
HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True)
class Problem:
    """One problem of the file, where it is: sheet, row (as Excel shows it), column header."""

    sheet: str
    row: int
    column: str
    message: str

    def line(self) -> str:
        if self.column:
            return texts.SB_PROBLEM.format(
                sheet=self.sheet, row=self.row, column=self.column, message=self.message
            )
        return texts.SB_PROBLEM_ROW.format(sheet=self.sheet, row=self.row, message=self.message)


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: dict[str, object]  # column key (db.io.setup_book.layout) → the raw cell value

    def text(self, key: str) -> str:
        return text_of(self.cells.get(key))


@dataclass
class SetupFile:
    filename: str
    units: list[SheetRow] = field(default_factory=list)
    accounts: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_book(source: str | Path | bytes, *, filename: str) -> SetupFile:
    """The rows of 单位 and 账号 (LedgerUnreadable when the file cannot be read at all)."""
    data = load_bytes(source)
    check_workbook(data, filename)
    book = open_workbook(data)
    found = SetupFile(filename=filename)
    try:
        sheets = {"".join(n.split()): n for n in book.sheetnames}
        unit_sheet = sheets.get(texts.SB_UNIT_SHEET)
        account_sheet = sheets.get(texts.SB_ACCOUNT_SHEET)
        if unit_sheet is None and account_sheet is None:
            raise LedgerUnreadable(texts.SB_NO_SHEETS)
        if unit_sheet is not None:
            found.units = _sheet(
                book[unit_sheet], texts.SB_UNIT_SHEET, UNIT_HEADER_KEYS, REQUIRED_UNIT_KEYS, found
            )
        if account_sheet is not None:
            found.accounts = _sheet(
                book[account_sheet],
                texts.SB_ACCOUNT_SHEET,
                ACCOUNT_HEADER_KEYS,
                REQUIRED_ACCOUNT_KEYS,
                found,
            )
    finally:
        book.close()
    return found


def _sheet(  # type: ignore[no-untyped-def]
    worksheet, title: str, known: dict[str, str], required: tuple[str, ...], found: SetupFile
) -> list[SheetRow]:
    stream = sheet_rows(worksheet)
    top = list(itertools.islice(stream, HEADER_SEARCH_ROWS))
    header_at, columns = None, {}
    for index, (_number, values) in enumerate(top):
        seen = {known[k]: c for c, v in enumerate(values) if (k := header_key(v)) in known}
        if len(seen) >= 2:
            header_at, columns = index, seen
            break
    if header_at is None:
        first = next(iter(known))
        raise LedgerUnreadable(f"{title}：{texts.SB_NO_HEADER.format(first=first)}")
    header_row = top[header_at][0]
    names = {**texts.SB_UNIT_HEADERS, **texts.SB_ACCOUNT_HEADERS}
    for key in required:
        if key not in columns:
            found.problems.append(Problem(title, header_row, names[key], texts.SB_MISSING_COLUMN))
    rows: list[SheetRow] = []
    for number, values in itertools.chain(top[header_at + 1 :], stream):
        cells = {k: values[c] if c < len(values) else None for k, c in columns.items()}
        if all(text_of(v) == "" for v in cells.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise LedgerUnreadable(f"{title}：{texts.SB_TOO_MANY_ROWS.format(max=MAX_ROWS)}")
        rows.append(SheetRow(number=number, cells=cells))
    return rows
