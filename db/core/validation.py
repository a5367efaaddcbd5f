"""Checks of what comes from outside: the identifiers the offices write down (ID numbers by GB
11643, phone numbers), free text (control and bidirectional characters) and record ids in URLs.
A check that fails raises Invalid (db.core.errors): under its field inside a form model, a
refusal like any other outside one."""

import re
import unicodedata
from datetime import date

from pydantic import BaseModel, field_validator

from db import texts
from db.core.errors import Invalid

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})-?(\d{7,8})(-\d{1,6})?")


def normalise(text: str) -> str:
    """Full-width digits and letters to ASCII, surrounding blanks removed."""
    return unicodedata.normalize("NFKC", text).strip()


def id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def clean_id_number(raw: str, *, today: date) -> str:
    """Return the 18-character resident ID number in canonical form, or raise Invalid with the
    reason in Chinese. Lower-case x and full-width characters are accepted."""
    value = normalise(raw).replace(" ", "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise Invalid(texts.V_ID_FORMAT)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise Invalid(texts.V_ID_BIRTH) from None
    if born > today or born.year < 1890:
        raise Invalid(texts.V_ID_BIRTH)
    if id_check_char(value[:17]) != value[17]:
        raise Invalid(texts.V_ID_CHECKSUM)
    return value


def clean_phone(raw: str) -> str:
    """A mainland mobile (11 digits) or a landline with its area code, in one canonical form
    however it was typed: 13812345678, 0311-12345678, 010-12345678-123 (extension)."""
    value = re.sub(r"[\s()（）]", "", normalise(raw))
    value = re.sub(r"^(\+86|0086)-?", "", value)
    if _MOBILE.fullmatch(value.replace("-", "")):
        return value.replace("-", "")
    match = _LANDLINE.fullmatch(value)
    if match is None:
        raise Invalid(texts.V_PHONE)
    digits = value[: match.start(3)] if match.group(3) else value
    digits = digits.replace("-", "")
    # Beijing (010) and the 02x cities have three-digit area codes, every other city four.
    area_length = 3 if digits[1] in "12" else 4
    area, number = digits[:area_length], digits[area_length:]
    if not 7 <= len(number) <= 8:
        raise Invalid(texts.V_PHONE)
    return f"{area}-{number}{match.group(3) or ''}"


def mask_id_number(value: str | None) -> str:
    """130***********123X: the region's first three and the last four stay visible."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


_ID_LIKE = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?!\d)")
_PHONE_LIKE = re.compile(r"(?<!\d)(1\d{10}|0\d{2,3}-?\d{7,8})(?!\d)")


def mask_in_text(text: str) -> str:
    """Free text (a cell, a search term) with every ID number and phone number in it masked."""
    text = _ID_LIKE.sub(lambda m: mask_id_number(m.group(1).upper()), text)
    return _PHONE_LIKE.sub(lambda m: mask_phone(m.group(1)), text)


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile; a landline keeps its area code and last four."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    head = value.split("-")[0] + "-" if "-" in value else value[:3]
    return head + "*" * max(len(value) - len(head) - 4, 0) + value[-4:]


# Free text and record ids from outside ------------------------------------------------------
# Control characters (C0 except tab, line feed and carriage return; DEL; C1) are refused with a
# message: PostgreSQL cannot store NUL in text at all, and none of them belongs in a record.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embedding, override and isolate controls are removed: invisible, they make text
# show in another order than it is stored ("\u202e" turns what follows around). Zero-width
# joiners and variation selectors stay: emoji sequences need them.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER; a larger id names no record
# Dates typed or imported: none before 1990 (no office ledger goes back further: year 1 or 1900
# is a slip of the keyboard or of Excel) and no deadline more than a year ahead.
EARLIEST_DATE = date(1990, 1, 1)
MAX_DEADLINE_DAYS = 366
MAX_REASON = 200  # a reason for showing personal data (the forms' max_chars)


def clean_text(value: str) -> str:
    """Free text as it is stored: Invalid (Chinese) on a control character, bidirectional
    controls removed, everything else (emoji, rare CJK, markup) kept exactly."""
    if _CONTROL.search(value):
        raise Invalid(texts.V_CONTROL_CHAR)
    return _BIDI.sub("", value)


def short_text(value: str, *, limit: int) -> str:
    """A note or reason given outside a form model: stripped, cleaned, at most `limit`
    characters; Invalid (Chinese) otherwise."""
    value = clean_text(value.strip())
    if len(value) > limit:
        raise Invalid(texts.V_TOO_LONG.format(max=limit))
    return value


def max_chars(model: type[BaseModel], field: str) -> int:
    """The longest text `model` accepts in `field` (its max_length): a form's widget allows
    exactly this many characters, so the browser and db/ never disagree about a limit."""
    for rule in model.model_fields[field].metadata:  # pydantic's MaxLen, among others
        if isinstance(limit := getattr(rule, "max_length", None), int):
            return limit
    raise LookupError(f"{model.__name__}.{field} has no max_length")


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))


def plain_search(value: str) -> str:
    """A search term with control and bidirectional characters dropped (nothing is stored)."""
    return _BIDI.sub("", _CONTROL.sub("", value))


def parse_row_id(raw: str) -> int | None:
    """A record id from a URL (?id=): ASCII digits naming a possible row, else None."""
    if not re.fullmatch(r"[0-9]{1,10}", raw or ""):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ROW_ID else None


class CleanTextModel(BaseModel):
    """Base of the models that forms submit: every text field passes clean_text first."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value


def check_past_date(value: date, *, today: date) -> date:
    """A date something happened on (found, visited): from EARLIEST_DATE up to today."""
    if value > today:
        raise Invalid(texts.V_FUTURE_DATE)
    if value < EARLIEST_DATE:
        raise Invalid(texts.V_DATE_TOO_EARLY.format(earliest=EARLIEST_DATE.isoformat()))
    return value


def check_deadline_reach(value: date, *, today: date) -> date:
    """A deadline at most MAX_DEADLINE_DAYS ahead (the past is refused by the moves' guard)."""
    if (value - today).days > MAX_DEADLINE_DAYS:
        raise Invalid(texts.V_DEADLINE_TOO_FAR.format(days=MAX_DEADLINE_DAYS))
    return value
