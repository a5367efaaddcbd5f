"""The case life from below in the browser: a village mediator reports a case up on the case
page and the town's coordinator, who finds it first on home and on the board, takes it there;
an urgent case registered by the mediator shows at once on the coordinator's home page in a
second browser, the coordinator acknowledges it (已知悉) and the acknowledgement shows on the
case."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from db import texts
from db.cases import moves
from db.cases.lifecycle import AssignPlan
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Move, Risk
from db.models import Case, Unit, User
from tests.browser.appserver import Server
from tests.browser.ui import (
    MAIN,
    choose_option,
    click_in_page_link,
    login_ok,
    open_path,
    signed_in_cookie,
    wait_idle,
)

pytestmark = pytest.mark.browser


def mediating_case(server: Server) -> tuple[int, str]:
    """A 东河村 dispute assigned to its mediator, who has started on it."""
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()

        def actor(name: str) -> Actor:
            return Actor.of(session, session.exec(select(User).where(User.username == name)).one())

        mediator, coordinator = actor("mediator"), actor("coordinator")
        data = CaseCreate(
            category=Category.LAND_CONTRACT,
            found_via=FoundVia.VISIT,
            found_on=local_today(),
            unit_id=village,
            facts="浏览器旅程：承包地流转纠纷，涉及镇土地所。",
            risk=Risk.MEDIUM,
            parties=[PartyCreate(name="上报甲"), PartyCreate(name="上报乙")],
        )
        made = register(session, actor=mediator, data=data)
        plan = AssignPlan(
            lead_leader_id=session.exec(select(User.id).where(User.username == "leader")).one(),
            responsible_unit_id=village,
            responsible_user_id=mediator.id,
            deadline=local_today() + timedelta(days=10),
        )
        version = moves.assign(session, actor=coordinator, case_id=made.id, version=1, plan=plan)
        moves.start(session, actor=mediator, case_id=made.id, version=version)
    engine.dispose()
    return made.id, made.number


def case_by_facts(server: Server, facts: str) -> Case:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.facts == facts)).one()
    engine.dispose()
    return case


def open_case(page: Page, server: Server, case_id: int, number: str) -> None:
    open_path(page, server, f"case?id={case_id}")
    expect(page.locator(MAIN)).to_contain_text(number)
    wait_idle(page)


def test_a_report_up_is_taken_and_an_urgent_case_is_acknowledged(
    page: Page, server: Server, more_contexts
) -> None:
    case_id, number = mediating_case(server)

    # The village mediator reports it up, with the reason, on the case page.
    login_ok(page, server, "mediator")
    signed_in_cookie(page)
    open_case(page, server, case_id, number)
    page.get_by_text(texts.label(Move.REPORT_UP), exact=True).first.click()
    wait_idle(page)
    page.locator(".st-key-case-report_up-reason textarea").fill("两次调解未果，需镇土地所协调")
    page.locator(".st-key-case-report_up-submit button").click()
    expect(page.locator(MAIN)).to_contain_text("【上报待接收】已上报至青石镇")
    expect(page.locator(MAIN)).to_contain_text(texts.REPORT_UP_HISTORY)
    wait_idle(page)

    # The town's coordinator, in another browser, sees it first: on home, then on the board.
    coordinator = more_contexts().new_page()
    login_ok(coordinator, server, "coordinator")
    signed_in_cookie(coordinator)
    expect(coordinator.locator(".st-key-home-reported")).to_contain_text(number)
    open_path(coordinator, server, "kanban")
    take = coordinator.locator(f'a[href="#dd-move-{case_id}-take"]')
    card = coordinator.locator("[class*=kanban-reported] [data-testid=stMarkdown]", has=take)
    expect(card).to_contain_text(number)
    click_in_page_link(coordinator, f"move-{case_id}-take")
    dialog = coordinator.get_by_role("dialog")
    expect(dialog).to_contain_text(number)
    unit = dialog.locator(".st-key-kanban-dialog-take-unit [role=combobox]")
    expect(unit).to_have_value(re.compile("^青石镇"))
    # The town may hold more people than the demo's (other journeys on this server add some).
    choose_option(coordinator, "kanban-dialog-take-person", "青石镇综治办 赵强")
    dialog.locator(".st-key-kanban-dialog-take-submit button").click()
    expect(coordinator.get_by_role("dialog")).to_have_count(0)
    wait_idle(coordinator)
    expect(take).to_have_count(0)  # taken: no longer waiting above the columns
    open_case(coordinator, server, case_id, number)
    main = coordinator.locator(MAIN)
    for entry in ("上级接收", "包案领导：青石镇党委书记 张伟", "上级等待（小时）", "已接收"):
        expect(main).to_contain_text(entry)

    # An urgent dispute registered by the mediator shows at once on the coordinator's home.
    facts = f"浏览器旅程：三十余户村民因征地补偿聚集（{case_id}）。"
    open_path(page, server, "intake")
    page.locator(".st-key-intake-submit button").wait_for()
    wait_idle(page)
    page.locator(".st-key-intake-group-risk label").click()
    page.locator(".st-key-intake-facts textarea").fill(facts)
    page.locator(".st-key-intake-party-0-name input").fill("紧急甲")
    page.locator(".st-key-intake-party-1-name input").fill("紧急乙")
    page.locator(".st-key-intake-submit button").click()
    expect(page.locator(MAIN)).to_contain_text(texts.OPEN_CASE.split("{")[0])
    wait_idle(page)
    urgent = case_by_facts(server, facts)
    assert urgent.urgent
    open_path(coordinator, server, "home")
    line = coordinator.locator(f".st-key-home-urgent-{urgent.id}")
    expect(line).to_contain_text(urgent.number)
    coordinator.locator(f".st-key-home-urgent-ack-{urgent.id} button").click()
    expect(coordinator.locator(f".st-key-home-urgent-{urgent.id}")).to_have_count(0)
    wait_idle(coordinator)

    # The acknowledgement shows on the case, for the mediator too.
    open_case(page, server, urgent.id, urgent.number)
    expect(page.locator(".st-key-case-urgent")).to_contain_text(
        re.compile(r"青石镇综治办 赵强（镇（街道）级）于 .* 确认知悉，登记后 \d+ 分钟")
    )
