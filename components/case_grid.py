"""A table of cases whose number opens the case in the same tab and the same session.

Why a selectable st.dataframe, not a LinkColumn nor rows drawn one by one: a LinkColumn (like any
Markdown link) opens a new browser tab, a fresh session that takes ~3 s to start; st.page_link and
st.switch_page move inside the session. A page_link per row would cost 50 rows × 15 columns of
elements per run and lose the grid (sorting, resizing, scrolling, copying). A dataframe in
single-cell selection mode keeps the grid: a click on a number cell reruns the script, which
switches to the case page — one click, same tab, same session. A click on any other cell only
selects it (to read a long text, say).
"""

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from db import texts


def case_grid(
    frame: pd.DataFrame,
    case_ids: Sequence[int],
    *,
    key: str,
    number_column: str,
    column_config: dict[str, Any] | None = None,
) -> None:
    """Draw `frame` (one row per case, in the order of `case_ids`); a click on a cell of
    `number_column` opens that case."""
    config = dict(column_config or {})
    config.setdefault(number_column, st.column_config.TextColumn(help=texts.CASE_LINK_HINT))
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config=config,
        key=key,
        on_select="rerun",
        selection_mode="single-cell",
    )
    for row, column in event.selection.cells:
        if column == number_column and 0 <= row < len(case_ids):
            st.switch_page("pages/case.py", query_params={"id": case_ids[row]})
