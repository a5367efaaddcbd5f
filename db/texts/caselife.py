"""Case life (issue 18, part A): settle on the spot, the town's check of it, 回头看, referral
outcomes and the age of unassigned cases."""

# Settle on the spot at intake (db.cases.on_the_spot, pages/intake.py).
SPOT_TICK = "当场调结（登记即化解）"
SPOT_HELP = (
    "低、中风险且无群体性、民转刑风险的纠纷，当场化解的可一并登记：四定默认为登记人、"
    "登记人所在单位，化解层级为登记人所在单位的层级。"
)
SPOT_LEAD = "包案领导：{name}；责任单位：{unit}；责任人：{name}（当场调结，默认登记人）"
SPOT_SAVED = "已登记并记为当场调结：{number}。回访、销号与其他案件相同。"
E_SPOT_RISK = "高风险或有群体性事件、民转刑风险的纠纷不能当场调结，请登记后交办。"
E_SPOT_ROLE = "只有调解员和综治办可以当场调结。"

# The town's check: take back a case settled on the spot (db.cases.on_the_spot.recall).
SPOT_LIST = "近 {days} 日当场调结的案件"
SPOT_LIST_NONE = "近期没有当场调结的案件。"
SPOT_LIST_LINE = "{number} · {unit} · {who} · {when} · {facts}"
E_RECALL_NOT_SETTLED = "只有 {days} 日内当场调结且仍为已化解的案件可以转镇办理。"
E_MOVE_REASON = "请写明原因。"
MOVE_REASON = "原因"
CASE_SETTLED_ON_SPOT = "当场调结"

# Referral outcomes (db.cases.aftercare).
OUTCOME_FORM = "记录移交结果"
OUTCOME_FIELD = "结果"
OUTCOME_DATE = "结果日期"
OUTCOME_NOTE = "说明（可不填）"
OUTCOME_DONE = "已记录移交结果。"
CASE_OUTCOME = "移交结果：{outcome}（{date}）"
CASE_OUTCOME_WAITING = "移交结果：尚未记录"
E_OUTCOME_STAGE = "只有已移交的案件可以记录移交结果。"
E_OUTCOME_BEFORE_REFERRAL = "结果日期不能早于移交日期。"
WAITING_LIST = "移交后超过 {days} 日仍无结果的案件"
WAITING_LIST_NONE = "没有久未记录结果的移交案件。"
WAITING_LINE = "{number} · {unit} · {channel} · 移交于 {on}（{age} 天） · {who}"

# The age of cases registered and not yet assigned (board, ledger, weekly pack).
BOARD_UNASSIGNED_AGE = "待交办，已登记 {days} 天"
LEDGER_AGE = "待交办天数"

__all__ = [name for name in dir() if name.isupper()]
