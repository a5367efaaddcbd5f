"""The case page's documents (附件): the list with a link to open each (for this session only,
components.delivery; the reader's scope is checked when the browser fetches it, and the opening
is audited), the upload form and the withdrawal form for the case's handlers, and the reason
field of the close form when the signed agreement is missing. Rules: db.cases.documents."""

import streamlit as st

from components.delivery import download_link
from components.forms import kept_open
from components.refusals import refusal_shown
from db import texts
from db.cases import documents
from db.cases.documents import DocumentRow
from db.clock import format_local
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.file_kinds import MAX_BYTES
from db.enums import DocumentKind
from db.io.delivery import Offer
from db.models import Case

K = "case-doc"
UPLOAD_TYPES = ["pdf", "jpg", "jpeg", "png", "webp", "docx", "xlsx"]


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _open_link(actor: Actor, case_id: int, row: DocumentRow) -> None:
    def load(session, reader: Actor) -> bytes:  # type: ignore[no-untyped-def]
        return documents.document_content(session, actor=reader, document_id=row.id)[1]

    offer = Offer(
        what=f"document:{row.id}",
        file_name=row.file_name,
        mime=row.mime,
        scope=row.file_name,
        case_id=case_id,
    )
    label = texts.DOC_OPEN.format(name=row.file_name)
    download_link(actor, label, key=f"{K}-open-{row.id}", offer=offer, loader=load)


def _line(row: DocumentRow) -> None:
    st.text(
        texts.DOC_LINE.format(
            kind=texts.label(row.kind),
            name=row.file_name,
            size=_size(row.size),
            who=row.uploaded_by,
            when=format_local(row.uploaded_at),
        )
    )
    if row.note:
        st.text(texts.DOC_LINE_NOTE.format(note=row.note))
    if row.withdrawn:
        st.text(
            texts.DOC_LINE_WITHDRAWN.format(
                who=row.withdrawn_by,
                when=format_local(row.withdrawn_at),
                reason=row.withdrawn_reason,
            )
        )


def documents_section(actor: Actor, case_id: int) -> bool:
    """The documents of the case and, for its handlers, the forms; True once one was saved."""
    st.subheader(texts.DOC_SECTION)
    with refusal_shown() as refused, read_session() as session:
        rows = documents.case_documents(session, actor=actor, case_id=case_id)
        case = session.get(Case, case_id)
        may_attach = case is not None and documents.may_attach(session, actor, case)
    if refused:
        return False
    if not rows:
        st.caption(texts.DOC_NONE)
    for row in rows:
        with st.container(border=True):
            _line(row)
            _open_link(actor, case_id, row)
    if not may_attach:
        return False
    return _upload_form(actor, case_id) or _withdraw_form(
        actor, [r for r in rows if not r.withdrawn]
    )


def _upload_form(actor: Actor, case_id: int) -> bool:
    with (
        kept_open(texts.DOC_UPLOAD_TITLE, key=f"{K}-upload-open"),
        st.form(f"{K}-form", clear_on_submit=True, enter_to_submit=False),
    ):
        upload = st.file_uploader(
            texts.DOC_FILE.format(mb=MAX_BYTES // (1024 * 1024)),
            type=UPLOAD_TYPES,
            key=f"{K}-file",
            max_upload_size=MAX_BYTES // (1024 * 1024),
        )
        kind = st.selectbox(
            texts.DOC_KIND, list(DocumentKind), format_func=texts.label, key=f"{K}-kind"
        )
        note = st.text_input(texts.DOC_NOTE, key=f"{K}-note", max_chars=500)
        sent = st.form_submit_button(texts.DOC_SUBMIT, key=f"{K}-submit", type="primary")
    if not sent:
        return False
    if upload is None:
        st.error(texts.DOC_NO_FILE)
        return False
    with refusal_shown() as refused, write_session() as session:
        documents.add_document(
            session,
            actor=actor,
            case_id=case_id,
            data=upload.getvalue(),
            file_name=upload.name,
            kind=kind,
            note=note,
        )
    if refused:
        return False
    st.session_state["dd_notice"] = texts.DOC_SAVED.format(name=upload.name)
    return True


def _withdraw_form(actor: Actor, rows: list[DocumentRow]) -> bool:
    if not rows:
        return False
    names = {r.id: f"{texts.label(r.kind)} · {r.file_name}" for r in rows}
    with (
        st.expander(texts.DOC_WITHDRAW_TITLE),
        st.form(f"{K}-withdraw-form", enter_to_submit=False),
    ):
        which = st.selectbox(
            texts.DOC_WITHDRAW_WHICH, list(names), format_func=names.get, key=f"{K}-withdraw-which"
        )
        reason = st.text_input(texts.DOC_WITHDRAW_REASON, key=f"{K}-withdraw-reason", max_chars=500)
        sent = st.form_submit_button(texts.DOC_WITHDRAW_SUBMIT, key=f"{K}-withdraw-submit")
    if not sent or which is None:
        return False
    with refusal_shown() as refused, write_session() as session:
        documents.withdraw_document(session, actor=actor, document_id=which, reason=reason)
    if refused:
        return False
    st.session_state["dd_notice"] = texts.DOC_WITHDRAWN_DONE
    return True


def why_unsigned(case_id: int, k: str) -> str:
    """In the close form: when the case was resolved with a written agreement and no signed
    agreement is attached, say so and ask why (db.cases.documents.guard_signed_agreement)."""
    with read_session() as session:
        case = session.get(Case, case_id)
        missing = case is not None and documents.agreement_missing(session, case)
    if not missing:
        return ""
    st.warning(texts.DOC_CLOSE_MISSING)
    return st.text_input(texts.DOC_CLOSE_REASON, key=f"{k}-why", max_chars=500)
