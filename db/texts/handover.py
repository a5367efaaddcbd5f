"""Texts of the dashboard exports an office can hand on (issue 20 part C): the workbook's
first sheet and Chinese column headers, the chart pictures' titles, the folded filters."""

HANDOVER_FIRST_SHEET = "概要"
HANDOVER_HEADLINE = "主要数据"
HANDOVER_FILTERS = "筛选条件"
HANDOVER_READ_AT = "数据读取时间"
HANDOVER_DEFINITIONS = "口径说明"
HANDOVER_FIGURE = "指标"
HANDOVER_VALUE = "数值"
# Column headers of the figure sheets; code columns with a label twin are left out.
HANDOVER_COLUMNS = {
    "period": "期间起始日",
    "registered": "登记件数",
    "resolved": "化解件数",
    "finished": "已办结件数",
    "rate": "化解率",
    "category": "纠纷类型",
    "unit": "单位",
    "open": "未结件数",
    "overdue": "超期件数",
    "level_label": "化解层级",
    "share": "占比",
    "risk_label": "风险等级",
    "person": "责任人",
}
DASH_FILTERS_FOLDED = "筛选条件（点开修改）"
