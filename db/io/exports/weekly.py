"""The weekly analysis pack as one printable .xlsx: an explanation sheet, then one sheet per
section. Text that a spreadsheet would run as a formula stays text. Every download is audited."""

import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from db import texts
from db.cases.board import Card
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.enums import AuditAction
from db.io.exports.common import formulas_as_text
from db.reports.weekly import Rise, WeeklyPack

CARD_SECTIONS = (
    "urgent",
    "new_cases",
    "new_high_risk",
    "became_overdue",
    "flagged",
    "waiting_follow_up",
    "still_unassigned",
    "long_overdue",
    "reported_up",
)
RISE_SECTIONS = ("category_rises", "village_rises")


def _put(sheet: Worksheet, values: list[object]) -> None:
    sheet.append(values)


def _card_row(card: Card) -> list[object]:
    return [
        card.number,
        card.title,
        texts.label(card.category),
        card.village,
        texts.label(card.risk),
        texts.label(card.stage),
        card.deadline,
        card.responsible,
        texts.YES if card.flagged else "",
    ]


def _printable(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def weekly_xlsx(session: Session, *, actor: Actor, pack: WeeklyPack) -> bytes:
    require(actor.role, Permission.WEEKLY_PACK)
    C, S = texts.WEEKLY_COLS, texts.WEEKLY_SECTIONS
    book = Workbook()
    info = book.active
    info.title = texts.WEEKLY_SHEET_INFO
    title = texts.WEEKLY_HEADER.format(scope=pack.scope_name, start=pack.start, end=pack.end)
    for line in (title, texts.WEEKLY_DEF):
        _put(info, [line])
    for name in CARD_SECTIONS:
        sheet = book.create_sheet(S[name][:31])
        head = ["number", "title", "category", "village", "risk", "stage", "deadline"]
        _put(sheet, [C[k] for k in (*head, "responsible", "flagged")])
        for card in getattr(pack, name):
            _put(sheet, _card_row(card))
        _printable(sheet)
    sheet = book.create_sheet(S["missing_reports"][:31])
    _put(sheet, [C["unit"], C["missing"]])
    for unit in pack.missing_reports:
        _put(sheet, [unit.unit_name, unit.missing])
    _printable(sheet)
    for name in RISE_SECTIONS:
        sheet = book.create_sheet(S[name][:31])
        _put(sheet, [C["name"], C["this_week"], C["last_week"], C["rise"]])
        rise: Rise
        for rise in getattr(pack, name):
            _put(sheet, [rise.name, rise.this_week, rise.last_week, rise.rise])
        _printable(sheet)
    for sheet in book.worksheets:
        formulas_as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.EXPORT,
        target="weekly",
        detail=texts.WEEKLY_AUDIT.format(start=pack.start, end=pack.end, scope=pack.scope_name),
    )
    session.commit()
    return buffer.getvalue()
