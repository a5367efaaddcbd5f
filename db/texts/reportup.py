"""The case life from below: reports up (上报) and their answers, requests for a deadline
extension (申请延期) and urgent cases (紧急报告 / 重大纠纷直报)."""

# Refusals.
E_REPORT_WAITING = "此案件已上报上一级，正等待接收：上一级接收或退回之前不能办理此操作。"
E_REPORT_NOT_WAITING = "此案件没有等待接收的上报。"
E_REPORT_NOT_HANDLER = "只有案件的责任人或承办单位的综治办可以上报此案件。"
E_REPORT_NOT_ANSWERER = "只有案件上报到的单位的综治办可以接收或退回。"
E_URGENT_DEADLINE = "紧急案件的化解时限最长 {days} 天。"
E_EXTENSION_PENDING = "此案件已有待审批的延期申请。"
E_EXTENSION_NOT_PENDING = "此延期申请已经处理过了。"
E_EXTENSION_UNKNOWN = "没有这项延期申请。"
E_URGENT_NOT = "此案件不是紧急案件。"
E_URGENT_ACKED = "您已确认知悉此紧急案件。"

# The case page.
REPORT_REASON = "上报理由（为何本级难以化解、已做过哪些工作）"
REPORT_RETURN_REASON = "退回理由"
REPORT_TO = "上报至：{unit}"
REPORT_WAITING_MARK = "【上报待接收】已上报至{unit}，等待 {days} 天"
REPORT_UP_HISTORY = "上报记录"
REPORT_COLUMNS = {
    "from_unit": "上报单位",
    "to_unit": "上报至",
    "reason": "上报理由",
    "sent_at": "上报时间",
    "sent_by": "上报人",
    "answer": "答复",
    "answered_at": "答复时间",
    "answered_by": "答复人",
    "note": "退回理由",
    "waited": "等待（小时）",
}
REPORT_NO_ANSWER = "待接收"
EXTENSION_ASK = "申请延期"
EXTENSION_PROPOSED = "建议的新时限"
EXTENSION_REASON = "延期理由"
EXTENSION_ASKED = "延期申请已提交，等待综治办审批。"
EXTENSION_GRANT = "批准延期"
EXTENSION_REFUSE = "不予批准"
EXTENSION_REFUSE_REASON = "不批准的理由"
EXTENSION_ANSWERED = "延期申请已处理。"
EXTENSION_LINE = "{when} {who} 申请延期至 {proposed}（原时限 {old}）：{reason} —— {status}"
EXTENSION_HISTORY = "延期申请"
URGENT_MARK = "【紧急】"
URGENT_ACK = "已知悉"
URGENT_ACK_DONE = "已确认知悉。"
URGENT_BANNER = "紧急案件（重大纠纷直报）：{count} 件待您确认知悉"
URGENT_LINE = "{unit} · {category} · 涉及 {people} 人 · 登记于 {when}"
URGENT_ACKS = "紧急报告确认"
URGENT_ACK_LINE = "{who}（{level}）于 {when} 确认知悉，登记后 {minutes} 分钟"
URGENT_NO_ACK = "尚无人确认知悉。"
URGENT_FILTER = "只看紧急"
REPORT_WAITING_FILTER = "只看上报待接收"

# Home pages and boards.
HOME_REPORTED_TO_ME = "上报待接收"
HOME_REPORT_ANSWERS = "我方上报的答复"
HOME_REPORT_ANSWER_LINE = "{number}：{unit}{answer}（{when}）{note}"
HOME_EXTENSIONS = "待审批的延期申请"
HOME_EXTENSION_LINE = "{number}：{who} 申请延期至 {proposed}（原 {old}）：{reason}"
BOARD_REPORTED_UP = "上报待接收（{count} 件）"
LEDGER_WAITING = "上报待接收，按单位"
LEDGER_WAITING_COLUMNS = {
    "number": "编号",
    "from_unit": "上报单位",
    "to_unit": "上报至",
    "days": "已等待（天）",
}

__all__ = [name for name in dir() if name.isupper()]
