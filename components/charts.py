"""Chart builders: pure functions from small aggregated data frames (db.figures.metrics) to Altair
charts with Chinese labels, tooltips carrying the exact numbers, and the target as a rule.
No Streamlit here, so specs are tested as data."""

import altair as alt
import pandas as pd

from db import texts
from db.enums import Risk

FONT = "Noto Sans CJK SC, Noto Sans CJK TC, Noto Sans CJK, sans-serif"
GREEN, RED, BLUE, GREY = "#2e7d32", "#c62828", "#1565c0", "#9e9e9e"
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)  # counts: whole-number ticks only


def _themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(labelFont=FONT, titleFont=FONT)
    )


def trend(
    frame: pd.DataFrame, *, grain: str = "month", target: float | None = None
) -> alt.LayerChart:
    """Registered and resolved per period (bars), the resolution rate (line, right axis) and
    the target in force (a dashed rule; none without a target: db.figures.targets)."""
    T = texts.CHART
    label = "%Y-%m" if grain == "month" else "%m-%d"
    data = frame.drop(columns=["period"]).assign(  # labels, not dates, travel in the spec
        period_label=[p.strftime(label) for p in frame["period"]],
        rate_pct=frame["rate"].astype(float),
    )
    counts = data.melt(
        id_vars=["period_label"],
        value_vars=["registered", "resolved"],
        var_name="what",
        value_name="n",
    ).assign(
        what=lambda d: d["what"].map({"registered": T["registered"], "resolved": T["resolved"]})
    )
    x = alt.X("period_label:N", title=T["period"], sort=None)
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=x,
            xOffset="what:N",
            y=alt.Y("n:Q", title=T["cases"], axis=COUNT_AXIS),
            color=alt.Color(
                "what:N",
                title="",
                scale=alt.Scale(domain=[T["registered"], T["resolved"]], range=[BLUE, GREEN]),
            ),
            tooltip=[
                alt.Tooltip("period_label:N", title=T["period"]),
                alt.Tooltip("what:N", title=""),
                alt.Tooltip("n:Q", title=T["cases"]),
            ],
        )
    )
    rate_axis = alt.Y(
        "rate_pct:Q", title=T["rate"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=RED)
        .encode(
            x=x,
            y=rate_axis,
            tooltip=[
                alt.Tooltip("period_label:N", title=T["period"]),
                alt.Tooltip("rate_pct:Q", title=T["rate"], format=".1%"),
                alt.Tooltip("finished:Q", title=T["finished"]),
                alt.Tooltip("resolved:Q", title=T["resolved"]),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(strokeDash=[6, 4], color=RED)
        .encode(
            y=alt.Y("target:Q", scale=alt.Scale(domain=[0, 1])),
            tooltip=[alt.Tooltip("target:Q", title=T["target"], format=".0%")],
        )
    )
    right = line if target is None else alt.layer(line, rule)
    return alt.layer(bars, right).resolve_scale(y="independent").properties(height=280)


def bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    label: str,
    colour: str = BLUE,
    extra: tuple[tuple[str, str], ...] = (),
) -> alt.Chart:
    """Horizontal bars sorted by value, largest first, with the exact numbers in the tooltip."""
    return (
        alt.Chart(frame)
        .mark_bar(color=colour)
        .encode(
            y=alt.Y(f"{category}:N", title="", sort="-x", axis=alt.Axis(labelOverlap=False)),
            x=alt.X(f"{value}:Q", title=label, axis=COUNT_AXIS),
            tooltip=[alt.Tooltip(f"{category}:N", title=""), alt.Tooltip(f"{value}:Q", title=label)]
            + [alt.Tooltip(f"{field}:Q", title=title) for field, title in extra],
        )
        .properties(height=alt.Step(24))
    )


def rate_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    label: str,
    parts: tuple[str, str],
    target: float | None = None,
) -> alt.TopLevelMixin:
    """A rate per unit (frame columns `category`, value, part, whole; value a fraction) as
    horizontal bars on a 0-100 % axis, highest first, the part and the whole in the tooltip,
    and the target in force as a dashed rule (none without a target: db.figures.targets)."""
    T = texts.CHART
    scale = alt.Scale(domain=[0, 1])
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y(f"{category}:N", title="", sort="-x", axis=alt.Axis(labelOverlap=False)),
            x=alt.X("value:Q", title=label, axis=alt.Axis(format="%"), scale=scale),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=""),
                alt.Tooltip("value:Q", title=label, format=".1%"),
                alt.Tooltip("part:Q", title=parts[0]),
                alt.Tooltip("whole:Q", title=parts[1]),
            ],
        )
    )
    if target is None:
        return bars.properties(height=alt.Step(24))
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(strokeDash=[6, 4], color=RED)
        .encode(
            x=alt.X("target:Q", scale=scale),
            tooltip=[alt.Tooltip("target:Q", title=T["target"], format=".0%")],
        )
    )
    return alt.layer(bars, rule).properties(height=alt.Step(24))


def stacked_levels(frame: pd.DataFrame) -> alt.Chart:
    """Resolved cases by the level that resolved them (不出村/不出镇/不出县), as one stacked bar."""
    T = texts.CHART
    return (
        alt.Chart(frame.assign(row=T["resolved"]))
        .mark_bar()
        .encode(
            x=alt.X("resolved:Q", title=T["cases"], stack="normalize", axis=alt.Axis(format="%")),
            y=alt.Y("row:N", title=""),
            color=alt.Color("level_label:N", title=T["level"], sort=list(frame["level_label"])),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("level_label:N", title=T["level"]),
                alt.Tooltip("resolved:Q", title=T["cases"]),
                alt.Tooltip("share:Q", title=T["share"], format=".1%"),
            ],
        )
        .properties(height=90)
    )


def risk_donut(frame: pd.DataFrame) -> alt.Chart:
    T = texts.CHART
    return (
        alt.Chart(frame)
        .mark_arc(innerRadius=50)
        .encode(
            theta=alt.Theta("open:Q"),
            color=alt.Color(
                "risk_label:N",
                title=T["risk"],
                scale=alt.Scale(
                    domain=[texts.label(r) for r in (Risk.HIGH, Risk.MEDIUM, Risk.LOW)],
                    range=[RED, "#ef6c00", GREEN],
                ),
            ),
            tooltip=[
                alt.Tooltip("risk_label:N", title=T["risk"]),
                alt.Tooltip("open:Q", title=T["open"]),
            ],
        )
        .properties(height=220)
    )


def themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with the CJK font named everywhere (for the page and for PNG export)."""
    return _themed(chart)
