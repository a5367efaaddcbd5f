"""The words of the bulk set-up workbook (批量设置): its sheets and columns, the problems a row may
have, the import's report and audit, the command line and the 系统管理 tab."""

# The workbook (db.io.setup_book.layout): sheets, and each column's header by its key.
SB_UNIT_SHEET = "单位"
SB_ACCOUNT_SHEET = "账号"
SB_NOTE_SHEET = "说明"
SB_UNIT_HEADERS = {
    "name": "名称",
    "kind": "类型",
    "code": "代码",
    "parent": "上级代码",
    "must_report": "须报日报",
    "reports_from": "报送起始日",
}
SB_ACCOUNT_HEADERS = {
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "unit": "所属单位代码",
    "phone": "手机号(可选)",
}
SB_YES = "是"
SB_NO = "否"
SB_NOTES = (
    "批量设置工作簿：在“单位”和“账号”两张表中从第2行起每行填一项，表头不要改动。",
    "单位·名称：单位全称，最多 100 字。",
    "单位·类型：{kinds}。",
    "单位·代码：2 至 32 个大写字母、数字或短横线，全县唯一，如 QSZ、QSZ01。",
    "单位·上级代码：上级单位的代码（已有单位或本表中的单位均可）；县不填。"
    "镇/街道在县之下，村、社区在镇/街道之下，部门在镇/街道或县之下。",
    "单位·须报日报：是 或 否；不填时村、社区为是，其他为否。",
    "单位·报送起始日：须报日报的单位从哪天起计入报送率，如 2026-01-01；不填表示一直计入。",
    "账号·用户名：3 至 64 位英文字母、数字或 _ . -，全系统唯一。",
    "账号·姓名：最多 50 字。账号·角色：{roles}。",
    "账号·所属单位代码：已有单位或“单位”表中的单位的代码。",
    "账号·手机号(可选)：手机或带区号的固定电话。",
    "已存在的单位（代码相同，名称、类型、上级、日报设置也相同）和已存在的账号（用户名相同，"
    "姓名、角色、单位也相同）跳过不重复建立；代码或用户名相同而内容不同的行是错误。",
    "每个新账号得到一个一次性密码，导入后只显示一次，首次登录须修改。",
)

# Problems, each named by sheet, row and column.
SB_PROBLEM = "{sheet} 第{row}行 {column}：{message}"
SB_PROBLEM_ROW = "{sheet} 第{row}行：{message}"
SB_NO_SHEETS = "工作簿中没有“单位”或“账号”表：请用批量设置模板填写。"
SB_NO_HEADER = "前 5 行中找不到表头（如 {first}）：请用批量设置模板填写。"
SB_MISSING_COLUMN = "缺少这一列"
SB_TOO_MANY_ROWS = "超过 {max} 行：请分成几个文件导入。"
SB_EMPTY = "必须填写"
SB_BAD_KIND = "“{value}”不是单位类型；可填：{allowed}"
SB_BAD_ROLE = "“{value}”不是角色；可填：{allowed}"
SB_BAD_YES_NO = "“{value}”应为 是 或 否"
SB_NO_REPORTS_FROM = "不须报日报的单位不填报送起始日"
SB_CODE_REPEATED = "代码 {code} 在本表第{first}行已出现"
SB_CODE_DIFFERS = (
    "代码 {code} 已由 {unit} 使用，且与本行不同（{what}）；修改已有单位请在 系统管理 → 单位 中进行"
)
SB_DIFF_NAME = "名称"
SB_DIFF_KIND = "类型"
SB_DIFF_PARENT = "上级"
SB_DIFF_REPORTS = "日报设置"
SB_DIFF_ROLE = "角色"
SB_DIFF_UNIT = "单位"
SB_DIFF_PHONE = "手机号"
SB_PARENT_UNKNOWN = "找不到代码为 {code} 的单位（系统中没有，本表中也没有）"
SB_PARENT_CYCLE = "上级关系成环：{chain}"
SB_PARENT_OUT_OF_SCOPE = "单位 {code} 不在您所在单位及下级单位的范围内"
SB_NEW_COUNTY = "只能有一个县（{county}），不能新建县"
SB_USERNAME_REPEATED = "用户名 {username} 在本表第{first}行已出现"
SB_USERNAME_TAKEN = "用户名 {username} 已被使用，且与本行不同（{what}）"
SB_UNIT_UNKNOWN = "找不到代码为 {code} 的单位（系统中没有，“单位”表中也没有）"
SB_PHONE_MASKED = "这是打码的号码，无法导入：请填完整号码或留空"
SB_NAME_TOO_LONG = "最多 {max} 字"

