"""包案领导调整 (issue 23): hand a leader's cases in scope to another leader, all of them or the
ones ticked, with a reason (db.cases.leader_handover). In the ledger for coordinators and in
系统管理 for administrators; the refused cases are listed with their reasons."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from components.forms import long_text
from components.refusals import refusal_shown
from db import texts
from db.cases import leader_handover
from db.cases.leaders import leaders_in_view
from db.cases.schemas import field_errors
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.validation import max_chars

LABELS = {"from_leader_id": texts.HANDOVER_FROM, "to_leader_id": texts.HANDOVER_TO}


def leader_handover_form(actor: Actor, *, key_prefix: str) -> None:
    k = key_prefix
    with read_session() as session:
        names = dict(leaders_in_view(session, actor=actor))
    ids = list(names)
    left, right = st.columns(2)
    source = left.selectbox(
        texts.HANDOVER_FROM, ids, index=None, format_func=names.get, key=f"{k}-from"
    )
    target = right.selectbox(
        texts.HANDOVER_TO,
        [i for i in ids if i != source],
        index=None,
        format_func=names.get,
        key=f"{k}-to",
    )
    if source is None:
        return
    with read_session() as session:
        led = leader_handover.cases_led_by(session, actor=actor, leader_id=source)
    if not led:
        st.info(texts.HANDOVER_NOTHING)
        return
    by_id = {c.id: c for c in led}
    ticked = st.multiselect(
        texts.HANDOVER_PICK,
        list(by_id),
        format_func=lambda i: f"{by_id[i].number} {by_id[i].unit} {texts.label(by_id[i].stage)}",
        key=f"{k}-cases",
        placeholder=texts.ALL,
    )
    reason = long_text(
        texts.HANDOVER_REASON,
        limit=max_chars(leader_handover.HandOver, "reason"),
        key=f"{k}-reason",
    )
    if not st.button(texts.HANDOVER_SUBMIT, key=f"{k}-submit", type="primary"):
        return
    order = {"from_leader_id": source, "to_leader_id": target, "reason": reason, "case_ids": ticked}
    with refusal_shown():
        try:
            with write_session() as session:
                done = leader_handover.hand_over(
                    session, actor=actor, order=leader_handover.HandOver.model_validate(order)
                )
        except ValidationError as error:
            for field, message in field_errors(error).items():
                label = LABELS.get(field, texts.HANDOVER_REASON)
                st.error(f"{label}：{message}")
            return
        st.success(texts.HANDOVER_DONE.format(count=len(done.moved)))
        if done.refused:
            st.warning(texts.HANDOVER_REFUSED.format(count=len(done.refused)))
            frame = pd.DataFrame(done.refused, columns=[texts.FIELDS["number"], texts.HANDOVER_WHY])
            st.dataframe(frame, hide_index=True, key=f"{k}-refused")
