"""The leader's desk (领导, issue 21): the plans' headline figures this year against their
targets (db.figures.headline, drawn as on the dashboard), the cases flagged for supervision
(挂牌督办) with their progress, the cases the leader leads (我包案的案件, issue 23), and the way
to the dashboard and the weekly pack."""

from dataclasses import replace
from datetime import date

import streamlit as st

from components.dashboard_figures import CACHE_SECONDS
from components.desk_lines import case_lines, progress
from components.headline_view import plan_headline
from components.ledger_link import ledger_params
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session
from db.dashboard import desk
from db.dashboard.desk import DeskLine
from db.figures.headline import HeadlineFigure, headline_figures
from db.figures.source import MetricFilter


def _flagged_line(line: DeskLine) -> str:
    worked = (
        texts.DESK_FLAGGED_WORKED.format(day=line.worked_on.isoformat())
        if line.worked_on
        else texts.DESK_FLAGGED_IDLE
    )
    return progress(line) + worked


def _lead_line(line: DeskLine) -> str:
    """Number, stage, deadline (overdue marked) and days since the last work on it."""
    idle = texts.MY_LEAD_IDLE.format(days=line.days) if line.days else texts.MY_LEAD_WORKED_TODAY
    return texts.MY_LEAD_LINE.format(
        number=line.number,
        stage=texts.label(line.stage),
        deadline=line.deadline.isoformat() if line.deadline else "—",
        overdue=texts.MY_LEAD_OVERDUE if line.overdue else "",
        idle=idle,
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _headline(actor: Actor, f: MetricFilter) -> list[HeadlineFigure]:
    """The dashboard's headline for its default period (this year up to today), cached as the
    dashboard caches it: per reader (the scope is in the key), for a short while."""
    with read_session() as session:
        return headline_figures(session, actor=actor, f=f)


def leader_desk(actor: Actor) -> None:
    today = local_today()
    figures = _headline(
        replace(actor, client=""), MetricFilter(start=date(today.year, 1, 1), end=today)
    )
    with read_session() as session:
        flagged = desk.flagged_cases(session, actor=actor)
        leading = desk.my_lead_cases(session, actor=actor)
    with st.container(key="home-headline"):
        st.subheader(texts.DESK_HEADLINE)
        plan_headline(figures, key_prefix="home")
    ledger = ("pages/cases.py", ledger_params(leader_id=actor.id))
    case_lines(texts.MY_LEAD_CASES, leading, key="lead-cases", label=_lead_line, more=ledger)
    case_lines(texts.DESK_FLAGGED, flagged, key="flagged", label=_flagged_line)
    links = st.container(horizontal=True, key="home-leader-links")
    links.page_link("pages/dashboard.py", label=texts.DESK_GO_DASHBOARD)
    links.page_link("pages/weekly.py", label=texts.DESK_GO_WEEKLY)
