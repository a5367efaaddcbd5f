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
BACKUP_DONE = "已备份到 {path}（{cases} 件案件）。"
RESTORE_DONE = "已从 {path} 恢复（{cases} 件案件），并迁移到最新版本。"
RESTORE_CONFIRM = "恢复会用备份覆盖当前数据库中的全部数据。请先停止应用，确认后加 --yes 重新执行。"
BACKUP_NOT_A_FILE = "当前数据库不是 SQLite 文件，无法按文件备份。"
BACKUP_NO_DATABASE = "数据库文件 {path} 不存在。"
BACKUP_NO_FILE = "备份文件 {path} 不存在。"
BACKUP_CORRUPT = "{path} 不是完好的 SQLite 数据库（完整性检查未通过），未做任何修改。"
BACKUP_NOT_OURS = "{path} 不是本系统的数据库备份，未做任何修改。"
BACKUP_NO_TOOL = "找不到 {tool}：请安装 PostgreSQL 客户端工具（Debian：postgresql-client）。"
BACKUP_TOOL_FAILED = "{tool} 执行失败，未做任何修改：{error}"
BACKUP_OS_ERROR = "备份或恢复失败（磁盘已满、无写权限或文件被占用？），未做任何修改：{error}"
DASH_SUPERVISION_SCORE = "督查平均得分"
DASH_RECTIFICATIONS_OPEN = "整改未销号"
DASH_RECTIFICATIONS_OVERDUE = "整改超期"
DEF_SUPERVISION_SCORE = "期内（按督查日期）已提交督查的平均得分（百分制）：每次督查得分 = 合格项权重 ÷ 适用项权重。不按纠纷类型、风险筛选。"
DEF_RECTIFICATIONS = "当前未销号的整改任务（含已答复待核验）；超期 = 过了整改期限仍未答复。不按时间范围、纠纷类型筛选。"
DASH_BULLETIN = "督查通报"
DASH_REPORTING_RATE = "上报率"
DEF_REPORTING_RATE = "上报率 = 期内各日已报送日报（含零报告）的单位数之和 ÷ 应报送单位数 × 天数（今天以后的日子不计）。不按纠纷类型、风险筛选。"
DASH_SUMMARY_BUTTON = "生成一页汇总（xlsx，打印用）"
DASH_SUMMARY_DOWNLOAD = "下载一页汇总"
SUMMARY_TITLE = "矛盾纠纷排查化解情况汇总"
SUMMARY_IN_FORCE = "统计口径：{in_force}"
SUMMARY_READ_AT = "数据读取于 {when}"
SUMMARY_HEADLINE = "主要指标"
SUMMARY_FIGURE = "指标"
SUMMARY_VALUE = "数值"
SUMMARY_UNIT = "单位"
SUMMARY_PERSON = "责任人"
SUMMARY_CATEGORY = "纠纷类型"
SUMMARY_TOP = "（前 {n} 项）"
SUMMARY_DEFINITIONS = "口径说明"
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

# Excel export (db.io.exports.ledger, db.io.exports.forms, python -m db export-ledger).
EXPORT_LEDGER_TITLE = "{unit}矛盾纠纷排查化解工作台账"
EXPORT_PERIOD = "（{start}至{end}）"
EXPORT_PERIOD_ALL = "（全部）"
EXPORT_FILLED_BY = "填报单位：{unit}"
EXPORT_FILLED_ON = "填报日期：{date}"
EXPORT_DATE = "{d.year}年{d.month}月{d.day}日"
EXPORT_SHEET_LEDGER = "台账"
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
# export-ledger command.
CLI_EXPORTED = "已导出 {rows} 件案件到 {path}。"
CLI_UNKNOWN_USER = "用户 {username} 不存在或已停用。"
CLI_UNKNOWN_UNIT = "单位代码 {code} 不存在。"
CLI_BAD_DATE = "日期 {value} 无效，请写成 2026-05-21。"
CLI_CANNOT_WRITE = "无法写入 {path}：{error}"

