"""系统管理 → 批量设置: the template and the current tree and accounts to download, a filled-in
workbook uploaded and previewed (every problem by sheet, row and column; what will be created),
then imported all or nothing. The new accounts' one-time passwords are shown on this run only
and offered once as a file (db.io.delivery, this session, audited); nothing of them is kept in
the session. The rules are in db.io.setup_book."""

import hashlib

import pandas as pd
import streamlit as st

from components.delivery import XLSX, download_link
from components.refusals import refusal_shown
from db import texts
from db.core.actor import Actor
from db.io.delivery import Offer
from db.io.setup_book.apply import SetupDone, SetupRefused, import_book, preview_book
from db.io.setup_book.export import export_book
from db.io.setup_book.layout import password_book, template
from db.io.setup_book.reader import Problem

K = "admin-setup"
SHOWN = f"{K}-shown"  # the preview as shown: (digest, summary, problems, units and accounts new)


def setup_tab(actor: Actor) -> None:
    st.caption(texts.SB_INTRO)
    left, right = st.columns(2)
    with left:
        download_link(
            actor,
            texts.SB_TEMPLATE_LINK,
            key=f"{K}-template",
            offer=Offer(
                what="setup-template", file_name=texts.SB_TEMPLATE_FILE, mime=XLSX, audited=False
            ),
            loader=lambda _session, _reader: template(),
        )
    with right:
        download_link(
            actor,
            texts.SB_EXPORT_LINK,
            key=f"{K}-export",
            offer=Offer(what="setup-export", file_name=texts.SB_EXPORT_FILE, mime=XLSX),
            loader=lambda session, reader: export_book(session, actor=reader).data,
        )
    upload = st.file_uploader(texts.SB_UPLOAD, type=["xlsx"], key=f"{K}-file")
    if upload is None:  # the file was removed: so is its preview
        st.session_state.pop(SHOWN, None)
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    if st.button(texts.SB_PREVIEW, key=f"{K}-preview"):
        st.session_state.pop(SHOWN, None)
        with refusal_shown():
            plan = preview_book(data, actor=actor, filename=upload.name)
            rows = [_problem_row(p) for p in plan.problems]
            new = len(plan.units) + len(plan.accounts)
            st.session_state[SHOWN] = (digest, plan.summary(), rows, new)
    shown = st.session_state.get(SHOWN)
    if shown is None:
        return
    if shown[0] != digest:
        st.info(texts.SB_PREVIEW_AGAIN)
        return
    _, summary, rows, new = shown
    st.text(summary)
    if rows:
        _problems(rows)
        return
    if not new:  # every row is already there: no import is offered, none shown as a success
        st.warning(texts.SB_NOTHING)
        return
    if st.button(texts.SB_CONFIRM, key=f"{K}-confirm", type="primary"):
        with refusal_shown() as refused, st.spinner(texts.SB_RUNNING):
            done = import_book(data, actor=actor, filename=upload.name)
        st.session_state.pop(SHOWN, None)
        if isinstance(refused.error, SetupRefused):
            _problems([_problem_row(p) for p in refused.error.problems])
        if not refused:
            _passwords(actor, done)


def _problem_row(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.sheet, problem.row, problem.column, problem.message)


def _problems(rows: list[tuple[str, int, str, str]]) -> None:
    st.error(texts.SB_PROBLEMS_LINE.format(count=len(rows)))
    columns = [texts.SB_COL_SHEET, texts.SB_COL_ROW, texts.SB_COL_COLUMN, texts.SB_COL_PROBLEM]
    frame = pd.DataFrame(rows, columns=columns)
    st.dataframe(frame, hide_index=True, key=f"{K}-problems")


def _passwords(actor: Actor, done: SetupDone) -> None:
    """The one-time passwords, on this run only, and as a file offered once."""
    st.success(done.line())
    if not done.passwords:
        return
    st.subheader(texts.SB_PASSWORDS_TITLE)
    st.warning(texts.SB_PASSWORDS_ONCE)
    frame = pd.DataFrame([p.row() for p in done.passwords], columns=texts.SB_PASSWORD_COLUMNS)
    with st.container(key=f"{K}-passwords"):
        st.table(frame)
    download_link(
        actor,
        texts.SB_PASSWORDS_LINK,
        key=f"{K}-passwords-file",
        offer=Offer(
            what="setup-passwords",
            file_name=texts.SB_PASSWORDS_FILE,
            mime=XLSX,
            scope=texts.SB_PASSWORDS_FILE,
            once=True,
        ),
        data=password_book(p.row() for p in done.passwords),
    )
