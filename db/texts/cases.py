"""The life of a case: intake, the ledger, the case page and its record, and the moves and
actions that carry a case from registration to closing."""

# Intake.
INTAKE_PARTY_COUNT = "当事人人数"
INTAKE_SUBMIT = "登记"
INTAKE_SAVED = "已登记，编号 {number}。"
INTAKE_FACTS_HINT = "时间、地点、起因、诉求等简要情况"
INTAKE_DUPLICATES = "注意：有 {count} 条记录显示，本案当事人也出现在其他未结或近 90 天内办结的案件中。您可以查看后决定是否仍然登记。"
INTAKE_DUPLICATE_HIT = "{number}（{stage}）— {name}，{matched}相同"
INTAKE_SAVE_ANYWAY = "仍然登记"
INTAKE_BACK = "返回修改"
OPEN_CASE = "打开案件 {number}"

# Ledger.
LEDGER_SEARCH = "搜索"
LEDGER_SEARCH_ANY_HINT = "编号、当事人姓名或简要情况中的任意字词"
LEDGER_SORT = "排序"
LEDGER_SORTS = {"found_on": "按排查日期（新→旧）", "deadline": "按化解时限（近→远）"}
LEDGER_OVERDUE = "已超期"
LEDGER_FROM = "排查日期自"
LEDGER_TO = "排查日期至"
LEDGER_TOTAL = "共 {total} 件，第 {page}/{pages} 页，每页 50 件。"
LEDGER_EMPTY = "没有符合条件的案件。"
LEDGER_PAGE = "页码"
CASE_LINK_HINT = "点击编号打开案件"
LEDGER_LEADER_HINT = "姓名或职务中的字词"

# One case.
CASE_STAGE = "当前阶段：{stage}"
CASE_ITEM = "项目"
CASE_VALUE = "内容"
CASE_TIMELINE = "处置记录"
CASE_NO_ID = "请从台账中选择一件案件。"

# The details of a record in the case's timeline, by key (moves, actions, imports, the weekly
# meeting's decisions).
DETAIL_KEYS = {
    "lead_leader": "包案领导",
    "team": "工作专班",
    "from_leader": "原包案领导",
    "to_leader": "新包案领导",
    "responsible_unit": "责任单位",
    "responsible_user": "责任人",
    "deadline": "化解时限",
    "method": "化解方式",
    "summary": "化解情况",
    "agreement_signed": "书面协议",
    "court_confirmed": "司法确认",
    "level": "化解层级",
    "channel": "移交途径",
    "reason": "理由",
    "note": "备注",
    "old_deadline": "原时限",
    "new_deadline": "新时限",
    "from_unit": "原承办单位",
    "to_unit": "上报至",
    "visited_on": "回访日期",
    "visitor": "回访人",
    "satisfaction": "满意度",
    "flared_up": "是否反弹",
    "flagged": "挂牌督办",
    "file": "导入文件",
    "row": "行号",
    "number": "编号",
    "meeting": "会议",
    "on_the_spot": "当场调结",
    "move": "办理",
    "handling_unit": "承办单位",
    "outcome": "移交结果",
    "decided_on": "结果日期",
    "waited_hours": "上级等待（小时）",
    "returned_to": "退回至",
    "proposed_deadline": "申请的新时限",
    "unit": "单位",
    "document": "附件",
    "document_kind": "附件类别",
    "no_agreement_reason": "未附签字协议书的原因",
    "minutes": "登记后分钟数",
}

# Revealing a party's full ID number and phone (audited).
REVEAL_REASON = "查看完整身份证号和电话的理由（将记入审计日志）"
REVEAL_SHOW = "显示完整信息"
REVEAL_ONCE = "完整信息仅本次显示，下一次操作后重新隐藏。已记入审计日志。"
E_REVEAL_REASON = "请填写查看完整个人信息的理由。"

