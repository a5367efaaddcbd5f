"""Chart specs as data: marks, fields, the target rule, labels. No pixels."""

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


def test_trend_has_bars_a_rate_line_and_the_target_rule(monthly) -> None:
    spec = charts.trend(monthly, grain="month").to_dict()
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in layers(spec)
    ]
    assert sorted(marks) == ["bar", "line", "rule"]
    rule = next(layer for layer in layers(spec) if layer["mark"]["type"] == "rule")
    assert spec["datasets"][rule["data"]["name"]] == [{"target": 0.98}]


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
