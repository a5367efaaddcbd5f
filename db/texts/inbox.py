"""The inbox's words (issue 21): notification titles (the case's number and a short phrase,
never a party's name, ID number or phone), the inbox page and the reminders' command."""

__all__ = [
    "E_SETTING_DAYS",
    "INBOX_ALL_READ",
    "INBOX_EMPTY",
    "INBOX_FILTER_KINDS",
    "INBOX_MARK_ALL",
    "INBOX_MARK_READ",
    "INBOX_NAV_LABEL",
    "INBOX_NEXT",
    "INBOX_PAGE_OF",
    "INBOX_PREVIOUS",
    "INBOX_UNREAD",
    "INBOX_UNREAD_ONLY",
    "INBOX_URGENT_TITLE",
    "NOTICE_ASSIGNED",
    "NOTICE_DIGEST",
    "NOTICE_DUE_SOON",
    "NOTICE_EXTENDED",
    "NOTICE_EXTENSION_GRANTED",
    "NOTICE_EXTENSION_REFUSED",
    "NOTICE_FIXED",
    "NOTICE_FOLLOW_UP_LATE",
    "NOTICE_RECTIFICATION",
    "NOTICE_RECTIFICATION_ANSWERED",
    "NOTICE_REPORT_MISSING",
    "NOTICE_TITLE",
    "PAGE_INBOX",
    "REMIND_BAD_DAY",
    "REMIND_DONE",
    "REMIND_PASSES",
]

PAGE_INBOX = "通知"
INBOX_NAV_LABEL = "通知（{count} 条未读）"
INBOX_UNREAD = "未读"
INBOX_UNREAD_ONLY = "只看未读"
INBOX_FILTER_KINDS = "类别"
INBOX_MARK_READ = "标为已读"
INBOX_MARK_ALL = "全部标为已读"
INBOX_ALL_READ = "已全部标为已读（{count} 条）"
INBOX_EMPTY = "暂无通知"
INBOX_PAGE_OF = "第 {page} / {pages} 页，共 {total} 条"
INBOX_PREVIOUS = "上一页"
INBOX_NEXT = "下一页"
INBOX_URGENT_TITLE = "紧急案件通知"

# A title: the case's number and what happened (Notification.title, at most 200 characters).
NOTICE_TITLE = "{number} · {what}"
# What happened, by kind, when it needs no detail (the kind's label says the rest).
NOTICE_FIXED = {
    "flagged": "被挂牌督办",
    "reopened": "重新进入调处",
    "report_returned": "上报被退回，请继续办理",
    "report_taken": "上报已被上级接收",
    "reported_to_you": "上报至本级，待接收或退回",
    "urgent": "紧急案件，请及时知悉",
    "due_tomorrow": "明天到期",
    "due_today": "今天到期",
    "overdue": "已超期，请尽快办理",
}
NOTICE_ASSIGNED = "交办给您，期限 {deadline}"
NOTICE_EXTENDED = "期限延至 {deadline}"
NOTICE_EXTENSION_GRANTED = "延期申请已批准，期限 {deadline}"
NOTICE_EXTENSION_REFUSED = "延期申请未批准"
NOTICE_DUE_SOON = "{days} 天后到期"
NOTICE_FOLLOW_UP_LATE = "化解已满 {days} 天，尚未回访"
NOTICE_RECTIFICATION = "{unit}：整改任务，期限 {deadline}"
NOTICE_RECTIFICATION_ANSWERED = "{unit}：整改已答复，待核查"
NOTICE_REPORT_MISSING = "{day} 日报未报：{units}"
NOTICE_DIGEST = "{day} 摘要：超期 {overdue} 件，即将到期 {soon} 件，待回访 {follow_ups} 件，未读通知 {unread} 条"

REMIND_DONE = "提醒已生成（新增条数）：{counts}"
REMIND_PASSES = {
    "due": "到期提醒",
    "overdue": "超期提醒",
    "follow_up_late": "回访提醒",
    "report_missing": "日报未报",
    "digest": "每日摘要",
}
REMIND_BAD_DAY = "--today {value} 不是日期：请写成 YYYY-MM-DD，如 2026-12-06"
E_SETTING_DAYS = "{name} 无法识别：请写成以逗号分隔的天数（0 或更多），如 3,1,0"
