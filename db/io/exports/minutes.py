"""The weekly meeting's minutes (研判会议纪要) as one printable .xlsx sheet: the meeting's head
(unit, week, date held, attendees), then one boxed row per case discussed with the decision and
the four fixes given, or the refusal. Text a spreadsheet would run as a formula stays text. The
delivery (db.io.delivery) audits each download."""

import io

from openpyxl import Workbook

from db import texts
from db.io.exports.common import BOX, CENTER, DATE_FORMAT, WRAP, formulas_as_text
from db.reports.minutes import Minutes

WIDTHS = (18, 8, 36, 14, 16, 12, 12, 30)


def minutes_xlsx(minutes: Minutes) -> bytes:
    M = texts.MINUTES_COLS
    book = Workbook()
    sheet = book.active
    sheet.title = texts.MINUTES_TITLE
    sheet.append([texts.MINUTES_HEADER.format(unit=minutes.unit_name)])
    sheet.append([texts.MINUTES_WEEK.format(start=minutes.week_start, end=minutes.week_end)])
    sheet.append([texts.MINUTES_HELD.format(day=minutes.held_on)])
    sheet.append([texts.MINUTES_ATTENDEES.format(names=minutes.attendees)])
    head = ["number", "move", "decision", "lead_leader", "unit", "person", "deadline", "refusal"]
    sheet.append([M[k] for k in head])
    first = sheet.max_row
    for item in minutes.items:
        sheet.append(
            [
                item.number,
                texts.label(item.move) if item.assigned else texts.MINUTES_NOT_DONE,
                item.decision,
                item.lead_leader,
                item.unit,
                item.person,
                item.deadline,
                item.refusal,
            ]
        )
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row):
        for cell in row:
            cell.border, cell.alignment = BOX, CENTER if cell.row == first else WRAP
            if cell.column == 7:
                cell.number_format = DATE_FORMAT
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{first}:{first}"
    formulas_as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