# Ledger import (db.io.imports.workbook, db.io.imports.preview, db.io.imports.apply, db.cli.imports).
LABELS[EventKind].update({EventKind.IMPORTED: "导入"})
LABELS[AuditAction].update({AuditAction.IMPORT: "导入台账"})
DETAIL_KEYS.update({"file": "导入文件", "row": "行号", "number": "编号"})
IMP_FILE_EMPTY = "文件是空的。"
IMP_FILE_TOO_BIG = "文件超过 10 MB，请拆分后分别导入。"
IMP_FILE_MISSING = "无法读取文件：{error}"
IMP_FILE_XLSM = "不接受含宏的文件（.xlsm）：请在 Excel 中另存为“Excel 工作簿（*.xlsx）”后再导入。"
IMP_FILE_XLS = "这是旧版 Excel 文件（.xls）：请在 Excel 中另存为“Excel 工作簿（*.xlsx）”后再导入。"
IMP_FILE_NOT_XLSX = "这不是有效的 Excel 工作簿（.xlsx）文件。"
IMP_NO_SHEET = "文件中没有名为“{sheet}”的工作表。"
IMP_NO_HEADER = "在工作表前 30 行中找不到表头（如“排查日期”“纠纷类型”“当事人”等列名）。"
IMP_UNKNOWN_UNIT_CODE = "单位代码 {code} 不存在。"
IMP_MISSING_COLUMN = "缺少此列（或列名无法识别，请指定对应列）"
IMP_WHERE = "第 {row} 行「{column}」"
IMP_VALUE = "（原值：{value}）"
IMP_ERROR = "[错误]"
IMP_WARNING = "[提示]"
IMP_IMPOSSIBLE_DATE = "日期不存在（如 2月30日），请核对"
IMP_BAD_DATE = "无法识别的日期，请写成 2026-05-21、2026/5/21、2026.5.21 或 2026年5月21日"
IMP_ID_AS_NUMBER = (
    "身份证号被 Excel 存成了数字，末几位已丢失，未导入：请将该列设为文本格式后重新填写"
)
IMP_UNKNOWN_CATEGORY = "无法识别的纠纷类型"
IMP_UNKNOWN_RISK = "无法识别的风险等级（应为 低 / 中 / 高）"
IMP_UNKNOWN_OUTCOME = "无法识别的化解情况（如 已化解、调处中、已交办、调解不成、已移交、已销号）"
IMP_UNKNOWN_VILLAGE = "{town}下没有这个村（社区）"
IMP_MORE_THAN_PARTIES = "个数多于当事人人数，无法对应"
IMP_RISK_DEFAULT = "未填风险等级，按“低”导入"
IMP_FINISHED_BEFORE_FOUND = "办结日期早于排查日期"
IMP_NO_FINISH_DATE = "未填办结日期，按排查日期记录"
IMP_NUMBER_TOO_LONG = "编号超过 40 个字，将重新编号"
IMP_NUMBER_IN_FILE = "编号与本文件第 {row} 行重复"
IMP_NUMBER_EXISTS = "编号已存在于系统中"
IMP_NUMBERS_TAKEN = (
    "编号已被占用（可能刚刚有人登记或导入）：{numbers}。未写入任何数据，请重新预览。"
)
IMP_SUMMARY = "文件 {file}（工作表“{sheet}”）：读取 {rows} 行；错误 {errors} 处（涉及 {error_rows} 行），提示 {warnings} 处。"
IMP_UNITS_MISSING = "系统中没有以下村（社区）：{names}。系统管理员可选择在导入时一并新建。"
IMP_UNITS_TO_CREATE = "将在导入时新建以下村（社区）：{names}"
IMP_REFUSED = "文件有 {count} 处错误，未写入任何数据。请修改后重新导入，或选择跳过有错误的行。"
IMP_DONE = (
    "已导入 {created} 件案件，跳过 {skipped} 行，新建单位 {units} 个，用时 {seconds:.1f} 秒。"
)
IMP_AUDIT = (
    "导入台账 {file}：读取 {rows} 行，导入 {created} 件，跳过 {skipped} 行，新建单位 {units} 个"
)
IMP_SOURCE = "导入自 {file} 第 {row} 行"
IMP_COL_ROW = "行号"
IMP_COL_STATUS = "状态"
IMP_NEW_NUMBER = "（新编号）"
IMP_ROW_OK = "可导入"
IMP_ROW_ERROR = "有错误"
IMP_CLI_NO_ADMIN = "系统中没有启用的系统管理员账号：命令行导入以第一位启用的系统管理员的身份进行。"
IMP_CLI_DRY_RUN = "试运行：未写入任何数据。"
IMP_CLI_NOTHING_WRITTEN = "未写入任何数据。"
EXPORT_LEDGER_BUTTON = "导出台账（Excel，按当前筛选）"
EXPORT_FORMS_BUTTON = "打印登记表和结案备案表（Excel）"
EXPORT_MAKE = "生成文件"
EXPORT_DOWNLOAD = "下载"
EXPORT_REVEAL_REASON = "如需导出完整身份证号和电话，请填写理由（将记入审计日志）；不填则打码"
IMP_UPLOAD = "选择台账文件（.xlsx，不超过 10 MB）"
IMP_TOWN = "导入到哪个镇（街道）"
IMP_CREATE_UNITS = "文件中系统没有的村（社区），导入时在该镇下新建"
IMP_PREVIEW = "预览"
IMP_SUBMIT = "全部导入"
IMP_SUBMIT_SKIPPING = "跳过有错误的行，导入其余各行"
IMP_RUNNING = "正在导入 {rows} 行……"
IMP_SECTION = "导入台账（Excel）"
IMP_MAP_FIELD = "文件中哪一列是“{field}”？"
IMP_MAP_NONE = "（请选择）"
IMP_FIELD_NAMES = {
    "found_on": "排查日期",
    "category": "纠纷类型",
    "facts": "纠纷简要情况",
    "parties": "当事人",
}
IMP_SHEET = "读取哪个工作表"

