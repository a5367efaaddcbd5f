"""Reporting upwards: daily reports (日报, 零报告), campaigns (专项活动) and the weekly
analysis pack (周研判)."""

# Daily reports (db.reports.daily).
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
REPORT_RATE_DAY = "当日日报报送率"
REPORT_RATE_PERIOD = "期间日报报送率"
REPORT_COUNTS = "应报 {expected}，已报 {reported}（其中零报告 {zero}），未报 {missing}"
REPORT_RATE_DEF = (
    "日报报送率 = 报送了日报的单位（零报告也算）÷ 应报送日报的单位（村、社区等），"
    "按日计算；期间日报报送率为各日之和相除。今天以后的日期不计。"
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
    "rate": "日报报送率",
}
REPORT_NO_UNITS = "范围内没有需要报送日报的单位。"
CASE_REPORT_CONTRADICTION = "注意：{unit} {day} 报送的是零报告，但本案排查日期为该日。"

# Campaigns (db.reports.campaigns).
CAMPAIGN_AUDIT = "新建专项活动 {name}（{start} 至 {end}，覆盖 {units} 个单位）"
E_CAMPAIGN_PERIOD = "结束日期不能早于开始日期"
E_PHASE_ORDER = "阶段“{name}”的结束日期早于开始日期"
E_PHASE_OUTSIDE = "阶段“{name}”不在活动期间内"
E_PHASE_OVERLAP = "阶段“{name}”与上一阶段重叠或顺序颠倒"
E_CAMPAIGN_NAME_TAKEN = "已有名为“{name}”的专项活动"
E_CAMPAIGN_UNIT = "所选覆盖单位不存在或不在您的范围内。"
CAMPAIGN_FIELDS = {
    "name": "活动名称",
    "period": "活动期间",
    "starts_on": "开始日期",
    "ends_on": "结束日期",
    "target_resolution_pct": "化解率目标（%）",
    "target_reporting_pct": "日报报送率目标（%）",
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
CAMPAIGN_TARGET = "目标 {target}"
CAMPAIGN_RESOLUTION = "化解率"
CAMPAIGN_REPORTING = "日报报送率"
CAMPAIGN_REGISTERED = "纳入活动的纠纷"
CAMPAIGN_OPEN = "未办结 {open} 件"
CAMPAIGN_DEF = (
    "纳入活动的纠纷：排查日期在活动期间内、发生在覆盖单位（含下级）的案件，统计到今天，"
    "在您的范围内。化解率 = 已化解（含已销号）÷ 纳入活动的全部纠纷（含仍在办理的）；"
    "日报报送率 = 覆盖单位中报送了日报的单位天数 ÷ 应报单位天数。"
)
CAMPAIGN_BEHIND = "差距最大的单位"
CAMPAIGN_BEHIND_COLS = {
    "unit": "单位",
    "registered": "纳入纠纷",
    "open": "未办结",
    "resolution": "化解率",
    "reporting": "日报报送率",
    "gap": "距目标差距",
}
CAMPAIGN_ALL = "（不限）"
CAMPAIGN_FILTER = "专项活动"
CAMPAIGN_PHASE_COL = {"name": "阶段", "start": "开始", "end": "结束"}

# The weekly analysis pack (db.reports.weekly, db.io.exports.weekly).
WEEKLY_MEETING = "{start} 当周周研判"
WEEKLY_WEEK = "哪一周（选该周任意一天）"
WEEKLY_SCOPE = "范围"
WEEKLY_HEADER = "{scope} 周研判：{start} 至 {end}"
WEEKLY_DEF = (
    "紧急：本周新发或仍在办理的紧急案件（群体性、民转刑或高风险多人）；新发：排查日期在本周；新逾期：仍在办理、期限在本周内届满且已过；挂牌督办：仍在办理且挂牌；"
    "待回访：已化解未销号；未报日报：本周到今天为止缺报的天数；"
    "上升：本周与上周排查发现件数之差，只列上升者。"
    "仍未交办：到今天为止登记已满设定天数（DISPUTE_DESK_UNASSIGNED_DAYS）仍未交办；"
    "逾期超过一周：到今天为止仍在办理且已逾期超过 7 天（不论何时开始逾期）；"
    "上报待接收：现在正等待本范围内单位接收或退回的上报案件。"
)
WEEKLY_SECTIONS = {
    "urgent": "紧急案件（重大纠纷直报）",
    "new_cases": "本周新发纠纷",
    "new_high_risk": "其中高风险",
    "became_overdue": "本周新逾期",
    "flagged": "挂牌督办",
    "missing_reports": "日报缺报单位",
    "category_rises": "上升最多的纠纷类型",
    "village_rises": "上升最多的村（社区）",
    "waiting_follow_up": "待回访",
    "still_unassigned": "登记多日仍未交办",
    "long_overdue": "逾期超过一周",
    "reported_up": "上报待接收",
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

__all__ = [name for name in dir() if name.isupper()]
