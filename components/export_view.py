"""Excel downloads: the ledger as shown, and one case's printable forms. The files are made by
db.io.exports.ledger and db.io.exports.forms (which check the role, mask personal data unless revealed
with a reason, and audit every export); here the user asks for one and downloads it."""

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from components.delivery import XLSX, download_link
from components.forms import kept_open
from components.refusals import refusal_shown
from db import texts
from db.cases import documents
from db.cases.ledger import LedgerFilter
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.io.delivery import Offer
from db.io.exports.case_file import ZIP_MIME, case_file_zip
from db.io.exports.forms import case_forms_xlsx
from db.io.exports.ledger import filters_text, ledger_xlsx


def _offer(
    actor: Actor,
    *,
    title: str,
    key: str,
    file_name: str,
    what: str,
    scope: Callable[[Session], str],
    case_id: int | None = None,
    make: Callable[[Session, str | None], bytes],
    allowed: bool | None = None,
    mime: str = XLSX,
) -> None:
    """An expander with the optional reveal reason, a button that makes the file, and a link
    that hands what was made to this session only (components.delivery; audited there).
    Offered to those who may export, or as `allowed` says (a case's handler prints it)."""
    if not (allows(actor.role, Permission.EXPORT) if allowed is None else allowed):
        return
    with kept_open(title, key=f"{key}-open"):
        reason = None
        if allows(actor.role, Permission.REVEAL_PERSONAL):
            typed = st.text_input(texts.EXPORT_REVEAL_REASON, key=f"{key}-reason", max_chars=200)
            reason = typed.strip() or None
        if not st.button(texts.EXPORT_MAKE, key=key):
            return
        with refusal_shown() as refused, write_session() as session:
            data = make(session, reason)
            scope_text = scope(session)
        if refused:
            return
        offer = Offer(
            what=what,
            file_name=file_name,
            mime=mime,
            scope=scope_text,
            revealed=reason is not None,
            case_id=case_id,
        )
        download_link(actor, texts.EXPORT_DOWNLOAD, key=f"{key}-download", offer=offer, data=data)


def ledger_export(actor: Actor, filters: LedgerFilter) -> None:
    _offer(
        actor,
        title=texts.EXPORT_LEDGER_BUTTON,
        key="cases-export",
        file_name="ledger.xlsx",
        what="ledger",
        scope=lambda session: texts.DELIVERY_SCOPE_LEDGER.format(
            unit=actor.unit_name, filters=filters_text(session, filters)
        ),
        make=lambda session, reason: ledger_xlsx(
            session, actor=actor, filters=filters, reveal_reason=reason
        ),
    )


def case_forms(actor: Actor, *, case_id: int, number: str) -> None:
    """The case's 登记表 and 结案备案表, and its case file (卷宗, a ZIP), for those who may
    print them (db.cases.documents.may_print: exporters in scope, the case's mediator)."""
    with read_session() as session:
        allowed = documents.may_print_case(session, actor, case_id)
    _offer(
        actor,
        title=texts.EXPORT_FORMS_BUTTON,
        key="case-forms",
        file_name=f"{number}.xlsx",
        what=f"case:{case_id}",
        scope=lambda _session: number,
        case_id=case_id,
        make=lambda session, reason: case_forms_xlsx(
            session, actor=actor, case_id=case_id, reveal_reason=reason
        ),
        allowed=allowed,
    )
    _offer(
        actor,
        title=texts.CASE_FILE_TITLE,
        key="case-file",
        file_name=texts.CASE_FILE_NAME.format(number=number),
        what=f"case:{case_id}",
        scope=lambda _session: number,
        case_id=case_id,
        make=lambda session, reason: case_file_zip(
            session, actor=actor, case_id=case_id, reveal_reason=reason
        ),
        allowed=allowed,
        mime=ZIP_MIME,
    )
