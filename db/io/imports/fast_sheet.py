"""Importing an office's Excel ledger, step 1c: a sheet's rows read by python-calamine (Rust, about
ten times faster than openpyxl's read-only stream), when db.io.imports.census has found that it
would read what openpyxl reads, within bounded memory. The rows come out as openpyxl gives them,
so that the rest of the import cannot tell the readers apart:

- sheet row numbers from 1, the empty rows above the first cell included, every row MAX_COLUMNS
  cells wide from column A (calamine starts at the first column that holds something);
- an empty cell is None (calamine: ""); a whole number is an int (calamine: a float), up to
  2**53, beyond which both give a float (the census sends longer digit strings to openpyxl);
- a date is a datetime at midnight (calamine: a date when the time is 00:00).

    found = calamine_rows(data, sheet, shared)   # None: openpyxl reads this one
    if found: title, sheets, rows = found               # rows: (row number, values), streamed

None also when anything goes wrong: openpyxl then reads the file and refuses it as before.
"""

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

from db.io.imports.census import census
from db.io.imports.container import MAX_COLUMNS, SharedStrings

Rows = Iterator[tuple[int, list[object]]]
_EXACT = 2**53  # a float's whole numbers are exact up to here


def calamine_rows(
    data: bytes, sheet: str | None, shared: SharedStrings
) -> tuple[str, list[str], Rows] | None:
    """(sheet title, the workbook's sheet names, the rows) read by calamine, or None when the
    census sends the sheet to openpyxl or calamine cannot read it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            listed = _worksheets(archive)
            names = [name for name, _part in listed]
            title = sheet if sheet is not None else (names[0] if names else None)
            if title is None or title not in names or len(set(names)) != len(names):
                return None  # no sheet, or two of one name: openpyxl says what is wrong
            if not census(archive, dict(listed)[title], shared):
                return None
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if list(book.sheet_names) != names:  # calamine sees other sheets: its part may differ
            book.close()
            return None
        found = book.get_sheet_by_name(title)
        book.close()
    except Exception:  # a damaged file: openpyxl reads it again and refuses it as it always has
        return None
    except BaseException as error:  # pyo3 raises a panic of the Rust code as a BaseException
        if type(error).__name__ != "PanicException":
            raise
        return None
    return title, names, _rows(found)


def _worksheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, part) of each worksheet, found as openpyxl's reader finds them (the workbook part
    by the manifest, its sheets by their relations; chart sheets and missing parts left out)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.functions import fromstring

    manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
    parser = WorkbookParser(archive, _find_workbook_part(manifest).PartName[1:])
    parser.parse()
    present = set(archive.namelist())
    return [
        (sheet.name, rel.target)
        for sheet, rel in parser.find_sheets()
        if rel.target in present and "chartsheet" not in rel.Type
    ]


def _rows(found) -> Rows:  # type: ignore[no-untyped-def]
    """The sheet's rows as openpyxl streams them (see above)."""
    if found.start is None:  # nothing in the sheet
        return
    lead = [None] * found.start[1]
    for number, values in enumerate(found.iter_rows(), start=1):
        row = lead + [v if type(v) is str and v else _cell(v) for v in values]
        row.extend([None] * (MAX_COLUMNS - len(row)))
        yield number, row


def _cell(value: object) -> object:
    if value == "":
        return None
    kind = type(value)
    if kind is float and value.is_integer() and -_EXACT <= value <= _EXACT:  # type: ignore[attr-defined]
        return int(value)  # type: ignore[call-overload]
    if kind is date:
        return datetime(value.year, value.month, value.day)  # type: ignore[attr-defined]
    return value
