"""The dashboard's figures (cached per reader and filter), its charts, and their export."""

from collections.abc import Callable
from datetime import datetime

import altair as alt
import streamlit as st

from components import charts
from components.chart_export import chart_png, titled
from components.chart_specs import finished
from components.dashboard_view import labelled
from components.dashboard_workbook import (
    definitions_of_the_figures,
    headline_values,
    page_workbook,
)
from components.delivery import XLSX, download_link
from components.forms import kept_open
from components.headline_view import ranking_tables
from components.summary_sheet import one_page
from db import texts
from db.clock import LOCAL_ZONE
from db.core.actor import Actor
from db.core.engine import get_engine
from db.dashboard.figures import read_figures
from db.enums import FigureCode
from db.figures.metrics import MetricFilter
from db.io.delivery import Offer

CACHE_SECONDS = 30


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def figures(actor: Actor, f: MetricFilter, grain: str) -> dict:
    """All figures for one reader and one filter: the actor (and so the scope) is in the key;
    labelled as the page shows them (components.dashboard_view.labelled). With them, under
    "specs", the seven charts finished (components.chart_specs): a rerun that hits this cache
    draws them without building or validating a chart, nor labelling a frame."""
    data = read_figures(get_engine(), actor=actor, f=f, grain=grain)  # type: ignore[arg-type]
    data = {**data, "read_at": datetime.now(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M:%S")}
    if data["summary"].registered == 0:  # the page shows no charts
        return {**data, "specs": {}}
    data = labelled(data)
    built = build_charts(data, grain)
    specs = {name: finished(chart) for name, chart in built.items()}
    return {**data, "specs": specs, "rank_tables": ranking_tables(data)}


def build_charts(data: dict, grain: str) -> dict[str, alt.TopLevelMixin]:
    return {name: build_chart(name, data, grain) for name in DEFINITIONS}


def build_chart(name: str, data: dict, grain: str) -> alt.TopLevelMixin:
    """One chart of the page from its labelled figures (components.dashboard_view.labelled)."""
    C = texts.CHART
    if name == "trend":
        target = data.get("targets", {}).get(FigureCode.RESOLUTION)
        return charts.trend(data["trend"], grain=grain, target=target)
    if name == "levels":
        return charts.stacked_levels(data["levels"])
    if name == "risk":
        return charts.risk_donut(data["risk"])
    return {
        "category": lambda: charts.bars(
            data["category"],
            category="category",
            value="registered",
            label=C["registered"],
            extra=(("resolved", C["resolved"]), ("open", C["open"])),
        ),
        "unit": lambda: charts.bars(
            data["unit"],
            category="unit",
            value="registered",
            label=C["registered"],
            extra=(("resolved", C["resolved"]), ("open", C["open"]), ("overdue", C["overdue"])),
        ),
        "overdue_unit": lambda: charts.bars(
            data["overdue_unit"],
            category="unit",
            value="overdue",
            label=C["overdue"],
            colour=charts.RED,
        ),
        "overdue_person": lambda: charts.bars(
            data["overdue_person"],
            category="person",
            value="overdue",
            label=C["overdue"],
            colour=charts.RED,
        ),
    }[name]()


DEFINITIONS = {
    "trend": texts.DEF_TREND,
    "category": texts.DEF_CATEGORY,
    "unit": texts.DEF_UNIT,
    "levels": texts.DEF_LEVELS,
    "risk": texts.DEF_RISK,
    "overdue_unit": texts.DEF_OVERDUE_UNIT,
    "overdue_person": texts.DEF_OVERDUE_PERSON,
}


def chart_picture(
    actor: Actor,
    chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin],
    name: str,
    in_force: str,
    definition: str | None = None,
) -> None:
    """One chart's PNG, two clicks from the figure: this button, then the download link. The
    chart is built only then when `chart` is a builder (the page draws finished specs,
    components.chart_specs).
    The picture carries its title, the filters in force (period, unit) and the definition (the
    chart's own, or `definition` when the chart shows a figure chosen on the page)."""
    if st.button(texts.DASH_EXPORT_PNG, key=f"dashboard-png-{name}"):
        title = texts.DASH_CHARTS[name]
        lines = [in_force, definition or DEFINITIONS[name]]
        built = chart if isinstance(chart, alt.TopLevelMixin) else chart()
        png = chart_png(charts.themed(titled(built, title, lines)))
        download_link(
            actor,
            texts.DASH_DOWNLOAD.format(name=title),
            key=f"dashboard-png-download-{name}",
            offer=Offer(
                what="dashboard", file_name=f"{name}.png", mime="image/png", scope=in_force
            ),
            data=png,
        )


def export(actor: Actor, frames: dict, in_force: str, grain: str) -> None:
    """The page's data and the one-page summary, each handed to this session only
    (components.delivery), whose delivery is audited with the filters in force, each built
    only when asked (the workbook when the link is fetched, the summary on its button).
    `in_force` is plain text (not Markdown-escaped): it is written into the files as it reads."""
    with kept_open(texts.DASH_EXPORT, key="dashboard-export-open"):

        def offer(file_name: str, mime: str = XLSX) -> Offer:
            return Offer(what="dashboard", file_name=file_name, mime=mime, scope=in_force)

        sheets = {texts.DASH_CHARTS[name]: frames[name] for name in DEFINITIONS}
        headline = headline_values(
            frames["summary"], frames.get("supervision"), frames.get("headline", [])
        )
        definitions = definitions_of_the_figures()
        definitions += [texts.DASH_CHARTS[name] + "：" + DEFINITIONS[name] for name in DEFINITIONS]
        download_link(
            actor,
            texts.DASH_EXPORT_XLSX,
            key="dashboard-xlsx",
            offer=offer("dashboard.xlsx"),
            # built when fetched, from the figures on the page
            loader=lambda _session, _reader: page_workbook(
                sheets,
                headline,
                in_force=in_force,
                read_at=frames["read_at"],
                definitions=definitions,
            ),
        )
        if st.button(texts.DASH_SUMMARY_BUTTON, key="dashboard-summary"):
            trend = chart_png(charts.themed(build_chart("trend", frames, grain)), scale=1.0)
            sheet = one_page(
                frames["summary"],
                frames,
                in_force=in_force,
                read_at=frames["read_at"],
                trend_png=trend,
            )
            download_link(
                actor,
                texts.DASH_SUMMARY_DOWNLOAD,
                key="dashboard-summary-download",
                offer=offer("dashboard-summary.xlsx"),
                data=sheet,
            )
