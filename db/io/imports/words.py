"""Reading the ledger cells that hold words: the category, the risk, the resolution method and the
outcome (which tells the stage, and for a referral its channel), in the words offices write.

Each parser returns the enum member or raises CellProblem (db.io.imports.rows) with the reason in
Chinese (db.texts).
"""

import re

from db import texts
from db.core.validation import normalise
from db.enums import Category, ReferralChannel, ResolutionMethod, Risk, Stage
from db.io.imports.rows import CellProblem, text_of


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


def local_key(name: str) -> str:
    """A local category's name as a ledger cell is matched against it: no blanks, full-width
    letters and digits as ASCII."""
    return re.sub(r"\s", "", normalise(name))


def parse_local_category(
    value: object, local: dict[str, tuple[int, Category]]
) -> tuple[int, Category] | None:
    """The local category (id, base) a category cell names exactly (`local` keyed by
    local_key), or None: the built-in words are read then (parse_category)."""
    return local.get(local_key(text_of(value))) if text_of(value) else None


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
