"""What a document template may hold: the placeholders of each kind (their meanings are
texts.DOC_FIELDS, shown in 系统管理), how values are written (dates in Chinese, blanks for what
is missing), and a sample of each kind that a template uploaded by an office is filled with
before it is accepted (db.io.documents.templates)."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from db import texts
from db.io.documents.layout import AGREEMENT, RECORD

PARTY_KEYS = ("role", "name", "id_number", "phone", "address")
COMMON = ("case_number", "committee")
AGREEMENT_FIELDS = (
    *COMMON,
    "unit",
    "category",
    "facts",
    "parties",
    "parties_text",
    "applicants",
    "respondents",
    "method",
    "terms",
    "performance_method",
    "performance_deadline",
    "mediator",
    "agreement_date",
    "copies",
)
RECORD_FIELDS = (
    *COMMON,
    "record_kind",
    "record_time",
    "place",
    "participants",
    "content",
    "next_step",
    "recorder",
)
FIELDS = {AGREEMENT: AGREEMENT_FIELDS, RECORD: RECORD_FIELDS}


def chinese_date(value: date | None) -> str:
    return texts.DOC_DATE.format(d=value) if value else ""


def chinese_time(value: datetime | date | str | None) -> str:
    if isinstance(value, datetime):
        return texts.DOC_TIME.format(d=value)
    if isinstance(value, date):
        return chinese_date(value)
    return value or ""


def party_line(party: Mapping[str, str]) -> str:
    return texts.DOC_PARTY_LINE.format(**{k: party.get(k, "") for k in PARTY_KEYS})


def agreement_context(
    *,
    case_number: str,
    committee: str,
    unit: str,
    category: str,
    facts: str,
    parties: list[dict[str, str]],
    applicants: list[str],
    respondents: list[str],
    method: str,
    terms: str,
    performance_method: str,
    performance_deadline: date | None,
    mediator: str,
    agreement_date: date,
    copies: int,
) -> dict[str, Any]:
    """Every placeholder of the agreement, as plain text (the parties as a list too)."""
    return {
        "case_number": case_number,
        "committee": committee,
        "unit": unit,
        "category": category,
        "facts": facts,
        "parties": parties,
        "parties_text": "\n".join(party_line(p) for p in parties),
        "applicants": "、".join(applicants),
        "respondents": "、".join(respondents),
        "method": method,
        "terms": terms,
        "performance_method": performance_method,
        "performance_deadline": chinese_date(performance_deadline) or texts.DOC_NO_DEADLINE,
        "mediator": mediator,
        "agreement_date": chinese_date(agreement_date),
        "copies": str(copies),
    }


def sample_context(kind: str) -> dict[str, Any]:
    """A made-up case, every field filled: what an uploaded template is tried with."""
    parties = [
        {"role": "申请人", "name": "张某", "id_number": "130***********123X",
         "phone": "138****5678", "address": "东河村三组"},
        {"role": "被申请人", "name": "李某", "id_number": "130***********4561",
         "phone": "139****1234", "address": "东河村四组"},
    ]  # fmt: skip
    common = {"case_number": "QSZ-2026-0001", "committee": "东河村人民调解委员会"}
    if kind == RECORD:
        return {
            **common,
            "record_kind": "调解会",
            "record_time": chinese_time(datetime(2026, 5, 6, 9, 30)),
            "place": "东河村调解室",
            "participants": "张某、李某、调解员王某",
            "content": "双方陈述了各自意见，同意按界桩重新砌墙。",
            "next_step": "5 月 10 日前回访",
            "recorder": "王某",
        }
    return agreement_context(
        **common,
        unit="东河村",
        category="宅基地",
        facts="两户因宅基地边界发生争执。",
        parties=parties,
        applicants=["张某"],
        respondents=["李某"],
        method="人民调解",
        terms="一、李某于 5 月 20 日前拆除越界院墙；\n二、张某不再主张其他费用。",
        performance_method="当场履行",
        performance_deadline=date(2026, 5, 20),
        mediator="王某",
        agreement_date=date(2026, 5, 6),
        copies=3,
    )
