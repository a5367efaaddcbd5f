"""Case life on the pages (issue 18, part A): 当场调结 on the intake form, the town's recall of a
settlement from the board's list and the case page, 回头看 on a closed case, the referral outcome,
and the assign form's default unit."""

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from components import links
from components.forms import literal
from db import texts
from db.clock import format_local
from db.core.engine import make_engine
from db.enums import EventKind, Level, Move, ReferralOutcome, Risk, Stage
from db.models import Case, CaseEvent, Unit
from tests.pages.pages_helpers import click_in_page_link
from tests.pages.test_intake_and_ledger import count, fill_intake
from tests.pages.test_workflow_pages import open_case, registered_case, reload


def _case(url: str, number: str) -> Case:
    with Session(make_engine(url)) as session:
        return session.exec(select(Case).where(Case.number == number)).one()


def _last_case(url: str) -> Case:
    with Session(make_engine(url)) as session:
        return session.exec(select(Case).order_by(Case.id.desc())).first()  # type: ignore[union-attr]


def settle_on_the_form(at: AppTest, *, facts: str, risk: str | None = None) -> AppTest:
    at.switch_page("pages/intake.py").run()
    at.checkbox(key="intake-spot").check().run()
    fill_intake(at, facts=facts, id_number="", phone="")
    if risk:
        at.radio(key="intake-risk").set_value(Risk(risk))
    at.text_area(key="intake-spot-summary").input("双方当场达成口头协议，已履行")
    at.checkbox(key="intake-spot-agreement").check()
    at.button(key="intake-submit").click().run()
    assert not at.exception, at.exception
    return at


def test_a_mediator_settles_a_dispute_on_the_spot_from_the_intake_form(app_as, app_db) -> None:
    at = settle_on_the_form(app_as("mediator"), facts="两户因晾衣占道发生口角。")
    case = _last_case(app_db)
    assert [s.value for s in at.success] == [texts.SPOT_SAVED.format(number=case.number)]
    assert (case.stage, case.settled_on_spot, case.resolved_level) == (
        Stage.RESOLVED,
        True,
        Level.VILLAGE,
    )
    with Session(make_engine(app_db)) as session:
        kinds = session.exec(
            select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
    assert kinds == [EventKind.REGISTERED, EventKind.ASSIGNED, EventKind.STAGE_CHANGED]
    assert not at.checkbox(key="intake-spot").value  # a fresh form for the next dispute


def test_settling_on_the_spot_needs_a_summary_and_is_refused_for_high_risk(app_as, app_db) -> None:
    at = app_as("mediator")
    at.switch_page("pages/intake.py").run()
    at.checkbox(key="intake-spot").check().run()
    fill_intake(at, facts="未写化解情况。", id_number="", phone="")
    before = count(app_db, Case)
    at.button(key="intake-submit").click().run()
    assert texts.V_REQUIRED in [e.value for e in at.error]
    assert count(app_db, Case) == before
    at = settle_on_the_form(at, facts="高风险纠纷。", risk="high")
    assert texts.E_SPOT_RISK in [e.value for e in at.error]
    assert count(app_db, Case) == before


def test_a_leader_is_not_offered_settling_on_the_spot(app_as) -> None:
    at = app_as("leader")
    at.switch_page("pages/intake.py").run()
    assert not [c for c in at.checkbox if c.key == "intake-spot"]


def test_the_town_coordinator_finds_a_settlement_on_the_board_and_takes_it_back(
    app_as, app_db
) -> None:
    settle_on_the_form(app_as("mediator"), facts="邻居装修噪音扰民，当场调解。")
    case = _last_case(app_db)
    at = app_as("coordinator")
    at.switch_page("pages/kanban.py").run()
    listed = [
        line
        for m in at.markdown
        for line in m.value.splitlines()
        if line.startswith("- ") and f"(#dd-open-{case.id})" in line
    ]
    assert listed == [  # the list of the last 7 days' settlements, its number a link
        "- "
        + texts.SPOT_LIST_LINE.format(
            number=links.link(literal(case.number), f"open-{case.id}"),
            unit="东河村",
            who="东河村调解员 孙丽",
            when=format_local(case.resolved_at),
            facts="邻居装修噪音扰民，当场调解。",
        )
    ]
    click_in_page_link(at, f"open-{case.id}", key="kanban-links")  # opens it here
    assert not at.exception, at.exception
    assert at.query_params["id"] == str(case.id)
    at.text_area(key="case-recall-reason").input("协议未落实，镇里接手")
    at.button(key="case-recall-submit").click().run()
    assert not at.exception, at.exception
    after = reload(app_db, case.id)
    with Session(make_engine(app_db)) as session:
        town = session.exec(select(Unit.id).where(Unit.code == "QSZ")).one()
    assert (after.stage, after.handling_unit_id, after.resolved_level) == (
        Stage.MEDIATING,
        town,
        None,
    )
    assert texts.MOVE_DONE.format(move=texts.label(Move.RECALL)) in [s.value for s in at.success]


def test_a_closed_case_is_reopened_after_a_later_visit_from_the_case_page(app_as, app_db) -> None:
    at = settle_on_the_form(app_as("mediator"), facts="宅前排水纠纷，当场调解。")
    case = _last_case(app_db)
    at = open_case(at, case.id)
    at.text_input(key="case-follow-up-visitor").input("孙丽")
    at.button(key="case-follow-up-submit").click().run()
    at = open_case(app_as("coordinator"), case.id)
    # settled with a written agreement: 销号 without its scan needs the reason why
    at.text_input(key="case-close-why").input("协议书原件由当事人保管")
    at.button(key="case-close-submit").click().run()
    assert reload(app_db, case.id).stage == Stage.CLOSED
    at = open_case(at, case.id)
    at.button(key="case-revisit-submit").click().run()
    assert texts.E_MOVE_REASON in [e.value for e in at.error]
    at.text_area(key="case-revisit-reason").input("回头看发现又起争执")
    at.button(key="case-revisit-submit").click().run()
    after = reload(app_db, case.id)
    assert (after.stage, after.reopened_count) == (Stage.MEDIATING, 1)


def test_the_referral_outcome_is_recorded_on_the_case_page(app_as, app_db) -> None:
    case = registered_case(app_db)
    with Session(make_engine(app_db)) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
    at = open_case(app_as("coordinator"), case.id)
    # The assign form offers the case's own village first (no longer the town).
    assert at.selectbox(key="case-assign-unit").value == village
    at.button(key="case-assign-submit").click().run()
    at = open_case(at, case.id)
    at.button(key="case-start-submit").click().run()
    at = open_case(at, case.id)
    at.text_area(key="case-refer-reason").input("一方坚持起诉")
    at.button(key="case-refer-submit").click().run()
    at = open_case(at, case.id)
    assert texts.CASE_OUTCOME_WAITING in [t.value for t in at.text]
    at.selectbox(key="case-outcome-outcome").select(ReferralOutcome.WITHDRAWN)
    at.button(key="case-outcome-submit").click().run()
    assert not at.exception, at.exception
    assert reload(app_db, case.id).referral_outcome == ReferralOutcome.WITHDRAWN
    at = open_case(at, case.id)
    assert any(t.value.startswith("移交结果：撤回") for t in at.text)
