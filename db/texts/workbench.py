"""The case as a workbench (issue 19, part 1): records of work (处置记录), corrections with
history (更正), risk re-rating (风险重评), the 化解方案 (四定三包) and the timeline."""

# Refusals.
E_RECORD_NOT_HANDLER = "只有案件的责任人或承办单位的综治办、调解员可以添加处置记录。"
E_RECORD_STAGE = "只有办理中或已化解的案件可以添加处置记录。"
E_RECORD_UNKNOWN = "没有这条处置记录。"
E_RECORD_NOT_AUTHOR = "只有处置记录的记录人可以更正。"
E_RECORD_TOO_LATE = "处置记录只能在记录后 {hours} 小时内更正。"
E_RECORD_STALE = "这条处置记录已被更正过，请刷新后再更正。"
E_RECORD_ID_NUMBER = "参加人员中不要填写身份证号。"
E_RECORD_FUTURE = "记录的时间不能晚于现在。"
E_NO_CHANGE = "没有任何改动。"
E_CORRECT_NOT_ALLOWED = "只有本辖区综治办或登记人（登记后 {hours} 小时内）可以更正案件信息。"
E_PARTY_UNKNOWN = "没有这位当事人。"
E_LAST_PARTY = "案件至少要有一位当事人。"
E_RERATE_NOT_ALLOWED = "只有案件的承办人或综治办可以重评风险。"
E_RERATE_STAGE = "已销号或已移交的案件不能重评风险。"
E_RERATE_SAME = "风险等级和标记都没有变化。"

# Records of work.
RECORD_ADD = "添加处置记录"
RECORD_ADDED = "处置记录已保存。"
RECORD_CORRECT = "更正此记录"
RECORD_CORRECTED_DONE = "处置记录已更正，原内容保留在时间线中。"
RECORD_CORRECTED_MARK = "（已更正，原内容见时间线）"
RECORD_FIELDS = {
    "kind": "类型",
    "held_on": "日期",
    "held_time": "时间",
    "place": "地点",
    "participants": "参加人员",
    "content": "谈话及协商情况",
    "next_step": "下一步工作",
    "next_step_on": "下一步日期",
    "reason": "更正理由",
}
RECORDS_TITLE = "处置记录（{count} 条）"
RECORD_LINE = "{at} {kind} · {place} · 记录人 {author}"

# Corrections.
CORRECT_TITLE = "更正案件信息"
CORRECT_SUBMIT = "保存更正"
CORRECT_DONE = "案件信息已更正。"
CORRECT_REASON = "更正理由"
CORRECT_PARTY = "当事人 {n}"
CORRECT_PARTY_REMOVE = "删除此当事人"
CORRECT_PARTY_ADD = "新增当事人"
CORRECT_PARTY_ADD_NAME = "新增当事人姓名（不增加请留空）"

# Risk re-rating.
RERATE_TITLE = "风险重评"
RERATE_SUBMIT = "保存重评"
RERATE_DONE = "风险等级已重评。"
RERATE_REASON = "重评理由"
RERATE_SHORTEN = "把化解时限缩短为高风险默认时限（{days} 天）"
RERATE_URGENT = "重评后为紧急案件：已报告镇、县综治办。"

# The plan (化解方案, 四定三包).
PLAN_LABEL = "化解方案（措施和步骤）"
PLAN_DUTIES = "责任单位承担：包调处、包跟踪、包反馈。"
PLAN_SHOWN = "化解方案"
PLAN_NONE = "（未填写）"

# The timeline.
TIMELINE_KINDS = "显示"
TIMELINE_GROUPS = {
    "record": "处置记录",
    "move": "流转",
    "correction": "更正",
    "risk": "风险重评",
    "document": "文书",
    "other": "其他",
}
TIMELINE_EMPTY = "没有符合条件的记录。"

# Where detail keys of the workbench's events read in the timeline.
WORKBENCH_DETAIL_KEYS = {
    "record": "记录",
    "kind": "类型",
    "held_at": "时间",
    "place": "地点",
    "participants": "参加人员",
    "content": "谈话及协商情况",
    "next_step": "下一步工作",
    "next_step_on": "下一步日期",
    "risk": "风险等级",
    "group_risk": "群体性事件风险",
    "violence_risk": "民转刑风险",
    "urgent": "紧急案件",
    "plan": "化解方案",
    "duplicates": "当事人重复提示",
}

# The ledger.
LEDGER_LAST_WORKED = "最近办理"
LEDGER_DAYS_AGO = "{days} 天前"
LEDGER_STALE = "7 天无进展"
LEDGER_SORT_LAST_WORKED = "按最近办理（久→近）"

__all__ = [name for name in dir() if name.isupper()]
