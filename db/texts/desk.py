"""The desk (首页) of each role (issue 21): the work waiting for the reader, by role."""

# Lists: a title, then "（n）" with the whole count (db.dashboard.desk).
DESK_NONE = "暂无"
DESK_ALL = "全部 {count} 件 →"
DESK_WAITING = "待交办"
DESK_WAITING_LINE = "{number} · {unit} · 已等待 {days} 天"
DESK_REPORTED_LINE = "{number} · {unit} · 上报后 {days} 天"
DESK_OVERDUE = "超期案件（按单位）"
DESK_OVERDUE_UNIT = "{unit}：{count} 件"
DESK_OVERDUE_OWN = "{unit}（本级）：{count} 件"
DESK_OVERDUE_OUTSIDE = "辖区外登记、本辖区承办：{count} 件"
DESK_FOLLOW_UPS = "待回访"
DESK_FOLLOW_UP_LINE = "{number} · {unit} · 化解后 {days} 天"
DESK_SETTLED = "本周当场调结"
DESK_SETTLED_LINE = "{number} · {unit} · {days} 天前"
DESK_RECTIFICATIONS = "本辖区待整改"
DESK_RECT_LINE = "{unit} · 限 {deadline} · {text}"
DESK_RECT_OVERDUE = "【已超期】"
DESK_GO_RECTIFICATIONS = "整改 →"

# The mediator's desk.
DESK_MY_OPEN = "我承办的未结案件"
DESK_CASE_LINE = "{number} · {unit} · {stage} · {left}"
DESK_DAYS_LEFT = "还剩 {days} 天（{deadline}）"
DESK_DUE_TODAY = "今天到期"
DESK_DAYS_OVER = "超期 {days} 天（{deadline}）"
DESK_NO_DEADLINE = "未定期限"
DESK_REPORT_MISSING = "今天（{day}）的日报还未报送：没有发现纠纷也要报零报告。"
DESK_GO_REPORT = "去报送日报 →"
DESK_MY_REQUESTS = "我的延期申请"
DESK_REQUEST_LINE = "{number}：申请延期至 {proposed}，{status}{note}"

# The leader's desk.
DESK_HEADLINE = "主要指标（今年以来，对照目标）"
DESK_FLAGGED = "挂牌督办案件"
DESK_FLAGGED_WORKED = " · 最近办理 {day}"
DESK_FLAGGED_IDLE = " · 尚无办理记录"
DESK_GO_DASHBOARD = "领导看板 →"
DESK_GO_WEEKLY = "周研判 →"

# The supervisor's desk.
DESK_INSPECTIONS_OPEN = "进行中的督查"
DESK_INSPECTION_LINE = "{unit} · {day} · {team}"
DESK_TO_CHECK = "已整改待核查"
DESK_RECT_LATE = "超期未整改"
DESK_GO_INSPECTIONS = "督查 →"
DESK_GO_REPORTS = "每日报告 →"

__all__ = [name for name in dir() if name.isupper()]
