"""Registering a dispute on a 390 px phone: after the save the form is empty again (nothing of
the last case to copy or to submit twice) and the new case number, with its link, is on the
screen without scrolling."""

import random

import pytest
from playwright.sync_api import Page, expect

from db import texts
from tests.browser.appserver import Server
from tests.browser.ui import MAIN, SIDEBAR, login_ok, open_path, saved_number_pattern, wait_idle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_form_is_empty_after_a_save_and_the_new_number_is_on_screen(
    page: Page, server: Server
) -> None:
    tag = f"{random.Random().randint(0, 99999):05d}"
    page.set_viewport_size(PHONE)
    login_ok(page, server, "mediator")
    open_path(page, server, "intake")
    submit = page.locator(".st-key-intake-submit button")
    submit.wait_for()
    wait_idle(page)
    facts = page.locator(".st-key-intake-facts textarea")
    facts.fill(f"手机登记 {tag}：两户因宅基地界址发生争执。")
    page.locator(".st-key-intake-party-0-name input").fill(f"手机甲{tag}")
    page.locator(".st-key-intake-party-1-name input").fill(f"手机乙{tag}")
    submit.scroll_into_view_if_needed()  # the button is far below the first screen
    submit.click()

    done = page.locator(".st-key-intake-done")
    expect(done).to_contain_text(texts.INTAKE_SAVED.partition("{number}")[0])
    wait_idle(page)
    number = saved_number_pattern().search(done.inner_text())
    assert number is not None
    link = done.get_by_role("link", name=texts.OPEN_CASE.format(number=number["number"]))
    expect(link).to_be_visible()
    assert (link.get_attribute("target") or "_self") == "_self"  # the same tab
    for shown in (done, link):  # on the screen as it is, without scrolling
        box = shown.bounding_box()
        assert box is not None
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box

    # The form is empty again: the last case's facts and parties are gone.
    expect(facts).to_have_value("")
    expect(page.locator(".st-key-intake-party-0-name input")).to_have_value("")
    expect(page.locator(".st-key-intake-party-1-name input")).to_have_value("")
    expect(page.locator(MAIN)).not_to_contain_text(f"手机甲{tag}")


def test_on_a_phone_the_menu_folds_after_choosing_a_page(page: Page, server: Server) -> None:
    page.set_viewport_size(PHONE)
    login_ok(page, server, "mediator")
    open_path(page, server, "intake")
    page.locator(".st-key-intake-submit button").wait_for()
    wait_idle(page)
    link = page.locator(f"{SIDEBAR} [data-testid=stPageLink-NavLink]").filter(
        has_text=texts.PAGE_CASES
    )
    expect(link).not_to_be_in_viewport()  # on a phone the menu starts folded
    page.locator("[data-testid=stExpandSidebarButton]").click()
    expect(link).to_be_in_viewport()
    link.click()
    expect(page.locator(".st-key-cases-search input")).to_be_visible()
    expect(link).not_to_be_in_viewport()  # the menu is folded: the ledger is what one sees
