"""接访下访登记: leaders' receptions (接访, 约访, 下访, 带案下访) — the month's register, the
record form, one reception with its cases (complete, link, register a case from it), and the
monthly report. No list or search by visitor: the register is about the leaders' work."""

import streamlit as st

from components import reception_detail
from components.reception_form import record_form
from components.reception_list import register_list
from components.reception_report_view import monthly_report_view
from components.session import require_user
from db import texts
from db.core.permissions import Permission, allows

actor = require_user("receptions")
st.title(texts.PAGE_RECEPTIONS)
st.caption(texts.RECEPTION_INTRO)
state = st.session_state
if saved := state.pop("receptions-saved", None):
    with st.container(key="receptions-done"):
        st.success(saved)
        if made := state.pop("receptions-made", None):
            st.page_link(
                "pages/case.py",
                query_params={"id": made[0]},
                label=texts.OPEN_CASE.format(number=made[1]),
            )

records = allows(actor.role, Permission.RECORD_RECEPTION)
parts = {texts.RECEPTION_TAB_LIST: None, texts.RECEPTION_TAB_REPORT: monthly_report_view}
if records:
    parts = {texts.RECEPTION_TAB_LIST: None, texts.RECEPTION_TAB_NEW: record_form, **parts}
if goto := state.pop("receptions-goto", None):  # a reception just recorded: the register
    state["receptions-tab"] = goto
# Only the chosen tab runs (on_change="rerun"), and it stays chosen across reruns.
tabs = st.tabs(list(parts), key="receptions-tab", on_change="rerun")
for tab, draw in zip(tabs, parts.values(), strict=True):
    if tab.open:
        with tab:
            if draw is not None:
                draw(actor)
            elif (picked := register_list(actor)) is not None:
                reception_detail.show(actor, picked)
