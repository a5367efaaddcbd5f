"""The supervisor's desk (督查, issue 21): inspections begun and not submitted, rectifications
answered and waiting for the check, rectifications overdue; the way to 督查 and 每日报告."""

import streamlit as st

from components.desk_lines import INSPECTIONS, box, rectification_lines
from components.forms import literal
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session
from db.dashboard import desk_tasks


def supervisor_desk(actor: Actor) -> None:
    with read_session() as session:
        drafts = desk_tasks.inspections_in_progress(session, actor=actor)
        to_check = desk_tasks.rectifications_to_check(session, actor=actor)
        late = desk_tasks.rectifications_overdue(session, actor=actor)
    with box(texts.DESK_INSPECTIONS_OPEN, drafts.total, key="inspections"):
        if not drafts.lines:
            st.caption(texts.DESK_NONE)
        for line in drafts.lines:
            st.page_link(
                INSPECTIONS,
                label=texts.DESK_INSPECTION_LINE.format(
                    unit=literal(line.unit), day=line.day.isoformat(), team=literal(line.text)
                ),
                query_params={"id": str(line.id)},
            )
    left, right = st.columns(2)
    with left:
        rectification_lines(texts.DESK_TO_CHECK, to_check, key="to-check", by_inspection=True)
    with right:
        rectification_lines(texts.DESK_RECT_LATE, late, key="late", by_inspection=True)
    links = st.container(horizontal=True, key="home-supervisor-links")
    links.page_link(INSPECTIONS, label=texts.DESK_GO_INSPECTIONS)
    links.page_link("pages/reports.py", label=texts.DESK_GO_REPORTS)
