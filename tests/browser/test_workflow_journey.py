"""A case's whole life in the browser: the coordinator assigns it from the board, the village
mediator starts, resolves and follows it up on the case page, the coordinator closes it, and the
timeline tells the story."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, select, update

from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Risk
from db.models import Case, Unit, User
from tests.browser.appserver import Server
from tests.browser.ui import (
    ARTIFACTS,
    MAIN,
    choose_option,
    click_in_page_link,
    login_ok,
    open_path,
    signed_in_cookie,
    wait_idle,
)

pytestmark = pytest.mark.browser


def registered_case(server: Server) -> tuple[int, str]:
    """A high-risk dispute in 东河村, dated so that it heads the board's 受理登记 column."""
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        data = CaseCreate(
            category=Category.LAND_CONTRACT,
            found_via=FoundVia.VISIT,
            found_on=local_today(),
            unit_id=village,
            facts="浏览器旅程：承包地边界争议。",
            risk=Risk.HIGH,
            parties=[PartyCreate(name="旅程甲"), PartyCreate(name="旅程乙")],
        )
        made = register(session, actor=Actor.of(session, user), data=data)
        session.exec(
            update(Case)
            .where(Case.id == made.id)
            .values(created_at=datetime(2000, 1, 1, tzinfo=UTC))
        )
        session.commit()
    engine.dispose()
    return made.id, made.number


def pick(page: Page, key: str, option: str | re.Pattern[str]) -> None:
    choose_option(page, key, option, exact=False)
    wait_idle(page)


def submit(page: Page, key: str, *, then: str) -> None:
    """Press a form's button and wait for what the page shows afterwards (the success notice
    can be replaced by the next run before a test sees it; the new state stays)."""
    page.locator(f".st-key-{key} button").click()
    expect(page.locator(MAIN)).to_contain_text(then)
    wait_idle(page)


def open_case(page: Page, server: Server, case_id: int, number: str) -> None:
    open_path(page, server, f"case?id={case_id}")
    expect(page.locator(MAIN)).to_contain_text(number)
    wait_idle(page)


def test_a_case_goes_from_registered_to_closed(page: Page, server: Server, more_contexts) -> None:
    case_id, number = registered_case(server)

    # The coordinator assigns it from the board: the dialog asks for the four fixes.
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)  # later page loads come back signed in
    open_path(page, server, "kanban")
    # A card is one Markdown text: its moves are links, caught in the page (components.links).
    click_in_page_link(page, f"move-{case_id}-assign")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(number)
    pick(page, "kanban-dialog-assign-unit", re.compile("东河村"))
    # The village's only person is offered, and chosen, once the unit is chosen.
    person = dialog.locator(".st-key-kanban-dialog-assign-person [role=combobox]")
    expect(person).to_have_value("东河村调解员 孙丽")
    # A high-risk case is a hard one: its team and plan too (五个一).
    dialog.locator(".st-key-kanban-dialog-assign-team input").fill("王刚、李梅")
    dialog.locator(".st-key-kanban-dialog-assign-measures textarea").fill("召集双方现场确认界址。")
    wait_idle(page)
    dialog.locator(".st-key-kanban-dialog-assign-submit button").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_idle(page)
    card = page.locator(
        "[data-testid=stMarkdown]", has=page.locator(f'a[href="#dd-open-{case_id}"]')
    )
    expect(card).to_contain_text("剩 7 天")
    # The result shows where the user is (a toast), not at the top of a long board.
    expect(page.locator("[data-testid=stToast]")).to_contain_text(f"{number}：已交办")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kanban.png"), full_page=True)
    # The card's number opens the case in this tab and session (no new sign-in, no new tab).
    click_in_page_link(page, f"open-{case_id}")
    page.wait_for_url(re.compile(rf"/case\?id={case_id}$"))
    expect(page.locator(MAIN).locator("h1")).to_contain_text(number)
    assert len(page.context.pages) == 1

    # The village mediator starts, resolves and follows it up on the case page.
    mediator_context: BrowserContext = more_contexts()
    mediator = mediator_context.new_page()
    login_ok(mediator, server, "mediator")
    signed_in_cookie(mediator)
    open_case(mediator, server, case_id, number)
    submit(mediator, "case-start-submit", then="当前阶段：调处中")
    # The one next step stands open; open the 化解 form only if it is folded (a click on an
    # open expander's title would fold it).
    summary = mediator.locator(".st-key-case-resolve-summary textarea")
    if not summary.is_visible():
        mediator.get_by_text("化解", exact=True).first.click()
    expect(summary).to_be_visible()
    wait_idle(mediator)
    mediator.locator(".st-key-case-resolve-summary textarea").fill("双方达成协议，重新确定界址。")
    submit(mediator, "case-resolve-submit", then="当前阶段：已化解")
    submit(mediator, "case-follow-up-submit", then="回访 ")

    # The coordinator closes it (销号) and reads the timeline.
    open_case(page, server, case_id, number)
    submit(page, "case-close-submit", then="当前阶段：已销号")
    main = page.locator(MAIN)
    for entry in (
        "交办：受理登记 → 已交办",
        "包案领导：青石镇党委书记 张伟",
        "阶段变更：已交办 → 调处中",
        "阶段变更：调处中 → 已化解",
        "化解方式：人民调解",
        "回访",
        "阶段变更：已化解 → 已销号",
    ):
        expect(main).to_contain_text(entry)
