"""Excel downloads: the ledger as shown, and one case's printable forms. The files are made by
db.io.exports.ledger and db.io.exports.forms (which check the role, mask personal data unless revealed
with a reason, and audit every export); here the user asks for one and downloads it."""

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from components.refusals import refusal_shown
from db import texts
from db.cases.ledger import LedgerFilter
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import Permission, allows
from db.io.exports.forms import case_forms_xlsx
from db.io.exports.ledger import ledger_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _offer(
    actor: Actor,
    *,
    title: str,
    key: str,
    file_name: str,
    make: Callable[[Session, str | None], bytes],
) -> None:
    """An expander with the optional reveal reason, a button that makes the file, and the
    download of what was made."""
    if not allows(actor.role, Permission.EXPORT):
        return
    with st.expander(title):
        reason = None
        if allows(actor.role, Permission.REVEAL_PERSONAL):
            typed = st.text_input(texts.EXPORT_REVEAL_REASON, key=f"{key}-reason", max_chars=200)
            reason = typed.strip() or None
        if not st.button(texts.EXPORT_MAKE, key=key):
            return
        with refusal_shown() as refused, write_session() as session:
            data = make(session, reason)
        if refused:
            return
        st.download_button(
            texts.EXPORT_DOWNLOAD, data, file_name=file_name, key=f"{key}-download", mime=XLSX
        )


def ledger_export(actor: Actor, filters: LedgerFilter) -> None:
    _offer(
        actor,
        title=texts.EXPORT_LEDGER_BUTTON,
        key="cases-export",
        file_name="ledger.xlsx",
        make=lambda session, reason: ledger_xlsx(
            session, actor=actor, filters=filters, reveal_reason=reason
        ),
    )


def case_forms(actor: Actor, *, case_id: int, number: str) -> None:
    _offer(
        actor,
        title=texts.EXPORT_FORMS_BUTTON,
        key="case-forms",
        file_name=f"{number}.xlsx",
        make=lambda session, reason: case_forms_xlsx(
            session, actor=actor, case_id=case_id, reveal_reason=reason
        ),
    )
