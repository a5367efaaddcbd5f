"""The Chinese label of every code the database stores, one table per enumeration."""

from db.enums import (
    AuditAction,
    Category,
    Conclusion,
    EventKind,
    EvidenceFigure,
    FoundVia,
    InspectionStatus,
    Level,
    Move,
    PartyRole,
    RectificationStatus,
    ReferralChannel,
    ReportStatus,
    ResolutionMethod,
    Risk,
    Role,
    Satisfaction,
    Stage,
    TickResult,
    UnitKind,
)

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
        EventKind.IMPORTED: "导入",
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
        AuditAction.IMPORT: "导入台账",
        AuditAction.DOWNLOAD: "下载文件",
        AuditAction.UNIT_CHANGED: "单位变更",
    },
    TickResult: {
        TickResult.PASS: "符合",
        TickResult.FAIL: "不符合",
        TickResult.NOT_APPLICABLE: "不适用",
    },
    InspectionStatus: {InspectionStatus.DRAFT: "进行中", InspectionStatus.SUBMITTED: "已提交"},
    Conclusion: {
        Conclusion.EXCELLENT: "优秀",
        Conclusion.PASS: "合格",
        Conclusion.FAIL: "不合格",
    },
    RectificationStatus: {
        RectificationStatus.OPEN: "待整改",
        RectificationStatus.DONE: "已整改待核查",
        RectificationStatus.CLOSED: "已销号",
    },
    EvidenceFigure: {
        EvidenceFigure.OVERDUE_OPEN: "超期未化解案件数",
        EvidenceFigure.FOLLOW_UP_SHARE: "已化解案件回访比例",
        EvidenceFigure.NO_CONTACT: "未登记当事人联系方式的案件数",
        EvidenceFigure.DAILY_REPORTS: "近30日日报完整率",
    },
    ReportStatus: {
        ReportStatus.REPORTED: "已上报",
        ReportStatus.ZERO: "零报告",
        ReportStatus.MISSING: "未上报",
    },
}


def label(code: object) -> str:
    """The Chinese label of an enumeration member (the code itself if none is known)."""
    return LABELS.get(type(code), {}).get(code, str(code))


__all__ = ["LABELS", "label"]
