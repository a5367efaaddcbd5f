"""Importing an office's Excel ledger (台账), step 1: reading the workbook. The file is checked to
be an .xlsx this app can read, the header row is found under the title rows, its columns are
mapped to fields by name (the synonyms below, or the user's own mapping) and the rows that hold
something and are not totals are kept, cells as they are.

    ledger = read_ledger(path_or_bytes, filename="台账.xlsx")      # LedgerUnreadable if it can't

Step 2, the preview with every problem, is db.io.imports.preview; step 3, writing, db.io.imports.apply.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from db import texts
from db.core.errors import Refused
from db.io.imports.rows import text_of

MAX_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 3

# Field key → the names a ledger gives that column (the first is the sample's own).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "纠纷编号", "案件编号"),
    "found_on": ("排查日期", "登记时间", "受理日期", "登记日期", "受理时间", "排查时间"),
    "village": ("所属村（社区）", "村（社区）", "所属村", "村", "社区", "所属社区", "村居"),
    "category": ("纠纷类型", "纠纷类别", "类型", "类别"),
    "facts": ("纠纷简要情况", "简要情况", "纠纷情况", "基本情况", "主要内容"),
    "parties": ("当事人", "当事人姓名", "双方当事人"),
    "id_number": ("身份证号", "身份证号码", "当事人身份证号"),
    "phone": ("联系电话", "电话", "联系方式", "手机号"),
    "people_involved": ("涉及人数", "人数"),
    "amount": ("涉及金额（元）", "涉及金额", "金额（元）", "金额"),
    "risk": ("风险等级", "风险"),
    "lead_leader": ("包案领导",),
    "responsible_unit": ("责任单位",),
    "responsible_person": ("责任人",),
    "deadline": ("化解时限", "办结时限"),
    "method": ("化解方式", "调解方式"),
    "outcome": ("化解情况", "化解结果", "办理结果", "调处结果"),
    "finished_on": ("办结日期", "结案时间", "办结时间", "结案日期", "化解日期"),
    "follow_up": ("回访情况",),
    "notes": ("备注",),
}
REQUIRED_FIELDS = ("found_on", "category", "facts", "parties")


def header_key(text: object) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), no blanks, no '*'."""
    if text is None:
        return ""
    return re.sub(r"[\s*＊:：]", "", unicodedata.normalize("NFKC", str(text)))


SYNONYM_FIELD: dict[str, str] = {
    header_key(name): field for field, names in COLUMN_SYNONYMS.items() for name in names
}


class LedgerUnreadable(Refused):
    """The file is not a ledger this app can read; the message is for the user."""


def is_total_row(values: list[object]) -> bool:
    """合计 / 总计 / 小计 in one of the first cells that hold text."""
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

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED_FIELDS if f not in self.headers]


def sheet_names(data: bytes) -> list[str]:
    """The workbook's sheet names, or none when it cannot be read (for a sheet picker)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # any unreadable file simply offers no sheets
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _load_bytes(source: str | Path | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LedgerUnreadable(texts.IMP_FILE_TOO_BIG)
        return path.read_bytes()
    except OSError as error:
        raise LedgerUnreadable(texts.IMP_FILE_MISSING.format(error=error.strerror)) from None


def _check_container(data: bytes, filename: str) -> None:
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
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise LedgerUnreadable(texts.IMP_FILE_XLSM)


def read_ledger(
    source: str | Path | bytes,
    *,
    filename: str,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
) -> LedgerFile:
    """Read the first sheet (or `sheet`): find the header row under title rows, map its columns
    by name (synonyms; `mapping` = {column name in the file: field key, or None to ignore}),
    keep the rows that hold something and are not totals."""
    from openpyxl import load_workbook

    data = _load_bytes(source)
    _check_container(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise LedgerUnreadable(texts.IMP_NO_SHEET.format(sheet=sheet))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        all_rows = list(worksheet.iter_rows(values_only=True))
    finally:
        book.close()
    overrides = {header_key(k): v for k, v in (mapping or {}).items()}

    def field_of(cell: object) -> str | None:
        key = header_key(cell)
        if key in overrides:
            return overrides[key]
        return SYNONYM_FIELD.get(key)

    best, best_score = -1, 0
    for index, values in enumerate(all_rows[:HEADER_SEARCH_ROWS]):
        score = len({field_of(v) for v in values if field_of(v)})
        if score > best_score:
            best, best_score = index, score
    if best_score < MIN_HEADER_MATCHES:
        raise LedgerUnreadable(texts.IMP_NO_HEADER)
    headers: dict[str, str] = {}
    columns: dict[str, int] = {}
    unmapped: list[str] = []
    for column, value in enumerate(all_rows[best]):
        name = "" if value is None else str(value).strip()
        key = field_of(value)
        if key and key not in columns:
            columns[key], headers[key] = column, name
        elif name:
            unmapped.append(name)
    rows = []
    for index in range(best + 1, len(all_rows)):
        values = list(all_rows[index])
        cells = {key: values[c] if c < len(values) else None for key, c in columns.items()}
        if all(text_of(v) == "" for v in cells.values()) or is_total_row(values):
            continue
        rows.append(LedgerRow(number=index + 1, cells=cells))
    return LedgerFile(
        filename=filename,
        sheet=worksheet.title,
        sheets=list(book.sheetnames),
        header_row=best + 1,
        headers=headers,
        unmapped=unmapped,
        rows=rows,
    )
