"""The one catalogue of user-facing Chinese text: labels of every code, messages and page words.

Pages, components and the rules in db/ all take their words from here, so a wording is changed
in one place. No Streamlit here.
"""

from db.enums import (
    AuditAction,
    Category,
    EventKind,
    FoundVia,
    Level,
    Move,
    PartyRole,
    ReferralChannel,
    ResolutionMethod,
    Risk,
    Role,
    Satisfaction,
    Stage,
    UnitKind,
)

APP_TITLE = "矛盾纠纷排查化解工作台"

# Labels per enumeration: codes of different enumerations may coincide ("assigned" is a stage
# and an event kind), so each enumeration has its own table.
LABELS: dict[type, dict[object, str]] = {
    UnitKind: {
        UnitKind.COUNTY: "县",
        UnitKind.TOWN: "镇/街道",
        UnitKind.VILLAGE: "村",
        UnitKind.COMMUNITY: "社区",
        UnitKind.DEPARTMENT: "部门",
    },
    Role: {
        Role.ADMIN: "系统管理员",
        Role.COORDINATOR: "综治办",
        Role.MEDIATOR: "调解员",
        Role.SUPERVISOR: "督查组",
        Role.LEADER: "领导",
    },
    Stage: {
        Stage.REGISTERED: "受理登记",
        Stage.ASSIGNED: "已交办",
        Stage.MEDIATING: "调处中",
        Stage.RESOLVED: "已化解",
        Stage.CLOSED: "已销号",
        Stage.REFERRED: "已移交",
    },
    Category: {
        Category.MARRIAGE_FAMILY: "婚姻家庭",
        Category.NEIGHBOUR: "邻里纠纷",
        Category.HOMESTEAD: "宅基地",
        Category.LAND_CONTRACT: "土地承包",
        Category.LABOUR: "劳资纠纷",
        Category.PROPERTY_MGMT: "物业管理",
        Category.TRAFFIC: "交通事故",
        Category.DEBT: "经济债务",
        Category.LAND_REQUISITION: "征地拆迁",
        Category.MEDICAL: "医疗纠纷",
        Category.CONSUMER: "消费纠纷",
        Category.OTHER: "其他",
    },
    FoundVia: {
        FoundVia.SCREENING: "排查",
        FoundVia.VISIT: "来访",
        FoundVia.PHONE: "来电",
        FoundVia.LETTER: "信件",
        FoundVia.ONLINE: "网上",
        FoundVia.ASSIGNED_FROM_ABOVE: "上级交办",
        FoundVia.DEPARTMENT_TRANSFER: "部门移送",
    },
    Risk: {
        Risk.LOW: "低",
        Risk.MEDIUM: "中",
        Risk.HIGH: "高",
    },
    PartyRole: {
        PartyRole.APPLICANT: "申请人",
        PartyRole.RESPONDENT: "被申请人",
        PartyRole.OTHER: "其他当事人",
    },
    EventKind: {
        EventKind.REGISTERED: "受理登记",
        EventKind.ASSIGNED: "交办",
        EventKind.STAGE_CHANGED: "阶段变更",
        EventKind.NOTE: "备注",
        EventKind.ESCALATED: "上报",
        EventKind.FOLLOW_UP: "回访",
        EventKind.EDITED: "修改",
        EventKind.EXTENDED: "延长时限",
        EventKind.FLAGGED: "挂牌督办",
    },
    Move: {
        Move.ASSIGN: "交办（四定）",
        Move.START: "开始调处",
        Move.RESOLVE: "化解",
        Move.REFER: "移交（转诉讼/仲裁/复议等）",
        Move.CLOSE: "销号",
        Move.ESCALATE: "上报上一级",
        Move.REOPEN: "反弹，重新调处",
    },
    Level: {Level.VILLAGE: "村（社区）级", Level.TOWN: "镇（街道）级", Level.COUNTY: "县级"},
    ResolutionMethod: {
        ResolutionMethod.PEOPLES_MEDIATION: "人民调解",
        ResolutionMethod.ADMIN_MEDIATION: "行政调解",
        ResolutionMethod.JUDICIAL_MEDIATION: "司法调解",
        ResolutionMethod.CONSULTATION: "协商和解",
        ResolutionMethod.OTHER: "其他方式",
    },
    ReferralChannel: {
        ReferralChannel.ARBITRATION: "引导仲裁",
        ReferralChannel.ADMIN_RULING: "行政裁决",
        ReferralChannel.ADMIN_REVIEW: "行政复议",
        ReferralChannel.LITIGATION: "诉讼",
    },
    Satisfaction: {
        Satisfaction.SATISFIED: "满意",
        Satisfaction.FAIRLY: "基本满意",
        Satisfaction.UNSATISFIED: "不满意",
    },
    AuditAction: {
        AuditAction.LOGIN: "登录",
        AuditAction.LOGIN_FAILED: "登录失败",
        AuditAction.LOGOUT: "退出",
        AuditAction.VIEW_CASE: "查看案件",
        AuditAction.REVEAL: "查看完整个人信息",
        AuditAction.EXPORT: "导出",
        AuditAction.DENIED: "越权访问被拒绝",
        AuditAction.CREATE: "新增",
        AuditAction.UPDATE: "修改",
        AuditAction.PASSWORD_CHANGED: "修改密码",
        AuditAction.USER_CHANGED: "用户变更",
    },
}