# Supervision (督查): checklists, inspections, rectifications, bulletin ------------------------
from db.enums import (  # noqa: E402  (this feature's section is appended to the catalogue)
    Conclusion,
    EvidenceFigure,
    InspectionStatus,
    RectificationStatus,
    TickResult,
)

LABELS[TickResult] = {
    TickResult.PASS: "符合",
    TickResult.FAIL: "不符合",
    TickResult.NOT_APPLICABLE: "不适用",
}
LABELS[InspectionStatus] = {InspectionStatus.DRAFT: "进行中", InspectionStatus.SUBMITTED: "已提交"}
LABELS[Conclusion] = {
    Conclusion.EXCELLENT: "优秀",
    Conclusion.PASS: "合格",
    Conclusion.FAIL: "不合格",
}
LABELS[RectificationStatus] = {
    RectificationStatus.OPEN: "待整改",
    RectificationStatus.DONE: "已整改待核查",
    RectificationStatus.CLOSED: "已销号",
}
LABELS[EvidenceFigure] = {
    EvidenceFigure.OVERDUE_OPEN: "超期未化解案件数",
    EvidenceFigure.FOLLOW_UP_SHARE: "已化解案件回访比例",
    EvidenceFigure.NO_CONTACT: "未登记当事人联系方式的案件数",
    EvidenceFigure.DAILY_REPORTS: "近30日日报完整率",
}
PAGE_INSPECTIONS = "督查检查"
PAGE_RECTIFICATIONS = "整改任务"
SUP_DEFAULT_TEMPLATE_NAME = "矛盾纠纷排查化解工作督查清单"
# The default template: section, item, weight, guidance, evidence required on fail, figure.
SUP_DEFAULT_ITEMS = [
    (
        "组织建设",
        "调委会组织健全，主任明确到人",
        10,
        "查看调委会成员名单和主任任命文件",
        True,
        None,
    ),
    (
        "组织建设",
        "矛盾纠纷排查化解领导小组成员明确",
        5,
        "查看领导小组文件，成员是否有名有姓",
        True,
        None,
    ),
    ("阵地建设", "设有人民调解室，标识规范", 10, "实地查看调解室并拍照", True, None),
    (
        "阵地建设",
        "开展人民调解宣传，公示调解制度和调解员名单",
        5,
        "查看公示栏、宣传资料",
        False,
        None,
    ),
    ("制度落实", "定期召开调解工作例会，记录完整", 10, "查看近三个月的例会记录", True, None),
    (
        "制度落实",
        "矛盾纠纷登记簿（台账）登记及时、要素齐全",
        15,
        "抽查登记簿，核对当事人联系方式等要素",
        False,
        EvidenceFigure.NO_CONTACT,
    ),
    (
        "制度落实",
        "坚持日排查日报告，含零报告",
        10,
        "查看近30日的日报（含零报告）",
        False,
        EvidenceFigure.DAILY_REPORTS,
    ),
    (
        "化解成效",
        "无无故超期未化解的案件",
        15,
        "超期案件须有记录在案的原因",
        True,
        EvidenceFigure.OVERDUE_OPEN,
    ),
    (
        "化解成效",
        "已化解案件按要求回访",
        10,
        "抽查回访记录，防止反弹",
        False,
        EvidenceFigure.FOLLOW_UP_SHARE,
    ),
    ("化解成效", "挂牌督办案件按要求办理", 10, "查看挂牌督办案件的办理和报告情况", True, None),
]
SUP_FIG_COUNT = "{count} 件"
SUP_FIG_SHARE = "{part}/{whole}（{percent:.0f}%）"
SUP_FIG_NONE_RESOLVED = "近一年无已化解案件"
SUP_FIG_NOT_AVAILABLE = "暂无数据"
SUP_FIG_NO_REPORTERS = "辖区内没有需要报送日报的单位"
SUP_FIG_CAPTION = "台账数据（督查开始时）：{label} {value}"
SUP_E_NO_INSPECTION = "督查记录不存在。"
SUP_E_UNIT_OUT_OF_SCOPE = "该单位不在您所在单位及下级单位的范围内。"
SUP_E_TEMPLATE = "请选择现行的督查清单。"
SUP_E_SUBMITTED = "该督查已提交，不能再修改。"
SUP_E_NO_ITEM = "该督查没有这一项。"
SUP_E_UNTICKED = "还有 {count} 项未检查，请逐项选择后再提交。"
SUP_E_EVIDENCE = "以下不符合项须填写说明或上传照片：{items}"
SUP_E_NOTHING_APPLIES = "所有项目都不适用，无法计分。"
SUP_E_NO_RECTIFICATION = "整改任务不存在。"
SUP_E_RECT_OUT_OF_SCOPE = "该整改任务不属于您所在单位及下级单位。"
SUP_E_RECT_ANSWERED = "该整改任务已答复，不能重复答复。"
SUP_E_RECT_NOT_DONE = "单位尚未答复整改完成，不能销号。"
SUP_E_NOTE_REQUIRED = "请填写说明。"
SUP_E_PHOTO_EMPTY = "文件是空的。"
SUP_E_PHOTO_TOO_BIG = "照片不能超过 {mb} MB。"
SUP_E_PHOTO_NOT_IMAGE = "只接受照片（JPEG、PNG 或 WebP 图片）。"
SUP_E_PHOTO_MISSING = "照片不存在。"
SUP_AUDIT_TEMPLATE = "督查清单“{name}”第 {version} 版"
SUP_AUDIT_STARTED = "开始督查 {unit}（{day}）"
SUP_AUDIT_SUBMITTED = "提交督查：得分 {score:.1f}，{conclusion}"
SUP_AUDIT_RECT_DONE = "单位答复整改完成"
SUP_AUDIT_RECT_CLOSED = "督查组核查后销号"
SUP_AUDIT_BULLETIN = "督查通报 {start} 至 {end}"
SUP_TAB_INSPECT = "督查"
SUP_TAB_RECTS = "整改"
SUP_TAB_BULLETIN = "通报"
SUP_NEW = "开始新的督查"
SUP_TEMPLATE = "督查清单"
SUP_UNIT = "被督查单位"
SUP_DATE = "督查日期"
SUP_TEAM = "督查组成员"
SUP_TEAM_HELP = "填写姓名，用顿号分隔"
SUP_START = "开始督查"
SUP_STARTED = "督查已开始：请逐项检查，每一项选择后即时保存。"
SUP_NO_TEMPLATE = "还没有督查清单，请系统管理员先建立。"
SUP_DRAFTS = "进行中的督查"
SUP_DONE_LIST = "已提交的督查"
SUP_NONE_YET = "暂无。"
SUP_CONTINUE = "继续"
SUP_OPEN = "查看"
SUP_BACK = "返回列表"
SUP_HEADER = "{unit} · {day} · {team}"
SUP_TEMPLATE_VERSION = "{name}（第 {version} 版）"
SUP_PROGRESS = "已检查 {done}/{total} 项，每项选择后即时保存。"
SUP_NOTE = "说明"
SUP_PHOTO = "照片"
SUP_PHOTO_UPLOAD = "上传照片（JPEG/PNG/WebP，不超过 5 MB）"
SUP_PHOTO_SAVED = "照片已保存。"
SUP_EVIDENCE_NEEDED = "不符合时须填写说明或上传照片"
SUP_SUBMIT = "提交督查"
SUP_SUBMITTED = "督查已提交：得分 {score:.1f}，结论 {conclusion}。"
SUP_RESULT = "得分 {score:.1f} · {conclusion}"
SUP_RECTS_MADE = "生成整改任务 {count} 项"
SUP_COL_UNIT = "单位"
SUP_COL_DATE = "日期"
SUP_COL_TEAM = "督查组"
SUP_COL_STATUS = "状态"
SUP_COL_SCORE = "得分"
SUP_COL_CONCLUSION = "结论"
SUP_COL_ITEM = "检查项目"
SUP_COL_RESULT = "结果"
SUP_COL_FIGURE = "台账数据"
SUP_RECT_HEADER = "{unit} · 截止 {deadline} · {status}"
SUP_RECT_OVERDUE = "已超期"
SUP_RECT_COUNTS = "未销号 {open} 项，其中超期未整改 {overdue} 项"
SUP_RECT_DONE_NOTE = "整改情况说明"
SUP_RECT_MARK_DONE = "答复整改完成"
SUP_RECT_VERIFY_NOTE = "核查意见"
SUP_RECT_CLOSE = "核查销号"
SUP_RECT_SAVED = "已保存。"
SUP_RECT_ANSWER = "单位答复：{note}"
SUP_RECT_VERIFIED = "核查意见：{note}"
SUP_RECT_NONE = "暂无整改任务。"
SUP_RECT_SHOW_CLOSED = "显示已销号的"
SUP_PERIOD_FROM = "开始日期"
SUP_PERIOD_TO = "结束日期"
SUP_BULLETIN_TITLE = "督查通报（{start} 至 {end}）"
SUP_BULLETIN_SHEET = "督查通报"
SUP_BULLETIN_RANKING = "各单位得分排名"
SUP_RANKING_COLUMNS = ("名次", "单位", "督查次数", "平均得分", "结论")
SUP_PRAISED = "通报表扬"
SUP_CRITICISED = "通报批评"
SUP_NONE = "无"
SUP_BULLETIN_RECTS = "未销号的整改任务 {count} 项（其中超期 {overdue} 项）"
SUP_RECT_COLUMNS = ("单位", "整改要求", "整改期限", "状态", "超期")
SUP_BULLETIN_EMPTY = "该期间没有已提交的督查。"
SUP_BULLETIN_DOWNLOAD = "下载通报（Excel，可打印）"
SUP_ADMIN_TAB = "督查清单"
SUP_ADMIN_PICK = "编辑哪份清单"
SUP_ADMIN_NEW_TEMPLATE = "（新建清单）"
SUP_ADMIN_NAME = "清单名称"
SUP_ADMIN_SAVE = "保存为新版本"
SUP_ADMIN_SAVED = "已保存为“{name}”第 {version} 版；已做过的督查仍按原版本。"
SUP_ADMIN_HELP = (
    "每行一项：分组、检查项目、权重（1–100）、检查要点、不符合时须留证据、台账数据。"
    "保存后生成新版本，已开始或已提交的督查不受影响。"
)
SUP_ITEM_FIELDS = {
    "section": "分组",
    "text": "检查项目",
    "weight": "权重",
    "guidance": "检查要点",
    "evidence_required_on_fail": "不符合须留证据",
    "evidence_figure": "台账数据",
    "name": "清单名称",
    "items": "检查项目",
    "team": SUP_TEAM,
    "visited_on": SUP_DATE,
    "unit_id": SUP_UNIT,
    "template_id": SUP_TEMPLATE,
}
SUP_PICK_UNIT = "请选择单位"
SUP_RECT_SEND_BACK = "退回重新整改"
SUP_AUDIT_RECT_SENT_BACK = "督查组核查未通过，退回重新整改"
# Daily reports (日报 / 零报告), issue 7 -------------------------------------------------------
from db.enums import ReportStatus  # noqa: E402  (appended section)

