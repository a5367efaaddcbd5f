"""Excel downloads: the ledger as shown, and one case's printable forms. The files are made by
db.exports (which checks the role, masks personal data unless revealed with a reason, and
audits every export); here the user asks for one and downloads it."""

import streamlit as st

from db import exports, texts
from db.engine import write_session
from db.ledger import LedgerFilter
from db.permissions import NotAllowed, Permission, allows
from db.scope import Actor, OutOfScope


def _reason_field(actor: Actor, key: str) -> str | None:
    if not allows(actor.role, Permission.REVEAL_PERSONAL):
        return None
    reason = st.text_input(texts.EXPORT_REVEAL_REASON, key=key, max_chars=200)
    return reason.strip() or None


def ledger_export(actor: Actor, filters: LedgerFilter) -> None:
    if not allows(actor.role, Permission.EXPORT):
        return
    with st.expander(texts.EXPORT_LEDGER_BUTTON):
        reason = _reason_field(actor, "cases-export-reason")
        if st.button(texts.EXPORT_MAKE, key="cases-export"):
            try:
                with write_session() as session:
                    data = exports.ledger_xlsx(
                        session, actor=actor, filters=filters, reveal_reason=reason
                    )
            except (NotAllowed, OutOfScope, ValueError) as refused:
                st.error(str(refused))
                return
            st.download_button(
                texts.EXPORT_DOWNLOAD,
                data,
                file_name="ledger.xlsx",
                key="cases-export-download",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )


def case_forms(actor: Actor, *, case_id: int, number: str) -> None:
    if not allows(actor.role, Permission.EXPORT):
        return
    with st.expander(texts.EXPORT_FORMS_BUTTON):
        reason = _reason_field(actor, "case-forms-reason")
        if st.button(texts.EXPORT_MAKE, key="case-forms"):
            try:
                with write_session() as session:
                    data = exports.case_forms_xlsx(
                        session, actor=actor, case_id=case_id, reveal_reason=reason
                    )
            except (NotAllowed, OutOfScope, ValueError) as refused:
                st.error(str(refused))
                return
            st.download_button(
                texts.EXPORT_DOWNLOAD,
                data,
                file_name=f"{number}.xlsx",
                key="case-forms-download",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
