"""The coordinator's desk (综治办, issue 21): cases waiting to be assigned, reported up to this
level, overdue by unit, follow-ups due, settled on the spot this week, and the rectifications of
the units; every count the one the ledger shows for the same filter (db.dashboard.desk)."""

import streamlit as st

from components.desk_lines import all_link, box, case_lines, rectification_lines
from components.forms import literal
from components.ledger_link import ledger_params
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session
from db.dashboard import desk, desk_tasks
from db.enums import Stage

LEDGER = "pages/cases.py"


def coordinator_desk(actor: Actor) -> None:
    with read_session() as session:
        waiting = desk.waiting_assignment(session, actor=actor)
        reported = desk.reported_to_my_level(session, actor=actor)
        overdue_total, overdue = desk.overdue_by_unit(session, actor=actor)
        follow_ups = desk.follow_ups_due(session, actor=actor)
        settled = desk.settled_this_week(session, actor=actor)
        rectifications = desk_tasks.rectifications_due(session, actor=actor)
    left, right = st.columns(2)
    with left:
        case_lines(
            texts.DESK_WAITING,
            waiting,
            key="waiting",
            label=lambda line: texts.DESK_WAITING_LINE.format(
                number=line.number, unit=literal(line.unit), days=line.days
            ),
            more=(LEDGER, ledger_params(stage=Stage.REGISTERED)),
        )
        if reported.total:
            case_lines(
                texts.HOME_REPORTED_TO_ME,
                reported,
                key="reported",
                label=lambda line: texts.DESK_REPORTED_LINE.format(
                    number=line.number, unit=literal(line.unit), days=line.days
                ),
            )
        case_lines(
            texts.DESK_FOLLOW_UPS,
            follow_ups,
            key="follow-ups",
            label=lambda line: texts.DESK_FOLLOW_UP_LINE.format(
                number=line.number, unit=literal(line.unit), days=line.days
            ),
            more=(LEDGER, ledger_params(stage=Stage.RESOLVED)),
        )
    with right:
        with box(texts.DESK_OVERDUE, overdue_total, key="overdue"):
            if not overdue:
                st.caption(texts.DESK_NONE)
            for unit in overdue:
                if unit.unit_id is not None:
                    st.page_link(
                        LEDGER,
                        label=texts.DESK_OVERDUE_UNIT.format(
                            unit=literal(unit.unit), count=unit.count
                        ),
                        query_params=ledger_params(overdue=True, unit_id=unit.unit_id),
                    )
                elif unit.own:
                    st.text(texts.DESK_OVERDUE_OWN.format(unit=unit.unit, count=unit.count))
                else:
                    st.text(texts.DESK_OVERDUE_OUTSIDE.format(count=unit.count))
            all_link(overdue_total, (LEDGER, ledger_params(overdue=True)))
        case_lines(
            texts.DESK_SETTLED,
            settled,
            key="settled",
            label=lambda line: texts.DESK_SETTLED_LINE.format(
                number=line.number, unit=literal(line.unit), days=line.days
            ),
        )
        rectification_lines(texts.DESK_RECTIFICATIONS, rectifications, key="rectifications")