def label(code: object) -> str:
    """The Chinese label of an enumeration member (the code itself if none is known)."""
    return LABELS.get(type(code), {}).get(code, str(code))


# Field names, as the forms and the ledger show them.
FIELDS = {
    "number": "编号",
    "category": "纠纷类型",
    "found_via": "发现途径",
    "found_on": "排查日期",
    "unit_id": "所属村（社区）",
    "unit": "所属单位",
    "facts": "纠纷简要情况",
    "people_involved": "涉及人数",
    "amount_yuan": "涉及金额（元）",
    "risk": "风险等级",
    "group_risk": "有群体性事件风险",
    "violence_risk": "有民转刑风险",
    "parties": "当事人",
    "role": "身份",
    "name": "姓名",
    "id_number": "身份证号",
    "phone": "联系电话",
    "address": "住址",
    "stage": "阶段",
    "deadline": "化解时限",
    "created_at": "登记时间",
    "responsible": "责任人",
    "lead_leader": "包案领导",
    "username": "用户名",
    "password": "密码",
    "display_name": "姓名",
    "role_of_user": "角色",
}

# Validation messages (shown next to the field).
V_REQUIRED = "此项必填"
V_TOO_LONG = "不能超过 {max} 个字"
V_TOO_SHORT = "至少 {min} 个字"
V_NEGATIVE = "不能为负数"
V_TOO_LARGE = "数值过大，不能超过 {max}"
V_NOT_NUMBER = "请输入数字"
V_NOT_INTEGER = "请输入整数"
V_BAD_CHOICE = "请从列表中选择"
V_BAD_DATE = "请输入有效日期"
V_FUTURE_DATE = "日期不能晚于今天"
V_ID_FORMAT = "身份证号应为18位：17位数字加1位校验码（数字或X）"
V_ID_CHECKSUM = "身份证号校验码不正确，请核对"
V_ID_BIRTH = "身份证号中的出生日期无效"
V_PHONE = "请输入有效的手机号（11位，1开头）或座机号（如 0311-12345678）"
V_MONEY_CENTS = "金额最多保留两位小数"
V_NO_PARTY = "至少登记一名当事人"
V_TOO_MANY_PARTIES = "最多登记 {max} 名当事人"
V_UNKNOWN_UNIT = "所选单位不存在"
V_INVALID = "输入有误"

# Refusals from the rules.
E_OUT_OF_SCOPE = "无权访问该案件：它不在您所在单位及下级单位的范围内。"
E_NOT_FOUND = "案件不存在。"
E_UNIT_OUT_OF_SCOPE = "您只能为本单位及下级单位登记案件。"
E_NOT_ALLOWED = "您的角色无权进行此操作。"
E_STALE = "该案件已被 {who} 于 {when} 修改，您的修改未保存。请刷新后重试。"
E_PASSWORD_SHORT = "密码至少 {min} 个字符。"
E_PASSWORD_LONG = "密码过长：最多 72 个字节（约 24 个汉字或 72 个英文字符）。"
E_REVEAL_REASON = "请填写查看完整个人信息的理由。"
E_LOGIN_FAILED = "用户名或密码错误，或尝试次数过多已暂时锁定（15 分钟）。"
E_PASSWORD_CURRENT = "当前密码不正确。"
E_PASSWORD_REPEAT = "两次输入的新密码不一致。"
E_PASSWORD_SAME = "新密码不能与当前密码相同。"

# Sign-in and account.
LOGIN_TITLE = "登录"
LOGIN_SUBMIT = "登录"
LOGIN_IDLE = "您已超过 30 分钟未操作，请重新登录。"
LOGIN_REVOKED = "您的登录已失效（已退出、密码或权限已变更），请重新登录。"
LOGGED_OUT = "您已安全退出。"
LOGOUT = "退出登录"
MUST_CHANGE_PASSWORD = "首次登录请先修改初始密码。"
PASSWORD_CURRENT = "当前密码"
PASSWORD_NEW = "新密码"
PASSWORD_REPEAT = "再次输入新密码"
PASSWORD_SUBMIT = "修改密码"
PASSWORD_RULES = "至少 8 个字符，不超过 72 个字节；不要求字符组合。"
PASSWORD_CHANGED = "密码已修改。其他设备上的登录已失效。"
E_PAGE_NOT_ALLOWED = "您的角色无权打开此页面。"
SIGNED_IN_AS = "{name}（{role}，{unit}）"

