"""Texts of 包案领导 as accounts (issue 23): the lead leader's rules, the 五个一 of a hard case,
the leader's own cases on the home page, and the bulk hand-over from one leader to another."""

E_LEADER_MISSING = "包案领导账号不存在或已停用，请重新选择。"
E_LEADER_NOT_LEADER = "“{name}”不是领导账号，包案领导须选择领导角色的账号。"
E_LEADER_OUT_OF_SCOPE = "“{name}”的单位（{unit}）管辖范围不包含此案件，不能担任包案领导。"
E_HARD_CASE_TEAM = (
    "此案件为疑难案件（高风险、紧急或挂牌督办），交办须落实“五个一”：请填写工作专班成员。"
)
E_HARD_CASE_PLAN = (
    "此案件为疑难案件（高风险、紧急或挂牌督办），交办须落实“五个一”：请填写化解方案。"
)
LEADER_PICK = "包案领导（账号）"
LEADER_NONE = "（本案所在单位及上级单位暂无领导账号）"
LEAD_TEAM = "工作专班（成员姓名）"
LEAD_TEAM_HINT = "疑难案件必填，如：王刚、李梅、孙丽"
FIVE_ONES = "五个一"
FIVE_ONES_ROWS = {
    "leader": "一名包案领导",
    "team": "一个工作专班",
    "plan": "一套化解方案",
    "deadline": "一个化解时限",
    "checkins": "包案领导办理记录",
}
FIVE_ONES_MISSING = "未落实"
FIVE_ONES_NO_CHECKINS = "包案领导尚无办理记录"
LEADER_AS_RECORDED = "（按原记录，无账号）"
MY_LEAD_CASES = "我包案的案件"
MY_LEAD_LINE = "{number}　{stage}　化解时限：{deadline}{overdue}　{idle}"
MY_LEAD_OVERDUE = "（已超期）"
MY_LEAD_IDLE = "{days} 天未办理"
MY_LEAD_WORKED_TODAY = "今日有办理"
LEDGER_LEADER_PICK = "包案领导（账号）"
# The bulk hand-over (包案领导调整) in 系统管理 and the ledger.
HANDOVER_TITLE = "包案领导调整（领导岗位变动时批量移交）"
HANDOVER_FROM = "原包案领导"
HANDOVER_TO = "新包案领导"
HANDOVER_REASON = "调整原因"
HANDOVER_PICK = "移交的案件（不勾选即移交全部未结案件）"
HANDOVER_SUBMIT = "移交"
HANDOVER_DONE = "已移交 {count} 件。"
HANDOVER_REFUSED = "未移交 {count} 件："
HANDOVER_WHY = "未移交原因"
HANDOVER_TAB = "包案领导调整"
HANDOVER_NOTHING = "原包案领导在管辖范围内没有未结案件。"
E_HANDOVER_SAME = "原包案领导与新包案领导相同。"
E_HANDOVER_NOT_OPEN = "案件已办结，不再调整包案领导。"
E_HANDOVER_NOT_LED = "案件的包案领导不是原包案领导。"
