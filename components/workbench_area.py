"""The case page's workbench (issue 19, part 1): the 化解方案, the records of work, and the
correction and re-rating forms for whoever may use them."""

import streamlit as st

from components.correction_forms import correction_form, rerate_form
from components.record_view import records_area
from components.refusals import refusal_shown
from db import texts
from db.cases.schemas import CaseDetail
from db.cases.workbench import workbench
from db.core.actor import Actor
from db.core.engine import read_session


def workbench_area(actor: Actor, case: CaseDetail) -> bool:
    """True once something was saved (the caller reruns)."""
    with refusal_shown() as refused, read_session() as session:
        bench = workbench(session, actor=actor, case_id=case.id)
    if refused:
        return False
    st.markdown(f"**{texts.PLAN_SHOWN}**")
    st.text(case.resolution_plan or texts.PLAN_NONE)  # text, not Markdown
    key = f"case-version-{case.id}"  # the version the page was first shown with (work_area)
    version = st.session_state.setdefault(key, case.version)
    if records_area(actor, case, may_record=bench.may_record):
        return True
    saved = False
    if bench.may_correct:
        with st.expander(texts.CORRECT_TITLE):
            saved = correction_form(actor, case_id=case.id, version=version, bench=bench)
    if not saved and bench.may_rerate:
        with st.expander(texts.RERATE_TITLE):
            saved = rerate_form(actor, case_id=case.id, version=version, bench=bench)
    if saved:
        st.session_state.pop(key, None)  # the next run shows, and keeps, the new version
    return saved
