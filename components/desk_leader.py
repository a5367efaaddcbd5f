"""The leader's desk (领导, issue 21): the plans' headline figures this year against their
targets (db.figures.headline, drawn as on the dashboard), the cases flagged for supervision
(挂牌督办) with their progress, and the way to the dashboard and the weekly pack. (包案 cases
come when leaders are accounts: the leaders' issue.)"""

from datetime import date

import streamlit as st

from components.desk_lines import case_lines, progress
from components.headline_view import plan_headline
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session
from db.dashboard import desk
from db.dashboard.desk import DeskLine
from db.figures.headline import headline_figures
from db.figures.source import MetricFilter


def _flagged_line(line: DeskLine) -> str:
    worked = (
        texts.DESK_FLAGGED_WORKED.format(day=line.worked_on.isoformat())
        if line.worked_on
        else texts.DESK_FLAGGED_IDLE
    )
    return progress(line) + worked


def leader_desk(actor: Actor) -> None:
    today = local_today()
    with read_session() as session:
        figures = headline_figures(
            session, actor=actor, f=MetricFilter(start=date(today.year, 1, 1), end=today)
        )
        flagged = desk.flagged_cases(session, actor=actor)
    with st.container(key="home-headline"):
        st.subheader(texts.DESK_HEADLINE)
        plan_headline(figures, key_prefix="home")
    case_lines(texts.DESK_FLAGGED, flagged, key="flagged", label=_flagged_line)
    links = st.container(horizontal=True, key="home-leader-links")
    links.page_link("pages/dashboard.py", label=texts.DESK_GO_DASHBOARD)
    links.page_link("pages/weekly.py", label=texts.DESK_GO_WEEKLY)
