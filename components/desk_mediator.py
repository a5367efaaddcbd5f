"""The mediator's desk (调解员, issue 21): their open cases (overdue and due soon first), today's
daily report if not sent yet, their follow-ups due, and the answers to their reports up and
extension requests."""

import streamlit as st

from components.desk_lines import case_lines, progress
from components.forms import literal
from components.home_life import report_answers
from db import texts
from db.clock import format_local, local_today
from db.core.actor import Actor
from db.core.engine import read_session
from db.dashboard import desk, desk_tasks


def mediator_desk(actor: Actor) -> None:
    with read_session() as session:
        report_missing = desk_tasks.daily_report_missing(session, actor=actor)
        mine = desk.my_open_cases(session, actor=actor)
        follow_ups = desk.follow_ups_due(session, actor=actor, mine=True)
        requests = desk_tasks.my_extension_requests(session, actor=actor)
    if report_missing:
        with st.container(border=True, key="home-daily-report"):
            st.warning(texts.DESK_REPORT_MISSING.format(day=local_today().isoformat()))
            st.page_link("pages/reports.py", label=texts.DESK_GO_REPORT)
    left, right = st.columns(2)
    with left:
        case_lines(
            texts.DESK_MY_OPEN,
            mine,
            key="my-open",
            label=progress,
            more=("pages/kanban.py", {}),
        )
    with right:
        case_lines(
            texts.DESK_FOLLOW_UPS,
            follow_ups,
            key="follow-ups",
            label=lambda line: texts.DESK_FOLLOW_UP_LINE.format(
                number=line.number, unit=literal(line.unit), days=line.days
            ),
            more=("pages/kanban.py", {}),
        )
        if requests:
            with st.container(border=True, key="home-my-requests"):
                st.subheader(texts.DESK_MY_REQUESTS)
                for request in requests:
                    answered = format_local(request.answered_at)
                    st.page_link(
                        "pages/case.py",
                        label=texts.DESK_REQUEST_LINE.format(
                            number=request.number,
                            proposed=request.proposed.isoformat(),
                            status=texts.label(request.status),
                            note=literal(f"（{answered} {request.note}）" if answered else ""),
                        ),
                        query_params={"id": str(request.case_id)},
                    )
    report_answers(actor)