# Preview and result.
SB_PREVIEW_LINE = "将新建单位 {units} 个、账号 {accounts} 个；已存在而跳过：单位 {units_there} 个、账号 {accounts_there} 个。"
SB_PROBLEMS_LINE = "发现 {count} 处问题，全部改正后才能导入（不会写入任何内容）："
SB_REFUSED = "批量设置有 {count} 处问题，未写入任何内容。"
SB_NOTHING = "文件中没有需要新建的单位或账号（都已存在），未写入任何内容。"
SB_DONE = "已新建单位 {units} 个、账号 {accounts} 个（跳过已存在的单位 {units_there} 个、账号 {accounts_there} 个）。"
SB_AUDIT = "批量设置（{file}）：新建单位 {units} 个、账号 {accounts} 个，跳过已存在的单位 {units_there} 个、账号 {accounts_there} 个"
SB_AUDIT_EXPORT = "导出单位与账号（{units} 个单位、{accounts} 个账号，手机号{shown}）"
SB_PHONES_MASKED = "打码"
SB_PHONES_REVEALED = "完整（理由：{reason}）"
SB_PASSWORD_FILE_TITLE = "一次性密码（只可下载一次，首次登录须修改）"
SB_PASSWORD_COLUMNS = ("用户名", "姓名", "角色", "单位", "手机号", "一次性密码")

# Command line (python -m db setup-import / setup-export / setup-template).
SB_CLI_DRY_RUN = "试运行：以上内容未写入。"
SB_CLI_PASSWORDS = "新账号的一次性密码（只显示这一次，首次登录须修改）："
SB_CLI_ACCOUNT = "{username}\t{name}\t{role}\t{unit}\t{phone}\t{password}"
SB_CLI_TEMPLATE = "已写入批量设置模板：{path}"
SB_CLI_EXPORTED = "已导出 {units} 个单位、{accounts} 个账号到 {path}（手机号{shown}）。"
SB_CLI_NO_ADMIN = "没有可用的系统管理员账号（启用且已改过一次性密码）：请先运行 python -m db init，并用它给出的一次性密码登录、修改密码。"
SB_CLI_CANNOT_WRITE = "无法写入 {path}：{error}"

# 系统管理 → 批量设置 (components/setup_book_view.py).
SB_TAB = "批量设置"
SB_INTRO = "用一个 Excel 工作簿一次建立多个单位和账号：先下载模板填写，上传后预览，确认无误再导入（全部成功或全部不写入）。"
SB_TEMPLATE_LINK = "下载批量设置模板"
SB_EXPORT_LINK = "下载当前单位与账号（同一格式，手机号打码）"
SB_UPLOAD = "上传填好的批量设置工作簿（.xlsx）"
SB_PREVIEW = "预览"
SB_CONFIRM = "确认导入"
SB_RUNNING = "正在建立单位和账号（每个账号生成一次性密码），请稍候……"
SB_PREVIEW_AGAIN = "文件已更换：请重新预览。"
SB_COL_SHEET = "表"
SB_COL_ROW = "行"
SB_COL_COLUMN = "列"
SB_COL_PROBLEM = "问题"
SB_PASSWORDS_TITLE = "新账号的一次性密码"
SB_PASSWORDS_ONCE = "密码只在此显示这一次，也只可下载一次；离开或刷新本页后即不再显示。请分别告知各账号本人，首次登录须修改。"
SB_PASSWORDS_LINK = "下载一次性密码（只可下载一次）"
SB_TEMPLATE_FILE = "批量设置模板.xlsx"
SB_EXPORT_FILE = "单位与账号.xlsx"
SB_PASSWORDS_FILE = "一次性密码.xlsx"

__all__ = [name for name in dir() if name.isupper()]
