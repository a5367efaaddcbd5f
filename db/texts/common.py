"""Words every feature shares: yes, no and all, the field names, the validation messages, the
refusals of the core rules (scope, permissions) and the storage faults."""

ALL = "全部"
CHOOSE = "请选择"  # an empty choice box (Streamlit says "Choose an option")
YES = "是"
NO = "否"

# Field names, as the forms and the ledger show them.
FIELDS = {
    "original_number": "原编号",
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
# The help of a long text box: the browser takes in no paste that would pass the limit (not
# even its first part), so the limit is said before it happens.
V_REQUIRED_LONG = "此项必填。超过 {max} 字的粘贴不会被接收：请删减到 {max} 字以内再粘贴。"
V_LIMIT_HELP = "最多 {max} 个字。超过 {max} 字的粘贴不会被接收，请先删减再粘贴。"
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
V_CONTROL_CHAR = "含有不可见的控制字符（如空字符），请删除后重新输入"
V_DATE_TOO_EARLY = "日期不能早于 {earliest}，请核对"
V_DEADLINE_TOO_FAR = "期限不能超过今天起 {days} 天，请核对"

# Above a form whose fields were refused.
FORM_HAS_ERRORS = "有 {count} 处需要修改，请查看各项下方的提示。"

# Refusals from the core rules (db.core.scope, db.core.permissions).
E_OUT_OF_SCOPE = "无权访问该案件：它不在您所在单位及下级单位的范围内。"
E_NOT_FOUND = "案件不存在。"
E_UNIT_OUT_OF_SCOPE = "您只能为本单位及下级单位登记案件。"
E_NOT_ALLOWED = "您的角色无权进行此操作。"

# Faults: a database that cannot take the work (db.core.engine).
E_DB_LOCKED = (
    "数据库正忙（另一项写入长时间未结束），本次操作未保存，已写入的内容不受影响。请稍后重试；"
    "如持续出现，请联系管理员。"
)
E_DB_FULL = "存储空间已满，本次操作未保存，已保存的数据完好。请联系管理员清理磁盘或扩容后重试。"
E_DB_READ_ONLY = (
    "数据库当前为只读（数据目录或数据库服务器不允许写入），本次操作未保存，已保存的数据完好。"
    "请联系管理员。"
)

# Uploads refused before anything is read from them (db.core.uploads); each names its limit.
FILE_EMPTY = "文件是空的。"
FILE_TOO_BIG = "文件超过 {max} MB 的上限，未读取。"
FILE_ZIP_TOO_MANY_PARTS = "文件内部的部件超过 {max} 个（正常文档远少于此），未读取。"
FILE_ZIP_PART_TOO_BIG = "文件中有一个部件解压后为 {size} MB，超过此类部件 {max} MB 的上限，未读取。"
FILE_ZIP_TOO_BIG = "文件解压后共 {size} MB，超过 {max} MB 的上限，未读取。"
FILE_ZIP_RATIO = (
    "文件中有一个部件解压后是压缩时的 {ratio} 倍，超过 {max} 倍的上限（正常文档不会如此），"
    "可能是恶意构造的文件，未读取。"
)
FILE_NOT_IMAGE = "不是可接受的图片（只接受 {formats}），未保存。"
FILE_IMAGE_TOO_MANY_PIXELS = "图片像素超过 {max} 万的上限（可能是恶意构造的图片），未保存。"

# Settings (db.core.settings): a variable the application cannot use
E_SETTING_NUMBER = "{name}={value} 无法识别：请写成数字，如 {default}"
E_SETTING_PROXIES = (
    "{name} 中的“{value}”无法识别：请写成 IP 地址或网段，用逗号分隔，如 10.0.0.5, 10.1.0.0/16"
)
E_COOKIE_KEY_MISSING = "没有配置 Cookie 密钥：请设置环境变量 DISPUTE_DESK_COOKIE_KEY 或 .streamlit/secrets.toml 中的 cookie_key（./run.sh 会自动生成）。"
E_COOKIE_KEY_WEAK = "Cookie 密钥不安全：不能使用默认值，且至少 {min} 个字符。"


__all__ = [name for name in dir() if name.isupper()]
