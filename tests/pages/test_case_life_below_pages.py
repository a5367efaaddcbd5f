"""The case life from below on the pages (AppTest): a mediator reports a case up on the case
page, the town's coordinator finds it first on home and the board and takes it; a return shows
on the mediator's home page; an urgent case shows in the coordinator's banner until 已知悉; an
extension request is asked on the case page and granted there."""

from datetime import timedelta

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.cases import moves
from db.cases.lifecycle import AssignPlan
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, EventKind, FoundVia, Move, Risk, Stage
from db.models import Case, ExtensionRequest, ReportUp, Unit, UrgentAck, User
from tests.pages.pages_helpers import click_in_page_link


def _actor(session: Session, username: str) -> Actor:
    return Actor.of(session, session.exec(select(User).where(User.username == username)).one())


def mediating_case(url: str, **changes: object) -> Case:
    """A 东河村 dispute registered by its mediator, assigned to them and started."""
    with Session(make_engine(url)) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        mediator, coordinator = _actor(session, "mediator"), _actor(session, "coordinator")
        data = CaseCreate.model_validate(
            {
                "category": Category.NEIGHBOUR,
                "found_via": FoundVia.VISIT,
                "found_on": local_today(),
                "unit_id": village,
                "facts": "两户因排水沟走向发生争执，村里调解两次未果。",
                "risk": Risk.MEDIUM,
                "parties": [PartyCreate(name="胡丽娟"), PartyCreate(name="郭桂兰")],
                **changes,
            }
        )
        case_id = register(session, actor=mediator, data=data).id
        plan = AssignPlan(
            lead_leader_id=session.exec(select(User.id).where(User.username == "leader")).one(),
            responsible_unit_id=village,
            responsible_user_id=mediator.id,
            deadline=local_today() + timedelta(days=5),
            team="王刚、李梅",  # 五个一: an urgent case is a hard one
            measures="召集双方当面协商",
        )
        version = moves.assign(session, actor=coordinator, case_id=case_id, version=1, plan=plan)
        moves.start(session, actor=mediator, case_id=case_id, version=version)
        case = session.get(Case, case_id)
        assert case is not None
        return case


def reload(url: str, case_id: int) -> Case:
    with Session(make_engine(url)) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def open_case(at: AppTest, case_id: int) -> AppTest:
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    return at.run()


def _id(url: str, model, **where) -> int:  # type: ignore[no-untyped-def]
    with Session(make_engine(url)) as session:
        query = select(model.id)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.exec(query).one()


def test_a_mediator_reports_up_and_the_town_takes_it_from_its_home_page(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("mediator"), case.id)
    at.text_area(key="case-report_up-reason").input("两次调解未果，涉及镇土地所")
    at.button(key="case-report_up-submit").click().run()
    assert not at.exception
    after = reload(app_db, case.id)
    assert after.reported_up_to_unit_id == _id(app_db, Unit, code="QSZ")
    assert any(texts.REPORT_UP_HISTORY == s.value for s in at.subheader)
    # The town's coordinator sees it first: on home, and above the board's columns.
    coordinator = app_as("coordinator")
    coordinator.switch_page("pages/home.py").run()
    assert any(texts.HOME_REPORTED_TO_ME in s.value for s in coordinator.subheader), [
        s.value for s in coordinator.subheader
    ]
    coordinator.switch_page("pages/kanban.py").run()
    assert texts.BOARD_REPORTED_UP.format(count=1) in " ".join(
        m.value for m in coordinator.markdown
    )
    # The ledger and the dashboard list it among the cases waiting above, by unit, with the days.
    for page in ("pages/cases.py", "pages/dashboard.py"):
        leader = app_as("leader")
        leader.switch_page(page).run()
        assert not leader.exception, page
        (box,) = [e for e in leader.expander if e.label.startswith(texts.LEDGER_WAITING)]
        listed = box.dataframe[0].value
        columns = texts.LEDGER_WAITING_COLUMNS
        waiting_row = listed[listed[columns["to_unit"]] == "青石镇"]
        assert list(waiting_row[columns["days"]]) == [0], page
        assert list(waiting_row[columns["from_unit"]]) == ["东河村"], page
    coordinator.switch_page("pages/kanban.py").run()
    click_in_page_link(coordinator, f"move-{case.id}-{Move.TAKE.value}", key="kanban-links")
    assert not coordinator.exception
    # Take on the case page: new four fixes within the town.
    at = open_case(app_as("coordinator"), case.id)
    at.selectbox(key="case-take-unit").select(_id(app_db, Unit, code="QSZ")).run()
    at.selectbox(key="case-take-person").select(_id(app_db, User, username="coordinator"))
    at.button(key="case-take-submit").click().run()
    assert not at.exception
    after = reload(app_db, case.id)
    assert (after.stage, after.handling_unit_id, after.reported_up_to_unit_id) == (
        Stage.ASSIGNED,
        _id(app_db, Unit, code="QSZ"),
        None,
    )
    timeline = " ".join(t.value for t in at.text)
    assert texts.label(EventKind.REPORT_TAKEN) in timeline
    assert "上级等待（小时）" in timeline


