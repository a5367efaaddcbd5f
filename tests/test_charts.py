"""Chart specs as data: marks, fields, the target rule, labels. No pixels."""

import io
from datetime import date

import pandas as pd
import pytest

from components import charts
from components.chart_export import frames_xlsx, sheet_name
from db import texts


@pytest.fixture
def monthly() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "period": [date(2026, 1, 1), date(2026, 2, 1)],
            "registered": [10, 4],
            "resolved": [9, 1],
            "finished": [10, 2],
        }
    )
    return frame.assign(rate=frame["resolved"] / frame["finished"])


def layers(spec: dict) -> list[dict]:
    found = []
    for layer in spec.get("layer", []):
        found.extend(layers(layer) if "layer" in layer else [layer])
    return found


def marks(spec: dict) -> list[str]:
    return sorted(
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in layers(spec)
    )


def test_trend_has_bars_a_rate_line_and_the_target_in_force_as_a_rule(monthly) -> None:
    spec = charts.trend(monthly, grain="month", target=0.95).to_dict()
    assert marks(spec) == ["bar", "line", "rule"]
    rule = next(layer for layer in layers(spec) if layer["mark"]["type"] == "rule")
    assert spec["datasets"][rule["data"]["name"]] == [{"target": 0.95}]
    # Without a target in force there is no rule.
    assert marks(charts.trend(monthly, grain="month").to_dict()) == ["bar", "line"]


def test_trend_labels_periods_by_month_and_keeps_exact_numbers_in_tooltips(monthly) -> None:
    spec = charts.trend(monthly, grain="month").to_dict()
    line = next(layer for layer in layers(spec) if layer["mark"]["type"] == "line")
    rows = spec["datasets"][line["data"]["name"]]
    assert [r["period_label"] for r in rows] == ["2026-01", "2026-02"]
    assert [r["rate_pct"] for r in rows] == [0.9, 0.5]
    titles = {t["title"] for t in line["encoding"]["tooltip"]}
    assert {texts.CHART["rate"], texts.CHART["finished"], texts.CHART["resolved"]} <= titles


def test_bars_sort_largest_first_with_chinese_titles() -> None:
    frame = pd.DataFrame({"category": ["邻里纠纷", "宅基地"], "registered": [3, 7]})
    spec = charts.bars(frame, category="category", value="registered", label="登记").to_dict()
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["x"]["title"] == "登记"


def test_the_theme_names_a_cjk_font() -> None:
    frame = pd.DataFrame({"category": ["邻里纠纷"], "registered": [3]})
    spec = charts.themed(
        charts.bars(frame, category="category", value="registered", label="登记")
    ).to_dict()
    assert "Noto Sans CJK" in spec["config"]["font"]


def test_exported_workbook_keeps_formula_looking_text_as_text() -> None:
    import io

    import openpyxl

    book = openpyxl.load_workbook(
        io.BytesIO(
            frames_xlsx(
                {"按纠纷类型": pd.DataFrame({"a": ["=HYPERLINK(1)", "+1", "ok"]})},
                title="t",
                lines=["x"],
            )
        )
    )
    assert [(c.value, c.data_type) for c in book["按纠纷类型"]["A"]][1:] == [
        ("=HYPERLINK(1)", "s"),
        ("+1", "s"),
        ("ok", "s"),
    ]


def test_sheet_names_lose_the_characters_excel_refuses() -> None:
    assert sheet_name("化解层级（不出村/不出镇/不出县）") == "化解层级（不出村·不出镇·不出县）"


def test_the_one_page_summary_holds_the_figures_and_prints_on_one_page() -> None:
    """The meeting handout: the headline figures as the page shows them, the units and the
    overdue people as tables, a formula-looking name kept as text, one A4 page when printed."""
    from openpyxl import load_workbook

    from components.summary_sheet import one_page
    from db.enums import FigureCode
    from db.figures.headline import HeadlineFigure
    from db.figures.metrics import Summary

    summary = Summary(
        registered=14,
        open=7,
        resolved=6,
        closed=2,
        referred=1,
        overdue=5,
        reopened=1,
        resolution_rate=6 / 7,
        on_time_rate=None,
        median_days_to_resolve=8.5,
    )
    frames = {
        "unit": pd.DataFrame(
            [(2, "青石镇", 9, 4, 4, 2, 0.8), (3, "=柳湾镇", 5, 2, 3, 3, 1.0)],
            columns=["unit_id", "unit", "registered", "resolved", "open", "overdue", "rate"],
        ),
        "category": pd.DataFrame(
            [("邻里纠纷", 8, 4, 3), ("债务纠纷", 6, 2, 4)],
            columns=["category", "registered", "resolved", "open"],
        ),
        "overdue_person": pd.DataFrame([("青石镇综治办 赵强", 3)], columns=["person", "overdue"]),
        "headline": [
            HeadlineFigure(
                figure=figure,
                value=value,
                previous=None,
                target=None,
                standing=None,
                gap_points=None,
            )
            for figure, value in (
                (FigureCode.RESOLUTION, 6 / 14),
                (FigureCode.SUCCESS, 6 / 7),
                (FigureCode.REPORTING, None),
            )
        ],  # fmt: skip
    }
    data = one_page(summary, frames, in_force="排查日期 2025-03-01 至 2025-03-31", read_at="x")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = {
        sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(1, sheet.max_row + 1)
    }
    assert cells["登记"] == 14 and cells["未结"] == 7 and cells["超期"] == 5
    assert cells["化解率"] == "42.9%"  # the plans' figures first, as the page shows them
    assert cells["调解成功率"] == "85.7%" and cells["按期化解率"] == "—"
    assert cells["日报报送率"] == "—"
    assert texts.HL_DEFINITIONS[FigureCode.RESOLUTION] in cells  # the definitions below
    assert cells["化解用时中位数（天）"] == 8.5
    assert cells["青石镇"] == 9 and cells["青石镇综治办 赵强"] == 3
    assert cells["=柳湾镇"] == 5  # read back as the name, not run as a formula
    assert any("2025-03-01 至 2025-03-31" in str(key) for key in cells)
    assert sheet.page_setup.fitToHeight == 1 and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"  # A4
