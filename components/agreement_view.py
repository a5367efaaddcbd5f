"""The 人民调解协议书 on the case page: a form prefilled from the case (db.io.documents.agreement
draft), edited, then made as .docx and PDF and handed to this session only (components.delivery;
each download audited there, the making audited in db/). And the seam for the 调解笔录 of one
record of work: `record_documents(actor, case_id, number, record_id)`, drawn beside each record."""

import streamlit as st
from pydantic import ValidationError

from components.delivery import download_link
from components.forms import kept_open
from components.refusals import refusal_shown
from db import texts
from db.cases.records import record_fields
from db.cases.schemas import CaseDetail, field_errors
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.enums import Stage
from db.io.delivery import Offer
from db.io.documents.agreement import RESOLVED, AgreementForm, DocumentFiles, draft, make_agreement
from db.io.documents.record import make_record

K = "case-agreement"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _links(
    actor: Actor, files: DocumentFiles, *, key: str, what: str, number: str, case_id: int
) -> None:
    """The .docx and the PDF as links for this session (each delivery audited)."""
    names = texts.AGR_FILE if what == "agreement" else texts.RECORD_FILE
    labels = (
        (texts.AGR_DOCX_LINK, texts.AGR_PDF_LINK)
        if what == "agreement"
        else (texts.RECORD_DOCX_LINK, texts.RECORD_PDF_LINK)
    )
    for ext, mime, data, label in (
        ("docx", DOCX, files.docx, labels[0]),
        ("pdf", PDF, files.pdf, labels[1]),
    ):
        offer = Offer(
            what=f"{what}:{case_id}",
            file_name=names.format(number=number, ext=ext),
            mime=mime,
            scope=number,
            revealed=files.revealed,
            case_id=case_id,
        )
        download_link(actor, label, key=f"{key}-{ext}", offer=offer, data=data)


def agreement_section(actor: Actor, case: CaseDetail) -> None:
    """The form and, once made, the two download links (kept for this visit of the case)."""
    if Stage(case.stage) not in RESOLVED or not allows(actor.role, Permission.HANDLE):
        return
    made_key = f"{K}-made-{case.id}"
    with kept_open(
        texts.AGR_SECTION, key=f"{K}-open-{case.id}", expanded=made_key in st.session_state
    ):
        st.caption(texts.AGR_INTRO)
        with refusal_shown() as refused, read_session() as session:
            start = draft(session, actor=actor, case_id=case.id)
        if refused:
            return
        submitted = _form(actor, start)
        if submitted is not None:
            values, reason = submitted
            with refusal_shown() as refused, write_session() as session:
                files = make_agreement(
                    session, actor=actor, case_id=case.id, form=values, reveal_reason=reason
                )
            if not refused:
                st.session_state[made_key] = files
        files = st.session_state.get(made_key)
        if files is not None:
            _links(actor, files, key=K, what="agreement", number=case.number, case_id=case.id)


def _form(actor: Actor, start: AgreementForm) -> tuple[AgreementForm, str | None] | None:
    with st.form(f"{K}-form", enter_to_submit=False):
        committee = st.text_input(texts.AGR_COMMITTEE, start.committee, key=f"{K}-committee")
        parties = []
        for i, party in enumerate(start.parties):
            role = texts.label(party.role)
            left, right = st.columns(2)
            name = left.text_input(
                texts.AGR_PARTY_NAME.format(role=role), party.name, key=f"{K}-party-{i}-name"
            )
            address = right.text_input(
                texts.AGR_PARTY_ADDRESS.format(role=role),
                party.address,
                key=f"{K}-party-{i}-address",
            )
            parties.append(
                {"party_id": party.party_id, "role": party.role, "name": name, "address": address}
            )
        facts = st.text_area(texts.AGR_FACTS, start.facts, key=f"{K}-facts")
        terms = st.text_area(texts.AGR_TERMS, start.terms, key=f"{K}-terms", height=160)
        method = st.text_input(texts.AGR_PERFORMANCE_METHOD, key=f"{K}-performance")
        left, right = st.columns(2)
        deadline = left.date_input(
            texts.AGR_PERFORMANCE_DEADLINE, None, key=f"{K}-deadline", format="YYYY-MM-DD"
        )
        on = right.date_input(
            texts.AGR_DATE, start.agreement_date, key=f"{K}-date", format="YYYY-MM-DD"
        )
        left, right = st.columns(2)
        mediator = left.text_input(texts.AGR_MEDIATOR, start.mediator, key=f"{K}-mediator")
        copies = right.number_input(
            texts.AGR_COPIES, min_value=1, max_value=20, value=start.copies, key=f"{K}-copies"
        )
        reason = ""
        if allows(actor.role, Permission.REVEAL_PERSONAL):
            reason = st.text_input(texts.EXPORT_REVEAL_REASON, key=f"{K}-reason", max_chars=200)
        if not st.form_submit_button(texts.AGR_MAKE, key=f"{K}-submit"):
            return None
    try:
        values = AgreementForm.model_validate(
            {
                "committee": committee.strip(),
                "parties": parties,
                "facts": facts.strip(),
                "terms": terms.strip(),
                "performance_method": method.strip(),
                "performance_deadline": deadline,
                "mediator": mediator.strip(),
                "agreement_date": on,
                "copies": int(copies),
            }
        )
    except ValidationError as error:
        for path, message in field_errors(error).items():
            st.error(f"{path}：{message}")
        return None
    return values, reason.strip() or None


def record_documents(actor: Actor, *, case_id: int, number: str, record_id: int) -> None:
    """The 调解笔录 of one record of work as .docx and PDF for this session (beside each record
    on the case page, components.record_view)."""
    key = f"case-record-doc-{record_id}"
    if st.button(texts.DOC_RECORD_TITLE, key=key):
        with refusal_shown() as refused, write_session() as session:
            fields = record_fields(session, actor, record_id)
            st.session_state[key + "-files"] = make_record(
                session, actor=actor, case_id=case_id, record=fields
            )
        if refused:
            return
    files = st.session_state.get(key + "-files")
    if files is not None:
        _links(actor, files, key=key, what="record-document", number=number, case_id=case_id)
