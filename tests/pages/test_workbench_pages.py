"""The case workbench on the pages (issue 19, part 1; AppTest, SQLite): the 化解方案 on the
assign form, records of work, the correction and re-rating forms, the timeline's filter and the
ledger's 最近办理."""

import json
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.cases import moves
from db.cases.lifecycle import AssignPlan
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import EventKind, Risk, Stage
from db.models import Case, CaseEvent, CaseRecord, Party, Unit, User
from tests.abuse_payloads import KEPT
from tests.pages.test_workflow_pages import open_case, registered_case, reload


def _ids(url: str) -> tuple[int, int, int]:
    with Session(make_engine(url)) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        mediator = session.exec(select(User.id).where(User.username == "mediator")).one()
        coordinator = session.exec(select(User.id).where(User.username == "coordinator")).one()
    return village, mediator, coordinator


def mediating_case(url: str) -> Case:
    """A 东河村 case assigned to the village's mediator, mediation started."""
    case = registered_case(url)
    village, mediator, coordinator = _ids(url)
    with Session(make_engine(url)) as session:
        boss = Actor.of(session, session.get(User, coordinator))  # type: ignore[arg-type]
        med = Actor.of(session, session.get(User, mediator))  # type: ignore[arg-type]
        plan = AssignPlan(
            lead_leader_id=session.exec(select(User.id).where(User.username == "leader")).one(),
            responsible_unit_id=village,
            responsible_user_id=mediator,
            deadline=local_today() + timedelta(days=14),
        )
        version = moves.assign(session, actor=boss, case_id=case.id, version=1, plan=plan)
        moves.start(session, actor=med, case_id=case.id, version=version)
    return reload(url, case.id)


def _events(url: str, case_id: int) -> list[CaseEvent]:
    with Session(make_engine(url)) as session:
        query = select(CaseEvent).where(CaseEvent.case_id == case_id)
        return list(session.exec(query.order_by(col(CaseEvent.id))).all())


def _records(url: str, case_id: int) -> list[CaseRecord]:
    with Session(make_engine(url)) as session:
        return list(session.exec(select(CaseRecord).where(CaseRecord.case_id == case_id)).all())


def add_record(at: AppTest, *, content: str, participants: str = "胡丽娟、郭桂兰") -> AppTest:
    at.text_input(key="case-record-place").input("东河村调解室")
    at.text_input(key="case-record-participants").input(participants)
    at.text_area(key="case-record-content").input(content)
    at.text_input(key="case-record-next").input("一周后回访")
    at.button(key="case-record-submit").click().run()
    assert not at.exception, at.exception
    return at


def test_the_assign_form_takes_the_plan_and_the_case_shows_it(app_as, app_db) -> None:
    case = registered_case(app_db)
    village, mediator, _ = _ids(app_db)
    at = open_case(app_as("coordinator"), case.id)
    assert texts.PLAN_DUTIES in [c.value for c in at.caption]
    at.selectbox(key="case-assign-unit").select(village).run()
    at.selectbox(key="case-assign-person").select(mediator)
    at.text_area(key="case-assign-measures").input("一、现场勘查；二、召集双方调解")
    at.button(key="case-assign-submit").click().run()
    assert not at.exception, at.exception
    assert reload(app_db, case.id).resolution_plan == "一、现场勘查；二、召集双方调解"
    assert "一、现场勘查；二、召集双方调解" in [t.value for t in at.text]


def test_a_mediator_adds_records_shown_as_text_newest_first(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("mediator"), case.id)
    add_record(at, content="第一次调解：双方各自陈述")
    hostile = KEPT["script"] + KEPT["markdown-link"]
    add_record(at, content=hostile)
    assert len(_records(app_db, case.id)) == 2
    shown = [t.value for t in at.text]
    assert f"{texts.RECORD_FIELDS['content']}：{hostile}" in shown  # as typed, as text
    at.multiselect(key="case-timeline-kinds").set_value(["record"]).run()
    lines = [t.value for t in at.text if texts.label(EventKind.RECORD) in t.value]
    assert len(lines) == 2  # only the records, the newer one first
    contents = [t.value for t in at.text if t.value.startswith("谈话及协商情况：")]
    assert contents[-2:] == [
        f"谈话及协商情况：{hostile}",
        "谈话及协商情况：第一次调解：双方各自陈述",
    ]