# Moves and actions (db.cases.lifecycle, db.cases.moves, db.cases.actions).
E_MOVE = "不能{move}：案件当前处于“{stage}”，只有处于“{allowed}”的案件才能这样做。"
E_MOVE_ROLE = "您的角色不能{move}。"
E_NOT_HANDLER = "只有承办人、承办单位或综治办可以处理此案件。"
E_DEADLINE_PAST = "化解时限不能早于今天。"
E_PERSON_NOT_OF_UNIT = "责任人必须是责任单位的在岗人员。"
E_UNIT_NOT_WITHIN = "责任单位必须在您的管辖范围内（上报时须在上一级单位范围内）。"
E_CLOSE_NEEDS_FOLLOW_UP = "销号前须有一次化解后的回访，且回访未发现反弹。"
E_ESCALATE_TOP = "已在县级处理，无法再上报。"
E_COURT_NEEDS_AGREEMENT = "司法确认须以签订书面调解协议为前提。"
E_EXTEND_LATER = "新的化解时限须晚于原时限。"
E_EXTEND_CLOSED = "只有未办结的已交办案件可以延长时限。"
E_FOLLOW_UP_STAGE = "只有已化解的案件可以回访。"
E_FLAG_NOTE = "请填写督办说明。"
E_FLAG_FINISHED = "已办结的案件无需督办。"
E_STALE = "该案件已被 {who} 于 {when} 修改，您的修改未保存。请刷新后重试。"
E_STALE_UNKNOWN = "该案件已被他人修改，您的修改未保存。请刷新后重试。"

# The forms of the moves and actions.
MOVE_FIELDS = {
    "lead_leader": "包案领导",
    "lead_leader_id": "包案领导",
    "team": "工作专班",
    "measures": "化解方案",
    "responsible_unit_id": "责任单位",
    "responsible_user_id": "责任人",
    "deadline": "化解时限",
    "method": "化解方式",
    "summary": "化解情况",
    "agreement_signed": "已签订书面调解协议",
    "court_confirmed": "已经司法确认",
    "channel": "移交途径",
    "reason": "理由",
    "note": "备注（可不填）",
    "visited_on": "回访日期",
    "visitor": "回访人",
    "satisfaction": "当事人满意度",
    "flared_up": "发现反弹（纠纷再起）",
    "new_deadline": "新的化解时限",
    "flag_note": "督办说明",
    "plan": "四定",
}
MOVE_DONE = "已{move}。"
MOVE_NO_PEOPLE = "该单位没有可选的人员"
MOVE_DEADLINE_HELP = "按风险等级默认：高 7 天、中 15 天、低 30 天；可修改。"
MOVE_ESCALATE_TO = "上报至：{unit}（须在该单位范围内重新四定）"
MOVE_ESCALATE_NOT_HERE = "上一级单位不在您的管辖范围内：请由上一级综治办接收上报。"
FOLLOW_UP_SUBMIT = "保存回访"
FOLLOW_UP_DONE = "回访已记录。"
EXTEND_SUBMIT = "延长时限"
EXTEND_DONE = "化解时限已延长。"
FLAG_SUBMIT = "挂牌督办"
UNFLAG_SUBMIT = "取消督办"
FLAG_DONE = "督办标记已更新。"
FLAG_MARK = "【挂牌督办】"

# The case page's work area: what was decided so far, and a stale page.
CASE_WORK = "办理"
CASE_HANDLING = "承办单位：{unit}"
CASE_RESOLVED = "化解方式：{method}（{level}）；书面协议：{agreement}；司法确认：{court}"
CASE_REFERRED = "已移交：{channel}"
CASE_REOPENED = "回访发现反弹 {count} 次"
CASE_FOLLOW_UP = "回访 {date}，{visitor}，{satisfaction}，反弹：{flared}。{note}"
CASE_CHANGED_SINCE = (
    "您打开此页后，案件已被 {who} 于 {when} 修改（见处置记录）。请先载入最新情况再办理。"
)
CASE_RELOAD = "载入最新情况"

__all__ = [name for name in dir() if name.isupper()]
