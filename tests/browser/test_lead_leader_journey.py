"""包案领导 as accounts in the browser (issue 23): the coordinator assigns a case on the board,
choosing the lead leader's account in the dialog; that leader signs in and finds the case on
the home page under 我包案的案件, a link that opens it."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, col, select, update

from db.accounts.users import create_user
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Risk, Role
from db.models import Case, Unit, User
from tests.browser.appserver import DEMO_PASSWORD, Server
from tests.browser.test_workflow_journey import pick
from tests.browser.ui import MAIN, click_in_page_link, login_ok, open_path, wait_idle

pytestmark = pytest.mark.browser

LEADER = ("journey_leader", "青石镇镇长 周航")


def _prepare(server: Server) -> tuple[int, str]:
    """A second leader of 青石镇, leading nothing yet (the demo's town leader leads many), and a
    high-risk dispute in 东河村 dated to head the board's 受理登记 column (its own parties: the
    other journeys' disputes are not taken for this one)."""
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        town = session.exec(select(Unit).where(Unit.code == "QSZ")).one()
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        coordinator = session.exec(select(User).where(User.username == "coordinator")).one()
        data = CaseCreate(
            category=Category.HOMESTEAD,
            found_via=FoundVia.VISIT,
            found_on=local_today(),
            unit_id=village,
            facts="浏览器旅程：包案领导，宅基地界址争议。",
            risk=Risk.HIGH,
            parties=[PartyCreate(name="包案甲"), PartyCreate(name="包案乙")],
        )
        made = register(session, actor=Actor.of(session, coordinator), data=data)
        session.exec(
            update(Case)
            .where(col(Case.id) == made.id)
            .values(created_at=datetime(2000, 1, 1, tzinfo=UTC))
        )
        create_user(
            session,
            username=LEADER[0],
            display_name=LEADER[1],
            password=DEMO_PASSWORD,
            role=Role.LEADER,
            unit=town,
            must_change_password=False,
        )
        session.commit()
    engine.dispose()
    return made.id, made.number


def _lead_leader_of(server: Server, case_id: int) -> str | None:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        found = session.exec(select(Case.lead_leader).where(Case.id == case_id)).one()
    engine.dispose()
    return found


def test_the_leader_chosen_on_the_board_finds_the_case_on_their_home(
    page: Page, server: Server, more_contexts
) -> None:
    case_id, number = _prepare(server)  # high risk: 五个一 asked for as well

    login_ok(page, server, "coordinator")
    open_path(page, server, "kanban")
    click_in_page_link(page, f"move-{case_id}-assign")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(number)
    pick(page, "kanban-dialog-assign-unit", re.compile("东河村"))
    # The town's leaders and the county's are offered; the journey's leader is chosen.
    pick(page, "kanban-dialog-assign-lead", re.compile(LEADER[1]))
    lead = dialog.locator(".st-key-kanban-dialog-assign-lead [role=combobox]")
    expect(lead).to_have_value(re.compile(LEADER[1]))
    dialog.locator(".st-key-kanban-dialog-assign-team input").fill("王刚、李梅")
    dialog.locator(".st-key-kanban-dialog-assign-measures textarea").fill("镇村两级联合调处。")
    wait_idle(page)
    dialog.locator(".st-key-kanban-dialog-assign-submit button").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("[data-testid=stToast]")).to_contain_text(f"{number}：已交办")
    assert _lead_leader_of(server, case_id) == LEADER[1]

    # The leader signs in: home lists the case under 我包案的案件, a link to it.
    leader_context: BrowserContext = more_contexts()
    leader = leader_context.new_page()
    login_ok(leader, server, LEADER[0])
    mine = leader.locator(".st-key-home-lead-cases")
    expect(mine).to_contain_text("我包案的案件（1）")
    expect(mine).to_contain_text(number)
    expect(mine).to_contain_text("已交办")
    mine.get_by_role("link", name=re.compile(number)).click()
    expect(leader.locator(MAIN)).to_contain_text(number)
    wait_idle(leader)
    five = leader.locator(".st-key-case-five-ones")
    expect(five).to_contain_text(LEADER[1])
    expect(five).to_contain_text("王刚、李梅")
