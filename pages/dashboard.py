"""领导看板: live figures and charts of how disputes are resolved, in the reader's scope.

Every figure comes from db.figures.metrics (one SQL definition each); this page only asks and draws.
Figures are cached for a short while per scope and filter; the page refreshes itself."""

from dataclasses import replace
from functools import partial

import streamlit as st

from components import dashboard_reads as reads
from components import dashboard_view
from components.bulletin_view import bulletin_tab
from components.case_life_view import waiting_by_unit
from components.chart_specs import draw
from components.dashboard_figures import (
    DEFINITIONS,
    build_chart,
    chart_picture,
    export,
    figures,
)
from components.forms import literal
from components.headline_view import plan_headline, unit_rankings
from components.mediation_return_view import mediation_return_offer
from components.reception_report_view import leaders_this_month
from components.refusals import refusal_shown
from components.session import require_user
from components.unit_chart import chosen_unit_chart
from db import texts
from db.core.settings import dashboard_refresh_seconds
from db.enums import FigureCode

# The figures' cache (components.dashboard_figures) lives 30 s, less than one refresh, so a
# change in the ledger shows within one refresh.
REFRESH_SECONDS = dashboard_refresh_seconds()

actor = require_user("dashboard")
st.title(texts.PAGE_DASHBOARD)
# Folded, so a phone's first screen shows the headline figures; the filters in force are
# summed up in the caption above the figures.
with st.expander(texts.DASH_FILTERS_FOLDED):
    f = dashboard_view.filter_bar(actor)


@st.fragment(run_every=REFRESH_SECONDS)
def live() -> None:
    grain = st.radio(
        texts.DASH_GRAIN,
        ["week", "month"],
        index=1,
        format_func=texts.DASH_GRAINS.get,
        horizontal=True,
        key="dashboard-grain",
    )
    with refusal_shown() as refused:
        # The same person on two devices shares one cached result: the client address is no
        # part of what the figures depend on.
        data = figures(replace(actor, client=""), f, grain)
    if refused:
        return
    scope = st.session_state.get("dashboard-scope-name") or actor.unit_name
    plain = dashboard_view.described(f, scope)  # for the files handed on, as it reads
    in_force = literal(plain)  # for Markdown captions: unit and campaign names as typed
    st.caption(
        texts.DASH_READ_AT.format(time=data["read_at"], seconds=REFRESH_SECONDS) + "　" + in_force
    )
    plan_headline(data["headline"])
    resolution = next(h for h in data["headline"] if h.figure == FigureCode.RESOLUTION)
    below = resolution.target if resolution.standing in ("near", "missed") else None
    dashboard_view.headline(data["summary"], data["supervision"], data["reporting"], below)
    if data["summary"].registered == 0:
        st.info(texts.DASH_EMPTY)
        return
    unit_rankings(data)
    frames = data  # labelled in the cache (components.dashboard_figures.figures)
    left, right = st.columns(2)
    for i, (name, spec) in enumerate(data["specs"].items()):
        with (left if i % 2 == 0 else right).container(border=True, key=f"dashboard-chart-{name}"):
            st.markdown(f"**{texts.DASH_CHARTS[name]}**")
            definition = DEFINITIONS[name]
            # Finished with the figures (components.chart_specs); built anew only for a PNG.
            chart, picture = spec, partial(build_chart, name, frames, grain)
            if name == "unit":  # any headline figure per unit (components.unit_chart)
                chart, definition = chosen_unit_chart(actor, f, spec, data["targets"])
                if not isinstance(chart, dict):  # a figure chosen: an Altair chart
                    picture = chart
            draw(chart)
            st.caption(definition + "（" + in_force + "）")
            chart_picture(actor, picture, name, plain, definition)
    export(actor, frames, plain, grain)


live()
# Below the figures, read as they are: at most CACHE_SECONDS old (components.dashboard_reads).
# 上报待接收, by unit, with the days waited.
waiting_by_unit(actor, key="dashboard-waiting", read=reads.waiting)
# Receptions per leader this month, the cases they opened and moved (db.receptions.counts).
leaders_this_month(actor, f.unit_id, read=reads.receptions)
# The supervision bulletin (督查通报) for leaders and coordinators, read-only; supervisors make
# it on /inspections.
with st.expander(texts.DASH_BULLETIN):
    bulletin_tab(actor, read=reads.bulletin_report)
# 人民调解统计表 for the unit shown, for those who may export (components.mediation_return_view).
mediation_return_offer(
    actor, f.unit_id, st.session_state.get("dashboard-scope-name") or actor.unit_name
)
