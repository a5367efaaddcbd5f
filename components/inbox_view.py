"""The inbox as the reader sees it: one line per notification (kind, title, when), unread
first, each opening its case in the same tab; the mark-read buttons; the unread urgent notices
for the top of the home page; and the case page's "opened, so read"."""

import streamlit as st

from components.forms import literal
from db import texts
from db.clock import format_local
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.enums import NoticeKind
from db.inbox import reading
from db.inbox.reading import Notice


def unread_count(actor: Actor) -> int:
    with read_session() as session:
        return reading.unread_count(session, actor.id)


def _mark(actor: Actor, notice_id: int) -> None:
    with write_session() as session:
        reading.mark_read(session, actor=actor, notice_ids=[notice_id])


def _line(actor: Actor, notice: Notice, *, key: str) -> None:
    with st.container(border=True, key=key):
        left, right = st.columns([5, 1])
        head = texts.label(notice.kind) + ("" if notice.read else f" · {texts.INBOX_UNREAD}")
        left.caption(f"{head} · {format_local(notice.created_at)}")
        if notice.case_id is not None:
            left.page_link(
                "pages/case.py",
                label=literal(notice.title),
                query_params={"id": notice.case_id},
            )
        elif notice.rectification_id is not None:  # the unit answers it; the supervisor checks
            checks = notice.kind == NoticeKind.RECTIFICATION_ANSWERED
            target = "pages/inspections.py" if checks else "pages/rectifications.py"
            left.page_link(target, label=literal(notice.title))
        else:
            left.text(notice.title)
        if not notice.read:
            right.button(
                texts.INBOX_MARK_READ, key=f"{key}-read", on_click=_mark, args=(actor, notice.id)
            )


def inbox_list(actor: Actor, *, key_prefix: str = "inbox") -> None:
    """The page: filters, 全部标为已读, one page of lines, the pager."""
    kinds = st.multiselect(
        texts.INBOX_FILTER_KINDS,
        list(NoticeKind),
        format_func=texts.label,
        key=f"{key_prefix}-kinds",
        placeholder=texts.INBOX_FILTER_KINDS,
        select_all=False,
    )
    unread_only = st.toggle(texts.INBOX_UNREAD_ONLY, key=f"{key_prefix}-unread")
    if st.button(texts.INBOX_MARK_ALL, key=f"{key_prefix}-all-read"):
        with write_session() as session:
            count = reading.mark_all_read(session, actor=actor)
        st.session_state["dd_notice"] = texts.INBOX_ALL_READ.format(count=count)
        st.rerun()
    page = st.session_state.get(f"{key_prefix}-page", 0)
    with read_session() as session:
        notices, total = reading.listing(
            session, actor=actor, kinds=tuple(kinds), unread_only=unread_only, page=page
        )
    if not notices:
        st.info(texts.INBOX_EMPTY)
        return
    for notice in notices:
        _line(actor, notice, key=f"{key_prefix}-n{notice.id}")
    pages = max(1, -(-total // reading.PAGE_SIZE))
    if pages > 1:
        st.caption(texts.INBOX_PAGE_OF.format(page=page + 1, pages=pages, total=total))
        back, forward = st.columns(2)
        if back.button(texts.INBOX_PREVIOUS, key=f"{key_prefix}-prev", disabled=page == 0):
            st.session_state[f"{key_prefix}-page"] = page - 1
            st.rerun()
        if forward.button(texts.INBOX_NEXT, key=f"{key_prefix}-next", disabled=page + 1 >= pages):
            st.session_state[f"{key_prefix}-page"] = page + 1
            st.rerun()


def urgent_on_top(actor: Actor) -> None:
    """The reader's unread urgent notices, for the top of the home page (nothing if none)."""
    with read_session() as session:
        notices = reading.unread_urgent(session, actor=actor)
    if not notices:
        return
    with st.container(border=True, key="home-urgent-notices"):
        st.error(texts.INBOX_URGENT_TITLE)
        for notice in notices:
            _line(actor, notice, key=f"home-urgent-n{notice.id}")


def mark_opened(actor: Actor, case_id: int) -> None:
    """The case page: the reader's unread notifications about this case are now read (a write
    only when there are some)."""
    with read_session() as session:
        if not reading.unread_about(session, actor=actor, case_id=case_id):
            return
    with write_session() as session:
        reading.mark_case_read(session, actor=actor, case_id=case_id)
