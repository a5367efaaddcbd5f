"""Texts of the weekly meeting's hand-outs (周交办, db.reports.handout, handout_batch) and its
minutes (研判会议纪要, db.reports.minutes, db.io.exports.minutes, db.io.documents.minutes)."""

HANDOUT_TITLE = "周交办"
HANDOUT_HELP = (
    "以下为本周研判中可交办的案件（紧急、新发高风险、逾期、登记多日未交办、上报待接收），"
    "已按规则拟好四定：包案领导（案件所在单位或上级单位的领导）、责任单位（案件所在村/社区；"
    "上报案件为接收单位）、责任人（原责任人，否则该单位调解员）、化解时限（按风险默认）。"
    "会议可逐项修改，勾选确认后一次交办；每件按正常交办办理，某件被拒不影响其他件。"
)
HANDOUT_NONE_TO_GIVE = "本周研判中没有可交办的案件。"
HANDOUT_NO_LEADER = "无可选领导"
HANDOUT_DECISION = "会议决定"
HANDOUT_DECISION_HINT = "可不填：按四定交办"
HANDOUT_DECISION_DEFAULT = "交由{unit}（{person}）办理，{deadline}前化解"
HANDOUT_HELD = "会议日期"
HANDOUT_ATTENDEES = "参会人员"
HANDOUT_FIELDS = {
    "held_on": "会议日期",
    "attendees": "参会人员",
    "decision": "会议决定",
    "deadline": "化解时限",
    "team": "工作专班",
    "measures": "化解方案",
}
HANDOUT_CHANGED = "{number} 在本页打开后已被他人修改，现在交办将被拒绝；请先查看该案件。"
HANDOUT_RELOAD = "按最新情况重新确认"
HANDOUT_SUBMIT = "交办所勾选案件"
HANDOUT_DONE = "已交办 {count} 件：{numbers}"
HANDOUT_REFUSED = "{number} 未交办：{reason}"
HANDOUT_E_NONE = "请先勾选要交办的案件。"
HANDOUT_E_LEADER = "包案领导须为辖区包含该案件的在职领导账号。"
HANDOUT_E_NO_ITEM = "没有这条会议纪要，或不在您的范围内。"
HANDOUT_EDIT_SAVE = "修改会议决定"
HANDOUT_AUDIT = "周交办会议 {start}（单位 {unit}）"
HANDOUT_AUDIT_DECISION = "修改会议纪要第 {item} 条的决定"

MINUTES_TITLE = "研判会议纪要"
MINUTES_HEADER = "{unit} 矛盾纠纷研判会议纪要"
MINUTES_WEEK = "研判周：{start} 至 {end}"
MINUTES_HELD = "会议日期：{day}"
MINUTES_ATTENDEES = "参会人员：{names}"
MINUTES_NOT_DONE = "未交办"
MINUTES_AUDIT = "研判会议纪要 {start}（{unit}）"
MINUTES_COLS = {
    "number": "编号",
    "move": "办理",
    "decision": "会议决定",
    "lead_leader": "包案领导",
    "unit": "责任单位",
    "person": "责任人",
    "deadline": "化解时限",
    "refusal": "未交办原因",
}
MINUTES_DOWNLOAD = {"xlsx": "下载会议纪要（Excel）", "docx": "下载会议纪要（Word）"}

__all__ = [name for name in dir() if name.isupper()]
