"""The catalogue of Chinese text covers every code the database stores."""

import pytest

from db import texts
from db.enums import (
    AuditAction,
    Category,
    EventKind,
    FoundVia,
    PartyRole,
    ReportStatus,
    Risk,
    Role,
    Stage,
    UnitKind,
)

ENUMS = [
    AuditAction, Category, EventKind, FoundVia, PartyRole, ReportStatus, Risk, Role, Stage, UnitKind
]  # fmt: skip


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_code_has_a_chinese_label(enum) -> None:
    assert [m for m in enum if not any("\u4e00" <= ch <= "\u9fff" for ch in texts.label(m))] == []


def test_codes_shared_by_two_enumerations_keep_their_own_labels() -> None:
    assert texts.label(Stage.ASSIGNED) == "已交办"
    assert texts.label(EventKind.ASSIGNED) == "交办"


def test_the_offices_twelve_categories_in_their_order() -> None:
    assert [texts.label(c) for c in Category] == [
        "婚姻家庭",
        "邻里纠纷",
        "宅基地",
        "土地承包",
        "劳资纠纷",
        "物业管理",
        "交通事故",
        "经济债务",
        "征地拆迁",
        "医疗纠纷",
        "消费纠纷",
        "其他",
    ]
