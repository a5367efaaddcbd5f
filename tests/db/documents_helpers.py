"""Builders for the tests of the documents made from Word templates (db.io.documents): a
resolved case with parties carrying ID numbers and phones, the text of a .docx and of a PDF,
and templates an office (or an attacker) would upload."""

import io
import itertools
import re
import zipfile

from docx import Document
from pypdf import PdfReader
from sqlalchemy import Engine

from db.cases import moves
from db.core.actor import Actor
from db.io.documents.layout import builtin_template
from db.io.documents.render import docx_text
from tests.db.factories import RESOLUTION, act, person_id, plan, register_case, unit_id

APPLICANT_ID = person_id(11)
APPLICANT_PHONE = "13812345678"
RESPONDENT_ID = person_id(12)
_serial = itertools.count(1)


def resolved_case(engine: Engine, actors: dict[str, Actor], *, terms: str = "") -> int:
    """A 东河村 case between 欧阳明 and 司马青, assigned to the village mediator and resolved."""
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    village = unit_id(engine, "QSZ01")
    parties = [
        {"role": "applicant", "name": "欧阳明", "id_number": APPLICANT_ID,
         "phone": APPLICANT_PHONE, "address": "东河村三组"},
        {"role": "respondent", "name": "司马青", "id_number": RESPONDENT_ID},
    ]  # fmt: skip
    facts = f"两户因院墙越界发生争执（第 {next(_serial)} 起）"
    case_id = register_case(engine, mediator, village, parties=parties, facts=facts).id
    act(engine, moves.assign, actor=coordinator, case_id=case_id, plan=plan(village, mediator.id))
    act(engine, moves.start, actor=mediator, case_id=case_id)
    resolution = RESOLUTION.model_copy(update={"summary": terms or RESOLUTION.summary})
    act(engine, moves.resolve, actor=mediator, case_id=case_id, resolution=resolution)
    return case_id


def flat(text: str) -> str:
    """Text without any whitespace. A PDF's text layer spaces its characters, and pypdf reads
    the two-byte codes of fpdf2's CFF (OpenType) font as a NUL and the character: the
    characters themselves come from the font's ToUnicode map."""
    return re.sub(r"[\s\x00]+", "", text)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return flat("".join(page.extract_text() or "" for page in reader.pages))


def docx_flat(data: bytes) -> str:
    return flat(docx_text(data))


def office_template(*paragraphs: str) -> bytes:
    """A Word document of these paragraphs (each one run): an office's own layout."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(name: str, data: bytes = b"", *, zeros_mb: int = 0) -> bytes:
    """The built-in agreement template with one more part: `data`, or `zeros_mb` MB of zeros
    (streamed, a zip bomb's part)."""
    buffer = io.BytesIO(builtin_template("agreement"))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        if zeros_mb:
            with archive.open(name, "w", force_zip64=True) as part:
                for _ in range(zeros_mb):
                    part.write(bytes(1024 * 1024))
        else:
            archive.writestr(name, data)
    return buffer.getvalue()
