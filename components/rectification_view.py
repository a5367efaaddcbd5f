"""Rectifications (整改) as cards: what must change, by when; the unit's answer form (with an
optional photo) and the supervisor's closing form, each shown only to who may use it."""

import streamlit as st

from components import delivery
from components.refusals import refusal_shown
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.enums import RectificationStatus
from db.supervision import photos, rectifications
from db.supervision.rectifications import RectificationRow


def rectification_list(actor: Actor, *, key_prefix: str) -> None:
    show_closed = st.toggle(texts.SUP_RECT_SHOW_CLOSED, key=f"{key_prefix}-closed")
    statuses = () if show_closed else (RectificationStatus.OPEN, RectificationStatus.DONE)
    with read_session() as session:
        counts = rectifications.open_rectifications(session, actor)
        rows = rectifications.list_rectifications(session, actor=actor, statuses=statuses)
    st.caption(texts.SUP_RECT_COUNTS.format(open=counts.open, overdue=counts.overdue))
    if not rows:
        st.info(texts.SUP_RECT_NONE)
    for row in rows:
        _card(actor, row, key_prefix=f"{key_prefix}-{row.id}")


def _card(actor: Actor, row: RectificationRow, *, key_prefix: str) -> None:
    with st.container(border=True, key=f"{key_prefix}-card"):
        header = texts.SUP_RECT_HEADER.format(
            unit=row.unit_name, deadline=row.deadline, status=texts.label(row.status)
        )
        st.text(header)  # unit names are typed by admins: shown as text
        if row.overdue:
            st.badge(texts.SUP_RECT_OVERDUE, color="red")
        st.text(row.requirement)  # user text: shown as text, never as Markdown
        if row.done_note:
            st.text(texts.SUP_RECT_ANSWER.format(note=row.done_note))
        if row.verification_note:
            st.text(texts.SUP_RECT_VERIFIED.format(note=row.verification_note))
        if row.photo_ids:
            with read_session() as session:
                for photo_id in row.photo_ids:
                    with refusal_shown(show=st.caption):
                        photos.readable_photo(session, actor=actor, photo_id=photo_id)
                        delivery.photo(actor, photo_id)  # fetched by this session only
        if row.status == RectificationStatus.OPEN and allows(actor.role, Permission.RECTIFY):
            _answer_form(actor, row, key_prefix=key_prefix)
        if row.status == RectificationStatus.DONE and allows(actor.role, Permission.INSPECT):
            _close_form(actor, row, key_prefix=key_prefix)


def _answer_form(actor: Actor, row: RectificationRow, *, key_prefix: str) -> None:
    with st.form(f"{key_prefix}-answer", enter_to_submit=False):
        note = st.text_area(texts.SUP_RECT_DONE_NOTE, key=f"{key_prefix}-note")
        photo = st.file_uploader(
            texts.SUP_PHOTO_UPLOAD, type=["jpg", "jpeg", "png", "webp"], key=f"{key_prefix}-photo"
        )
        sent = st.form_submit_button(texts.SUP_RECT_MARK_DONE, key=f"{key_prefix}-done")
    if sent:
        with refusal_shown() as refused, write_session() as session:
            rectifications.mark_done(
                session,
                actor=actor,
                rectification_id=row.id,
                note=note,
                photo=photo.getvalue() if photo is not None else None,
            )
        if refused:
            return
        st.session_state["dd_notice"] = texts.SUP_RECT_SAVED
        st.rerun()


def _close_form(actor: Actor, row: RectificationRow, *, key_prefix: str) -> None:
    with st.form(f"{key_prefix}-verify", enter_to_submit=False):
        note = st.text_area(texts.SUP_RECT_VERIFY_NOTE, key=f"{key_prefix}-vnote")
        left, right = st.columns(2)
        accept = left.form_submit_button(texts.SUP_RECT_CLOSE, key=f"{key_prefix}-close")
        refuse = right.form_submit_button(texts.SUP_RECT_SEND_BACK, key=f"{key_prefix}-back")
    if accept or refuse:
        with refusal_shown() as refused, write_session() as session:
            rectifications.close(
                session, actor=actor, rectification_id=row.id, note=note, accepted=accept
            )
        if refused:
            return
        st.session_state["dd_notice"] = texts.SUP_RECT_SAVED
        st.rerun()