LABELS[ReportStatus] = {
    ReportStatus.REPORTED: "已上报",
    ReportStatus.ZERO: "零报告",
    ReportStatus.MISSING: "未上报",
}
PAGE_REPORTS = "每日报告"
REPORT_ZERO = "零报告（今日无矛盾纠纷）"
REPORT_FOUND = "有矛盾纠纷"
REPORT_AUDIT = "{unit} {day} 日报第 {version} 版：{kind}"
E_REPORT_CUTOFF = "{name}={value} 无法识别：请写成 18:00 这样的时刻"
E_REPORT_NOT_REQUIRED = "{unit}无需报送每日报告。"
E_REPORT_FUTURE = "不能为今天以后的日期报送日报。"
E_REPORT_STALE = "该日的日报刚刚已由他人报送或更正，本次未保存。请查看最新版本后再提交。"
E_REPORT_ZERO_WITH_CASES = "该日本单位已登记 {count} 件矛盾纠纷，不能报送零报告。"
E_REPORT_OUT_OF_SCOPE = "无权查看该单位的日报：它不在您所在单位及下级单位的范围内。"
REPORT_SUBMIT_HEADER = "报送日报：{unit}"
REPORT_DAY = "报告日期"
REPORT_KIND = "本日情况"
REPORT_KINDS = {True: "今日无矛盾纠纷（零报告）", False: "今日排查发现矛盾纠纷"}
REPORT_NOTE = "备注（可不填）"
REPORT_SUBMIT = "报送"
REPORT_CORRECT = "更正（保存为新版本）"
REPORT_SAVED = "{day} 日报已报送（第 {version} 版）。"
REPORT_SAVED_LATE = "已超过当日 {cutoff} 的报送时限，记为迟报。"
REPORT_CURRENT = "{day} 已报送第 {version} 版：{kind}，{by}，{at}{late}"
REPORT_LATE_MARK = "（迟报）"
REPORT_NONE_YET = "{day} 尚未报送。截止时间 {cutoff}。"
REPORT_LINKED = "该日登记的矛盾纠纷 {count} 件（按排查日期关联）"
REPORT_FOUND_NO_CASES = "已报有矛盾纠纷，但该日尚未登记案件：请到“受理登记”逐件登记。"
REPORT_CONTRADICTION = "矛盾：该日报送了零报告，但之后登记了 {count} 件排查日期为该日的纠纷。"
REPORT_HISTORY = "版本记录（共 {count} 版）"
REPORT_VIEW_HEADER = "报送情况"
REPORT_SCOPE = "范围"
REPORT_RANGE = "日期（单日或一段时间）"
REPORT_RATE_DAY = "当日上报率"
REPORT_RATE_PERIOD = "期间上报率"
REPORT_COUNTS = "应报 {expected}，已报 {reported}（其中零报告 {zero}），未报 {missing}"
REPORT_RATE_DEF = (
    "上报率 = 报送了日报的单位（零报告也算）÷ 应报送日报的单位（村、社区等），"
    "按日计算；期间上报率为各日之和相除。今天以后的日期不计。"
)
REPORT_HEATMAP = "报送日历"
REPORT_HEATMAP_DEF = "每格为一个单位一天的日报：已上报、零报告或未上报（以当前版本为准）。"
REPORT_BY_UNIT = "各单位报送情况（未报最多者在前）"
REPORT_COLS = {
    "unit": "单位",
    "parent": "上级",
    "status": "状态",
    "late": "迟报",
    "version": "版本",
    "cases": "当日登记纠纷",
    "contradiction": "矛盾",
    "note": "备注",
    "by": "报送人",
    "at": "报送时间",
    "day": "日期",
    "reported": "已报天数",
    "zero": "零报告天数",
    "missing": "未报天数",
    "contradictions": "矛盾次数",
    "rate": "上报率",
}
REPORT_NO_UNITS = "范围内没有需要报送日报的单位。"
CASE_REPORT_CONTRADICTION = "注意：{unit} {day} 报送的是零报告，但本案排查日期为该日。"

