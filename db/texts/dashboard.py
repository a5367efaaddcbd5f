"""The leaders' dashboard: its filters, figures and charts with their definitions, the export
of a chart or its data, and the one-page summary."""

# Filters.
DASH_PERIOD = "时间范围"
DASH_PERIODS = {
    "week": "本周",
    "month": "本月",
    "quarter": "本季度",
    "year": "本年",
    "custom": "自定义",
}
DASH_RANGE = "起止日期"
DASH_DRILL = "下钻到下一级单位"
DASH_DRILL_NONE = "（当前单位）"
DASH_UP = "返回上一级"
DASH_FILTER_PERIOD = "排查日期 {start} 至 {end}"
DASH_GRAIN = "按"
DASH_GRAINS = {"week": "周", "month": "月"}
DASH_READ_AT = "数据读取于 {time}，每 {seconds} 秒自动刷新。"
DASH_EMPTY = "所选范围内没有案件。"

# Headline figures and their definitions.
DASH_ON_TIME = "按期化解率"
DASH_REOPENED = "反弹"
DASH_REFERRED = "已移交"
DASH_MEDIAN = "化解用时中位数（天）"
DASH_BELOW_TARGET = "化解率低于 {target:.0%} 的目标。"
DASH_SUPERVISION_SCORE = "督查平均得分"
DASH_RECTIFICATIONS_OPEN = "整改未销号"
DASH_RECTIFICATIONS_OVERDUE = "整改超期"
DASH_REPORTING_RATE = "日报报送率"
DASH_BULLETIN = "督查通报"
DEF_ON_TIME = "按期化解率 = 在化解时限当天或之前化解的件数 ÷ 有化解时限的已化解件数。"
DEF_OVERDUE = "超期 = 期内登记、仍在办理中（受理、交办、调处）且已过化解时限的件数（按今天计）。"
DEF_MEDIAN = "化解用时 = 化解日期 − 排查日期（天），取中位数。"
DEF_SUPERVISION_SCORE = "期内（按督查日期）已提交督查的平均得分（百分制）：每次督查得分 = 合格项权重 ÷ 适用项权重。不按纠纷类型、风险筛选。"
DEF_RECTIFICATIONS = "当前未销号的整改任务（含已答复待核验）；超期 = 过了整改期限仍未答复。不按时间范围、纠纷类型筛选。"
DEF_REPORTING_RATE = "日报报送率 = 期内各日已报送日报（含零报告）的单位数之和 ÷ 应报送单位数 × 天数（自各单位报送起始日起算，今天以后的日子不计）。不按纠纷类型、风险筛选。"

# Charts: axis and legend words, titles, definitions.
CHART = {
    "registered": "登记",
    "resolved": "化解",
    "finished": "已办结",
    "open": "未结",
    "cases": "件数",
    "period": "时间",
    "rate": "化解率",
    "target": "目标",
    "level": "化解层级",
    "share": "占比",
    "risk": "风险等级",
    "overdue": "超期",
}
LEVEL_KEPT = {"village": "不出村", "town": "不出镇", "county": "不出县"}
DASH_CHARTS = {
    "trend": "登记与化解趋势",
    "category": "按纠纷类型",
    "unit": "按下一级单位",
    "levels": "化解层级（不出村/不出镇/不出县）",
    "risk": "未结案件风险构成",
    "overdue_unit": "超期案件（按单位）",
    "overdue_person": "超期案件（按责任人）",
}
DEF_TREND = "按排查日期分组：登记件数、其中已化解件数（柱），化解率（折线，已化解 ÷ 登记，含在办），虚线为现行化解率目标（系统管理 → 目标）。"
DEF_CATEGORY = "期内登记的案件按纠纷类型计数，鼠标悬停可见化解与未结件数。"
DEF_UNIT = "当前单位的下一级单位（含其下属单位）的登记、化解、未结、超期件数；直接登记在当前单位本身的案件不计入任何下一级。"
DEF_LEVELS = "已化解（含已销号）案件按最终化解层级：村（社区）级为“不出村”，镇（街道）级为“不出镇”，县级为“不出县”。"
DEF_RISK = "期内登记、仍在办理中的案件按风险等级计数。"
DEF_OVERDUE_UNIT = "期内登记、仍在办理中且已过化解时限的案件，按发生地单位计数。"
DEF_OVERDUE_PERSON = "期内登记、仍在办理中且已过化解时限的案件，按责任人计数。"

# Export of a chart or the page's data, and the one-page summary (xlsx).
DASH_EXPORT = "导出"
DASH_EXPORT_PNG = "生成图片（PNG）"
DASH_EXPORT_XLSX = "下载本页数据（xlsx，可打印）"
DASH_DOWNLOAD = "下载 {name}"
DASH_SUMMARY_BUTTON = "生成一页汇总（xlsx，打印用）"
DASH_SUMMARY_DOWNLOAD = "下载一页汇总"
SUMMARY_TITLE = "矛盾纠纷排查化解情况汇总"
SUMMARY_IN_FORCE = "统计口径：{in_force}"
SUMMARY_READ_AT = "数据读取于 {when}"
SUMMARY_HEADLINE = "主要指标"
SUMMARY_FIGURE = "指标"
SUMMARY_VALUE = "数值"
SUMMARY_UNIT = "单位"
SUMMARY_PERSON = "责任人"
SUMMARY_CATEGORY = "纠纷类型"
SUMMARY_TOP = "（前 {n} 项）"
SUMMARY_DEFINITIONS = "口径说明"

__all__ = [name for name in dir() if name.isupper()]
