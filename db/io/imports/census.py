"""Importing an office's Excel ledger, step 1b: may the fast reader take this sheet? python-calamine
reads a sheet ten times faster than openpyxl, but it builds the whole sheet in memory before the
first row is seen (a grid from the first to the last cell, each shared string copied into every
cell that uses it) and it gives a formula's cached value where openpyxl gives the formula's text.
So the sheet's XML is first counted as it streams past, one chunk in memory at a time, with
regular expressions and never parsed (db.io.imports.container has already bounded its size),
and calamine reads it only when

- every cell and row names its place (r="A1", r="1"), no element has a namespace prefix;
- no row or cell lies at or past the sheet cap, no cell past the column cap (openpyxl's stream
  refuses or leaves those out as it reads; the grid would hold them);
- no cell holds a formula, an error, an ISO date, a number of more than 15 digits or a
  character Excel spelled out as _xHHHH_ (calamine would read each differently from openpyxl);
- the memory it would take, counted as cells, the grid and the text, is under FAST_READ_BYTES.

Otherwise openpyxl streams the sheet as before: the same rows, the same refusals, slower.

    census(archive, "xl/worksheets/sheet1.xml", shared)   # True: calamine may read it
"""

import re
import zipfile

from db.io.imports.container import MAX_COLUMNS, MAX_SHEET_ROWS, STRING_BYTES, SharedStrings

FAST_READ_BYTES = 100 * 1024 * 1024
CHUNK = 4 * 1024 * 1024
# What calamine holds per cell (its list of cells, grown by doubling: 2 x 40 bytes) and per slot
# of its grid (the grid built from the list, then converted: 2 x 32 bytes).
CELL_BYTES, GRID_BYTES = 80, 64

_ANY_CELL = re.compile(rb"<c[\s/>]")
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_ANY_ROW = re.compile(rb"<row[\s/>]")
_PLACED_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
_SHARED = re.compile(
    rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]+")? t="s"(?: s="[0-9]+")?><v>([0-9]+)</v>'
)
# Found anywhere in a chunk, each sends the sheet to openpyxl: a namespace prefix on the elements
# calamine reads (it matches their local names: this census would miss them), a formula, an
# error, an ISO date or a formula's text, a number of more than 15 digits, a character Excel
# spelled out (_x000D_: calamine decodes it, openpyxl keeps the spelling). One expression each:
# a literal first byte lets the search skip ahead.
_REFUSED = (
    re.compile(rb":(?:c|row|v|is|f|sheetData)[\s/>]"),
    re.compile(rb"<f[\s/>]"),
    re.compile(rb' t="(?:e|d|str)"'),
    re.compile(rb"<v>-?[0-9]{16}"),
    re.compile(rb"_x[0-9A-Fa-f]{4}_"),
)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def census(archive: zipfile.ZipFile, part: str, shared: SharedStrings) -> bool:
    """True when calamine may read the sheet `part`: it would read what openpyxl reads, within
    FAST_READ_BYTES (see above)."""
    if shared.escaped:
        return False
    shared_lengths = shared.sizes
    cells = 0
    text = sum(shared_lengths)  # the table itself, held once
    last_row = last_column = 0
    rest = b""
    with archive.open(part) as stream:
        while True:
            block = stream.read(CHUNK)
            data = rest + block
            cut = data.rfind(b"</row>") + len(b"</row>") if block else len(data)
            if cut < len(b"</row>") and block:  # no row ends in the chunk yet
                if len(data) > 4 * CHUNK:
                    return False  # a row of many megabytes: not a ledger's
                rest = data
                continue
            chunk, rest = data[:cut], data[cut:]
            if any(pattern.search(chunk) for pattern in _REFUSED):
                return False
            rows = _PLACED_ROW.findall(chunk)
            if len(rows) != len(_ANY_ROW.findall(chunk)):
                return False
            placed = _CELL_ROW.findall(chunk)
            if len(placed) != len(_ANY_CELL.findall(chunk)):
                return False
            if placed:
                columns = set(_CELL_COLUMN.findall(chunk))
                last_column = max(last_column, max(map(_column_number, columns)))
                last_row = max(last_row, max(map(int, placed)))
            if rows:
                last_row = max(last_row, max(map(int, rows)))
            if last_column > MAX_COLUMNS or last_row > MAX_SHEET_ROWS:
                return False
            cells += len(placed)
            if inline := chunk.count(b't="inlineStr"'):  # text in the XML: less than its size
                text += len(chunk) + inline * STRING_BYTES
            if shared_cells := chunk.count(b't="s"'):
                indexes = _SHARED.findall(chunk)
                if len(indexes) != shared_cells:
                    return False
                try:
                    text += sum(map(shared_lengths.__getitem__, map(int, indexes)))
                except IndexError:
                    return False  # a string the table does not have: let openpyxl say so
            if _cost(cells, last_row * last_column, text) > FAST_READ_BYTES:
                return False
            if not block:
                return True


def _cost(cells: int, grid: int, text: int) -> int:
    return cells * CELL_BYTES + grid * GRID_BYTES + text
