"""The reception register (领导接访下访登记, issue 23): its page, refusals, monthly report and
the dashboard's table."""

PAGE_RECEPTIONS = "接访下访登记"

# Refusals.
E_RECEPTION_UNKNOWN = "没有这条接访记录。"
E_RECEPTION_NOT_LEADER = "接访领导须是在用的领导账号。"
E_RECEPTION_OWN_ONLY = "领导只能登记本人的接访下访。"
E_RECEPTION_LEADER_SCOPE = "只能为本辖区的领导登记接访下访。"
E_RECEPTION_UNIT_SCOPE = "接访单位须在您所在单位及下级单位的范围内。"
E_RECEPTION_UNIT_NOT_LEADERS = "接访单位须在该领导的辖区内。"
E_RECEPTION_PLANNED_PAST = "计划接访的日期不能早于今天；已经接待的请登记为已完成。"
E_RECEPTION_NO_VISITORS = "已完成的接访至少接待 1 人。"
E_RECEPTION_REQUIRED = {
    "raised": "请填写来访人反映的问题。",
    "decided": "请填写领导的处理意见。",
}
E_RECEPTION_NOT_PLANNED = "这次接访已经完成，不能再次完成。"
E_RECEPTION_STALE = "这条接访记录已被他人修改，请刷新后重试。"
E_RECEPTION_ALREADY_LINKED = "案件 {number} 已关联到这次接访。"
E_RECEPTION_OPEN_PLANNED = "计划中的接访还未举行，完成后才能登记新案件。"

# Audit rows (never a visitor's name).
RECEPTION_AUDIT = "接访 {day} {kind} · {leader} · {status}"
RECEPTION_AUDIT_LINKED = "关联案件到接访"
RECEPTION_AUDIT_OPENED = "由接访登记新案件（来访）"

# The monthly report (领导接访下访情况登记表).
RC_TITLE = "领导接访下访情况登记表"
RC_UNIT = "单位：{unit}"
RC_MONTH = "月份：{year}年{month}月"
RC_SHEET = "统计"
RC_SHEET_LIST = "接访登记"
RC_COLUMNS = ("接访领导", "方式", "接访次数", "来访人数", "涉及案件", "新登记案件", "已推进案件")
RC_LIST_COLUMNS = (
    "日期", "方式", "接访领导", "单位", "地点", "来访人数", "涉及案件", "新登记案件"
)  # fmt: skip
RC_TOTAL = "合计"
RC_DEFINITION = (
    "口径：本单位及下级单位当月已完成的接访（接访、约访、下访、带案下访），按接访领导和方式统计；"
    "涉及案件为关联到接访的案件数，新登记案件为由接访登记（来访）的案件数，"
    "已推进案件为关联后有过交办、调处、化解、移交或上报等办理环节的案件数。计划中的接访不计。"
)
RC_FILE = "领导接访下访情况登记表_{unit}_{year}年{month}月.xlsx"
RC_AUDIT = "领导接访下访情况登记表 {unit} {year}年{month}月"

# The page.
RECEPTION_INTRO = (
    "登记领导接访、约访、下访和带案下访：接访领导、来访人数、反映问题和处理意见，以及涉及的案件。"
    "登记簿按日期、领导、方式和单位查看，不按来访人查询或统计。"
)
RECEPTION_TAB_LIST = "登记簿"
RECEPTION_TAB_NEW = "登记接访"
RECEPTION_TAB_REPORT = "月报表"
RECEPTION_FIELDS = {
    "leader_id": "接访领导",
    "unit_id": "单位",
    "kind": "方式",
    "status": "状态",
    "place": "地点",
    "held_on": "日期",
    "visitors": "来访人数",
    "accompanied": "陪同人员",
    "raised": "反映问题",
    "decided": "处理意见",
    "visitor_names": "来访人姓名（选填）",
    "visitor_phones": "来访人电话（选填）",
    "recorded_by": "登记人",
}
RECEPTION_VISITOR_NOTE = (
    "来访人姓名和电话为选填，只保存在本次接访记录中，电话脱敏显示；不能按来访人查询或统计。"
)
RECEPTION_SUBMIT = "保存接访记录"
RECEPTION_SAVED = "接访记录已保存，已在登记簿中打开。"
RECEPTION_NO_LEADERS = "本辖区还没有在用的领导账号，无法登记接访。"
RECEPTION_COMPLETE = "完成计划接访"
RECEPTION_COMPLETED = "计划接访已完成。"
RECEPTION_YEAR = "年份"
RECEPTION_MONTH = "月份"
RECEPTION_ANY = "全部"
RECEPTION_COLUMNS = {
    "held_on": "日期",
    "kind": "方式",
    "status": "状态",
    "leader": "接访领导",
    "unit": "单位",
    "place": "地点",
    "visitors": "来访人数",
    "cases": "涉及案件",
    "opened": "新登记案件",
}
RECEPTION_LIST_CAPTION = "{year}年{month}月 共 {count} 次接访下访"
RECEPTION_LIST_EMPTY = "这个月还没有接访下访记录。"
RECEPTION_PICK = "查看接访"
RECEPTION_PICK_LINE = "{day} {kind} · {leader} · {place}"
RECEPTION_HEADLINE = "**{day} {kind}（{status}）** · {leader} · {unit}"
RECEPTION_CASES = "涉及案件（{count} 件）"
RECEPTION_CASE_LINE = "{number} · {stage}{opened}"
RECEPTION_CASE_OPENED = " · 由本次接访登记"
RECEPTION_LINK = "关联已有案件"
RECEPTION_LINK_NUMBER = "按案件编号查找"
RECEPTION_LINK_NONE = "本辖区没有编号包含这些字符的案件。"
RECEPTION_LINKED = "案件 {number} 已关联到这次接访。"
RECEPTION_OPEN_CASE = "由本次接访登记新案件"
RECEPTION_OPEN_SUBMIT = "登记案件（来访）"
RECEPTION_CASE_SAVED = "已登记案件 {number}（来访），并关联到这次接访。"
RECEPTION_REPORT_MAKE = "生成月报表（Excel）"

# The dashboard.
RECEPTION_DASH_TITLE = "本月领导接访下访"
RECEPTION_DASH_EMPTY = "本月还没有已完成的接访下访。"
RECEPTION_DASH_CAPTION = (
    "本月本单位及下级单位已完成的接访下访，按接访领导统计，口径同“接访下访登记”中的月报表："
    "已推进案件为关联后有过交办、调处、化解、移交或上报等办理环节的案件。"
)
# The case page: the reception a case was registered from (db.receptions.origin).
RECEPTION_ORIGIN = "由 {day} {leader}{kind}登记"
