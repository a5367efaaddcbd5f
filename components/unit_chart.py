"""The dashboard's unit chart (按下一级单位) shows any headline figure (issue 20): the counts,
or one figure per unit one level down (db.figures.unit_figures), chosen in a select box, with
the target in force as a dashed rule and the definition in the offices' words."""

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from components import charts
from components.chart_specs import Spec
from components.dashboard_figures import CACHE_SECONDS
from db import texts
from db.core.actor import Actor
from db.core.engine import read_session
from db.enums import FigureCode
from db.figures.source import MetricFilter
from db.figures.unit_figures import CHOICES, OVERDUE, unit_figure

COUNTS = "counts"  # the registered, resolved, open and overdue counts (db.figures.metrics.by_unit)
KEY = "dashboard-unit-figure"


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def figure_frame(actor: Actor, f: MetricFilter, figure: str) -> pd.DataFrame:
    """One figure per unit one level down, cached per reader, filter and figure like the rest."""
    with read_session() as session:
        return unit_figure(session, actor=actor, f=f, figure=figure)


def _name(choice: str) -> str:
    if choice == COUNTS:
        return texts.UNIT_FIGURE_COUNTS
    if choice == OVERDUE:
        return texts.UNIT_FIGURE_OVERDUE
    return texts.FIGURE_NAMES[FigureCode(choice)]


def chosen_unit_chart(
    actor: Actor, f: MetricFilter, counts: Spec, targets: dict[str, float]
) -> tuple[Spec | alt.TopLevelMixin, str]:
    """The select box, then (the chart, its definition) for the figure chosen; `counts` is the
    counts chart's finished spec (components.chart_specs), `targets` the targets in force
    (fractions by figure code)."""
    choice = st.selectbox(texts.UNIT_FIGURE, (COUNTS, *CHOICES), format_func=_name, key=KEY)
    if choice == COUNTS:
        return counts, texts.DEF_UNIT
    frame = figure_frame(replace(actor, client=""), f, choice)  # as the page's figures
    if choice == OVERDUE:
        chart = charts.bars(
            frame, category="unit", value="value", label=_name(choice), colour=charts.RED
        )
        return chart, texts.UNIT_FIGURE_CAPTION.format(definition=texts.DEF_OVERDUE)
    figure = FigureCode(choice)
    target = targets.get(str(figure))
    chart = charts.rate_bars(
        frame.assign(value=frame["value"].astype(float)),
        category="unit",
        label=_name(choice),
        parts=texts.UNIT_FIGURE_PARTS[figure],
        target=target,
    )
    caption = texts.UNIT_FIGURE_CAPTION.format(definition=texts.HL_DEFINITIONS[figure])
    if target is not None:
        caption += texts.UNIT_FIGURE_TARGET.format(target=f"{target:.0%}")
    return chart, caption
