"""周研判: the weekly analysis pack for a week and a scope, decisions written back on the cases,
and the pack as a printable workbook."""

from datetime import timedelta

import streamlit as st

from components import weekly_assign_view, weekly_view
from components.refusals import refusal_shown
from components.session import require_user
from db import texts
from db.clock import local_today
from db.core.engine import read_session
from db.core.units import unit_label, units_in_scope
from db.reports import weekly

actor = require_user("weekly")
st.title(texts.PAGE_WEEKLY)

with read_session() as session:
    units = units_in_scope(session, actor)
left, right = st.columns([1, 2])
# Last week by default: the meeting studies the week that has ended.
day = left.date_input(
    texts.WEEKLY_WEEK,
    value=local_today() - timedelta(days=7),
    key="weekly-week",
    format="YYYY-MM-DD",
)
day = min(day, local_today())  # a week to come shows this week (no max_value: its English text)
unit = right.selectbox(texts.WEEKLY_SCOPE, units, format_func=unit_label, key="weekly-unit")
unit_id = None if unit is None or unit.id == actor.unit_id else unit.id
with refusal_shown(stop=True), read_session() as session:
    pack = weekly.weekly_pack(session, actor=actor, week_start=day, unit_id=unit_id)

st.subheader(texts.WEEKLY_HEADER.format(scope=pack.scope_name, start=pack.start, end=pack.end))
st.caption(texts.WEEKLY_DEF)
weekly_view.download(actor, pack)
weekly_view.sections(pack)
weekly_assign_view.handout_section(actor, pack, unit_id)
weekly_view.decision_form(actor, pack)
