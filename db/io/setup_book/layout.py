"""The set-up workbook's layout: two sheets (单位, 账号) with the header in row 1, and a sheet 说明
that lists what each column may hold. The words a cell may hold (a unit kind, a role, 是/否) are
read here; the same layout is written for the template, the export and the one-time passwords."""

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from db import texts
from db.enums import Role, UnitKind
from db.io.exports.common import formulas_as_text

UNIT_KEYS = tuple(texts.SB_UNIT_HEADERS)
ACCOUNT_KEYS = tuple(texts.SB_ACCOUNT_HEADERS)
REQUIRED_UNIT_KEYS = ("name", "kind", "code", "parent")
REQUIRED_ACCOUNT_KEYS = ("username", "display_name", "role", "unit")

# The words for a kind: its label (县, 镇/街道, 村, 社区, 部门), its code, and what people write.
KIND_WORDS: dict[str, UnitKind] = {
    **{texts.label(k): k for k in UnitKind},
    **{k.value: k for k in UnitKind},
    "镇": UnitKind.TOWN,
    "街道": UnitKind.TOWN,
    "镇(街道)": UnitKind.TOWN,
    "乡": UnitKind.TOWN,
    "乡镇": UnitKind.TOWN,
    "行政村": UnitKind.VILLAGE,
    "居委会": UnitKind.COMMUNITY,
    "村委会": UnitKind.VILLAGE,
}
ROLE_WORDS: dict[str, Role] = {
    **{texts.label(r): r for r in Role},
    **{r.value: r for r in Role},
}
YES_WORDS = {texts.SB_YES, "Y", "YES", "TRUE", "1", "√", "须报", "需要"}
NO_WORDS = {texts.SB_NO, "N", "NO", "FALSE", "0", "×", "不报", "不需要"}


def header_key(text: object) -> str:
    """A header as compared: no blanks, full-width parentheses folded, "(可选)" dropped."""
    value = "".join(str(text or "").split()).replace("（", "(").replace("）", ")")
    return value.removesuffix("(可选)")


UNIT_HEADER_KEYS = {header_key(h): k for k, h in texts.SB_UNIT_HEADERS.items()}
ACCOUNT_HEADER_KEYS = {header_key(h): k for k, h in texts.SB_ACCOUNT_HEADERS.items()}


def word_key(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")").upper()


def kind_of(text: str) -> UnitKind | None:
    return {word_key(w): k for w, k in KIND_WORDS.items()}.get(word_key(text))


def role_of(text: str) -> Role | None:
    return {word_key(w): r for w, r in ROLE_WORDS.items()}.get(word_key(text))


def yes_no(text: str) -> bool | None:
    """True for 是, False for 否 (and their usual spellings), None for anything else."""
    key = word_key(text)
    if key in {word_key(w) for w in YES_WORDS}:
        return True
    if key in {word_key(w) for w in NO_WORDS}:
        return False
    return None


def kinds_allowed() -> str:
    return "、".join(texts.label(k) for k in UnitKind)


def roles_allowed() -> str:
    return "、".join(texts.label(r) for r in Role)


def _sheet(book: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]):  # type: ignore[no-untyped-def]
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    formulas_as_text(sheet)
    for index, header in enumerate(headers):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = max(
            12, 2 * len(header) + 4
        )
    sheet.freeze_panes = "A2"
    return sheet


def write_book(
    units: Iterable[Sequence[object]] = (), accounts: Iterable[Sequence[object]] = ()
) -> bytes:
    """The set-up workbook: 单位 and 账号 with these rows (none: the template), and 说明."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, texts.SB_UNIT_SHEET, list(texts.SB_UNIT_HEADERS.values()), units)
    _sheet(book, texts.SB_ACCOUNT_SHEET, list(texts.SB_ACCOUNT_HEADERS.values()), accounts)
    notes = book.create_sheet(texts.SB_NOTE_SHEET)
    for line in texts.SB_NOTES:
        notes.append([line.format(kinds=kinds_allowed(), roles=roles_allowed())])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template() -> bytes:
    return write_book()


def password_book(rows: Iterable[Sequence[object]]) -> bytes:
    """The new accounts' one-time passwords as one sheet (the download offered once)."""
    book = Workbook()
    book.remove(book.active)
    sheet = _sheet(book, texts.SB_ACCOUNT_SHEET, list(texts.SB_PASSWORD_COLUMNS), rows)
    sheet.insert_rows(1)
    sheet["A1"] = texts.SB_PASSWORD_FILE_TITLE
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