# Pages.
PAGE_HOME = "首页"
PAGE_INTAKE = "受理登记"
PAGE_CASES = "纠纷台账"
PAGE_CASE = "案件详情"
PAGE_KANBAN = "看板"
PAGE_ADMIN = "系统管理"
PAGE_ACCOUNT = "我的账号"

# Intake.
FORM_HAS_ERRORS = "有 {count} 处需要修改，请查看各项下方的提示。"
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
ALL = "全部"
YES = "是"
NO = "否"
LEDGER_SEARCH = "搜索"
LEDGER_SEARCH_HINT = "编号或当事人姓名"
LEDGER_SORT = "排序"
LEDGER_SORTS = {"found_on": "按排查日期（新→旧）", "deadline": "按化解时限（近→远）"}
LEDGER_OVERDUE = "已超期"
LEDGER_FROM = "排查日期自"
LEDGER_TO = "排查日期至"
LEDGER_TOTAL = "共 {total} 件，第 {page}/{pages} 页，每页 50 件。"
LEDGER_EMPTY = "没有符合条件的案件。"
LEDGER_PAGE = "页码"

# One case.
CASE_STAGE = "当前阶段：{stage}"
CASE_ITEM = "项目"
CASE_VALUE = "内容"
CASE_TIMELINE = "处置记录"
CASE_NO_ID = "请从台账中选择一件案件。"
DETAIL_KEYS = {
    "lead_leader": "包案领导",
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
}
REVEAL_REASON = "查看完整身份证号和电话的理由（将记入审计日志）"
REVEAL_SHOW = "显示完整信息"
REVEAL_ONCE = "完整信息仅本次显示，下一次操作后重新隐藏。已记入审计日志。"

# Administration.
E_USERNAME_FORMAT = "用户名为 3–64 位英文字母、数字或 _ . -"
E_USERNAME_TAKEN = "该用户名已被使用。"
E_USER_OUT_OF_SCOPE = "该用户不在您的管理范围内。"
E_DISABLE_SELF = "不能停用自己的账号。"
E_DEMOTE_SELF = "不能修改自己的角色。"
ADMIN_USERS = "用户"
ADMIN_UNITS = "单位"
ADMIN_AUDIT = "审计日志"
ADMIN_NEW_USER = "新增用户"
ADMIN_CREATE = "创建用户"
ADMIN_CREATED = "已创建用户 {username}。初始密码（只显示这一次，请当面告知本人）：{password}"
ADMIN_PICK_USER = "选择用户"
ADMIN_ACTIVE = "启用"
ADMIN_DISABLE = "停用账号"
ADMIN_ENABLE = "启用账号"
ADMIN_RESET = "重置密码"
ADMIN_RESET_DONE = "已重置 {username} 的密码。新初始密码（只显示这一次）：{password}"
ADMIN_SAVE_ROLE = "保存角色和单位"
ADMIN_SAVED = "已保存。该用户需重新登录。"
ADMIN_MUST_CHANGE = "需改密"
AUDIT_USER = "用户"
AUDIT_ACTION = "操作"
AUDIT_CASE = "案件 ID"
AUDIT_SINCE = "起始日期"
AUDIT_UNTIL = "截止日期"
AUDIT_TIME = "时间"
AUDIT_TARGET = "对象"
AUDIT_DETAIL = "说明"
AUDIT_CLIENT = "客户端地址"
AUDIT_TOTAL = "共 {total} 条，显示最新 {shown} 条。"
AUDIT_USER_CREATED = "新建用户 {username}（{role}，{unit}）"
AUDIT_ROLE_UNIT = "{role}，{unit}"
HOME_LINKS = {
    "intake": "受理登记 — 登记新发现的矛盾纠纷",
    "kanban": "看板 — 各阶段案件，最紧急的在前；交办、调处、化解、销号",
    "cases": "纠纷台账 — 查找、筛选本单位及下级单位的案件",
    "dashboard": "领导看板 — 化解率、趋势、层级和超期，实时刷新",
    "admin": "系统管理 — 用户、单位和审计日志",
    "account": "我的账号 — 修改密码",
}

