"""Importing an office's Excel ledger: which column of the file is which field. Each office names
its columns its own way, so a header is recognised in three passes, left to right, each taking
only the fields and columns still free:

1. the user's own choice (the page's selectbox per column, the command line's --map);
2. a synonym (COLUMN_SYNONYMS: the names the known ledgers give, compared without blanks, '*' or
   full-width forms);
3. the words the header contains (HEADER_WORDS: 纠纷概况, 事由, 主要诉求, 案由 are the facts;
   所在村组, 村居委 the village; 争议金额 the amount...), the more specific words first, so that
   办结时限 is the deadline and 当事人电话 the phone.

    assigned = assign_columns(["纠纷概况", "所在村组"], overrides={})   # [(field, how), ...]

How each column was recognised is shown in the preview (db.io.imports.plan).
"""

import re
import unicodedata

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

# (field, words, with): a header containing one of the words (and, when `with` is given, one of
# those too) is that field. The order matters: the more specific first.
_DATE_WORDS = ("日期", "时间", "日", "年月")
HEADER_WORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("follow_up", ("回访",), ()),
    ("id_number", ("身份证", "证件号", "证件号码"), ()),
    ("phone", ("电话", "手机", "联系方式"), ()),
    ("deadline", ("时限", "期限"), ()),
    ("finished_on", ("办结", "结案", "化解", "完成"), _DATE_WORDS),
    ("found_on", ("排查", "登记", "受理", "录入", "收到"), _DATE_WORDS),
    ("outcome", ("化解情况", "结果", "进展", "办理情况", "调处情况", "状态"), ()),
    ("method", ("方式",), ()),
    ("amount", ("金额", "标的", "款项"), ()),
    ("people_involved", ("人数",), ()),
    ("risk", ("风险", "等级"), ()),
    ("lead_leader", ("包案", "领导"), ()),
    ("responsible_unit", ("责任单位", "承办单位", "主办单位", "办理单位"), ()),
    ("responsible_person", ("责任人", "承办人", "经办人", "调解员"), ()),
    ("village", ("村", "社区", "居委"), ()),
    ("category", ("类型", "类别", "种类", "分类"), ()),
    ("facts", ("概况", "事由", "诉求", "案由", "情况", "内容", "简介", "经过"), ()),
    ("parties", ("当事人", "申请人", "当事方"), ()),
    ("number", ("编号", "案号"), ()),
    ("notes", ("备注",), ()),
)

BY_USER, BY_SYNONYM = "user", "synonym"  # how a column was recognised; else the word it holds


def header_key(text: object) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), no blanks, no '*'."""
    if text is None:
        return ""
    return re.sub(r"[\s*＊:：]", "", unicodedata.normalize("NFKC", str(text)))


SYNONYM_FIELD: dict[str, str] = {
    header_key(name): field for field, names in COLUMN_SYNONYMS.items() for name in names
}


def word_match(header: object) -> tuple[str, str] | None:
    """(field, the word that decided) for a header by the words it contains, or None."""
    key = header_key(header)
    if not key:
        return None
    for field, words, also in HEADER_WORDS:
        word = next((w for w in words if w in key), None)
        if word is not None and (not also or any(a in key for a in also)):
            return field, word
    return None


def assign_columns(
    headers: list[object], overrides: dict[str, str | None]
) -> list[tuple[str | None, str]]:
    """For each column of the header row, (field or None, how it was recognised): the user's
    overrides (header → field, None to leave the column out), then synonyms, then words; each
    field goes to one column only, the leftmost of a pass."""
    wanted = {header_key(k): v for k, v in overrides.items()}
    keys = [header_key(h) for h in headers]
    result: list[tuple[str | None, str]] = [(None, "")] * len(headers)
    taken: set[str] = set()
    chosen = {i for i, k in enumerate(keys) if k and k in wanted}
    passes = (
        lambda i: (wanted[keys[i]], BY_USER) if i in chosen else None,
        lambda i: (SYNONYM_FIELD[keys[i]], BY_SYNONYM) if keys[i] in SYNONYM_FIELD else None,
        word_match,
    )
    for index, step in enumerate(passes):
        for column in range(len(headers)):
            if result[column][0] is not None or (index and column in chosen):
                continue
            found = step(column) if index < 2 else step(headers[column])
            if found is not None and found[0] is not None and found[0] not in taken:
                taken.add(found[0])
                result[column] = found
    return result
