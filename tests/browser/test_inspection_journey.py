"""An inspection on a phone (390×844) in Chromium: the demo supervisor starts one, ticks half of
the items, closes the browser; signs in again in a new browser, finds the ticks, ticks the rest
(one item failed with a note), submits, and sees the score and the rectification."""

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session, col, select

from db import texts
from db.core.engine import make_engine
from db.models import Inspection, InspectionResult
from tests.browser.appserver import Server
from tests.browser.ui import (
    LOGIN_PASSWORD,
    LOGIN_SUBMIT,
    LOGIN_USERNAME,
    LOGOUT_BUTTON,
    MAIN,
    UI_TIMEOUT_MS,
    choose_option,
    open_path,
    signed_in_cookie,
    wait_for_login_form,
    wait_idle,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def phone(browser: Browser) -> BrowserContext:
    made = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    made.set_default_timeout(UI_TIMEOUT_MS)
    return made


def sign_in_on_phone(page: Page, server: Server, username: str) -> None:
    """On a narrow screen the sidebar is folded away: signed in = its logout button exists."""
    open_path(page, server, "/")
    wait_for_login_form(page)
    page.locator(LOGIN_USERNAME).fill(username)
    page.locator(LOGIN_PASSWORD).fill(server.password)
    page.locator(LOGIN_SUBMIT).click()
    page.locator(LOGOUT_BUTTON).wait_for(state="attached")
    wait_idle(page)
    signed_in_cookie(page)  # the page loads that follow come back signed in


def item_ids(server: Server, inspection_id: int) -> list[int]:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        ids = session.exec(
            select(InspectionResult.item_id)
            .where(InspectionResult.inspection_id == inspection_id)
            .order_by(col(InspectionResult.item_id))
        ).all()
    engine.dispose()
    return list(ids)


def newest_inspection(server: Server) -> int:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        found = session.exec(select(Inspection.id).order_by(col(Inspection.id).desc())).first()
    engine.dispose()
    assert found is not None
    return found


def answer(page: Page, item_id: int, label: str, done: int | None = None) -> None:
    """Tap an answer; open the item's section first if it is folded (look again until the item
    shows: a rerun may redraw the section just as it is clicked). `done`: the number of items
    answered once this answer is saved, waited for before the next tap, as a user sees the
    count go up before moving on."""
    # Not the copy Streamlit leaves on screen, marked stale, while a rerun redraws the item.
    control = page.locator(f".st-key-insp-tick-{item_id}:not([data-stale='true'])")
    section = page.locator("[class*='st-key-insp-section-']").filter(has=control)
    for _ in range(4):
        wait_idle(page)
        if control.is_visible():
            break
        section.locator("summary").click()
        try:
            expect(control).to_be_visible(timeout=5000)
            break
        except AssertionError:
            continue
    choice = control.get_by_role("radio", name=label, exact=True)
    choice.click()
    expect(choice).to_have_attribute("aria-checked", "true")
    if done is not None:
        progress(page, done)
    wait_idle(page)


def progress(page: Page, done: int) -> None:
    expect(page.locator(MAIN)).to_contain_text(
        texts.SUP_PROGRESS.format(done=done, total=10).split("，")[0], timeout=15_000
    )


def test_an_inspection_ticked_on_a_phone_survives_a_closed_browser(
    browser: Browser, server: Server
) -> None:
    first = phone(browser)
    page = first.new_page()
    sign_in_on_phone(page, server, "supervisor")
    open_path(page, server, "inspections")
    choose_option(page, "insp-unit", re.compile("东河村"), exact=False)
    page.locator(".st-key-insp-team input").fill("陈静、王磊")
    page.locator(".st-key-insp-start button").click()
    expect(page.locator(MAIN)).to_contain_text(texts.SUP_STARTED)
    wait_idle(page)
    inspection_id = newest_inspection(server)
    items = item_ids(server, inspection_id)
    assert len(items) == 10
    for n, item in enumerate(items[:5], start=1):
        answer(page, item, "符合", done=n)
    first.close()  # the tab (and the browser) closed midway: nothing was submitted

    second = phone(browser)  # another device
    page = second.new_page()
    sign_in_on_phone(page, server, "supervisor")
    open_path(page, server, "inspections")
    page.locator(f".st-key-insp-open-{inspection_id} button").click()
    progress(page, 5)
    for item in items[:5]:
        fresh = f".st-key-insp-tick-{item}:not([data-stale='true'])"
        checked = page.locator(f"{fresh} [role=radio][aria-checked=true]")
        expect(checked).to_have_count(1)
        expect(checked).to_have_text("符合")
    for n, item in enumerate(items[5:], start=6):
        answer(page, item, "符合", done=n)
    answer(page, items[2], "不符合")  # the mediation room: changed on a second look
    note = page.locator(f".st-key-insp-note-{items[2]} input")
    note.fill("调解室未挂牌")
    note.press("Enter")
    wait_idle(page)
    progress(page, 10)
    page.locator(".st-key-insp-submit button").click()
    page.locator(".st-key-insp-confirm button").click()  # the submit is asked once more
    # Item 3 weighs 10 of 100: 90.0, 优秀 at the default thresholds.
    expect(page.locator(MAIN)).to_contain_text(
        texts.SUP_SUBMITTED.format(score=90.0, conclusion="优秀")
    )
    expect(page.locator(MAIN)).to_contain_text(texts.SUP_RECTS_MADE.format(count=1))
    expect(page.locator(f"{MAIN} [class*='st-key-insp-made-']")).to_contain_text(
        "设有人民调解室，标识规范：调解室未挂牌"
    )
    expect(page.locator("[class*='st-key-insp-tick-']")).to_have_count(0)  # read-only now
    second.close()
