"""人民调解统计表 (db.figures.mediation_return) as a printable A4 workbook; the export is audited."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.figures.mediation_return import MediationReturn, ReturnRow
from db.io.exports.common import BOX, CENTER, require_export, unit_names, yuan

AMOUNT_FORMAT = "#,##0.00"
WIDTHS = (18, 12, 12, 12, 12, 12, 14, 16)


def _values(label: str, row: ReturnRow) -> list[object]:
    return [
        label,
        row.mediated,
        row.succeeded,
        row.written,
        row.oral,
        row.court_confirmed,
        row.people,
        yuan(row.amount_fen),
    ]


def mediation_return_xlsx(session: Session, *, actor: Actor, report: MediationReturn) -> bytes:
    """The return in the statistics' layout: title, unit and period, a row per official
    category and the total, the definition beneath; A4 portrait on one page wide."""
    require_export(session, actor, "mediation_return")
    unit = unit_names(session, [report.root.id]).get(report.root.id, "")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = texts.MR_SHEET
    sheet.append([texts.MR_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(WIDTHS))
    sheet["A1"].alignment = CENTER
    sheet.append([texts.MR_UNIT.format(unit=unit)])
    sheet.append([texts.MR_PERIOD.format(start=report.start, end=report.end)])
    sheet.append(list(texts.MR_COLUMNS))
    header = sheet.max_row
    for row in report.rows:
        assert row.category is not None
        sheet.append(_values(texts.MR_OFFICIAL_NAMES[row.category], row))
    sheet.append(_values(texts.MR_TOTAL, report.total))
    for line in sheet.iter_rows(min_row=header, max_row=sheet.max_row):
        for cell in line:
            cell.border = BOX
        line[-1].number_format = AMOUNT_FORMAT
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.alignment = CENTER
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append([texts.MR_DEFINITION])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header}:{header}"
    buffer = io.BytesIO()
    book.save(buffer)
    detail = texts.MR_AUDIT.format(unit=unit, start=report.start, end=report.end)
    audit.record_export(session, actor=actor, target="mediation_return", detail=detail)
    session.commit()
    return buffer.getvalue()
