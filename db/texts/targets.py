"""Words of the figures' definitions and targets (issue 20, part A)."""

from db.enums import FigureCode

__all__ = [
    "FIGURE_NAMES",
    "HL_CAPTION",
    "HL_CHANGE",
    "HL_DEFINITIONS",
    "HL_STANDING",
    "RANK_COLUMNS",
    "RANK_TITLES",
    "TGT_AUDIT",
    "TGT_CAPTION",
    "TGT_COLUMNS",
    "TGT_E_VALUE",
    "TGT_SAVE",
    "TGT_SAVED",
    "TGT_TAB",
    "TGT_DEFAULT",
    "TGT_YEAR",
    "UNIT_FIGURE",
    "UNIT_FIGURE_CAPTION",
    "UNIT_FIGURE_COUNTS",
    "UNIT_FIGURE_OVERDUE",
    "UNIT_FIGURE_PARTS",
    "UNIT_FIGURE_TARGET",
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
HL_CAPTION = "按计划口径的指标（与目标和上一个同样长的期间相比）"
HL_CHANGE = "{arrow} {points:+.1f} 个百分点（上期 {previous}）"
HL_STANDING = {
    "met": ":green[达标]（目标 {target}）",
    "near": ":orange[接近目标]（目标 {target}，差 {gap:.1f} 个百分点）",
    "missed": ":red[未达标]（目标 {target}，差 {gap:.1f} 个百分点）",
}
HL_DEFINITIONS = {
    FigureCode.RESOLUTION: "化解率 = 化解（含已销号）÷ 期内排查登记的全部纠纷（含在办）。",
    FigureCode.SUCCESS: "调解成功率 = 化解（含已销号）÷（化解 + 销号 + 移交）。",
    FigureCode.TIMELY: "及时上报率 = 期内排查的纠纷中当日或次日登记的 ÷ 期内排查的纠纷；导入的历史台账按排查日登记计。",
    FigureCode.REPORTING: "日报报送率 = 各日报送日报（含零报告）的单位数之和 ÷ 应报单位数之和，自各单位报送起始日起算。",
    FigureCode.SATISFACTION: "满意率 = 期内回访中当事人满意或基本满意的 ÷ 期内回访次数。",
}
RANK_TITLES = {
    "rank_resolution": "下一级单位化解率排名",
    "rank_overdue": "下一级单位超期排名",
}
RANK_COLUMNS = {
    "rank": "名次",
    "unit": "单位",
    "registered": "登记",
    "resolved": "化解",
    "open": "在办",
    "overdue": "超期",
    "resolution_rate": "化解率",
}
# The unit chart's figure (components.unit_chart, db.figures.unit_figures).
UNIT_FIGURE = "各单位图显示"
UNIT_FIGURE_COUNTS = "登记、化解、未结、超期件数"
UNIT_FIGURE_CAPTION = (
    "每个下一级单位按其本身及下属单位的案件、回访和日报分别计算；"
    "直接登记在当前单位本身的不计入任何下一级。{definition}"
)
UNIT_FIGURE_TARGET = "红色虚线为现行目标 {target}。"
UNIT_FIGURE_OVERDUE = "超期件数"
UNIT_FIGURE_PARTS = {  # the tooltip's part and whole of each figure
    FigureCode.RESOLUTION: ("化解件数", "排查登记件数"),
    FigureCode.SUCCESS: ("化解件数", "化解与移交件数"),
    FigureCode.TIMELY: ("当日或次日登记件数", "排查登记件数"),
    FigureCode.REPORTING: ("报送日报天次", "应报天次"),
    FigureCode.SATISFACTION: ("满意或基本满意次数", "回访次数"),
}
