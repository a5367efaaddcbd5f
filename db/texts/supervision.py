"""Supervision (督查): checklists, inspections, ledger evidence, rectifications, photos and the
bulletin."""

from db.enums import EvidenceFigure

# The default checklist, written by `python -m db migrate` when missing.
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

# Ledger figures shown as evidence next to an item (db.supervision.evidence).
SUP_FIG_COUNT = "{count} 件"
SUP_FIG_SHARE = "{part}/{whole}（{percent:.0f}%）"
SUP_FIG_NONE_RESOLVED = "近一年无已化解案件"
SUP_FIG_NO_REPORTERS = "辖区内没有需要报送日报的单位"
SUP_FIG_CAPTION = "台账数据（督查开始时）：{label} {value}。{what}"
# What each ledger figure counts (db.supervision.evidence), beside the figure on the checklist.
SUP_FIG_WHAT = {
    EvidenceFigure.OVERDUE_OPEN: "统计被督查单位及其下级单位已过化解时限、仍未化解的案件。",
    EvidenceFigure.FOLLOW_UP_SHARE: "近一年已化解的案件中，至少回访过一次的件数/已化解件数。",
    EvidenceFigure.NO_CONTACT: "近一年排查登记、没有任何当事人留有电话的案件。",
    EvidenceFigure.DAILY_REPORTS: (
        "督查前 30 天，辖区内应报日报的单位×天数中已报送（含零报告）的比例。"
    ),
}

# Refusals.
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

# The audit log's words.
SUP_AUDIT_TEMPLATE = "督查清单“{name}”第 {version} 版"
SUP_AUDIT_STARTED = "开始督查 {unit}（{day}）"
SUP_AUDIT_SUBMITTED = "提交督查：得分 {score:.1f}，{conclusion}"
SUP_AUDIT_RECT_DONE = "单位答复整改完成"
SUP_AUDIT_RECT_CLOSED = "督查组核查后销号"
SUP_AUDIT_RECT_SENT_BACK = "督查组核查未通过，退回重新整改"
SUP_AUDIT_BULLETIN = "督查通报 {start} 至 {end}"

# Inspections.
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
SUP_SUBMIT_CONFIRM = (
    "提交后不能再改动勾选和说明：按结果评分，不符合项生成整改任务。"
    "已勾选 {done}/{total} 项。确认提交？"
)
SUP_SUBMIT_YES = "确认提交"
SUP_SUBMIT_BACK = "返回检查"
SUP_SUBMITTED = "督查已提交：得分 {score:.1f}，结论 {conclusion}。"
SUP_RESULT = "得分 {score:.1f} · {conclusion}"
SUP_RECTS_MADE = "生成整改任务 {count} 项"
SUP_COL_SCORE = "得分"
SUP_COL_ITEM = "检查项目"
SUP_COL_RESULT = "结果"
SUP_COL_FIGURE = "台账数据"
SUP_PICK_UNIT = "请选择单位"

# Rectifications.
SUP_RECT_HEADER = "{unit} · 截止 {deadline} · {status}"
SUP_RECT_OVERDUE = "已超期"
SUP_RECT_COUNTS = "未销号 {open} 项，其中超期未整改 {overdue} 项"
SUP_RECT_DONE_NOTE = "整改情况说明"
SUP_RECT_MARK_DONE = "答复整改完成"
SUP_RECT_VERIFY_NOTE = "核查意见"
SUP_RECT_CLOSE = "核查销号"
SUP_RECT_SEND_BACK = "退回重新整改"
SUP_RECT_SAVED = "已保存。"
SUP_RECT_ANSWER = "单位答复：{note}"
SUP_RECT_VERIFIED = "核查意见：{note}"
SUP_RECT_NONE = "暂无整改任务。"
SUP_RECT_SHOW_CLOSED = "显示已销号的"

# The bulletin.
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

# Editing a checklist (admins).
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

__all__ = [name for name in dir() if name.isupper()]
