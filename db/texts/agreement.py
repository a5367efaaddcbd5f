"""The 人民调解协议书 and the 调解笔录 made from Word templates (db.io.documents), the form on
the case page that fills the agreement, and the templates an office uploads in 系统管理."""

# The documents themselves (the built-in layout and the PDF).
DOC_AGREEMENT_TITLE = "人民调解协议书"
DOC_RECORD_TITLE = "调解笔录"
DOC_NUMBER_LINE = "编号：{number}"
DOC_PARTY_LINE = "{role}：{name}　身份证号：{id_number}　联系电话：{phone}　住址：{address}"
DOC_HEADINGS = {
    "parties": "当事人基本情况",
    "facts": "纠纷主要事实、争议事项",
    "terms": "经调解，双方自愿达成如下协议",
    "performance": "履行方式、时限",
    "closing": "本协议一式{copies}份，当事人、人民调解委员会各持一份，自各方当事人签名（盖章）、"
    "人民调解员签名并加盖人民调解委员会印章之日起生效。",
    "signatures": "当事人（签名或盖章）：",
    "mediator": "人民调解员（签名）：{mediator}",
    "committee": "{committee}（印章）",
    "date": "{date}",
    "record_case": "案件编号：{number}　调解组织：{committee}",
    "record_head": "时间：{time}　地点：{place}　形式：{kind}",
    "participants": "参加人员",
    "content": "调解经过及各方意见、达成的意见",
    "next_step": "下一步工作",
    "recorder": "记录人：{recorder}",
    "record_sign": "参加人员（签名）：",
}
DOC_DATE = "{d.year}年{d.month}月{d.day}日"
DOC_TIME = "{d.year}年{d.month}月{d.day}日 {d.hour:02d}:{d.minute:02d}"
DOC_COMMITTEE = "{unit}人民调解委员会"
DOC_PERFORMANCE = "{method}；履行期限：{deadline}"
DOC_NO_DEADLINE = "协议生效后即时履行"
DOC_NEXT_STEP_ON = "{step}（{date}前）"
# What a template may hold: each placeholder {{ name }} and what it is (shown in 系统管理).
DOC_FIELDS = {
    "case_number": "案件编号",
    "committee": "人民调解委员会名称",
    "unit": "纠纷发生地（村、社区）",
    "category": "纠纷类别",
    "facts": "纠纷主要事实、争议事项",
    "parties": "当事人列表（{% for p in parties %}…{% endfor %}，每人有 p.role 身份、p.name 姓名、"
    "p.id_number 身份证号、p.phone 电话、p.address 住址）",
    "parties_text": "当事人基本情况（每人一行）",
    "applicants": "申请人姓名（顿号分隔）",
    "respondents": "被申请人姓名（顿号分隔）",
    "method": "调解方式",
    "terms": "协议内容",
    "performance_method": "履行方式",
    "performance_deadline": "履行期限",
    "mediator": "人民调解员",
    "agreement_date": "协议日期",
    "copies": "份数",
    "record_kind": "笔录：形式（调解会、走访……）",
    "record_time": "笔录：时间",
    "place": "笔录：地点",
    "participants": "笔录：参加人员",
    "content": "笔录：调解经过及各方意见",
    "next_step": "笔录：下一步工作（及日期）",
    "recorder": "笔录：记录人",
}
DOC_KINDS = {"agreement": "人民调解协议书", "record": "调解笔录"}

# The form on the case page.
AGR_SECTION = "制作人民调解协议书（Word / PDF）"
AGR_INTRO = (
    "内容已按案件、当事人和化解结果预填，可修改后生成。身份证号和电话默认打码；"
    "如需完整号码，请填写理由（记入审计日志）。"
)
AGR_COMMITTEE = "人民调解委员会"
AGR_PARTY_NAME = "{role}姓名"
AGR_PARTY_ADDRESS = "{role}住址"
AGR_FACTS = "纠纷主要事实、争议事项"
AGR_TERMS = "协议内容（达成的协议条款）"
AGR_PERFORMANCE_METHOD = "履行方式"
AGR_PERFORMANCE_DEADLINE = "履行期限"
AGR_MEDIATOR = "人民调解员"
AGR_DATE = "协议日期"
AGR_COPIES = "份数"
AGR_MAKE = "生成协议书"
AGR_DOCX_LINK = "下载 Word（.docx）"
AGR_PDF_LINK = "下载 PDF（A4）"
AGR_FILE = "人民调解协议书-{number}.{ext}"
RECORD_FILE = "调解笔录-{number}.{ext}"
RECORD_DOCX_LINK = "下载调解笔录 Word（.docx）"
RECORD_PDF_LINK = "下载调解笔录 PDF（A4）"

# Refusals.
E_AGR_NOT_RESOLVED = "只有已化解（或已销号）的案件才能制作人民调解协议书。"
E_AGR_PARTY = "当事人与案件不符，请刷新页面后重试。"
E_DOC_NOT_ALLOWED = "只有案件的办理人员（调解员、综治办）可以制作调解文书。"
E_RECORD_FIELDS = "调解笔录缺少内容：{missing}。"

# Templates uploaded in 系统管理.
TPL_TAB = "文书模板"
TPL_INTRO = (
    "可上传本单位自己的 Word 模板（.docx），用 {{ 字段名 }} 标出要填写的位置；"
    "上传时会先用示例案件试填一次，通过后才启用。未上传时使用内置的标准格式。"
)
TPL_KIND = "文书"
TPL_CURRENT = "当前使用：{name}（{who}，{at}上传）"
TPL_BUILTIN = "当前使用：内置标准格式"
TPL_BUILTIN_LINK = "下载内置标准模板（可作为修改的起点）"
TPL_UPLOAD = "上传模板（.docx）"
TPL_CHECK = "检查并启用"
TPL_ACCEPTED = "模板已通过检查并启用：{name}"
TPL_USE_BUILTIN = "改回内置标准格式"
TPL_BACK_TO_BUILTIN = "已改回内置标准格式。"
TPL_FIELDS_HEAD = "可用字段"
TPL_FIELD = "字段"
TPL_MEANING = "含义"
TPL_AUDIT_UPLOAD = "上传{kind}模板 {name}（{size} 字节）"
TPL_AUDIT_BUILTIN = "{kind}改回内置标准格式"
E_TPL_NOT_DOCX = "这不是有效的 Word 文档（.docx）文件，未保存。"
E_TPL_MACRO = "不接受含宏的文档（.docm）：请在 Word 中另存为“Word 文档（*.docx）”后再上传。"
E_TPL_UNKNOWN_FIELD = "模板中的占位符 {name} 不是可用字段，未保存。可用字段见下表。"
E_TPL_BROKEN = "模板中的占位符写法有误：{name}，未保存。请检查花括号是否成对、字段名是否正确。"
E_TPL_RENDER = "模板用示例案件试填失败：{error}，未保存。"
E_TPL_LOOP = "模板中只能用 {% for p in parties %}…{% endfor %} 逐个列出当事人（不能嵌套，不能有其他循环、宏或引用其他模板），未保存。"
E_TPL_NO_FIELD = "模板中没有任何 {{ 字段 }} 占位符，未保存。"

__all__ = [name for name in dir() if name.isupper()]
