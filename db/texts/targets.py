"""Words of the figures' definitions and targets (issue 20, part A)."""

from db.enums import FigureCode

__all__ = [
    "FIGURE_NAMES",
    "TGT_AUDIT",
    "TGT_CAPTION",
    "TGT_COLUMNS",
    "TGT_E_VALUE",
    "TGT_SAVE",
    "TGT_SAVED",
    "TGT_TAB",
    "TGT_DEFAULT",
    "TGT_YEAR",
]

FIGURE_NAMES = {
    FigureCode.RESOLUTION: "化解率",
    FigureCode.REPORTING: "日报报送率",
    FigureCode.TIMELY: "及时上报率",
    FigureCode.SUCCESS: "调解成功率",
    FigureCode.SATISFACTION: "满意率",
}
TGT_TAB = "目标"
TGT_YEAR = "年度"
TGT_CAPTION = (
    "各项指标的年度目标（%）。未设定的年度沿用默认：化解率 98%、日报报送率 100%、"
    "及时上报率 100%；留空则沿用默认（没有默认的指标不设目标）。"
)
TGT_COLUMNS = {"figure": "指标", "target": "现行目标（%）"}
TGT_SAVE = "保存目标"
TGT_SAVED = "已保存 {year} 年度目标。"
TGT_E_VALUE = "目标须在 0 到 100 之间。"
TGT_AUDIT = "设定{scope}目标：{figure} {value}"
TGT_DEFAULT = "（默认 {value:g}%）"
