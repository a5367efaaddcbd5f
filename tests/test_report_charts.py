"""The daily reports' calendar heat map as data: one cell per unit and day, fixed colours."""

from datetime import date

from components.report_charts import STATUS_COLOURS, calendar_heatmap
from db import texts
from db.enums import ReportStatus as S


def test_heatmap_has_one_rect_per_unit_and_day_coloured_by_status() -> None:
    cells = [
        ("东河村", date(2025, 3, 3), S.ZERO),
        ("东河村", date(2025, 3, 4), S.MISSING),
        ("南湾村", date(2025, 3, 3), S.REPORTED),
        ("南湾村", date(2025, 3, 4), S.REPORTED),
    ]
    spec = calendar_heatmap(cells).to_dict()
    assert spec["mark"]["type"] == "rect"
    rows = spec["datasets"][spec["data"]["name"]]
    assert [(r["unit"], r["day"], r["status"]) for r in rows] == [
        ("东河村", "03-03", "零报告"),
        ("东河村", "03-04", "未上报"),
        ("南湾村", "03-03", "已上报"),
        ("南湾村", "03-04", "已上报"),
    ]
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours[texts.label(S.MISSING)] == STATUS_COLOURS[S.MISSING] == "#c62828"
    assert spec["encoding"]["y"]["title"] == texts.REPORT_COLS["unit"]
