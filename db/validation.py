"""Checks of the identifiers the offices write down: ID numbers (GB 11643) and phone numbers."""

import re
import unicodedata
from datetime import date

from db import texts

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
    """Return the 18-character resident ID number in canonical form, or raise ValueError with
    the reason in Chinese. Lower-case x and full-width characters are accepted."""
    value = normalise(raw).replace(" ", "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValueError(texts.V_ID_FORMAT)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError(texts.V_ID_BIRTH) from None
    if born > today or born.year < 1890:
        raise ValueError(texts.V_ID_BIRTH)
    if id_check_char(value[:17]) != value[17]:
        raise ValueError(texts.V_ID_CHECKSUM)
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
        raise ValueError(texts.V_PHONE)
    digits = value[: match.start(3)] if match.group(3) else value
    digits = digits.replace("-", "")
    # Beijing (010) and the 02x cities have three-digit area codes, every other city four.
    area_length = 3 if digits[1] in "12" else 4
    area, number = digits[:area_length], digits[area_length:]
    if not 7 <= len(number) <= 8:
        raise ValueError(texts.V_PHONE)
    return f"{area}-{number}{match.group(3) or ''}"


def mask_id_number(value: str | None) -> str:
    """130***********123X: the region's first three and the last four stay visible."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile; a landline keeps its area code and last four."""
    if not value:
        return ""
    digits = value.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    head = value.split("-")[0] + "-" if "-" in value else value[:3]
    return head + "*" * max(len(value) - len(head) - 4, 0) + value[-4:]
