"""领导接访下访情况登记表 (db.receptions.counts.monthly_report) as a printable A4 landscape
workbook: title, unit and month, a row per leader and kind with the total, the definition
beneath, then the month's held receptions one per row (no visitor's name or phone). Audited."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import NotAllowed, Permission, require
from db.enums import AuditAction, ReceptionStatus
from db.io.exports.common import BOX, CENTER, WRAP, formulas_as_text
from db.models import Unit
from db.receptions.counts import MonthlyReport, ReceptionCount
from db.receptions.reading import list_receptions

WIDTHS = (20, 12, 12, 12, 12, 12, 12)
LIST_WIDTHS = (12, 10, 18, 16, 24, 10, 10, 10)


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _values(row: ReceptionCount, label: str) -> list[object]:
    kind = texts.label(row.kind) if row.kind else ""
    return [label, kind, row.receptions, row.visitors, row.cases, row.opened, row.moved]


def _head(sheet: Worksheet, report: MonthlyReport, columns: int) -> None:
    sheet.append([texts.RC_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.append([texts.RC_UNIT.format(unit=report.unit)])
    sheet.append([texts.RC_MONTH.format(year=report.year, month=report.month)])


def _table(sheet: Worksheet, header: int, widths: tuple[int, ...]) -> None:
    for line in sheet.iter_rows(min_row=header, max_row=sheet.max_row):
        for cell in line:
            cell.border = BOX
            cell.alignment = WRAP
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.alignment = CENTER
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header}:{header}"
    formulas_as_text(sheet)


def _counts_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = texts.RC_SHEET
    _head(sheet, report, len(WIDTHS))
    sheet.append(list(texts.RC_COLUMNS))
    header = sheet.max_row
    for row in report.rows:
        sheet.append(_values(row, row.leader))
    sheet.append(_values(report.total, texts.RC_TOTAL))
    _table(sheet, header, WIDTHS)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append([texts.RC_DEFINITION])


def _list_sheet(session: Session, actor: Actor, sheet: Worksheet, report: MonthlyReport) -> None:
    _head(sheet, report, len(LIST_WIDTHS))
    sheet.append(list(texts.RC_LIST_COLUMNS))
    header = sheet.max_row
    rows = list_receptions(
        session,
        actor,
        start=report.start,
        end=report.end,
        status=ReceptionStatus.DONE,
        unit_id=report.unit_id,
    )
    for row in reversed(rows):  # oldest first, as a register is kept
        sheet.append(
            [
                row.held_on,
                texts.label(row.kind),
                row.leader,
                row.unit,
                row.place,
                row.visitors,
                row.cases,
                row.opened,
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
    _table(sheet, header, LIST_WIDTHS)


def reception_report_xlsx(session: Session, *, actor: Actor, report: MonthlyReport) -> bytes:
    """The workbook; the export is audited (a refusal too, once the session's transaction,
    begun by reading the unit's name, has ended)."""
    unit = session.get(Unit, report.unit_id)
    try:
        require(actor.role, Permission.READ_RECEPTIONS)
        require(actor.role, Permission.EXPORT)
    except NotAllowed:
        audit.record_refusal(
            session, actor=actor, action=AuditAction.DENIED, target="reception_report"
        )
        raise
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    _counts_sheet(sheet, report)
    _list_sheet(session, actor, book.create_sheet(texts.RC_SHEET_LIST), report)
    buffer = io.BytesIO()
    book.save(buffer)
    name = unit.name if unit else report.unit
    detail = texts.RC_AUDIT.format(unit=name, year=report.year, month=report.month)
    audit.record_export(session, actor=actor, target="reception_report", detail=detail)
    session.commit()
    return buffer.getvalue()