def test_an_id_number_among_the_participants_is_refused(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("mediator"), case.id)
    add_record(at, content="调解", participants="胡丽娟 130521198506150011")
    assert any(texts.E_RECORD_ID_NUMBER in e.value for e in at.error)
    assert _records(app_db, case.id) == []


def test_a_coordinator_corrects_a_phone_and_raises_the_risk(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("coordinator"), case.id)
    at.text_input(key="case-correct-party-1-phone").input("12345")
    at.text_input(key="case-correct-reason").input("电话登记错误")
    at.button(key="case-correct-submit").click().run()
    assert [e.value for e in at.error] and _events(app_db, case.id)[-1].kind != EventKind.CORRECTED
    at.text_input(key="case-correct-party-1-phone").input("13912345678")
    at.button(key="case-correct-submit").click().run()
    assert not at.exception, at.exception
    with Session(make_engine(app_db)) as session:
        phones = session.exec(select(Party.phone).where(Party.case_id == case.id)).all()
    assert "13912345678" in phones
    event = _events(app_db, case.id)[-1]
    assert event.kind == EventKind.CORRECTED and "139****5678" in event.detail
    at.selectbox(key="case-rerate-risk").select(Risk.HIGH)
    at.checkbox(key="case-rerate-shorten").check()
    at.text_input(key="case-rerate-reason").input("双方矛盾激化")
    at.button(key="case-rerate-submit").click().run()
    assert not at.exception, at.exception
    after = reload(app_db, case.id)
    assert (after.risk, after.deadline) == (Risk.HIGH, local_today() + timedelta(days=7))
    assert json.loads(_events(app_db, case.id)[-1].detail)["risk"] == "中 → 高"


def test_a_stale_correction_form_is_refused(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("coordinator"), case.id)
    with Session(make_engine(app_db)) as session:  # someone else changes the case meanwhile
        session.execute(
            update(Case).where(col(Case.id) == case.id).values(version=Case.version + 1)
        )
        session.commit()
    at.text_area(key="case-correct-facts").input("两户因排水沟走向及占地发生争执。")
    at.text_input(key="case-correct-reason").input("补充情况")
    at.button(key="case-correct-submit").click().run()
    assert at.error and reload(app_db, case.id).facts == case.facts


def test_the_ledger_shows_and_filters_last_worked_on(app_as, app_db) -> None:
    case = mediating_case(app_db)
    with Session(make_engine(app_db)) as session:
        session.execute(update(Case).values(last_worked_at=utcnow()))
        session.execute(
            update(Case)
            .where(col(Case.id) == case.id)
            .values(last_worked_at=utcnow() - timedelta(days=9))
        )
        session.commit()
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.checkbox(key="cases-idle").check().run()
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    assert len(frame) == 1 and frame[texts.LEDGER_LAST_WORKED].tolist() == ["9 天前"]
    assert reload(app_db, case.id).stage == Stage.MEDIATING


def test_hostile_text_in_a_correction_is_shown_as_text(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("coordinator"), case.id)
    hostile = KEPT["img-onerror"] + KEPT["markdown-image"]
    at.text_area(key="case-correct-facts").input(hostile)
    at.text_input(key="case-correct-reason").input(KEPT["script"])
    at.button(key="case-correct-submit").click().run()
    assert not at.exception, at.exception
    assert reload(app_db, case.id).facts == hostile
    shown = [t.value for t in at.text]
    assert hostile in shown  # the facts, as text
    assert f"{texts.DETAIL_KEYS['reason']}：{KEPT['script']}" in shown  # the timeline entry
    assert not [m for m in at.markdown if "<img" in m.value or "<script" in m.value]
