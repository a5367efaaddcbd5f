"""案件详情 (?id=): one case, its parties (masked unless revealed with a reason) and timeline."""

import streamlit as st

from components.agreement_view import agreement_section
from components.case_actions import handling_summary, work_area
from components.case_life_view import case_life
from components.case_view import case_facts, case_header, parties_table
from components.documents_view import documents_section
from components.export_view import case_forms
from components.five_ones_view import five_ones_block
from components.inbox_view import mark_opened
from components.record_view import timeline_view
from components.refusals import refusal_shown
from components.session import require_user
from components.workbench_area import workbench_area
from db import texts
from db.cases import ledger
from db.core.engine import read_session, write_session
from db.core.permissions import Permission, allows
from db.core.validation import parse_row_id

actor = require_user("case")
case_id = parse_row_id(st.query_params.get("id", ""))  # "²", "-1", 10**30: no case
if case_id is None:
    st.error(texts.CASE_NO_ID)
    st.page_link("pages/cases.py", label=texts.PAGE_CASES)
    st.stop()
if st.session_state.get("dd_new_visit") or st.session_state.get("case-shown") != case_id:
    # A new visit starts from the case as it is now; within a visit, the forms keep the
    # version they were first shown with (see components.case_actions.work_area).
    st.session_state.pop(f"case-version-{case_id}", None)
    st.session_state["case-shown"] = case_id
# A reveal lasts for the run after the request: the next click shows the masked view again.
reveal_reason = st.session_state.pop(f"case-reveal-{case_id}", None)
viewed: set[int] = st.session_state.setdefault("case-viewed", set())

first_view = case_id not in viewed  # the view is audited once per session, not per click
# Audit rows are written: take the write lock up front for them.
with (
    refusal_shown(stop=True),
    (write_session if reveal_reason or first_view else read_session)() as session,
):
    case = ledger.get_case(
        session,
        actor=actor,
        case_id=case_id,
        reveal_reason=reveal_reason,
        audit_view=first_view,
    )

if st.session_state.get("dd_new_visit") or first_view:
    mark_opened(actor, case_id)  # its notifications are read once the case is opened
case_header(case)
case_facts(case)
five_ones_block(actor, case.id)  # a hard case's 五个一 (issue 23)
st.subheader(texts.FIELDS["parties"])
parties_table(case)
if allows(actor.role, Permission.REVEAL_PERSONAL) and reveal_reason is None:
    with st.form("case-reveal-form", clear_on_submit=True, enter_to_submit=False):
        reason = st.text_input(texts.REVEAL_REASON, key="case-reveal-reason", max_chars=200)
        if st.form_submit_button(texts.REVEAL_SHOW, key="case-reveal-submit"):
            if reason.strip():
                st.session_state[f"case-reveal-{case_id}"] = reason.strip()
                st.rerun()
            else:
                st.error(texts.E_REVEAL_REASON)
elif reveal_reason is not None:
    st.caption(texts.REVEAL_ONCE)

viewed.add(case_id)
handling_summary(case)
if case_life(actor, case) or work_area(actor, case) or workbench_area(actor, case):
    st.rerun()
st.subheader(texts.CASE_TIMELINE)
timeline_view(case)  # newest first, filtered by kind (components.record_view)
if documents_section(actor, case.id):
    st.rerun()
case_forms(actor, case_id=case.id, number=case.number)
agreement_section(actor, case)
