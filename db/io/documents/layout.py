"""The built-in standard layouts, written once as lines with {{ placeholders }}: the Word
template is made from them (python-docx, a real .docx that an office may download, change and
upload back) and the PDF is drawn from them (db.io.documents.pdf). What each placeholder holds
is db.io.documents.fields."""

import io
from functools import cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from db import texts

AGREEMENT = "agreement"
RECORD = "record"
KINDS = (AGREEMENT, RECORD)

# (style, text): title, right (aligned right), heading (bold), body, party (one line per party,
# the party as `p`), sign (signature lines).
Line = tuple[str, str]
H = texts.DOC_HEADINGS

AGREEMENT_LINES: tuple[Line, ...] = (
    ("title", texts.DOC_AGREEMENT_TITLE),
    ("right", texts.DOC_NUMBER_LINE.format(number="{{ case_number }}")),
    ("heading", H["parties"]),
    (
        "party",
        texts.DOC_PARTY_LINE.format(
            role="{{ p.role }}",
            name="{{ p.name }}",
            id_number="{{ p.id_number }}",
            phone="{{ p.phone }}",
            address="{{ p.address }}",
        ),
    ),
    ("heading", H["facts"]),
    ("body", "{{ facts }}"),
    ("heading", H["terms"]),
    ("body", "{{ terms }}"),
    ("heading", H["performance"]),
    (
        "body",
        texts.DOC_PERFORMANCE.format(
            method="{{ performance_method }}", deadline="{{ performance_deadline }}"
        ),
    ),
    ("body", H["closing"].format(copies="{{ copies }}")),
    ("sign", H["signatures"]),
    ("sign", H["mediator"].format(mediator="{{ mediator }}")),
    ("right", H["committee"].format(committee="{{ committee }}")),
    ("right", H["date"].format(date="{{ agreement_date }}")),
)

RECORD_LINES: tuple[Line, ...] = (
    ("title", texts.DOC_RECORD_TITLE),
    ("body", H["record_case"].format(number="{{ case_number }}", committee="{{ committee }}")),
    (
        "body",
        H["record_head"].format(
            time="{{ record_time }}", place="{{ place }}", kind="{{ record_kind }}"
        ),
    ),
    ("heading", H["participants"]),
    ("body", "{{ participants }}"),
    ("heading", H["content"]),
    ("body", "{{ content }}"),
    ("heading", H["next_step"]),
    ("body", "{{ next_step }}"),
    ("sign", H["record_sign"]),
    ("sign", H["recorder"].format(recorder="{{ recorder }}")),
)

LINES = {AGREEMENT: AGREEMENT_LINES, RECORD: RECORD_LINES}
FONT = "宋体"


def run_font(run, *, size: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


@cache
def builtin_template(kind: str) -> bytes:
    """The built-in layout of `kind` as a Word template (.docx with {{ }} placeholders; the
    parties' line repeated by docxtpl's paragraph loop)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    for style, text in LINES[kind]:
        if style == "party":
            document.add_paragraph("{%p for p in parties %}")
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)  # one run: no placeholder split across runs
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run_font(run, size=22, bold=True)
        elif style == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run_font(run, size=12)
        elif style == "heading":
            run_font(run, size=13, bold=True)
        else:
            run_font(run, size=12)
            if style == "sign":
                paragraph.paragraph_format.space_before = Pt(18)
        if style == "party":
            document.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
