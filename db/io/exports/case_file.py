"""The case file (卷宗) of one case for 立卷归档, as one ZIP archive:

    00-目录.xlsx                   what the archive holds, one line a file
    01-登记表及结案备案表.xlsx      the two printable forms (db.io.exports.forms)
    02-处置记录.xlsx                the timeline: every event, oldest first
    03-附件/NN-<类别>-<name>        the documents attached and not withdrawn

For those who may print the case's forms (db.cases.documents.printable_case); ID numbers and
phones masked (in the forms and in the records' text) unless revealed with a reason; audited
(the export here, the download in db.io.delivery). No Streamlit here.
"""

import io
import json
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, col, select

from db import texts
from db.cases.documents import DocumentRefused, DocumentRow, case_documents, printable_case
from db.clock import format_local
from db.core import audit
from db.core.actor import Actor
from db.core.settings import data_dir
from db.core.validation import mask_in_text
from db.io.exports.common import checked_reveal_reason, formulas_as_text
from db.io.exports.forms import forms_workbook
from db.models import CaseDocument, CaseEvent, User

ZIP_MIME = "application/zip"


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _detail(raw: str, *, reveal: bool) -> str:
    """An event's detail as text: "key：value" by texts.DETAIL_KEYS, masked unless revealed."""
    try:
        data = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        data = raw
    if isinstance(data, dict):
        text = "；".join(
            f"{texts.DETAIL_KEYS.get(k, k)}：{(texts.YES if v else texts.NO) if isinstance(v, bool) else v}"
            for k, v in data.items()
        )
    else:
        text = str(data)
    return text if reveal else mask_in_text(text)


def _workbook(title: str, head: tuple[str, ...], rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(head))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    formulas_as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def records_workbook(session: Session, case_id: int, *, reveal: bool) -> bytes:
    events = session.exec(
        select(CaseEvent, User.display_name)
        .join(User, col(User.id) == CaseEvent.actor_id, isouter=True)
        .where(CaseEvent.case_id == case_id)
        .order_by(col(CaseEvent.at), col(CaseEvent.id))
    ).all()
    rows: list[list[object]] = []
    for event, who in events:
        moved = ""
        if event.stage_to is not None:
            before = texts.label(event.stage_from) + " → " if event.stage_from else ""
            moved = before + texts.label(event.stage_to)
        rows.append(
            [
                format_local(event.at),
                texts.label(event.kind),
                moved,
                who or "",
                _detail(event.detail, reveal=reveal),
            ]
        )
    return _workbook(texts.CASE_FILE_RECORDS_SHEET, texts.CASE_FILE_RECORDS_HEAD, rows)


def _archive_name(index: int, document: DocumentRow) -> str:
    return f"{texts.CASE_FILE_DOCS_FOLDER}/{index:02d}-{texts.label(document.kind)}-{document.file_name}"


def case_file_zip(
    session: Session, *, actor: Actor, case_id: int, reveal_reason: str | None = None
) -> bytes:
    """The case file as a ZIP (see the module's docstring); audited, committed."""
    reason = checked_reveal_reason(actor, reveal_reason)
    case = printable_case(session, actor, case_id)
    reveal = bool(reason)
    documents = case_documents(session, actor=actor, case_id=case_id, include_withdrawn=False)
    forms = forms_workbook(session, case, reveal=reveal)
    records = records_workbook(session, case_id, reveal=reveal)
    index: list[list[object]] = [
        [1, texts.CASE_FILE_FORMS, texts.CASE_FILE_FORMS_KIND, "", "", "", _size(len(forms))],
        [2, texts.CASE_FILE_RECORDS, texts.CASE_FILE_RECORDS_KIND, "", "", "", _size(len(records))],
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(texts.CASE_FILE_FORMS, forms)
        archive.writestr(texts.CASE_FILE_RECORDS, records)
        for number, document in enumerate(documents, start=1):
            stored = session.get(CaseDocument, document.id)
            assert stored is not None
            name = _archive_name(number, document)
            try:
                archive.writestr(name, (data_dir() / stored.path).read_bytes())
            except OSError:
                raise DocumentRefused(texts.DOC_E_MISSING) from None
            index.append(
                [
                    len(index) + 1,
                    name,
                    texts.label(document.kind),
                    document.note,
                    document.uploaded_by,
                    format_local(document.uploaded_at),
                    _size(document.size),
                ]
            )
        archive.writestr(
            texts.CASE_FILE_INDEX,
            _workbook(texts.CASE_FILE_INDEX_SHEET, texts.CASE_FILE_INDEX_HEAD, index),
        )
    target = f"case:{case_id}"
    audit.record_export(
        session,
        actor=actor,
        case_id=case_id,
        target=target,
        detail=texts.CASE_FILE_AUDIT.format(count=len(documents)),
        reveal_reason=reason,
    )
    session.commit()
    return buffer.getvalue()
