"""The dashboard's files as an office hands them on: a chart picture names what it shows, and
the workbook writes rates as percentages and days as dates (no pixels, no Streamlit)."""

import io
from datetime import date

import pandas as pd
from openpyxl import load_workbook

from components import charts
from components.chart_export import titled
from components.dashboard_workbook import page_workbook
from db import texts


def test_a_chart_picture_carries_its_title_the_filters_and_the_definition() -> None:
    frame = pd.DataFrame({"category": ["邻里纠纷"], "registered": [3]})
    chart = charts.bars(frame, category="category", value="registered", label="登记")
    spec = charts.themed(
        titled(
            chart,
            texts.DASH_CHARTS["category"],
            ["排查日期 2026-01-01 至 2026-03-31；青石镇", texts.DEF_CATEGORY],
        )
    ).to_dict()
    assert spec["title"]["text"] == texts.DASH_CHARTS["category"]
    assert spec["title"]["subtitle"] == [
        "排查日期 2026-01-01 至 2026-03-31；青石镇",
        texts.DEF_CATEGORY,
    ]


def test_count_axes_have_whole_number_ticks() -> None:
    frame = pd.DataFrame({"category": ["邻里纠纷"], "registered": [1]})
    axis = charts.bars(frame, category="category", value="registered", label="登记").to_dict()
    assert axis["encoding"]["x"]["axis"] == {"format": "d", "tickMinStep": 1}


def test_the_workbook_writes_rates_as_percentages_and_periods_as_dates() -> None:
    trend = pd.DataFrame(
        {
            "period": [date(2026, 1, 1), date(2026, 2, 1)],
            "registered": [10, 4],
            "resolved": [9, 1],
            "finished": [10, 2],
            "rate": [0.9, 0.5],
        }
    )
    data = page_workbook(
        {"趋势": trend},
        [("化解率", 0.875, "0.0%"), ("登记", 14, None)],
        in_force="排查日期 2026-01-01 至 2026-02-28；=青石镇",
        read_at="2026-03-01 08:00:00",
        definitions=[texts.DEF_ON_TIME],
    )
    book = load_workbook(io.BytesIO(data))
    first, sheet = book.worksheets
    assert first.title == texts.HANDOVER_FIRST_SHEET
    assert first["B2"].value == "排查日期 2026-01-01 至 2026-02-28；=青石镇"
    assert [c.value for c in sheet[1]] == [
        "期间起始日",
        "登记件数",
        "化解件数",
        "已办结件数",
        "化解率",
    ]
    assert sheet["A2"].value.date() == date(2026, 1, 1) and sheet["A2"].is_date
    assert (sheet["E3"].value, sheet["E3"].number_format) == (0.5, "0.0%")
    rate = next(r for r in first.iter_rows() if r[0].value == "化解率")[1]
    assert (rate.value, rate.number_format) == (0.875, "0.0%")
