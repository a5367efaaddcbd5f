"""系统管理 → 目标: the figures' targets of a year (db.figures.targets)."""

import pandas as pd
import streamlit as st

from components.refusals import refusal_shown
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.enums import FigureCode
from db.figures.targets import DEFAULTS, set_targets, targets_in_force, year_targets


def targets_tab(actor: Actor) -> None:
    st.caption(texts.TGT_CAPTION)
    year = int(
        st.number_input(
            texts.TGT_YEAR, 2000, 2100, local_today().year, step=1, key="admin-target-year"
        )
    )
    with read_session() as session:
        chosen = year_targets(session, year)
        in_force = targets_in_force(session, year)
    values: dict[FigureCode, float | None] = {}
    for figure in FigureCode:
        default = DEFAULTS.get(figure)
        values[figure] = st.number_input(
            texts.FIGURE_NAMES[figure]
            + (texts.TGT_DEFAULT.format(value=default) if default is not None else ""),
            min_value=0.0,
            max_value=100.0,
            value=chosen.get(figure),
            step=0.5,
            key=f"admin-target-{figure}-{year}",
        )
    st.dataframe(
        pd.DataFrame(
            [(texts.FIGURE_NAMES[f], in_force[f]) for f in FigureCode if f in in_force],
            columns=[texts.TGT_COLUMNS["figure"], texts.TGT_COLUMNS["target"]],
        ),
        hide_index=True,
    )
    if not st.button(texts.TGT_SAVE, key="admin-target-save", type="primary"):
        return
    with refusal_shown() as refused, write_session() as session:
        set_targets(session, actor, year=year, values=values)
    if not refused:
        st.success(texts.TGT_SAVED.format(year=year))
