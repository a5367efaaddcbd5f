"""Importing an office's Excel ledger, step 1a: the uploaded file treated as hostile before any
part of it is read. An .xlsx is a zip of XML parts: a 0.87 MB file can hold a shared-string table
of 360 MB, and openpyxl keeps that whole table in memory whatever `read_only` says. So, in this
order, each refusal in Chinese naming its limit (LedgerUnreadable):

1. the file: not empty, at most MAX_BYTES, an .xlsx by name and by content (no .xls, no macros);
2. the zip's directory (db.core.uploads.check_zip_members, nothing inflated): at most ZIP_LIMITS
   (parts, each part by kind, the sum, the expansion ratio);
3. the shared-string table, streamed once with one string in memory at a time: at most
   MAX_SHARED_STRINGS strings and MAX_TEXT_CHARS characters;
4. then the sheet's XML is counted as it streams past (db.io.imports.census) to decide whether
   python-calamine may read it whole, fast, in bounded memory; if not, openpyxl opens it
   read-only and streams it. Either way db.io.imports.workbook keeps at most MAX_SHEET_ROWS rows
   read (MAX_COLUMNS columns each), MAX_ROWS rows that hold something, and MAX_TEXT_CHARS
   characters of text in the cells kept.

What a county needs: a town records a few thousand disputes a year, and an office imports one
town's ledger at a time; MAX_ROWS (20,000) is several years of a busy town. The largest accepted
ledger, read and previewed, is measured in bench/uploads.py (bench/README.md).
"""

import io
import re
import zipfile
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import iterparse

from db import texts
from db.core.errors import Refused
from db.core.uploads import MB, FileRefused, ZipLimits, check_zip_members

MAX_BYTES = 10 * MB
MAX_ROWS = 20_000  # rows that hold something (a county ledger: a few thousand a town a year)
MAX_SHEET_ROWS = 50_000  # rows read in all, empty ones too (formatted blank rows of a template)
MAX_COLUMNS = 60  # columns read in each row (a ledger has about 20); the rest are not read
MAX_SHARED_STRINGS = 200_000
MAX_TEXT_CHARS = 10_000_000  # in the shared-string table, and in the cells kept
ZIP_LIMITS = ZipLimits(
    max_parts=1000,
    max_part_bytes=10 * MB,
    max_total_bytes=160 * MB,
    max_ratio=100,
    ratio_from_bytes=1 * MB,
    part_limits=(
        ("?content_types?.xml", 1 * MB),  # the manifest and the relations are parsed whole
        ("*.rels", 1 * MB),
        ("xl/workbook.xml", 5 * MB),
        ("xl/styles.xml", 5 * MB),
        ("xl/sharedstrings.xml", 32 * MB),  # held in memory whole, its count is checked too
        ("xl/worksheets/*.xml", 100 * MB),  # streamed row by row
    ),
)
EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")  # a character Excel spelled out: _x000D_ = CR
STRING_BYTES = 32  # a copied string's own cost beside its text (pointer, length, allocation)
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


class LedgerUnreadable(Refused):
    """The file is not a ledger this app can read; the message is for the user."""


def load_bytes(source: str | Path | bytes) -> bytes:
    """The upload's bytes, or a file's, refused when over MAX_BYTES before it is read."""
    if isinstance(source, bytes):
        return source
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LedgerUnreadable(texts.IMP_FILE_TOO_BIG)
        return path.read_bytes()
    except OSError as error:
        raise LedgerUnreadable(texts.IMP_FILE_MISSING.format(error=error.strerror)) from None


@dataclass(frozen=True)
class SharedStrings:
    """What db.io.imports.census needs to know of the shared-string table."""

    sizes: Sequence[int] = ()  # each string as a copy holds it: its UTF-8 and STRING_BYTES
    escaped: bool = False  # one holds Excel's _xHHHH_ escapes (calamine decodes, openpyxl not)


def check_workbook(data: bytes, filename: str) -> SharedStrings:
    """Steps 1 to 3 above; returns when openpyxl may open the file, with what the census needs
    to know of the shared strings."""
    suffix = Path(filename).suffix.lower()
    if not data:
        raise LedgerUnreadable(texts.IMP_FILE_EMPTY)
    if len(data) > MAX_BYTES:
        raise LedgerUnreadable(texts.IMP_FILE_TOO_BIG)
    if suffix == ".xlsm":
        raise LedgerUnreadable(texts.IMP_FILE_XLSM)
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise LedgerUnreadable(texts.IMP_FILE_XLS)
    if suffix != ".xlsx" or data[:4] != b"PK\x03\x04":
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
                raise LedgerUnreadable(texts.IMP_FILE_XLSM)
            check_zip_members(infos, ZIP_LIMITS)
            strings = _shared_strings_part(archive)
            if strings is None:
                return SharedStrings()
            with archive.open(strings) as part:
                return _check_shared_strings(part)
    except FileRefused as refused:
        raise LedgerUnreadable(refused.message) from None
    except (zipfile.BadZipFile, KeyError, SyntaxError, OSError, EOFError, ValueError):
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX) from None  # SyntaxError: bad XML


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """The shared-string table's part, found the way openpyxl finds it: by its content type."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.functions import fromstring

    try:
        manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
    except KeyError:
        return None
    found = manifest.find(SHARED_STRINGS_TYPE)
    return found.PartName.lstrip("/") if found is not None else None


def _check_shared_strings(part: IO[bytes]) -> SharedStrings:
    """Count the table's strings and characters as it streams past, one string held at a time;
    each string's size in bytes as a copy would hold it (STRING_BYTES more than its UTF-8)."""
    count = chars = size = 0
    escaped = False
    sizes = array("I")  # 4 bytes a string, not a Python int each
    root = None
    for event, element in iterparse(part, events=("start", "end")):
        if event == "start":
            root = element if root is None else root
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "t":
            chars += len(element.text or "")
            size += len((element.text or "").encode())
            escaped = escaped or bool(EXCEL_ESCAPE.search(element.text or ""))
            if chars > MAX_TEXT_CHARS:
                raise LedgerUnreadable(
                    texts.IMP_TOO_MANY_CHARACTERS.format(max=MAX_TEXT_CHARS // 10_000)
                )
        elif tag == "si":
            count += 1
            sizes.append(size + STRING_BYTES)
            size = 0
            if count > MAX_SHARED_STRINGS:
                raise LedgerUnreadable(texts.IMP_TOO_MANY_STRINGS.format(max=MAX_SHARED_STRINGS))
            if root is not None:
                root.clear()  # the strings read so far: counted, no longer needed
    return SharedStrings(sizes, escaped)
