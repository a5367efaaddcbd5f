"""Importing an office's ledger workbook (db.io.imports): reading the file, the problems of
a cell or a row, the preview and the import itself."""

# The file.
IMP_FILE_EMPTY = "文件是空的。"
IMP_FILE_TOO_BIG = "文件超过 10 MB，请拆分后分别导入。"
IMP_FILE_MISSING = "无法读取文件：{error}"
IMP_FILE_XLSM = "不接受含宏的文件（.xlsm）：请在 Excel 中另存为“Excel 工作簿（*.xlsx）”后再导入。"
IMP_FILE_XLS = "这是旧版 Excel 文件（.xls）：请在 Excel 中另存为“Excel 工作簿（*.xlsx）”后再导入。"
IMP_FILE_NOT_XLSX = "这不是有效的 Excel 工作簿（.xlsx）文件。"
IMP_TOO_MANY_STRINGS = (
    "工作簿中的不同文字内容超过 {max} 条的上限，未读取：请按年度或村（社区）拆分后分别导入。"
)
IMP_TOO_MANY_CHARACTERS = (
    "工作簿中的文字共超过 {max} 万字的上限，未读取：请按年度或村（社区）拆分后分别导入。"
)
IMP_TOO_MANY_ROWS = (
    "台账超过 {max} 行的上限（一次最多导入 {max} 行），未导入：请按年度或村（社区）拆分后分别导入。"
)
IMP_SHEET_TOO_LONG = (
    "工作表超过 {max} 行（含空行）的上限，未读取：请删除台账下方多余的空行，或拆分后再导入。"
)
IMP_NO_SHEET = "文件中没有名为“{sheet}”的工作表。"
IMP_NO_HEADER = "在工作表前 30 行中找不到表头（如“排查日期”“纠纷类型”“当事人”等列名）。"
IMP_UNKNOWN_UNIT_CODE = "单位代码 {code} 不存在。"
IMP_MISSING_COLUMN = "缺少此列（或列名无法识别，请指定对应列）"

# Problems of a cell or a row.
IMP_WHERE = "第 {row} 行「{column}」"
IMP_VALUE = "（原值：{value}）"
IMP_ERROR = "[错误]"
IMP_WARNING = "[提示]"
IMP_IMPOSSIBLE_DATE = "日期不存在（如 2月30日），请核对"
IMP_BAD_DATE = "无法识别的日期，请写成 2026-05-21、2026/5/21、2026.5.21 或 2026年5月21日"
IMP_ID_AS_NUMBER = (
    "身份证号被 Excel 存成了数字，末几位已丢失，未导入：请将该列设为文本格式后重新填写"
)
IMP_ID_LOOKS_DAMAGED = (
    "身份证号以 000 结尾、校验位正确，已按原样导入；若该列曾被 Excel 存成数字，请与原始材料核对"
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
IMP_NUMBER_EXISTS = "编号已存在于系统中"  # (and that case has other parties or date)
IMP_RECORDED_BY = "导入（原台账）"  # who did what an imported ledger records
IMP_SAME_CASE = "与系统中的案件 {number} 是同一件（编号、当事人、排查日期相同），跳过，不重复导入"
IMP_RENUMBERED = "编号已被系统中另一件案件使用：将给新编号，原编号保留（可检索）"
IMP_NEW_NUMBER_FOR = "（新编号，原编号 {number}）"
IMP_ROW_SAME = "已在系统中（{number}），跳过"
IMP_RENUMBER = "编号已被占用的行给新编号，原编号保留（可检索）"
IMP_NOTHING = "没有导入任何案件：{reason}"
IMP_NOTHING_ALL_IN = "文件中的 {count} 行均已在系统中。"
IMP_SAME_SKIPPED = "另有 {count} 行已在系统中，跳过。"
IMP_NUMBER_ODD = "编号含有 < > [ ] * 等不能用于编号的字符，将重新编号"
IMP_UNIT_NAME_ODD = "村（社区）名称含有 < > [ ] * 等不能用于单位名称的字符，请改正后再导入"
IMP_NUMBERS_TAKEN = (
    "编号已被占用（可能刚刚有人登记或导入）：{numbers}。未写入任何数据，请重新预览。"
)

# The plan, the import and its record.
IMP_SUMMARY = "文件 {file}（工作表“{sheet}”）：读取 {rows} 行；错误 {errors} 处（涉及 {error_rows} 行），提示 {warnings} 处。"
IMP_NOT_IMPORTED = (
    "[未导入] {letter} 列「{name}」不会导入（示例：{example}）；"
    "如需导入，请在“各列对应的字段”中（命令行用 --map 列名=字段）指定它对应的字段"
)
IMP_NO_HEADER_NAME = "无列名"
IMP_NO_EXAMPLE = "空"
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

# The import's screen.
IMP_SECTION = "导入台账（Excel）"
IMP_UPLOAD = "选择台账文件（.xlsx，不超过 10 MB）"
IMP_SHEET = "读取哪个工作表"
IMP_TOWN = "导入到哪个镇（街道）"
IMP_CREATE_UNITS = "文件中系统没有的村（社区），导入时在该镇下新建"
IMP_FIELD_NAMES = {  # the fields a column of a ledger may be, by the sample's own names
    "number": "编号",
    "found_on": "排查日期",
    "village": "所属村（社区）",
    "category": "纠纷类型",
    "facts": "纠纷简要情况",
    "parties": "当事人",
    "id_number": "身份证号",
    "phone": "联系电话",
    "people_involved": "涉及人数",
    "amount": "涉及金额（元）",
    "risk": "风险等级",
    "lead_leader": "包案领导",
    "responsible_unit": "责任单位",
    "responsible_person": "责任人",
    "deadline": "化解时限",
    "method": "化解方式",
    "outcome": "化解情况",
    "finished_on": "办结日期",
    "follow_up": "回访情况",
    "notes": "备注",
}
IMP_CLI_BAD_MAP = "无法识别的 --map {pair}：应写成 列名=字段，字段为以下之一或“不导入”：{fields}"
IMP_CLI_SKIP_WORDS = ("不导入", "-")
IMP_COLUMN_MAPPED = "[对应] {letter} 列「{name}」→ {field}（{how}）"
IMP_MAPPED_HOW = {"user": "手动指定", "synonym": "按列名识别"}
IMP_MAPPED_BY_WORD = "按列名中的“{word}”识别"
IMP_MAP_COLUMN = "{letter} 列「{name}」导入为"
IMP_MAP_SKIP = "（不导入）"
IMP_MAP_TITLE = "各列对应的字段"
IMP_PREVIEW_AGAIN = "选择有变化，请重新预览后再导入。"
IMP_MAP_HINT = "如有列对应错误，请在下面改正后重新预览。"
IMP_PREVIEW = "预览"
IMP_SUBMIT = "全部导入"
IMP_SUBMIT_SKIPPING = "跳过有错误的行，导入其余各行"
IMP_RUNNING = "正在导入 {rows} 行……"
IMP_READING = "正在读取台账……"
IMP_MORE_LINES = "……另有 {count} 条未列出（请先改正以上各处，再重新预览）。"
IMP_PREVIEW_STALE = "文件或系统中的数据在预览后有变化，未写入任何数据，请重新预览。"

__all__ = [name for name in dir() if name.isupper()]