# Campaigns (专项活动), issue 7 ---------------------------------------------------------------
PAGE_CAMPAIGNS = "专项活动"
CAMPAIGN_AUDIT = "新建专项活动 {name}（{start} 至 {end}，覆盖 {units} 个单位）"
E_CAMPAIGN_PERIOD = "结束日期不能早于开始日期"
E_PHASE_ORDER = "阶段“{name}”的结束日期早于开始日期"
E_PHASE_OUTSIDE = "阶段“{name}”不在活动期间内"
E_PHASE_OVERLAP = "阶段“{name}”与上一阶段重叠或顺序颠倒"
E_CAMPAIGN_NAME_TAKEN = "已有名为“{name}”的专项活动"
CAMPAIGN_FIELDS = {
    "name": "活动名称",
    "period": "活动期间",
    "starts_on": "开始日期",
    "ends_on": "结束日期",
    "target_resolution_pct": "化解率目标（%）",
    "target_reporting_pct": "上报率目标（%）",
    "phases": "阶段",
    "unit_ids": "覆盖单位（含其下级单位）",
}
CAMPAIGN_NEW = "新建专项活动"
CAMPAIGN_PHASE_COUNT = "阶段数"
CAMPAIGN_PHASE_NAME = "第 {n} 阶段名称"
CAMPAIGN_PHASE_DATES = "第 {n} 阶段起止日期"
CAMPAIGN_CREATE = "新建"
CAMPAIGN_CREATED = "专项活动“{name}”已建立。"
CAMPAIGN_NONE = "还没有专项活动。"
CAMPAIGN_CHOOSE = "专项活动"
CAMPAIGN_PERIOD = "{start} 至 {end}；覆盖：{units}"
CAMPAIGN_PHASE_NOW = "当前阶段：{name}（{start} 至 {end}）"
CAMPAIGN_BEFORE = "活动尚未开始（{start} 开始）。"
CAMPAIGN_AFTER = "活动已结束（{end} 结束）。"
CAMPAIGN_BETWEEN = "今天不在任何阶段内。"
CAMPAIGN_PHASES = "阶段安排"
CAMPAIGN_TARGET = "目标 {target}"
CAMPAIGN_RESOLUTION = "化解率"
CAMPAIGN_REPORTING = "上报率"
CAMPAIGN_REGISTERED = "纳入活动的纠纷"
CAMPAIGN_OPEN = "未办结 {open} 件"
CAMPAIGN_DEF = (
    "纳入活动的纠纷：排查日期在活动期间内、发生在覆盖单位（含下级）的案件，统计到今天，"
    "在您的范围内。化解率 = 已化解（含已销号）÷ 已办结（不含仍在办理的）；"
    "上报率 = 覆盖单位中报送了日报的单位天数 ÷ 应报单位天数。"
)
CAMPAIGN_BEHIND = "差距最大的单位"
CAMPAIGN_BEHIND_COLS = {
    "unit": "单位",
    "registered": "纳入纠纷",
    "open": "未办结",
    "resolution": "化解率",
    "reporting": "上报率",
    "gap": "距目标差距",
}
CAMPAIGN_ALL = "（不限）"
CAMPAIGN_FILTER = "专项活动"
CAMPAIGN_PHASE_COL = {"name": "阶段", "start": "开始", "end": "结束"}
E_CAMPAIGN_UNIT = "所选覆盖单位不存在或不在您的范围内。"

