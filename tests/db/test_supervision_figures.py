"""The ledger's figures shown with checklist items (db.supervision.evidence) against hand counts, stored with
the results as they stood when the inspection began; and the bulletin (db.supervision.bulletin)."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.enums import AuditAction, Conclusion, Stage, TickResult
from db.io.exports import bulletin as bulletin_export
from db.models import AuditLog
from db.reports import daily as reports
from db.supervision import bulletin, checklists
from tests.db.factories import (
    case_in_stage,
    dated_case,
    good_follow_up,
    register_case,
    unit_id,
)
from tests.db.supervision_helpers import load, start, submit, tick_all

YESTERDAY = local_today() - timedelta(days=1)
LATER = local_today() + timedelta(days=30)
LONG_AGO = date(2025, 3, 1)  # more than a year before any day these tests run


def ledger(engine: Engine, actors: dict[str, Actor]) -> None:
    """东河村 (QSZ01) and 南湾村 (QSZ02). Parties have no phone unless given one."""
    mediator = actors["mediator"]
    register_case(engine, mediator, unit_id(engine, "QSZ01"), facts="a：无联系方式")  # no contact
    register_case(  # b: a party with a phone
        engine,
        mediator,
        unit_id(engine, "QSZ01"),
        facts="b：有电话",
        parties=[{"role": "applicant", "name": "王五", "phone": "13812345678"}],
    )
    dated_case(engine, mediator, "QSZ01", LONG_AGO)  # c: too old to count for contact
    # d: overdue (mediating, deadline passed), found too long ago to count for contact.
    dated_case(engine, mediator, "QSZ01", LONG_AGO, stage=Stage.MEDIATING, deadline=LONG_AGO)
    # e: assigned, not yet due; no contact.
    dated_case(engine, mediator, "QSZ01", YESTERDAY, stage=Stage.ASSIGNED, deadline=LATER)
    # f: resolved without a follow-up; g: closed (after a follow-up); both without contact.
    case_in_stage(engine, actors, Stage.RESOLVED)
    case_in_stage(engine, actors, Stage.CLOSED)
    # h: resolved with a follow-up, not yet closed; no contact.
    good_follow_up(engine, actors, case_in_stage(engine, actors, Stage.RESOLVED))
    # i: 南湾村, overdue: not 东河村's, but the town's.
    dated_case(
        engine, actors["med_qsz02"], "QSZ02", LONG_AGO, stage=Stage.ASSIGNED, deadline=LONG_AGO
    )


def figures(engine: Engine, actor: Actor, inspection_id: int) -> dict[str, str]:
    return {
        i.text: i.figure_text for i in load(engine, actor, inspection_id).items if i.figure_text
    }


def test_figures_for_the_inspected_unit_match_hand_counts(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    ledger(engine, actors)
    supervisor = actors["supervisor"]
    village = figures(engine, supervisor, start(engine, supervisor, "QSZ01"))
    assert village == {
        "矛盾纠纷登记簿（台账）登记及时、要素齐全": "5 件",  # a, e, f, g, h
        "坚持日排查日报告，含零报告": "0/30（0%）",  # no daily report in the 30 days before
        "无无故超期未化解的案件": "1 件",  # d
        "已化解案件按要求回访": "2/3（67%）",  # g, h of f, g, h
    }
    town = figures(engine, supervisor, start(engine, supervisor, "QSZ"))
    assert town["无无故超期未化解的案件"] == "2 件"  # d, i
    empty = figures(engine, supervisor, start(engine, supervisor, "LWZ01"))
    assert empty["已化解案件按要求回访"] == texts.SUP_FIG_NONE_RESOLVED


def test_daily_report_completeness_counts_the_30_days_before_the_visit(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    """东河村 zero-reports on 24 of the 30 days before today (days 2-25 back), and today (not
    counted: the day is not over); 南湾村 sends nothing."""
    mediator, today = actors["mediator"], local_today()
    for back in [0, *range(2, 26)]:
        day = today - timedelta(days=back)
        with write_session(engine) as session:
            reports.submit(
                session,
                actor=mediator,
                data=reports.ReportCreate(day=day, zero=True),
                base_version=0,
            )
    supervisor = actors["supervisor"]
    label = "坚持日排查日报告，含零报告"
    village = figures(engine, supervisor, start(engine, supervisor, "QSZ01"))
    assert village[label] == "24/30（80%）"
    other = figures(engine, supervisor, start(engine, supervisor, "QSZ02"))
    assert other[label] == "0/30（0%）"


def test_a_stored_figure_does_not_change_with_the_ledger(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor, "QSZ01")
    before = figures(engine, supervisor, inspection_id)
    dated_case(
        engine, actors["mediator"], "QSZ01", LONG_AGO, stage=Stage.ASSIGNED, deadline=LONG_AGO
    )
    assert figures(engine, supervisor, inspection_id) == before
    assert before["无无故超期未化解的案件"] == "0 件"
    later = figures(engine, supervisor, start(engine, supervisor, "QSZ01"))
    assert later["无无故超期未化解的案件"] == "1 件"


def inspect(engine: Engine, actor: Actor, unit: str, failed: dict[int, TickResult]) -> None:
    inspection_id = start(engine, actor, unit)
    tick_all(engine, actor, inspection_id, failed)
    submit(engine, actor, inspection_id)


def test_the_bulletin_ranks_units_and_names_the_praised_and_criticised(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    supervisor, F = actors["supervisor"], TickResult.FAIL
    inspect(engine, supervisor, "QSZ01", {})  # 100
    inspect(engine, supervisor, "QSZ01", {6: F, 8: F})  # 70: 东河村's mean 85, 合格
    inspect(engine, supervisor, "QSZ02", {1: F, 3: F, 5: F, 6: F, 8: F})  # 40, 不合格
    inspect(engine, supervisor, "LWZ01", {2: F})  # 95, 优秀
    period = (YESTERDAY, YESTERDAY)
    with Session(engine) as session:
        report = bulletin.bulletin(session, actor=supervisor, start=period[0], end=period[1])
        average = bulletin.supervision_score_average(session, supervisor, *period)
        town = bulletin.supervision_score_average(
            session, supervisor, *period, unit_id=unit_id(engine, "QSZ")
        )
        none = bulletin.supervision_score_average(session, supervisor, LATER, LATER)
    assert [
        (u.rank, u.unit_name, u.inspections, round(u.score, 4), u.conclusion)
        for u in report.ranking
    ] == [
        (1, "前进村", 1, 0.95, Conclusion.EXCELLENT),
        (2, "东河村", 2, 0.85, Conclusion.PASS),
        (3, "南湾村", 1, 0.4, Conclusion.FAIL),
    ]
    assert (report.praised, report.criticised) == (["前进村"], ["南湾村"])
    assert (len(report.rectifications), report.overdue) == (2 + 5 + 1, 0)
    assert average == pytest.approx((1 + 0.7 + 0.4 + 0.95) / 4)
    assert town == pytest.approx((1 + 0.7 + 0.4) / 3)
    assert none is None


def test_the_bulletin_workbook_keeps_formula_looking_text_as_text_and_is_audited(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    draft = checklists.TemplateDraft(
        name="专项督查",
        items=[checklists.ItemDraft(section="专项", text='=HYPERLINK("x")台账', weight=1)],
    )
    with write_session(engine) as session:
        template = checklists.save_version(session, actor=actors["admin"], draft=draft)
    supervisor = actors["supervisor"]
    inspection_id = start(engine, supervisor, "QSZ01", template_id=template.id)
    tick_all(engine, supervisor, inspection_id, {1: TickResult.FAIL})
    submit(engine, supervisor, inspection_id)
    with write_session(engine) as session:
        report = bulletin.bulletin(session, actor=supervisor, start=YESTERDAY, end=YESTERDAY)
        data = bulletin_export.bulletin_xlsx(session, actor=supervisor, report=report)
        audited = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.EXPORT)).all()
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value]
    assert sheet["A1"].value == texts.SUP_BULLETIN_TITLE.format(start=YESTERDAY, end=YESTERDAY)
    formula_like = [c for c in cells if str(c.value).startswith("=")]
    assert [(c.value, c.data_type) for c in formula_like] == [
        ('=HYPERLINK("x")台账：第 1 项问题', "s")
    ]
    assert ["东河村", texts.label(Conclusion.FAIL)] == [
        sheet.cell(row=5, column=2).value,
        sheet.cell(row=5, column=5).value,
    ]
    assert [a.target for a in audited] == ["bulletin"]


def test_the_bulletin_is_not_for_units(engine: Engine, actors: dict[str, Actor]) -> None:
    with Session(engine) as session, pytest.raises(NotAllowed):
        bulletin.bulletin(session, actor=actors["mediator"], start=YESTERDAY, end=YESTERDAY)
