"""我的账号 → 站外通知: the user's work e-mail and, for each configured channel, the kinds of
notification that also reach them outside the app. The rules (one's own only, a configured
channel, mail needs an address) are db.io.outbox.choices'."""

import streamlit as st

from components.refusals import refusal_shown
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.enums import NoticeKind
from db.io.outbox import choices
from db.io.outbox.config import configured_channels


def outside_choices_form(actor: Actor) -> None:
    st.subheader(texts.OUTSIDE_TITLE)
    channels = configured_channels()
    with read_session() as session:
        current = choices.read(session, actor)
    st.caption(texts.OUTSIDE_NOTE if channels else texts.OUTSIDE_NONE)
    with st.form("account-outside-form"):
        email = st.text_input(
            texts.OUTSIDE_EMAIL,
            value=current.email or "",
            max_chars=choices.EMAIL_MAX,
            help=texts.OUTSIDE_EMAIL_HELP,
            key="account-email",
        )
        picked = {
            channel: st.multiselect(
                texts.OUTSIDE_KINDS.format(channel=texts.label(channel)),
                list(NoticeKind),
                default=[kind for kind in NoticeKind if kind in current.kinds[channel]],
                format_func=texts.label,
                placeholder=texts.OUTSIDE_NO_KIND,
                key=f"account-kinds-{channel.value}",
                select_all=False,
            )
            for channel in channels
        }
        submitted = st.form_submit_button(texts.OUTSIDE_SAVE, key="account-outside-submit")
    if not submitted:
        return
    with refusal_shown() as refused, write_session() as session:
        choices.save(session, actor=actor, email=email, kinds=picked)
    if not refused:
        st.success(texts.OUTSIDE_SAVED)
