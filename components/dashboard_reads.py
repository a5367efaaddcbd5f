"""What the dashboard reads beside its figures, cached as long as they are (CACHE_SECONDS, per
reader and arguments): the cases waiting above, this month's receptions, the bulletin. Each was
a query on every rerun of the page (3-5 ms each at 1,000,000 cases, issue 22). The ledger and
/inspections keep reading them live; each component takes the reading as `read`."""

from dataclasses import replace
from datetime import date

import streamlit as st

from components.dashboard_figures import CACHE_SECONDS
from db.cases import report_up
from db.core.actor import Actor
from db.core.engine import read_session
from db.receptions.counts import ReceptionCount, reception_counts
from db.supervision import bulletin
from db.supervision.bulletin import Bulletin


def _key(actor: Actor) -> Actor:
    return replace(actor, client="")  # the same person on two devices: one cached result


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _waiting(actor: Actor) -> list[dict]:
    with read_session() as session:
        return report_up.waiting(session, actor=actor)


def waiting(actor: Actor) -> list[dict]:
    return _waiting(_key(actor))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _receptions(actor: Actor, start: date, end: date, unit_id: int | None) -> list[ReceptionCount]:
    with read_session() as session:
        return reception_counts(
            session, actor, start=start, end=end, unit_id=unit_id, by_kind=False
        )


def receptions(actor: Actor, start: date, end: date, unit_id: int | None) -> list[ReceptionCount]:
    return _receptions(_key(actor), start, end, unit_id)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _bulletin(actor: Actor, start: date, end: date) -> Bulletin:
    with read_session() as session:
        return bulletin.bulletin(session, actor=actor, start=start, end=end)


def bulletin_report(actor: Actor, start: date, end: date) -> Bulletin:
    return _bulletin(_key(actor), start, end)
