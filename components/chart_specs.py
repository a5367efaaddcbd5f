"""Finished chart specifications: an Altair chart converted once, as `st.altair_chart` would
send it, then drawn from that dict on every rerun.

`st.altair_chart` converts and validates the chart against the Vega-Lite schema on every call
(Altair's `to_dict`: most of a cached dashboard rerun with seven charts). What it sends is plain
data, the spec with its datasets as Arrow bytes under content-hash names: kept with the figures
(components.dashboard_figures), `st.vega_lite_chart` draws it without Altair. Converted by
Streamlit's own converter (streamlit pinned in requirements.txt), so the element is the one
`st.altair_chart` draws; tests/pages/test_dashboard_specs.py compares the two."""

from typing import Any

import altair as alt
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from components import charts

Spec = dict[str, Any]


def finished(chart: alt.TopLevelMixin) -> Spec:
    """The themed chart (components.charts.themed) as the spec the page draws."""
    return _convert_altair_to_vega_lite_spec(charts.themed(chart))


def draw(chart: Spec | alt.TopLevelMixin) -> None:
    """A finished spec (a fresh copy: Streamlit edits the dict it is given, and st.cache_data
    hands out a new one on every hit), or an Altair chart made on this rerun."""
    if isinstance(chart, dict):
        st.vega_lite_chart(chart, width="stretch")
    else:
        st.altair_chart(charts.themed(chart), width="stretch")
