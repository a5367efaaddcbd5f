"""The case page's work area and the board, driven as a coordinator and a mediator would."""

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Move, Risk, Stage
from db.models import Case, CaseEvent, Unit, User
from tests.pages.pages_helpers import click_in_page_link, in_page_links


def registered_case(
    url: str, *, facts: str = "两户因排水沟走向发生争执。", risk: Risk = Risk.MEDIUM
) -> Case:
    """A fresh dispute in 东河村, registered by the town's coordinator."""
    with Session(make_engine(url)) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        data = CaseCreate(
            category=Category.NEIGHBOUR,
            found_via=FoundVia.VISIT,
            found_on=local_today(),
            unit_id=village,
            facts=facts,
            risk=risk,
            parties=[PartyCreate(name="胡丽娟"), PartyCreate(name="郭桂兰")],
        )
        registered = register(session, actor=Actor.of(session, user), data=data)
        return session.get(Case, registered.id)


def reload(url: str, case_id: int) -> Case:
    with Session(make_engine(url)) as session:
        return session.get(Case, case_id)


def open_case(at: AppTest, case_id: int) -> AppTest:
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    return at.run()


def test_a_coordinator_assigns_a_case_with_the_four_fixes(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = open_case(app_as("coordinator"), case.id)
    at.selectbox(key="case-assign-unit").select(_unit_id(app_db, "QSZ01")).run()
    at.selectbox(key="case-assign-lead").select(_user_id(app_db, "leader"))
    mediator = _user_id(app_db, "mediator")
    at.selectbox(key="case-assign-person").select(mediator)
    at.button(key="case-assign-submit").click().run()
    assert not at.exception
    after = reload(app_db, case.id)
    assert (after.stage, after.lead_leader, after.responsible_user_id) == (
        Stage.ASSIGNED,
        "县领导 刘明",
        mediator,
    )
    assert texts.MOVE_DONE.format(move=texts.label(Move.ASSIGN)) in [s.value for s in at.success]


def test_the_lead_leader_is_chosen_among_the_leaders_whose_scope_holds_the_case(
    app_as, app_db
) -> None:
    case = registered_case(app_db)
    at = open_case(app_as("coordinator"), case.id)
    at.selectbox(key="case-assign-unit").select(_unit_id(app_db, "QSZ01")).run()
    lead = at.selectbox(key="case-assign-lead")
    # the town's leader first (the default), then the county's; 柳湾镇's is not offered
    assert lead.options == ["青石镇党委书记 张伟（青石镇）", "县领导 刘明（清河县）"]
    assert lead.value == _user_id(app_db, "town_leader")


def test_a_stale_form_is_refused_and_names_who_changed_the_case(app_as, app_db) -> None:
    case = registered_case(app_db)
    first = open_case(app_as("coordinator"), case.id)
    second = open_case(app_as("coordinator"), case.id)
    for at in (first, second):
        at.text_input(key="case-assign-team").input("王刚、李梅")
        at.selectbox(key="case-assign-unit").select(_unit_id(app_db, "QSZ01")).run()
        at.selectbox(key="case-assign-person").select(_user_id(app_db, "mediator"))
    first.button(key="case-assign-submit").click().run()
    # The second person's page learns of it on their next click, with who and when, and no
    # longer offers the assignment; the first person's change stands.
    second.text_input(key="case-assign-team").input("赵主席").run()
    warnings = [w.value for w in second.warning]
    assert any("青石镇综治办 赵强" in w and "修改" in w for w in warnings), warnings
    assert not [b for b in second.button if b.key == "case-assign-submit"]
    assert reload(app_db, case.id).lead_team == "王刚、李梅"


def test_the_mediator_takes_an_assigned_case_to_resolved_and_the_timeline_shows_it(
    app_as, app_db
) -> None:
    case = registered_case(app_db)
    coordinator = open_case(app_as("coordinator"), case.id)
    coordinator.selectbox(key="case-assign-unit").select(_unit_id(app_db, "QSZ01")).run()
    coordinator.selectbox(key="case-assign-person").select(_user_id(app_db, "mediator"))
    coordinator.button(key="case-assign-submit").click().run()

    at = open_case(app_as("mediator"), case.id)
    at.button(key="case-start-submit").click().run()
    assert reload(app_db, case.id).stage == Stage.MEDIATING
    at.text_area(key="case-resolve-summary").input("双方达成协议，当场履行。")
    at.checkbox(key="case-resolve-agreement").check()
    at.button(key="case-resolve-submit").click().run()
    after = reload(app_db, case.id)
    assert after.stage == Stage.RESOLVED and after.resolved_level == "village"
    timeline = " ".join(t.value for t in at.text)
    for kind in (
        "受理登记",
        "交办：受理登记 → 已交办",
        "阶段变更：已交办 → 调处中",
        "阶段变更：调处中 → 已化解",
        "化解方式：人民调解",
    ):
        assert kind in timeline


def test_a_leader_flags_a_case_and_the_flag_shows_on_the_page(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = open_case(app_as("leader"), case.id)
    at.text_input(key="case-flag-note").input("县领导督办，月底前化解")
    at.button(key="case-flag-submit").click().run()
    assert reload(app_db, case.id).flagged
    assert any("县领导督办" in w.value for w in at.warning)


def test_the_board_shows_counts_per_stage_and_most_urgent_cards(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    assert not at.exception
    with Session(make_engine(app_db)) as session:
        town = session.exec(select(Unit).where(Unit.code == "QSZ")).one()
        towns_cases = session.exec(
            select(Case.stage)
            .join(Unit, Unit.id == Case.unit_id)
            .where(Unit.path.startswith(town.path))
        ).all()
    captions = [c.value for c in at.caption]
    for stage in (Stage.REGISTERED, Stage.ASSIGNED, Stage.MEDIATING, Stage.RESOLVED):
        count = sum(1 for s in towns_cases if s == stage)
        assert any(c.startswith(f"共 {count} 件") for c in captions), (stage, count, captions)


def test_a_move_on_the_board_opens_a_dialog_asking_for_what_it_needs(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    click_in_page_link(at, f"move-{case.id}-assign", key="kanban-links")
    assert not at.exception
    assert at.selectbox(key="kanban-dialog-assign-lead")
    assert at.selectbox(key="kanban-dialog-assign-person")
    assert at.date_input(key="kanban-dialog-assign-deadline")


def test_a_click_on_a_card_number_opens_the_case_in_the_same_session(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    click_in_page_link(at, f"open-{case.id}", key="kanban-links")
    assert not at.exception, at.exception
    assert at.query_params["id"] == str(case.id)
    assert [t.value for t in at.title] == [f"{texts.PAGE_CASE} {case.number}"]


def test_a_click_on_a_card_moved_meanwhile_changes_nothing_and_says_so(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    other = app_as("coordinator")  # someone else assigns it first
    other.switch_page("pages/kanban.py").run()
    click_in_page_link(other, f"move-{case.id}-assign", key="kanban-links")
    other.button(key="kanban-dialog-assign-submit").click().run()
    assert reload(app_db, case.id).stage == Stage.ASSIGNED
    click_in_page_link(at, f"move-{case.id}-assign", key="kanban-links")  # a stale screen
    assert not at.exception, at.exception
    assert [t.value for t in at.toast] == [texts.BOARD_CARD_GONE]
    assert "kanban-dialog-assign-person" not in [s.key for s in at.selectbox]  # no dialog
    assert reload(app_db, case.id).version == case.version + 1  # only the other's move


def test_a_card_offers_only_its_moves_and_user_text_makes_no_link(app_as, app_db) -> None:
    case_id = registered_case(app_db, facts="[结案](#dd-move-1-close) 排水沟", risk=Risk.HIGH).id
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    targets = in_page_links(at)
    assert f"open-{case_id}" in targets
    # registered: the coordinator's one move is to assign it
    assert [t for t in targets if t.startswith(f"move-{case_id}-")] == [f"move-{case_id}-assign"]
    assert "move-1-close" not in targets  # the facts' "link" is shown as typed, not as a link


def test_a_supervisor_sees_the_board_but_no_moves(app_as, app_db) -> None:
    at = app_as("supervisor")
    at.switch_page("pages/kanban.py").run()
    assert not at.exception
    assert in_page_links(at), "no cards drawn: the test would prove nothing"
    assert all(t.startswith("open-") for t in in_page_links(at)), in_page_links(at)


def test_events_of_a_move_carry_the_acting_user(app_as, app_db) -> None:
    case = registered_case(app_db)
    at = open_case(app_as("leader"), case.id)
    at.text_input(key="case-flag-note").input("督办")
    at.button(key="case-flag-submit").click().run()
    with Session(make_engine(app_db)) as session:
        leader = session.exec(select(User.id).where(User.username == "leader")).one()
        actors = session.exec(
            select(CaseEvent.actor_id).where(
                CaseEvent.case_id == case.id, CaseEvent.kind == "flagged"
            )
        ).all()
    assert actors == [leader]


def _unit_id(url: str, code: str) -> int:
    with Session(make_engine(url)) as session:
        return session.exec(select(Unit.id).where(Unit.code == code)).one()


def _user_id(url: str, username: str) -> int:
    with Session(make_engine(url)) as session:
        return session.exec(select(User.id).where(User.username == username)).one()
