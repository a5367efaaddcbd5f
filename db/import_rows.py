"""Reading one ledger cell as people type it: the column names and their synonyms, dates in every
usual spelling, amounts, ID numbers that Excel mangled, parties in one cell, outcomes in words.

Each parser returns the clean value or raises CellProblem with the reason in Chinese (db.texts).
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from db import texts
from db.enums import Category, ReferralChannel, ResolutionMethod, Risk, Stage
from db.validation import clean_id_number, clean_phone

# Field key → the names a ledger gives that column (the first is the sample's own).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "纠纷编号", "案件编号"),
    "found_on": ("排查日期", "登记时间", "受理日期", "登记日期", "受理时间", "排查时间"),
    "village": ("所属村（社区）", "村（社区）", "所属村", "村", "社区", "所属社区", "村居"),
    "category": ("纠纷类型", "纠纷类别", "类型", "类别"),
    "facts": ("纠纷简要情况", "简要情况", "纠纷情况", "基本情况", "主要内容"),
    "parties": ("当事人", "当事人姓名", "双方当事人"),
    "id_number": ("身份证号", "身份证号码", "当事人身份证号"),
    "phone": ("联系电话", "电话", "联系方式", "手机号"),
    "people_involved": ("涉及人数", "人数"),
    "amount": ("涉及金额（元）", "涉及金额", "金额（元）", "金额"),
    "risk": ("风险等级", "风险"),
    "lead_leader": ("包案领导",),
    "responsible_unit": ("责任单位",),
    "responsible_person": ("责任人",),
    "deadline": ("化解时限", "办结时限"),
    "method": ("化解方式", "调解方式"),
    "outcome": ("化解情况", "化解结果", "办理结果", "调处结果"),
    "finished_on": ("办结日期", "结案时间", "办结时间", "结案日期", "化解日期"),
    "follow_up": ("回访情况",),
    "notes": ("备注",),
}
REQUIRED_FIELDS = ("found_on", "category", "facts", "parties")


def header_key(text: object) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), no blanks, no '*'."""
    if text is None:
        return ""
    return re.sub(r"[\s*＊:：]", "", unicodedata.normalize("NFKC", str(text)))


SYNONYM_FIELD: dict[str, str] = {
    header_key(name): field for field, names in COLUMN_SYNONYMS.items() for name in names
}


class CellProblem(ValueError):
    """A cell that cannot be imported as it stands; the message is for the user."""


