"""The supervision bulletin (db.supervision.bulletin) as a printable workbook."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.enums import AuditAction
from db.io.exports.common import formulas_as_text
from db.supervision.bulletin import Bulletin


def bulletin_xlsx(session: Session, *, actor: Actor, report: Bulletin) -> bytes:
    """The bulletin as a printable workbook (one sheet); the export is audited."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = texts.SUP_BULLETIN_SHEET
    sheet.append([texts.SUP_BULLETIN_TITLE.format(start=report.start, end=report.end)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append([texts.SUP_BULLETIN_RANKING])
    sheet.append(list(texts.SUP_RANKING_COLUMNS))
    for u in report.ranking:
        sheet.append(
            [u.rank, u.unit_name, u.inspections, round(u.score * 100, 1), texts.label(u.conclusion)]
        )
    sheet.append([])
    sheet.append([texts.SUP_PRAISED, "、".join(report.praised) or texts.SUP_NONE])
    sheet.append([texts.SUP_CRITICISED, "、".join(report.criticised) or texts.SUP_NONE])
    sheet.append([])
    sheet.append(
        [texts.SUP_BULLETIN_RECTS.format(count=len(report.rectifications), overdue=report.overdue)]
    )
    sheet.append(list(texts.SUP_RECT_COLUMNS))
    for r in report.rectifications:
        sheet.append(
            [
                r.unit_name,
                r.requirement,
                r.deadline,
                texts.label(r.status),
                texts.YES if r.overdue else "",
            ]
        )
        sheet.cell(row=sheet.max_row, column=3).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDE", (10, 40, 12, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    formulas_as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.EXPORT,
        target="bulletin",
        detail=texts.SUP_AUDIT_BULLETIN.format(start=report.start, end=report.end),
    )
    session.commit()
    return buffer.getvalue()
