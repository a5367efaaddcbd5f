"""Notifications outside the app (issue 21): 我的账号's choices, the messages' words and
`python -m db outbox`."""

# 我的账号: the work e-mail and the kinds per channel (components.outside_choices).
OUTSIDE_TITLE = "站外通知"
OUTSIDE_NOTE = (
    "选中的通知除在工作台内显示外，还会发到下面的渠道。消息只含通知类别、案件编号和简短标题，"
    "不含当事人姓名、身份证号或电话；详情请登录工作台查看。"
)
OUTSIDE_NONE = "本系统尚未配置邮件服务器或内部消息网关：通知只在工作台内显示。"
OUTSIDE_EMAIL = "工作邮箱"
OUTSIDE_EMAIL_HELP = "单位内网邮箱，用于接收下面选中的邮件通知。"
OUTSIDE_KINDS = "通过{channel}接收的通知"
OUTSIDE_NO_KIND = "不接收"
OUTSIDE_SAVE = "保存站外通知设置"
OUTSIDE_SAVED = "站外通知设置已保存。"
V_EMAIL = "邮箱地址格式不对，应像 zhangsan@example.gov.cn 这样。"
E_OUTBOX_NO_EMAIL = "要接收邮件通知，请先填写工作邮箱。"
E_OUTBOX_CHANNEL_OFF = "本系统未配置{channel}渠道，不能选择。"
AUDIT_OUTSIDE_CHANGED = "修改本人工作邮箱和站外通知选择"

# The message (db.io.outbox.message): kind, case number and short title, a link path.
OUTBOX_SUBJECT = "【矛盾纠纷排查化解工作台】{kind}：{title}"
OUTBOX_BODY = (
    "{kind}：{title}\n\n"
    "请登录矛盾纠纷排查化解工作台查看：{link}\n\n"
    "本消息由系统自动发送，只含案件编号和简短标题。"
)

# The worker's settings and `python -m db outbox`.
E_OUTBOX_SENDER = "已设置邮件服务器，但 {name} 未设置或不是邮箱地址：请设置发件地址。"
E_OUTBOX_WEBHOOK = "{name}={value} 无法识别：请写成 http:// 或 https:// 开头的地址。"
OUTBOX_OFF = "未配置邮件服务器（DISPUTE_DESK_SMTP_HOST）或消息网关（DISPUTE_DESK_WEBHOOK_URL）：没有站外通知要发送。"
OUTBOX_DONE = "新排队 {queued} 条；发出 {sent} 条，待重试 {retrying} 条，放弃 {failed} 条。"

__all__ = [name for name in dir() if name.isupper()]
