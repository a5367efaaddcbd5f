"""The PDF of a document: the built-in layout (db.io.documents.layout) drawn on A4 by fpdf2,
with the Chinese in Noto Sans CJK embedded as a subset, so that it prints anywhere and its text
layer is Chinese (copyable, searchable), not boxes. The font comes from the pip package
cvttf-notosanscjk-regular (requirements.txt): nothing is fetched from outside the registries.
An office's own Word layout shapes the .docx; the PDF keeps the standard layout (drawing an
arbitrary Word file as PDF would need a word processor on the server)."""

import logging
from functools import cache
from pathlib import Path

from fpdf import FPDF

from db.io.documents.layout import LINES, Line
from db.io.documents.render import Context, sandbox

FONT = "notosanscjk"
MARGIN_MM = 20
LINE_MM = 7


@cache
def font_path() -> Path:
    import cvttf_NotoSansCJK_Regular

    found = sorted(Path(cvttf_NotoSansCJK_Regular.__file__).parent.glob("NotoSansCJK*.otf"))
    if not found:
        raise FileNotFoundError("Noto Sans CJK (cvttf-notosanscjk-regular) is not installed")
    return found[0]


def _lines(lines: tuple[Line, ...], context: Context) -> list[tuple[str, str]]:
    """Each line of the layout filled in (plain text: no escaping, nothing of a value is read
    as a template); the party line once for each party."""
    env = sandbox(autoescape=False)
    filled = []
    for style, text in lines:
        template = env.from_string(text)
        if style == "party":
            filled += [(style, template.render({**context, "p": p})) for p in context["parties"]]
        else:
            filled.append((style, template.render(context)))
    return filled


def render_pdf(kind: str, context: Context, *, title: str) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.add_font(FONT, fname=str(font_path()))
    pdf.set_title(title)
    pdf.set_creator("Dispute Desk")
    pdf.add_page()
    # fpdf2 warns (through logging) of characters the font lacks, e.g. emoji: they are left out.
    logging.getLogger("fpdf.output").setLevel(logging.ERROR)
    for style, text in _lines(LINES[kind], context):
        if style == "title":
            pdf.set_font(FONT, size=20)
            pdf.cell(0, 14, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            continue
        pdf.set_font(FONT, size=13 if style == "heading" else 11)
        if style in ("heading", "sign"):
            pdf.ln(4 if style == "heading" else 8)
        align = "R" if style == "right" else "L"
        pdf.multi_cell(0, LINE_MM, text, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
