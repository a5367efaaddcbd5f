"""The main journey of a town coordinator: register a dispute, find it in the ledger, open it.

User text with markup in it must come back on the case page exactly as typed, as text: no
script runs, no javascript: link is made, no dialog opens.
"""

import random
import re

import pytest
from playwright.sync_api import Page, expect

from db import texts
from db.core.validation import id_check_char, mask_id_number
from db.enums import Category, Risk
from tests.browser.appserver import Server
from tests.browser.ui import (
    ARTIFACTS,
    CASE_NUMBER,
    DATAFRAME,
    GRID_ROWS,
    MAIN,
    SUCCESS,
    Dialogs,
    choose_option,
    ledger_caption,
    login_ok,
    open_case_from_grid,
    open_path,
    saved_number_pattern,
    signed_in_cookie,
    visible_text,
    wait_idle,
)

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[x](javascript:alert(1))"


def valid_id_number(rng: random.Random) -> str:
    """A resident ID number with a correct GB 11643 check character, from a region code the
    demo data does not use (so no duplicate-party warning is expected)."""
    first17 = (
        "110105"
        + f"{rng.randint(1950, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )
    return first17 + id_check_char(first17)


def choose(page: Page, key: str, option: str) -> None:
    """Pick an option of a select box by its visible label."""
    choose_option(page, key, option)
    expect(page.locator(f".st-key-{key} [role=combobox]")).to_have_value(option)


def test_register_find_and_open_a_case(page: Page, server: Server, dialogs: Dialogs) -> None:
    rng = random.Random()
    tag = f"{rng.randint(0, 99999):05d}"
    applicant, respondent = f"测试甲{tag}", f"测试乙{tag}"
    id_number = valid_id_number(rng)
    phone = f"139{rng.randint(0, 99_999_999):08d}"
    facts = f"浏览器测试 {tag}：邻居排水沟堵塞引发争执。{SCRIPT} {JS_LINK}"

    login_ok(page, server, "coordinator")
    signed_in_cookie(page)

    # 受理登记
    open_path(page, server, "intake")
    page.locator(".st-key-intake-submit button").wait_for()
    wait_idle(page)
    choose(page, "intake-category", texts.label(Category.NEIGHBOUR))
    page.locator(".st-key-intake-risk label").filter(has_text=texts.label(Risk.MEDIUM)).click()
    page.locator(".st-key-intake-amount input").fill("1500")
    page.locator(".st-key-intake-facts textarea").fill(facts)
    page.locator(".st-key-intake-party-0-name input").fill(applicant)
    page.locator(".st-key-intake-party-0-id input").fill(id_number)
    page.locator(".st-key-intake-party-0-phone input").fill(phone)
    page.locator(".st-key-intake-party-0-address input").fill("青石镇东河村 3 组")
    page.locator(".st-key-intake-party-1-name input").fill(respondent)
    page.locator(".st-key-intake-submit button").click()

    saved = page.locator(f"{MAIN} {SUCCESS}")
    duplicates = page.locator(".st-key-intake-duplicates")
    saved.or_(duplicates).first.wait_for()
    if duplicates.is_visible():  # a party seen before: the office may still register
        page.locator(".st-key-intake-confirm button").click()
        saved.wait_for()
    wait_idle(page)
    message = saved.inner_text()
    found = saved_number_pattern().search(message)
    assert found, f"no case number in the success message: {message!r}"
    number = found["number"]
    assert CASE_NUMBER.fullmatch(number), number
    assert number.startswith("QSZ-"), f"青石镇's coordinator registered {number}"
    open_link = page.locator(MAIN).get_by_role("link", name=texts.OPEN_CASE.format(number=number))
    href = open_link.get_attribute("href") or ""
    case_id = re.search(r"[?&]id=(\d+)", href)
    assert case_id, f"the link to the new case has no id: {href!r}"

    # 纠纷台账: search by number → exactly this case.
    open_path(page, server, "cases")
    search = page.locator(".st-key-cases-search input")
    search.wait_for()
    wait_idle(page)
    search.fill(number)
    search.press("Enter")
    expect(page.get_by_text(ledger_caption(1), exact=True)).to_be_visible()
    rows = page.locator(f"{MAIN} {DATAFRAME} {GRID_ROWS}")
    expect(rows).to_have_count(1)
    # Read through expect (it retries): a rerun may redraw the grid under our feet.
    expect(rows.first.locator("td").first).to_contain_text(number)
    expect(rows.first).to_contain_text(applicant)
    expect(rows.first).to_contain_text(respondent)
    expect(rows.first).not_to_contain_text(id_number)  # the ledger shows no ID numbers
    wait_idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ledger-search.png"), full_page=True)

    # 案件详情, one click on the number in the ledger, in the same tab: the facts as typed.
    open_case_from_grid(page, f".st-key-cases-table {DATAFRAME}")
    expect(page.locator(f"{MAIN} h1").filter(has_text=number)).to_be_visible()
    assert page.url.endswith(f"/case?id={case_id[1]}"), page.url
    page.locator(f"{MAIN} {DATAFRAME}").last.wait_for()
    wait_idle(page)
    shown = page.locator(f"{MAIN} [data-testid=stText]").filter(has_text=SCRIPT)
    expect(shown).to_have_count(1)
    expect(shown).to_have_text(facts)
    expect(shown.get_by_text(JS_LINK, exact=False)).to_be_visible()  # (the 更正 form holds it too)
    assert page.locator("a[href^='javascript' i]").count() == 0, "a javascript: link was made"
    assert page.locator(f"{MAIN} script").count() == 0, "user text became a <script> element"

    cells = page.locator(f"{MAIN} {DATAFRAME} table[role=grid] td")
    for shown_value in (applicant, respondent, mask_id_number(id_number)):
        expect(cells.filter(has_text=shown_value)).to_have_count(1)
    assert id_number not in page.content(), "the full ID number is shown without a reason"
    assert dialogs.messages == [], f"a dialog opened: {dialogs.messages}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case.png"), full_page=True)


def test_ledger_table_has_its_stable_key(page: Page, server: Server) -> None:
    """What a journey reads carries a stable key, rendered as the class st-key-<key>; the
    ledger's table is `cases-table`."""
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    open_path(page, server, "cases")
    page.locator(f"{MAIN} {DATAFRAME}").wait_for()
    wait_idle(page)
    assert page.locator(f".st-key-cases-table {DATAFRAME}").count() == 1, (
        "the ledger's table is not inside an element with class st-key-cases-table; "
        f"page text:\n{visible_text(page)[:500]}"
    )
