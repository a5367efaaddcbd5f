"""Chart builders for daily reports: pure functions from small frames to Altair charts. No
Streamlit here, so the specs are tested as data."""

import altair as alt
import pandas as pd

from db import texts
from db.enums import ReportStatus

# Reported green, zero reported a lighter green (both count as reported), missing red.
STATUS_COLOURS = {
    ReportStatus.REPORTED: "#2e7d32",
    ReportStatus.ZERO: "#a5d6a7",
    ReportStatus.MISSING: "#c62828",
}


def calendar_heatmap(cells: list[tuple[str, object, ReportStatus]]) -> alt.Chart:
    """A unit × day grid coloured by each day's report status, with the exact status, unit and
    date on hover. `cells` are (unit name, day, status) as db.figures.reporting.calendar gives."""
    C = texts.REPORT_COLS
    frame = pd.DataFrame(
        {
            "unit": [c[0] for c in cells],
            "day": [f"{c[1]:%m-%d}" for c in cells],  # labels, not dates, travel in the spec
            "status": [texts.label(c[2]) for c in cells],
        }
    )
    domain = [texts.label(s) for s in STATUS_COLOURS]
    rows = frame["unit"].nunique()
    return (
        alt.Chart(frame, height=max(80, 22 * rows))
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("day:O", title=C["day"], axis=alt.Axis(labelAngle=-60)),
            y=alt.Y("unit:N", title=C["unit"], sort=None),
            color=alt.Color(
                "status:N",
                title=C["status"],
                scale=alt.Scale(domain=domain, range=list(STATUS_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=C["unit"]),
                alt.Tooltip("day:O", title=C["day"]),
                alt.Tooltip("status:N", title=C["status"]),
            ],
        )
    )