def text_of(value: object) -> str:
    """A cell as text: full-width digits and blanks folded, integers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """Excel dates, Excel serial numbers, 2026-05-21, 2026/5/21, 2026.5.21, 2026年5月21日."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        value = text_of(value)
    text = text_of(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise CellProblem(texts.IMP_IMPOSSIBLE_DATE) from None
    raise CellProblem(texts.IMP_BAD_DATE)


def parse_count(value: object) -> int:
    text = text_of(value).removesuffix("人").strip()
    if not text:
        return 0
    if not re.fullmatch(r"\d{1,6}", text):
        raise CellProblem(texts.V_NOT_INTEGER)
    return int(text)


def parse_amount_fen(value: object) -> int:
    """Yuan as typed (86000, 86,000, 8.6万, ¥1200.50元) → fen."""
    text = text_of(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    text = text.removesuffix("元").strip()
    factor = Decimal(1)
    if text.endswith("万"):
        text, factor = text[:-1].strip(), Decimal(10000)
    if not text:
        return 0
    try:
        amount = Decimal(text) * factor
    except InvalidOperation:
        raise CellProblem(texts.V_NOT_NUMBER) from None
    if amount < 0:
        raise CellProblem(texts.V_NEGATIVE)
    if amount > Decimal("10000000000"):
        raise CellProblem(texts.V_TOO_LARGE.format(max="10000000000"))
    return int((amount * 100).to_integral_value())


_SPLIT = re.compile(r"[、，,/／;；]+")


def split_cell(value: object) -> list[str]:
    """Several parties (or their IDs, phones) in one cell: 张三、李四 / 张三,李四 / 张三/李四."""
    return [part.strip() for part in _SPLIT.split(text_of(value)) if part.strip()]


def parse_id_numbers(value: object, *, today: date) -> list[str]:
    """ID numbers of a cell, checked; Excel's damage (a number, or 15 significant digits followed
    by zeros, or scientific notation) is reported, never imported."""
    if value is None or value == "":
        return []
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblem(texts.IMP_ID_AS_NUMBER)
    found = []
    for part in split_cell(value):
        part = part.replace(" ", "").upper()
        if re.fullmatch(r"\d(\.\d+)?E\+?\d+", part) or re.fullmatch(r"\d{15}000", part):
            raise CellProblem(texts.IMP_ID_AS_NUMBER)
        try:
            found.append(clean_id_number(part, today=today))
        except ValueError as refused:
            raise CellProblem(str(refused)) from None
    return found


def parse_phones(value: object) -> list[str]:
    if value is None or value == "":
        return []
    parts = [text_of(value)] if isinstance(value, int | float) else split_cell(value)
    found = []
    for part in parts:
        try:
            found.append(clean_phone(part))
        except ValueError as refused:
            raise CellProblem(str(refused)) from None
    return found


def _lookup(table: dict[str, object], value: object, message: str) -> object:
    text = re.sub(r"\s", "", text_of(value))
    if text in table:
        return table[text]
    for word, member in table.items():
        if len(word) >= 2 and word in text:
            return member
    raise CellProblem(message)


_CATEGORY_WORDS: dict[str, object] = {
    **{label: member for member, label in texts.LABELS[Category].items()},  # type: ignore[misc]
    **{str(member.value): member for member in Category},
    "婚姻": Category.MARRIAGE_FAMILY,
    "家庭纠纷": Category.MARRIAGE_FAMILY,
    "婚姻家庭纠纷": Category.MARRIAGE_FAMILY,
    "邻里": Category.NEIGHBOUR,
    "宅基地纠纷": Category.HOMESTEAD,
    "土地承包纠纷": Category.LAND_CONTRACT,
    "土地纠纷": Category.LAND_CONTRACT,
    "劳资": Category.LABOUR,
    "劳动争议": Category.LABOUR,
    "拖欠工资": Category.LABOUR,
    "物业": Category.PROPERTY_MGMT,
    "物业纠纷": Category.PROPERTY_MGMT,
    "交通": Category.TRAFFIC,
    "债务": Category.DEBT,
    "债务纠纷": Category.DEBT,
    "借贷纠纷": Category.DEBT,
    "征地": Category.LAND_REQUISITION,
    "拆迁": Category.LAND_REQUISITION,
    "医疗": Category.MEDICAL,
    "医患纠纷": Category.MEDICAL,
    "消费": Category.CONSUMER,
    "其它": Category.OTHER,
}


def parse_category(value: object) -> Category:
    if not text_of(value):
        raise CellProblem(texts.V_REQUIRED)
    return _lookup(_CATEGORY_WORDS, value, texts.IMP_UNKNOWN_CATEGORY)  # type: ignore[return-value]


_RISK_WORDS: dict[str, object] = {
    "低": Risk.LOW,
    "一般": Risk.LOW,
    "低风险": Risk.LOW,
    "中": Risk.MEDIUM,
    "较大": Risk.MEDIUM,
    "中风险": Risk.MEDIUM,
    "中等": Risk.MEDIUM,
    "高": Risk.HIGH,
    "重大": Risk.HIGH,
    "高风险": Risk.HIGH,
    **{str(member.value): member for member in Risk},
}


def parse_risk(value: object) -> Risk | None:
    """None when blank (the caller defaults to low and says so)."""
    if not text_of(value):
        return None
    return _lookup(_RISK_WORDS, value, texts.IMP_UNKNOWN_RISK)  # type: ignore[return-value]


_METHOD_WORDS: dict[str, object] = {
    **{label: member for member, label in texts.LABELS[ResolutionMethod].items()},  # type: ignore[misc]
    "人民调解": ResolutionMethod.PEOPLES_MEDIATION,
    "行政调解": ResolutionMethod.ADMIN_MEDIATION,
    "司法调解": ResolutionMethod.JUDICIAL_MEDIATION,
    "诉前调解": ResolutionMethod.JUDICIAL_MEDIATION,
    "协商": ResolutionMethod.CONSULTATION,
    "和解": ResolutionMethod.CONSULTATION,
}


def parse_method(value: object) -> ResolutionMethod | None:
    if not text_of(value):
        return None
    try:
        return _lookup(_METHOD_WORDS, value, "")  # type: ignore[return-value]
    except CellProblem:
        return ResolutionMethod.OTHER


# Outcome words → stage; the more specific words first (调解不成 before 调解).
_OUTCOME_WORDS: tuple[tuple[str, Stage], ...] = (
    ("调解不成", Stage.REFERRED),
    ("调解未成", Stage.REFERRED),
    ("未化解", Stage.MEDIATING),
    ("移交", Stage.REFERRED),
    ("移送", Stage.REFERRED),
    ("转诉讼", Stage.REFERRED),
    ("诉讼", Stage.REFERRED),
    ("仲裁", Stage.REFERRED),
    ("复议", Stage.REFERRED),
    ("裁决", Stage.REFERRED),
    ("销号", Stage.CLOSED),
    ("结案", Stage.CLOSED),
    ("办结", Stage.CLOSED),
    ("化解", Stage.RESOLVED),
    ("调解成功", Stage.RESOLVED),
    ("达成协议", Stage.RESOLVED),
    ("已调解", Stage.RESOLVED),
    ("调处", Stage.MEDIATING),
    ("调解中", Stage.MEDIATING),
    ("处理中", Stage.MEDIATING),
    ("办理中", Stage.MEDIATING),
    ("正在", Stage.MEDIATING),
    ("交办", Stage.ASSIGNED),
    ("受理", Stage.REGISTERED),
    ("登记", Stage.REGISTERED),
    ("待", Stage.REGISTERED),
)
_CHANNEL_WORDS = (
    ("仲裁", ReferralChannel.ARBITRATION),
    ("复议", ReferralChannel.ADMIN_REVIEW),
    ("裁决", ReferralChannel.ADMIN_RULING),
    ("诉", ReferralChannel.LITIGATION),
)


def parse_outcome(value: object) -> Stage | None:
    """The stage an outcome in words means; None when the cell is blank."""
    text = re.sub(r"\s", "", text_of(value))
    if not text:
        return None
    for word, stage in _OUTCOME_WORDS:
        if word in text:
            return stage
    raise CellProblem(texts.IMP_UNKNOWN_OUTCOME)


def referral_channel(value: object) -> ReferralChannel | None:
    text = text_of(value)
    return next((channel for word, channel in _CHANNEL_WORDS if word in text), None)


def is_total_row(values: list[object]) -> bool:
    """合计 / 总计 / 小计 in one of the first cells that hold text."""
    texts_seen = [re.sub(r"\s", "", text_of(v)) for v in values[:4] if text_of(v)]
    return any(t in ("合计", "总计", "小计", "总合计") for t in texts_seen)
