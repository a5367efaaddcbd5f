"""Reading one ledger cell as people type it: text with full-width characters folded, dates in
every usual spelling, counts, amounts, ID numbers that Excel mangled, several parties (or their
IDs, phones) in one cell. Words that stand for a category, risk, method or outcome are read by
db.io.imports.words.

Each parser returns the clean value or raises CellProblem with the reason in Chinese (db.texts).
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from db import texts
from db.core.errors import Invalid, Refused
from db.core.validation import (
    clean_id_number,
    clean_phone,
    mask_in_text,
)


class CellProblem(Refused):
    """A cell that cannot be imported as it stands; the message is for the user."""


def text_of(value: object) -> str:
    """A cell as text: full-width digits and blanks folded, integers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """Excel dates, Excel serial numbers, 2026-05-21, 2026/5/21, 2026.5.21, 2026年5月21日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        value = text_of(value)
    text = text_of(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise CellProblem(texts.IMP_IMPOSSIBLE_DATE) from None
    raise CellProblem(texts.IMP_BAD_DATE)


def parse_count(value: object) -> int:
    text = text_of(value).removesuffix("人").strip()
    if not text:
        return 0
    if not re.fullmatch(r"\d{1,6}", text):
        raise CellProblem(texts.V_NOT_INTEGER)
    return int(text)


def parse_amount_fen(value: object) -> int:
    """Yuan as typed (86000, 86,000, 8.6万, ¥1200.50元) → fen."""
    text = text_of(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    text = text.removesuffix("元").strip()
    factor = Decimal(1)
    if text.endswith("万"):
        text, factor = text[:-1].strip(), Decimal(10000)
    if not text:
        return 0
    try:
        amount = Decimal(text) * factor
    except InvalidOperation:
        raise CellProblem(texts.V_NOT_NUMBER) from None
    if amount < 0:
        raise CellProblem(texts.V_NEGATIVE)
    if amount > Decimal("10000000000"):
        raise CellProblem(texts.V_TOO_LARGE.format(max="10000000000"))
    return int((amount * 100).to_integral_value())


_SPLIT = re.compile(r"[、，,/／;；\r\n]+")


def split_cell(value: object) -> list[str]:
    """Several parties (or their IDs, phones) in one cell: 张三、李四 / 张三,李四 / 张三/李四, or
    one per line (as db.io.exports.ledger writes them, and Alt+Enter types them)."""
    return [part.strip() for part in _SPLIT.split(text_of(value)) if part.strip()]


def looks_damaged_by_excel(id_number: str) -> bool:
    """Excel keeps 15 significant digits, so a number stored as a number ends in 000. A valid
    number may end so too (about 1 in 1,100): the checksum decides, this only warns."""
    return id_number.endswith("000")


def parse_id_numbers(value: object, *, today: date) -> list[str]:
    """ID numbers of a cell, checked; Excel's damage (a number, or scientific notation, or 15
    significant digits followed by zeros that fail the checksum) is reported, never imported. A
    number ending in 000 whose checksum holds is a real number: kept (the reader warns)."""
    if value is None or value == "":
        return []
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblem(texts.IMP_ID_AS_NUMBER)
    found = []
    for part in split_cell(value):
        part = part.replace(" ", "").upper()
        if re.fullmatch(r"\d(\.\d+)?E\+?\d+", part):
            raise CellProblem(texts.IMP_ID_AS_NUMBER)
        try:
            found.append(clean_id_number(part, today=today))
        except Invalid as refused:
            damaged = re.fullmatch(r"\d{15}000", part)
            raise CellProblem(texts.IMP_ID_AS_NUMBER if damaged else refused.message) from None
    return found


def parse_phones(value: object) -> list[str]:
    if value is None or value == "":
        return []
    parts = [text_of(value)] if isinstance(value, int | float) else split_cell(value)
    found = []
    for part in parts:
        try:
            found.append(clean_phone(part))
        except Invalid as refused:
            raise CellProblem(refused.message) from None
    return found


def masked_example(value: object, limit: int = 30) -> str:
    """A cell shown as an example of a column not imported: ID numbers and phones in it masked,
    at most `limit` characters."""
    text = mask_in_text(text_of(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