# Case workflow.
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
E_STALE_UNKNOWN = "该案件已被他人修改，您的修改未保存。请刷新后重试。"
MOVE_FIELDS = {
    "lead_leader": "包案领导",
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
MOVE_PICK = "下一步"
MOVE_OPEN = "办理"
FOLLOW_UP_SUBMIT = "保存回访"
FOLLOW_UP_DONE = "回访已记录。"
EXTEND_SUBMIT = "延长时限"
EXTEND_DONE = "化解时限已延长。"
FLAG_SUBMIT = "挂牌督办"
UNFLAG_SUBMIT = "取消督办"
FLAG_DONE = "督办标记已更新。"
FLAG_MARK = "【挂牌督办】"
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

# Board.
BOARD_MINE = "我的"
BOARD_COUNT = "共 {count} 件，显示最紧急的 {shown} 件"
BOARD_NO_DEADLINE = "待交办"
BOARD_OVERDUE_DAYS = "已超期 {days} 天"
BOARD_DAYS_LEFT = "剩 {days} 天"
BOARD_WAITING_FOLLOW_UP = "化解 {days} 天，待回访"
BOARD_NOBODY = "未定责任人"
BOARD_DIALOG = "办理"
BOARD_FINISHED = "{stage}：{count} 件"
MY_WORK = "我的工作"
MY_OPEN = "我承办的未结案件"
MY_FOLLOW_UPS = "待我回访"
MY_EXTENDED = "我交办后延期的案件"
MY_NOTHING = "暂无"

# Dashboard.
PAGE_DASHBOARD = "领导看板"
CHART = {
    "registered": "登记",
    "resolved": "化解",
    "finished": "已办结",
    "open": "未结",
    "cases": "件数",
    "period": "时间",
    "rate": "化解率",
    "target": "目标",
    "level": "化解层级",
    "share": "占比",
    "risk": "风险等级",
    "overdue": "超期",
}
DASH_PERIOD = "时间范围"
DASH_PERIODS = {
    "week": "本周",
    "month": "本月",
    "quarter": "本季度",
    "year": "本年",
    "custom": "自定义",
}
DASH_RANGE = "起止日期"
DASH_DRILL = "下钻到下一级单位"
DASH_DRILL_NONE = "（当前单位）"
DASH_UP = "返回上一级"
DASH_FILTER_PERIOD = "排查日期 {start} 至 {end}"
DASH_ON_TIME = "按期化解率"
DASH_REOPENED = "反弹"
DASH_REFERRED = "已移交"
DASH_MEDIAN = "化解用时中位数（天）"
DASH_BELOW_TARGET = "化解率低于 {target:.0%} 的目标。"
DASH_READ_AT = "数据读取于 {time}，每 {seconds} 秒自动刷新。"
DASH_GRAIN = "按"
DASH_GRAINS = {"week": "周", "month": "月"}
DASH_EXPORT = "导出"
DASH_EXPORT_CHART = "选择图表"
DASH_EXPORT_PNG = "生成图片（PNG）"
DASH_EXPORT_XLSX = "下载本页数据（xlsx，可打印）"
DASH_DOWNLOAD = "下载 {name}"
DASH_EMPTY = "所选范围内没有案件。"
LEVEL_KEPT = {"village": "不出村", "town": "不出镇", "county": "不出县"}
DASH_CHARTS = {
    "trend": "登记与化解趋势",
    "category": "按纠纷类型",
    "unit": "按下一级单位",
    "levels": "化解层级（不出村/不出镇/不出县）",
    "risk": "未结案件风险构成",
    "overdue_unit": "超期案件（按单位）",
    "overdue_person": "超期案件（按责任人）",
}
DEF_RATE = "化解率 = 期内登记的案件中已化解或已销号的件数 ÷ 期内登记且已不在办理中的件数（已化解、已销号、已移交）。未结件数另列，空期间不显示 100%。"
DEF_ON_TIME = "按期化解率 = 在化解时限当天或之前化解的件数 ÷ 有化解时限的已化解件数。"
DEF_OVERDUE = "超期 = 期内登记、仍在办理中（受理、交办、调处）且已过化解时限的件数（按今天计）。"
DEF_MEDIAN = "化解用时 = 化解日期 − 排查日期（天），取中位数。"
DEF_TREND = "按排查日期分组：登记件数、其中已化解件数（柱），化解率（折线），虚线为 98% 目标。"
DEF_CATEGORY = "期内登记的案件按纠纷类型计数，鼠标悬停可见化解与未结件数。"
DEF_UNIT = "当前单位的下一级单位（含其下属单位）的登记、化解、未结、超期件数；直接登记在当前单位本身的案件不计入任何下一级。"
DEF_LEVELS = "已化解（含已销号）案件按最终化解层级：村（社区）级为“不出村”，镇（街道）级为“不出镇”，县级为“不出县”。"
DEF_RISK = "期内登记、仍在办理中的案件按风险等级计数。"
DEF_OVERDUE_UNIT = "期内登记、仍在办理中且已过化解时限的案件，按发生地单位计数。"
DEF_OVERDUE_PERSON = "期内登记、仍在办理中且已过化解时限的案件，按责任人计数。"