# Weekly analysis pack (周研判), issue 7 -------------------------------------------------------
PAGE_WEEKLY = "周研判"
WEEKLY_MEETING = "{start} 当周周研判"
DETAIL_KEYS["meeting"] = "会议"
WEEKLY_WEEK = "哪一周（选该周任意一天）"
WEEKLY_SCOPE = "范围"
WEEKLY_HEADER = "{scope} 周研判：{start} 至 {end}"
WEEKLY_DEF = (
    "新发：排查日期在本周；新逾期：仍在办理、期限在本周内届满且已过；挂牌督办：仍在办理且挂牌；"
    "待回访：已化解未销号；未报日报：本周到今天为止缺报的天数；"
    "上升：本周与上周排查发现件数之差，只列上升者。"
)
WEEKLY_SECTIONS = {
    "new_cases": "本周新发纠纷",
    "new_high_risk": "其中高风险",
    "became_overdue": "本周新逾期",
    "flagged": "挂牌督办",
    "missing_reports": "日报缺报单位",
    "category_rises": "上升最多的纠纷类型",
    "village_rises": "上升最多的村（社区）",
    "waiting_follow_up": "待回访",
}
WEEKLY_COLS = {
    "number": "编号",
    "title": "简要情况",
    "category": "纠纷类型",
    "village": "村（社区）",
    "risk": "风险",
    "stage": "阶段",
    "deadline": "化解时限",
    "responsible": "责任人",
    "flagged": "挂牌督办",
    "unit": "单位",
    "missing": "缺报天数",
    "name": "名称",
    "this_week": "本周",
    "last_week": "上周",
    "rise": "上升",
}
WEEKLY_NONE = "无"
WEEKLY_DECISION = "记录会议决定"
WEEKLY_DECISION_CASE = "案件"
WEEKLY_DECISION_NOTE = "决定（写入该案处置记录）"
WEEKLY_DECISION_SAVE = "写入"
WEEKLY_DECISION_SAVED = "已写入 {number} 的处置记录。"
WEEKLY_DOWNLOAD = "下载周研判（Excel，可打印）"
WEEKLY_AUDIT = "周研判 {start} 至 {end}（{scope}）"
WEEKLY_SHEET_INFO = "说明"

