"""Documents attached to a case (附件, issue 19 part 2), the 销号 guard for a signed agreement,
and the case file (卷宗) for 立卷归档."""

# Refusals of an upload (db.core.file_kinds, db.cases.documents): nothing is stored.
DOC_E_TYPE = "文件类型不支持（按文件内容判断，只接受 PDF、JPEG、PNG、WebP、DOCX、XLSX），未保存。"
DOC_E_OLD_OFFICE = (
    "这是旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx 或 .xlsx 后再上传，未保存。"
)
DOC_E_MACROS = "文件含有宏（.docm/.xlsm），不予接收，请另存为不含宏的 .docx 或 .xlsx，未保存。"
DOC_E_NAME_EMPTY = "文件名为空，未保存。"
DOC_E_NAME_CONTROL = "文件名含有控制字符或不可见的方向字符，请改名后再上传，未保存。"
DOC_E_NAME_PATH = "文件名中不能含有路径（/、\\ 或 ..），请改名后再上传，未保存。"
DOC_E_NAME_LONG = "文件名超过 {max} 个字，请改短后再上传，未保存。"
DOC_E_KIND = "请选择附件类别。"
DOC_E_NOT_HANDLER = "只有本案的承办人、承办单位人员或辖区综治办可以上传或撤回附件。"
DOC_E_MISSING = "附件不存在或已无法读取。"
DOC_E_WITHDRAWN = "该附件已撤回。"
DOC_E_WITHDRAW_REASON = "撤回附件须写明原因。"

# The 销号 guard (db.cases.documents.guard_signed_agreement).
DOC_E_CLOSE_NEEDS_AGREEMENT = (
    "该案化解时已签订书面调解协议：销号前须上传签字的调解协议书（附件类别“签字的调解协议书”），"
    "或在销号表单中写明未附协议书的原因。"
)
DOC_CLOSE_MISSING = "本案已签订书面调解协议，但尚未上传签字的调解协议书。"
DOC_CLOSE_REASON = "未附签字协议书的原因（不上传协议书而销号时必填，记入处置记录）"

# The case page (components.documents_view).
DOC_SECTION = "附件（立卷归档）"
DOC_NONE = "尚无附件。"
DOC_LINE = "{kind} · {name} · {size} · {who} · {when}"
DOC_LINE_NOTE = "说明：{note}"
DOC_LINE_WITHDRAWN = "已撤回（{who}，{when}）：{reason}"
DOC_OPEN = "打开 {name}"
DOC_UPLOAD_TITLE = "上传附件"
DOC_FILE = "文件（PDF、JPEG、PNG、WebP、DOCX、XLSX，每个不超过 {mb} MB）"
DOC_KIND = "附件类别"
DOC_NOTE = "说明（可不填）"
DOC_SUBMIT = "上传"
DOC_NO_FILE = "请先选择文件。"
DOC_SAVED = "已上传附件：{name}"
DOC_WITHDRAW_TITLE = "撤回附件（文件保留，标记为已撤回）"
DOC_WITHDRAW_WHICH = "撤回哪个附件"
DOC_WITHDRAW_REASON = "撤回原因"
DOC_WITHDRAW_SUBMIT = "撤回"
DOC_WITHDRAWN_DONE = "已撤回附件。"

# The case file (卷宗, db.io.exports.case_file).
CASE_FILE_TITLE = "下载卷宗（ZIP：登记表、结案备案表、处置记录、附件及目录）"
CASE_FILE_NAME = "{number}-卷宗.zip"
CASE_FILE_FORMS = "01-登记表及结案备案表.xlsx"
CASE_FILE_RECORDS = "02-处置记录.xlsx"
CASE_FILE_DOCS_FOLDER = "03-附件"
CASE_FILE_INDEX = "00-目录.xlsx"
CASE_FILE_INDEX_SHEET = "目录"
CASE_FILE_INDEX_HEAD = ("序号", "文件", "类别", "说明", "上传人", "上传时间", "大小")
CASE_FILE_FORMS_KIND = "登记表、结案备案表"
CASE_FILE_RECORDS_KIND = "处置记录"
CASE_FILE_RECORDS_SHEET = "处置记录"
CASE_FILE_RECORDS_HEAD = ("时间", "类型", "阶段变化", "办理人", "内容")
CASE_FILE_AUDIT = "卷宗（登记表、结案备案表、处置记录、{count} 个附件）"

__all__ = [name for name in dir() if name.isupper()]
