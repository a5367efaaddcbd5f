"""The home page's part of the case life from below: urgent cases to acknowledge (a banner, for
coordinators), the answers to the reader's own reports up, and (coordinators) extension requests
waiting for an answer. Cases reported up to the reader's level are on the coordinator's desk
(components.desk_coordinator)."""

import streamlit as st

from components.forms import literal
from components.move_forms import _apply
from db import texts
from db.cases import extension_requests as requests
from db.cases import report_up, urgent
from db.clock import format_local
from db.core.actor import Actor
from db.core.engine import read_session


def urgent_banner(actor: Actor) -> None:
    """Unacknowledged urgent cases in scope, newest first, each with 已知悉."""
    with read_session() as session:
        cases = urgent.unacknowledged(session, actor=actor)
    if not cases:
        return
    with st.container(border=True, key="home-urgent"):
        st.error(texts.URGENT_BANNER.format(count=len(cases)))
        for item in cases:
            line = st.container(horizontal=True, key=f"home-urgent-{item['case_id']}")
            line.page_link(
                "pages/case.py", label=item["number"], query_params={"id": item["case_id"]}
            )
            line.text(
                texts.URGENT_LINE.format(
                    unit=item["unit"],
                    category=texts.label(item["category"]),
                    people=item["people"],
                    when=format_local(item["created_at"]),
                )
            )
            if line.button(texts.URGENT_ACK, key=f"home-urgent-ack-{item['case_id']}"):
                if _apply(
                    lambda s, case_id=item["case_id"]: urgent.acknowledge(
                        s, actor=actor, case_id=case_id
                    ),
                    success=texts.URGENT_ACK_DONE,
                ):
                    st.rerun()


def report_answers(actor: Actor) -> None:
    """The answers from above to the reader's reports up (and their unit's), the last two weeks."""
    with read_session() as session:
        answers = report_up.answers_to_me(session, actor=actor)
    if answers:
        st.subheader(texts.HOME_REPORT_ANSWERS)
        for answer in answers:
            st.page_link(
                "pages/case.py",
                label=texts.HOME_REPORT_ANSWER_LINE.format(
                    number=answer["number"],
                    unit=answer["unit"],
                    answer=answer["answer"],
                    when=format_local(answer["answered_at"]),
                    note=literal(answer["note"]),
                ),
                query_params={"id": answer["case_id"]},
            )


def extensions_waiting(actor: Actor) -> None:
    """A coordinator's extension requests to answer (each line opens the case to answer it)."""
    with read_session() as session:
        asked = requests.pending_for(session, actor=actor)
    if asked:
        st.subheader(texts.HOME_EXTENSIONS + f"（{len(asked)}）")
        for request in asked:
            st.page_link(
                "pages/case.py",
                label=texts.HOME_EXTENSION_LINE.format(
                    number=request["number"],
                    who=request["who"],
                    proposed=request["proposed"].isoformat(),
                    old=request["old"].isoformat(),
                    reason=literal(request["reason"]),
                ),
                query_params={"id": request["case_id"]},
            )
