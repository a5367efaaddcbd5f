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
