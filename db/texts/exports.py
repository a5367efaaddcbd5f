"""Excel exports of cases: the ledger in the offices' columns and the two printable forms of one
case (db.io.exports.ledger, db.io.exports.forms)."""

# The export's controls.
EXPORT_LEDGER_BUTTON = "导出台账（Excel，按当前筛选）"
EXPORT_FORMS_BUTTON = "打印登记表和结案备案表（Excel）"
EXPORT_MAKE = "生成文件"
EXPORT_DOWNLOAD = "下载"
# A file handed to the session that asked for it (db.io.delivery, components.delivery).
DELIVERY_TOO_LARGE = "文件超过 {mb} MB，无法提供下载，请缩小筛选范围后重试"
DELIVERY_AUDIT = "下载 {file}；范围：{scope}；{shown}"
DELIVERY_SCOPE_LEDGER = "{unit}；筛选：{filters}"
DELIVERY_REVEALED = "含完整身份证号和电话"
DELIVERY_MASKED = "个人信息已打码"
DELIVERY_LINK_HINT = "下载链接仅限本次登录的本页面使用，退出登录、超时或 10 分钟后失效"
EXPORT_REVEAL_REASON = "如需导出完整身份证号和电话，请填写理由（将记入审计日志）；不填则打码"

# The ledger.
EXPORT_LEDGER_TITLE = "{unit}矛盾纠纷排查化解工作台账"
EXPORT_PERIOD = "（{start}至{end}）"
EXPORT_PERIOD_ALL = "（全部）"
EXPORT_FILLED_BY = "填报单位：{unit}"
EXPORT_FILLED_ON = "填报日期：{date}"
EXPORT_DATE = "{d.year}年{d.month}月{d.day}日"
EXPORT_SHEET_LEDGER = "台账"
EXPORT_PAGE_FOOTER = "第 &P 页，共 &N 页"
# The offices' ledger columns, in their order (the shared sample's header row).
EXPORT_COLUMNS = (
    "序号",
    "编号",
    "排查日期",
    "所属村（社区）",
    "纠纷类型",
    "纠纷简要情况",
    "当事人",
    "身份证号",
    "联系电话",
    "涉及人数",
    "涉及金额（元）",
    "风险等级",
    "包案领导",
    "责任单位",
    "责任人",
    "化解时限",
    "化解方式",
    "化解情况",
    "办结日期",
    "回访情况",
    "备注",
)
EXPORT_FOLLOW_UP = "当事人{satisfaction}，{flared}"
EXPORT_FLARED = "有反弹"
EXPORT_NOT_FLARED = "无反弹"
EXPORT_REFERRED_NOTE = "已移交{channel}：{reason}"
EXPORT_REOPENED_NOTE = "回访反弹{count}次"
EXPORT_FLAG_NOTE = "挂牌督办：{note}"
EXPORT_AUDIT_LEDGER = "台账导出 {rows} 行；筛选：{filters}"
EXPORT_AUDIT_FORMS = "登记表、结案备案表"
EXPORT_AUDIT_REVEAL = "导出完整个人信息：{reason}"
EXPORT_FILTER_NONE = "无"

# The two printable forms of one case.
FORM_REGISTER_SHEET = "登记表"
FORM_REGISTER_TITLE = "矛盾纠纷受理登记表"
FORM_CLOSING_SHEET = "结案备案表"
FORM_CLOSING_TITLE = "矛盾纠纷化解结案备案表"
FORM_ITEMS = {
    "number": "编号",
    "found_on": "排查日期",
    "found_via": "发现途径",
    "unit": "所属村（社区）",
    "category": "纠纷类型",
    "risk": "风险等级",
    "people_involved": "涉及人数",
    "amount": "涉及金额（元）",
    "group_risk": "群体性事件风险",
    "violence_risk": "民转刑风险",
    "facts": "纠纷简要情况",
    "parties": "当事人",
    "created": "登记人 / 登记时间",
    "stage": "当前阶段",
    "lead_leader": "包案领导",
    "plan": "化解方案（包调处、包跟踪、包反馈）",
    "responsible_unit": "责任单位",
    "responsible_user": "责任人",
    "deadline": "化解时限",
    "method": "化解方式",
    "level": "化解层级",
    "summary": "化解情况",
    "agreement": "书面调解协议",
    "court": "司法确认",
    "referral": "移交途径及理由",
    "follow_ups": "回访情况",
    "finished_on": "办结日期",
}
FORM_PARTY_HEAD = ("身份", "姓名", "身份证号", "联系电话", "住址")
FORM_VISIT_HEAD = ("回访日期", "回访人", "满意度", "是否反弹", "情况")
FORM_SIGN_HANDLER = "承办人（签字）："
FORM_SIGN_HEAD = "单位负责人（签字）：          （盖章）"
FORM_NONE = "无"

__all__ = [name for name in dir() if name.isupper()]
