"""Local categories in the browser: an admin adds one in 系统管理 → 分类; a town coordinator
registers a dispute under it at intake, finds it in the ledger by the category filter, and the
case page names it with its base."""

import random
import re

import pytest
from playwright.sync_api import Page, expect

from db import texts
from db.enums import Category, OfficialCategory
from tests.browser.appserver import Server
from tests.browser.test_journey import choose
from tests.browser.test_workflow_journey import open_case
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


def test_an_admin_adds_a_local_category_and_a_case_is_registered_under_it(
    page: Page, server: Server, more_contexts
) -> None:
    tag = f"{random.Random().randint(0, 99999):05d}"
    name = f"宗族{tag}"

    login_ok(page, server, "admin")
    signed_in_cookie(page)
    open_path(page, server, "admin")
    page.get_by_role("tab", name=texts.CAT_TAB, exact=True).click()
    page.locator(".st-key-admin-categories-name input").fill(name)
    choose(
        page,
        "admin-categories-official",
        texts.MR_OFFICIAL_NAMES[OfficialCategory.VILLAGE_AFFAIRS],
    )
    choose(page, "admin-categories-base", texts.label(Category.OTHER))
    page.locator(".st-key-admin-categories-submit button").click()
    expect(page.locator(f"{MAIN} {SUCCESS}")).to_contain_text(texts.CAT_ADDED.format(name=name))

    coordinator = more_contexts().new_page()
    login_ok(coordinator, server, "coordinator")
    signed_in_cookie(coordinator)
    open_path(coordinator, server, "intake")
    coordinator.locator(".st-key-intake-submit button").wait_for()
    wait_idle(coordinator)
    choose(coordinator, "intake-category", name)
    coordinator.locator(".st-key-intake-facts textarea").fill(
        f"分类测试 {tag}：两姓族人因祠堂修缮争执。"
    )
    coordinator.locator(".st-key-intake-party-0-name input").fill(f"族甲{tag}")
    coordinator.locator(".st-key-intake-party-1-name input").fill(f"族乙{tag}")
    coordinator.locator(".st-key-intake-submit button").click()
    saved = coordinator.locator(f"{MAIN} {SUCCESS}")
    expect(saved).to_contain_text(texts.INTAKE_SAVED.split("{")[0])
    number = re.search(r"QSZ-\d{4}-\d{4}", saved.inner_text())
    assert number, saved.inner_text()
    link = coordinator.locator(MAIN).get_by_role(
        "link", name=texts.OPEN_CASE.format(number=number[0])
    )
    case_id = int(re.search(r"[?&]id=(\d+)", link.get_attribute("href") or "")[1])  # type: ignore[index]

    open_path(coordinator, server, "cases")
    coordinator.locator(".st-key-cases-search input").wait_for()
    wait_idle(coordinator)
    box = coordinator.locator(".st-key-cases-category input")
    box.click()
    box.fill(name)  # the list is long: typed, as a person narrows it
    coordinator.get_by_role("option", name=name, exact=True).click()
    coordinator.keyboard.press("Escape")
    expect(coordinator.get_by_text(ledger_caption(1), exact=True)).to_be_visible()
    rows = coordinator.locator(f"{MAIN} {DATAFRAME} {GRID_ROWS}")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(number[0])
    expect(rows.first).to_contain_text(name)

    open_case(coordinator, server, case_id, number[0])
    facts = coordinator.locator(
        f".st-key-case-facts-table {GRID_ROWS}, {MAIN} {DATAFRAME} {GRID_ROWS}"
    )
    expect(facts.filter(has_text=f"{name}（归入{texts.label(Category.OTHER)}）")).not_to_have_count(
        0
    )
