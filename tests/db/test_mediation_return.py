"""人民调解统计表 (db.figures.mediation_return, db.io.exports.mediation_return): the cases of a
period by official category against hand counts, in scope and subtree; the periods of monthly,
quarterly and annual returns; the workbook (Chinese headers, numbers, A4) and its audit row."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.enums import AuditAction, Category, OfficialCategory, Stage
from db.figures.mediation_return import (
    OFFICIAL_OF,
    MediationReturn,
    mediation_return,
    return_period,
)
from db.io.exports.mediation_return import mediation_return_xlsx
from db.models import AuditLog
from tests.db.factories import dated_case, unit_id

MARCH = (date(2025, 3, 1), date(2025, 3, 31))
Off = OfficialCategory


def fixture(engine: Engine, actors: dict[str, Actor]) -> None:
    """Five cases in March 2025 in 青石镇 (one unsuccessful with a signed agreement, one
    referred), one on 1 April, one in 柳湾镇."""
    mediator, nanwan = actors["mediator"], actors["med_qsz02"]
    marriage, debt = Category.MARRIAGE_FAMILY, Category.DEBT
    # a: 东河村, resolved, written agreement confirmed by a court; 3 people, 1000 yuan.
    dated_case(engine, mediator, "QSZ01", date(2025, 3, 3), category=marriage,
               stage=Stage.RESOLVED, agreement_signed=True, court_confirmed=True,
               people_involved=3, amount_fen=100_000)  # fmt: skip
    # b: 东河村, closed on an oral agreement; 2 people, 1200.50 yuan (the form's default).
    dated_case(engine, mediator, "QSZ01", date(2025, 3, 10), category=marriage,
               stage=Stage.CLOSED, agreement_signed=False)  # fmt: skip
    # c: 东河村, debt (合同), still mediating (its signed flag does not count); 4 people, 500 yuan.
    dated_case(engine, mediator, "QSZ01", date(2025, 3, 15), category=debt,
               stage=Stage.MEDIATING, agreement_signed=True, people_involved=4,
               amount_fen=50_000)  # fmt: skip
    # d: 南湾村, homestead (房屋宅基地), referred; 2 people, nothing at stake.
    dated_case(engine, nanwan, "QSZ02", date(2025, 3, 20), category=Category.HOMESTEAD,
               stage=Stage.REFERRED, amount_fen=0)  # fmt: skip
    # e: 南湾村, debt, resolved with a written agreement; 5 people, 2.50 yuan.
    dated_case(engine, nanwan, "QSZ02", date(2025, 3, 31), category=debt,
               stage=Stage.RESOLVED, agreement_signed=True, people_involved=5,
               amount_fen=250)  # fmt: skip
    # f: 东河村, 1 April: another month.
    dated_case(engine, mediator, "QSZ01", date(2025, 4, 1), category=marriage,
               stage=Stage.RESOLVED, agreement_signed=True)  # fmt: skip
    # g: 柳湾镇前进村, March: another town.
    dated_case(engine, actors["med_lwz01"], "LWZ01", date(2025, 3, 5), category=marriage)


def counts(report: MediationReturn, category: OfficialCategory | None) -> tuple[int, ...]:
    row = (
        report.total if category is None else next(r for r in report.rows if r.category == category)
    )
    return (row.mediated, row.succeeded, row.written, row.oral, row.court_confirmed, row.people,
            row.amount_fen)  # fmt: skip


def test_every_local_category_counts_under_one_official_category() -> None:
    assert set(OFFICIAL_OF) == set(Category)
    assert set(texts.MR_OFFICIAL_NAMES) == set(OfficialCategory)
    assert OFFICIAL_OF[Category.DEBT] == Off.CONTRACT


def test_return_periods() -> None:
    assert return_period("month", 2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert return_period("quarter", 2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    assert return_period("year", 2025) == (date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(ValueError):
        return_period("quarter", 2025, 5)


def test_the_return_matches_hand_counts(engine: Engine, actors: dict[str, Actor]) -> None:
    fixture(engine, actors)
    with Session(engine) as session:
        town = mediation_return(session, actors["coordinator"], start=MARCH[0], end=MARCH[1])
        village = mediation_return(
            session,
            actors["leader"],
            start=MARCH[0],
            end=MARCH[1],
            unit_id=unit_id(engine, "QSZ01"),
        )
        quarter = mediation_return(
            session, actors["coordinator"], start=date(2025, 1, 1), end=date(2025, 6, 30)
        )
    assert [r.category for r in town.rows] == list(OfficialCategory)  # zeros included
    assert counts(town, Off.MARRIAGE_FAMILY) == (2, 2, 1, 1, 1, 5, 220_050)  # a, b
    assert counts(town, Off.CONTRACT) == (2, 1, 1, 0, 0, 9, 50_250)  # c, e
    assert counts(town, Off.HOUSING_HOMESTEAD) == (1, 0, 0, 0, 0, 2, 0)  # d
    assert counts(town, Off.LABOUR) == (0, 0, 0, 0, 0, 0, 0)
    assert counts(town, None) == (5, 3, 2, 1, 1, 16, 270_300)  # g is 柳湾镇's
    assert counts(village, None) == (3, 2, 1, 1, 1, 9, 270_050)  # a, b, c
    assert counts(quarter, Off.MARRIAGE_FAMILY)[:2] == (3, 3)  # a, b, f


def test_the_workbook_in_the_statistics_layout(engine: Engine, actors: dict[str, Actor]) -> None:
    fixture(engine, actors)
    leader = actors["leader"]
    town = unit_id(engine, "QSZ")
    with write_session(engine) as session:
        report = mediation_return(session, leader, start=MARCH[0], end=MARCH[1], unit_id=town)
        data = mediation_return_xlsx(session, actor=leader, report=report)
    sheet = load_workbook(io.BytesIO(data))[texts.MR_SHEET]
    assert sheet["A1"].value == "人民调解案件统计表"
    assert sheet["A2"].value == "填报单位：青石镇"
    assert sheet["A3"].value == "统计期间：2025-03-01至2025-03-31"
    assert [c.value for c in sheet[4]] == [
        "纠纷类别", "调解案件数（件）", "调解成功（件）", "书面协议（件）", "口头协议（件）",
        "司法确认（件）", "涉及当事人（人）", "涉及金额（元）",
    ]  # fmt: skip
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=5, max_row=21, values_only=True)}
    assert rows["婚姻家庭纠纷"] == (2, 2, 1, 1, 1, 5, 2200.5)
    assert rows["合同纠纷"] == (2, 1, 1, 0, 0, 9, 502.5)
    assert rows["环境污染纠纷"] == (0, 0, 0, 0, 0, 0, 0)
    assert rows["合计"] == (5, 3, 2, 1, 1, 16, 2703)
    assert len(rows) == len(OfficialCategory) + 1
    assert sheet["H21"].number_format == "#,##0.00"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    with Session(engine) as session:
        audited = session.exec(
            select(AuditLog).where(col(AuditLog.target) == "mediation_return")
        ).all()
    assert [(a.action, a.detail) for a in audited] == [
        (AuditAction.EXPORT, "导出人民调解统计表：青石镇，2025-03-01至2025-03-31")
    ]


def test_a_mediator_may_not_export_the_return(engine: Engine, actors: dict[str, Actor]) -> None:
    mediator = actors["mediator"]
    with write_session(engine) as session:
        report = mediation_return(session, mediator, start=MARCH[0], end=MARCH[1])
        with pytest.raises(NotAllowed):
            mediation_return_xlsx(session, actor=mediator, report=report)