# --- Issue 9: faults (a database that cannot take the work) ---
E_DB_LOCKED = (
    "数据库正忙（另一项写入长时间未结束），本次操作未保存，已写入的内容不受影响。请稍后重试；"
    "如持续出现，请联系管理员。"
)
E_DB_FULL = "存储空间已满，本次操作未保存，已保存的数据完好。请联系管理员清理磁盘或扩容后重试。"
E_DB_READ_ONLY = (
    "数据库当前为只读（数据目录或数据库服务器不允许写入），本次操作未保存，已保存的数据完好。"
    "请联系管理员。"
)


# Ledger full-text search (issue 9) -------------------------------------------------------------

LEDGER_SEARCH_ANY_HINT = "编号、当事人姓名或简要情况中的任意字词"

# --- Bad input and abuse (issue 9): control characters, dates out of range ------------------
V_CONTROL_CHAR = "含有不可见的控制字符（如空字符），请删除后重新输入"
V_DATE_TOO_EARLY = "日期不能早于 {earliest}，请核对"
V_DEADLINE_TOO_FAR = "期限不能超过今天起 {days} 天，请核对"
IMP_NUMBER_ODD = "编号含有 < > [ ] * 等不能用于编号的字符，将重新编号"
IMP_UNIT_NAME_ODD = "村（社区）名称含有 < > [ ] * 等不能用于单位名称的字符，请改正后再导入"

# Settings (db.core.settings): a variable the application cannot use --------------------------
E_SETTING_NUMBER = "{name}={value} 无法识别：请写成数字，如 {default}"
E_COOKIE_KEY_MISSING = "没有配置 Cookie 密钥：请设置环境变量 DISPUTE_DESK_COOKIE_KEY 或 .streamlit/secrets.toml 中的 cookie_key（./run.sh 会自动生成）。"
E_COOKIE_KEY_WEAK = "Cookie 密钥不安全：不能使用默认值，且至少 {min} 个字符。"
