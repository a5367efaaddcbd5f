"""The plans' headline figures on the dashboard: each against its target (met / near / missed,
with the gap in points) and against the previous period of the same length (▲/▼)."""

import pyarrow as pa
import streamlit as st

from db import texts
from db.figures.headline import HeadlineFigure


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def change(h: HeadlineFigure) -> str | None:
    """▲/▼ and the change in points against the previous period; None when either is missing."""
    if h.value is None or h.previous is None:
        return None
    points = (h.value - h.previous) * 100
    arrow = "▲" if points > 0 else "▼" if points < 0 else "＝"
    return texts.HL_CHANGE.format(arrow=arrow, points=points, previous=_pct(h.previous))


def plan_headline(figures: list[HeadlineFigure], *, key_prefix: str = "dashboard") -> None:
    """One box per figure (key <key_prefix>-headline-<figure>): the dashboard's, and home's."""
    st.caption(texts.HL_CAPTION)
    columns = st.columns(len(figures))
    for column, h in zip(columns, figures, strict=True):
        with column.container(border=True, key=f"{key_prefix}-headline-{h.figure}"):
            st.metric(
                texts.FIGURE_NAMES[h.figure],
                _pct(h.value),
                delta=change(h),
                help=texts.HL_DEFINITIONS[h.figure],
            )
            if h.standing is not None:
                st.markdown(
                    texts.HL_STANDING[h.standing].format(target=_pct(h.target), gap=h.gap_points)
                )


def ranking_tables(data: dict) -> dict[str, pa.Table]:
    """The two rankings as the page shows them (named columns, 化解率 in per cent), as Arrow
    tables: made once with the cached figures, so that a rerun converts no DataFrame."""
    tables = {}
    for name in texts.RANK_TITLES:
        frame = data[name]
        shown = frame.assign(resolution_rate=frame["resolution_rate"] * 100)
        tables[name] = pa.Table.from_pandas(
            shown.rename(columns=texts.RANK_COLUMNS), preserve_index=False
        )
    return tables


def unit_rankings(data: dict) -> None:
    """The units one level down ranked by 化解率 and by overdue (db.figures.ranking); the tables
    come made with the figures (ranking_tables)."""
    tables = data.get("rank_tables") or ranking_tables(data)
    columns = st.columns(2)
    for column, name in zip(columns, texts.RANK_TITLES, strict=True):
        with column.container(border=True, key=f"dashboard-{name}"):
            st.markdown(f"**{texts.RANK_TITLES[name]}**")
            st.dataframe(
                tables[name],
                hide_index=True,
                column_config={
                    texts.RANK_COLUMNS["resolution_rate"]: st.column_config.NumberColumn(
                        format="%.1f%%"
                    )
                },
            )
