"""Filling a Word template and drawing the PDF, with the user's text always as text.

Templates are Jinja (docxtpl on python-docx) and an uploaded one is not trusted: it runs in
Jinja's sandbox (no attribute of Python's internals is reachable, ranges are bounded), with
StrictUndefined (a field the context lacks is an error, never a silent blank), and with
autoescape, so that a value such as "<w:p>" stays those characters in the document instead of
becoming Word markup. A value is never read as a template itself: "{{ 7*7 }}" typed into a field
appears as typed. Line breaks in a value become line breaks in Word (docxtpl's listing pass).
"""

import io
from collections.abc import Mapping
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

Context = Mapping[str, Any]


def sandbox(*, autoescape: bool) -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=autoescape, undefined=StrictUndefined)


def render_docx(template: bytes, context: Context) -> bytes:
    """The template filled with `context` (raises Jinja's errors; the caller knows the template
    was checked, or checks it: db.io.documents.templates)."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(dict(context), jinja_env=sandbox(autoescape=True))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """Every paragraph's text of a .docx, tables included, one per line (tests, checks)."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
