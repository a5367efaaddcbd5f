"""当场调结 in the browser: a village mediator settles a neighbour dispute on the spot at intake,
records the follow-up visit (satisfied, no flare-up) on the case page, the town coordinator
closes it (销号: only coordinators close), and the ledger shows it 已销号."""

import random
import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from db import texts
from db.enums import Category, Level, Move, Stage
from tests.browser.appserver import Server
from tests.browser.test_journey import choose
from tests.browser.test_workflow_journey import open_case, submit
from tests.browser.ui import (
    DATAFRAME,
    GRID_ROWS,
    MAIN,
    SUCCESS,
    ledger_caption,
    login_ok,
    open_path,
    signed_in_cookie,
    wait_idle,
)

pytestmark = pytest.mark.browser


def test_a_mediator_settles_on_the_spot_and_the_case_is_followed_up_and_closed(
    page: Page, server: Server, more_contexts
) -> None:
    tag = f"{random.Random().randint(0, 99999):05d}"
    facts = f"当场调结 {tag}：两户因院墙滴水发生口角，当场调解。"

    # The village mediator registers the dispute as settled on the spot.
    login_ok(page, server, "mediator")
    signed_in_cookie(page)
    open_path(page, server, "intake")
    page.locator(".st-key-intake-submit button").wait_for()
    wait_idle(page)
    page.locator(".st-key-intake-spot label").click()
    page.locator(".st-key-intake-spot-summary textarea").wait_for()
    wait_idle(page)
    choose(page, "intake-category", texts.label(Category.NEIGHBOUR))
    page.locator(".st-key-intake-facts textarea").fill(facts)
    page.locator(".st-key-intake-party-0-name input").fill(f"滴水甲{tag}")
    page.locator(".st-key-intake-party-1-name input").fill(f"滴水乙{tag}")
    page.locator(".st-key-intake-spot-summary textarea").fill("双方同意改装落水管，当场握手言和。")
    page.locator(".st-key-intake-spot-agreement label").click()
    page.locator(".st-key-intake-submit button").click()
    saved = page.locator(f"{MAIN} {SUCCESS}")
    expect(saved).to_contain_text("当场调结")
    wait_idle(page)
    number = re.search(r"QSZ-\d{4}-\d{4}", saved.inner_text())
    assert number, saved.inner_text()
    link = page.locator(MAIN).get_by_role("link", name=texts.OPEN_CASE.format(number=number[0]))
    case_id = int(re.search(r"[?&]id=(\d+)", link.get_attribute("href") or "")[1])  # type: ignore[index]

    # The case is resolved at the village; the mediator records the follow-up visit.
    open_case(page, server, case_id, number[0])
    main = page.locator(MAIN)
    expect(main).to_contain_text(f"当前阶段：{texts.label(Stage.RESOLVED)}")
    expect(main).to_contain_text(texts.CASE_SETTLED_ON_SPOT)
    expect(main).to_contain_text(texts.label(Level.VILLAGE))
    submit(page, "case-follow-up-submit", then="回访 ")

    # The town coordinator closes it (销号).
    coordinator_context: BrowserContext = more_contexts()
    coordinator = coordinator_context.new_page()
    login_ok(coordinator, server, "coordinator")
    signed_in_cookie(coordinator)
    open_case(coordinator, server, case_id, number[0])
    # Besides 销号, the town may still take the settlement back: each has its expander.
    expect(coordinator.locator(MAIN)).to_contain_text(texts.label(Move.RECALL))
    coordinator.get_by_text(texts.label(Move.CLOSE), exact=True).first.click()
    wait_idle(coordinator)
    # settled with a written agreement and no scan attached: 销号 records why
    coordinator.locator(".st-key-case-close-why input").fill("协议书原件由双方当事人保管")
    submit(coordinator, "case-close-submit", then=f"当前阶段：{texts.label(Stage.CLOSED)}")

    # The ledger shows it closed.
    open_path(coordinator, server, "cases")
    search = coordinator.locator(".st-key-cases-search input")
    search.wait_for()
    wait_idle(coordinator)
    search.fill(number[0])
    search.press("Enter")
    expect(coordinator.get_by_text(ledger_caption(1), exact=True)).to_be_visible()
    rows = coordinator.locator(f"{MAIN} {DATAFRAME} {GRID_ROWS}")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(texts.label(Stage.CLOSED))
