"""The weekly meeting's minutes (研判会议纪要) as a Word document built with python-docx, as the
built-in layouts are (db.io.documents.layout: A4, 宋体 set for East Asian text too): the title,
the meeting's head, and a table of the cases discussed with the decision and the four fixes
given, or the refusal. The user's text goes in as text (python-docx escapes it)."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from db import texts
from db.io.documents.layout import run_font
from db.reports.minutes import Minutes

HEAD = ("number", "move", "decision", "lead_leader", "unit", "person", "deadline", "refusal")


def minutes_docx(minutes: Minutes) -> bytes:
    M = texts.MINUTES_COLS
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)  # A4, landscape
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_font(title.add_run(texts.MINUTES_HEADER.format(unit=minutes.unit_name)), size=20, bold=True)
    for line in (
        texts.MINUTES_WEEK.format(start=minutes.week_start, end=minutes.week_end),
        texts.MINUTES_HELD.format(day=minutes.held_on),
        texts.MINUTES_ATTENDEES.format(names=minutes.attendees),
    ):
        run_font(document.add_paragraph().add_run(line), size=12)
    table = document.add_table(rows=1, cols=len(HEAD))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, HEAD, strict=True):
        run_font(cell.paragraphs[0].add_run(M[key]), size=11, bold=True)
    for item in minutes.items:
        values = (
            item.number,
            texts.label(item.move) if item.assigned else texts.MINUTES_NOT_DONE,
            item.decision,
            item.lead_leader,
            item.unit,
            item.person,
            item.deadline.isoformat() if item.deadline else "",
            item.refusal,
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            run_font(cell.paragraphs[0].add_run(value), size=10.5)
    if not minutes.items:
        run_font(document.add_paragraph().add_run(texts.WEEKLY_NONE), size=12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