def test_a_returned_report_shows_on_the_mediators_home_page(app_as, app_db) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("mediator"), case.id)
    at.text_area(key="case-report_up-reason").input("两次调解未果")
    at.button(key="case-report_up-submit").click().run()
    coordinator = open_case(app_as("coordinator"), case.id)
    coordinator.text_area(key="case-return-reason").input("请村里再组织一次调解")
    coordinator.button(key="case-return-submit").click().run()
    assert not coordinator.exception
    with Session(make_engine(app_db)) as session:
        row = session.exec(select(ReportUp).where(ReportUp.case_id == case.id)).one()
    assert (row.answer, row.answer_note) == ("returned", "请村里再组织一次调解")
    home = app_as("mediator")
    home.switch_page("pages/home.py").run()
    assert any(texts.HOME_REPORT_ANSWERS == s.value for s in home.subheader)
    links = [p.proto.label for p in home.get("page_link")]
    assert any(case.number in label and "已退回" in label for label in links), links


def test_an_urgent_case_shows_in_the_coordinators_banner_until_acknowledged(app_as, app_db) -> None:
    case = mediating_case(app_db, group_risk=True, risk=Risk.HIGH)
    assert reload(app_db, case.id).urgent
    home = app_as("coordinator")
    home.switch_page("pages/home.py").run()
    assert any(texts.URGENT_BANNER.split("：")[0] in e.value for e in home.error)
    home.button(key=f"home-urgent-ack-{case.id}").click().run()
    assert not home.exception
    with Session(make_engine(app_db)) as session:
        acks = session.exec(select(UrgentAck).where(UrgentAck.case_id == case.id)).all()
    assert [a.level for a in acks] == ["town"]
    assert not [b for b in home.button if b.key == f"home-urgent-ack-{case.id}"]
    at = open_case(app_as("mediator"), case.id)
    lines = " ".join(t.value for t in at.text)
    assert "青石镇综治办 赵强（镇（街道）级）" in lines


def test_an_extension_is_asked_by_the_mediator_and_granted_by_the_coordinator(
    app_as, app_db
) -> None:
    case = mediating_case(app_db)
    at = open_case(app_as("mediator"), case.id)
    at.date_input(key="case-extension-date").set_value(local_today() + timedelta(days=20))
    at.text_input(key="case-extension-reason").input("当事人外出务工")
    at.button(key="case-extension-submit").click().run()
    assert not at.exception
    request_id = _id(app_db, ExtensionRequest, case_id=case.id)
    home = app_as("coordinator")
    home.switch_page("pages/home.py").run()
    assert any(texts.HOME_EXTENSIONS in s.value for s in home.subheader)
    coordinator = open_case(app_as("coordinator"), case.id)
    coordinator.button(key=f"case-extension-{request_id}-grant").click().run()
    assert not coordinator.exception
    assert reload(app_db, case.id).deadline == local_today() + timedelta(days=20)
