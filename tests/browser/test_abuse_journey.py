"""The abuse suite in Chromium (see tests/abuse_payloads.py): what the page tests cannot see is
what the browser makes of the text — whether a script runs, a dialog opens, an element is
injected, a link is made.

A coordinator registers a case whose facts carry every kept payload (XSS, Markdown, a
javascript: link, SQL-looking text, emoji sequences, rare CJK), with parties named in rare CJK
and in Markdown; a leader flags it with a Markdown note (shown in an alert, which renders
Markdown: the note must be escaped). The case page and the ledger must show each as typed, as
text, with no dialog (page.on("dialog") never fires), no <script>, no <img> from the payloads,
no javascript: link and no bold text made of user text.

Cookies: tests/browser/test_cookies.py covers a cookie forged with the library's default key
(refused) and one signed with the server's key (accepted). Here: an expired cookie, a garbage
value and a well-signed cookie for a user who does not exist, each on a page behind the login.
"""

import re
import time

import jwt
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from db import texts
from tests.abuse_payloads import ALL_KEPT, KEPT
from tests.browser.appserver import Server
from tests.browser.ui import (
    DATAFRAME,
    GRID_ROWS,
    LOGIN_USERNAME,
    MAIN,
    SIDEBAR,
    SUCCESS,
    Dialogs,
    add_auth_cookie,
    is_signed_in,
    ledger_caption,
    login_ok,
    make_token,
    open_path,
    saved_number_pattern,
    signed_in_cookie,
    start_session,
    wait_idle,
)

pytestmark = pytest.mark.browser

NAMES = ("𠮷田𰻞𰻞", KEPT["markdown-link"])
FLAG_NOTE = KEPT["markdown-link"] + " " + KEPT["markdown-image"]


def assert_nothing_injected(page: Page, dialogs: Dialogs) -> None:
    main = page.locator(MAIN)
    assert page.locator("a[href^='javascript' i]").count() == 0, "a javascript: link was made"
    assert main.locator("script").count() == 0, "user text became a <script> element"
    assert main.locator("img[src='x'], img[src*='evil']").count() == 0, "an <img> was injected"
    assert main.locator("strong", has_text="bold").count() == 0, "user text became bold"
    assert dialogs.messages == [], f"a dialog opened: {dialogs.messages}"


def register(page: Page, server: Server, facts: str) -> tuple[str, str]:
    """The case number and id of a dispute registered through the intake form."""
    open_path(page, server, "intake")
    page.locator(".st-key-intake-submit button").wait_for()
    wait_idle(page)
    page.locator(".st-key-intake-facts textarea").fill(facts)
    page.locator(".st-key-intake-party-0-name input").fill(NAMES[0])
    page.locator(".st-key-intake-party-0-address input").fill(KEPT["emoji"])
    page.locator(".st-key-intake-party-1-name input").fill(NAMES[1])
    page.locator(".st-key-intake-submit button").click()
    saved = page.locator(f"{MAIN} {SUCCESS}")
    saved.wait_for()
    wait_idle(page)
    number = saved_number_pattern().search(saved.inner_text())["number"]  # type: ignore[index]
    link = page.locator(MAIN).get_by_role("link", name=texts.OPEN_CASE.format(number=number))
    case_id = re.search(r"[?&]id=(\d+)", link.get_attribute("href") or "")[1]  # type: ignore[index]
    return number, case_id


def open_case(page: Page, server: Server, case_id: str, number: str) -> None:
    open_path(page, server, f"case?id={case_id}")
    expect(page.locator(f"{MAIN} h1").filter(has_text=number)).to_be_visible()
    page.locator(f"{MAIN} {DATAFRAME}").last.wait_for()
    wait_idle(page)


def test_payloads_are_literal_text_on_the_case_page_and_in_the_ledger(
    page: Page, server: Server, dialogs: Dialogs, more_contexts
) -> None:
    tag = re.sub(r"\D", "", str(id(page)))[-5:]
    facts = f"滥用测试 {tag}：{ALL_KEPT}"
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    number, case_id = register(page, server, facts)

    # The case page: the facts in one text element, exactly; the parties in the grid.
    open_case(page, server, case_id, number)
    shown = page.locator(f"{MAIN} [data-testid=stText]").filter(has_text=KEPT["rare-cjk"])
    expect(shown).to_have_count(1)
    assert shown.inner_text() == facts  # code point by code point, as typed
    cells = page.locator(f"{MAIN} {DATAFRAME} table[role=grid] td")
    for name in (*NAMES, KEPT["emoji"]):
        expect(cells.filter(has_text=name)).to_have_count(1)
    assert_nothing_injected(page, dialogs)

    # The ledger: found by a rare-CJK name, its row holding the payloads as text.
    open_path(page, server, "cases")
    search = page.locator(".st-key-cases-search input")
    search.wait_for()
    wait_idle(page)
    search.fill(NAMES[0])
    search.press("Enter")
    expect(page.get_by_text(ledger_caption(1), exact=True)).to_be_visible()
    rows = page.locator(f"{MAIN} {DATAFRAME} {GRID_ROWS}")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_contain_text(number)
    for name in NAMES:  # the grid draws the columns in view; the facts column is off to the right
        expect(rows.first).to_contain_text(name)
    assert_nothing_injected(page, dialogs)

    # A leader's flag note, shown in an alert (a Markdown element): escaped, so literal.
    leader = more_contexts().new_page()
    dialogs.watch(leader)
    login_ok(leader, server, "leader")
    signed_in_cookie(leader)
    open_case(leader, server, case_id, number)
    expander = leader.locator(f"{MAIN} [data-testid=stExpander] summary")
    expander.filter(has_text=texts.FLAG_SUBMIT).click()
    leader.locator(".st-key-case-flag-note input").fill(FLAG_NOTE)
    leader.locator(".st-key-case-flag-submit button").click()
    alert = leader.locator(f"{MAIN} [data-testid=stAlertContentWarning]").filter(
        has_text=texts.FLAG_MARK
    )
    expect(alert).to_have_text(texts.FLAG_MARK + FLAG_NOTE)
    wait_idle(leader)
    assert_nothing_injected(leader, dialogs)


@pytest.mark.parametrize(
    "cookie",
    ["expired", "garbage", "no-such-session", "library-format"],
)
def test_a_bad_cookie_shows_only_the_login(
    cookie: str, context: BrowserContext, page: Page, server: Server
) -> None:
    value = {
        "expired": make_token(
            server.cookie_key, start_session(server, "coordinator"), expires_in=-60
        ),
        "garbage": "not.a.jwt<script>alert(1)</script>",
        "no-such-session": make_token(server.cookie_key, "a-token-nobody-was-given"),
        # What the app wrote before sessions were kept server-side: a username, no session.
        "library-format": jwt.encode(
            {"username": "coordinator", "exp_date": time.time() + 3600},
            server.cookie_key,
            algorithm="HS256",
        ),
    }[cookie]
    add_auth_cookie(context, server, value)
    open_path(page, server, "cases")
    page.locator(LOGIN_USERNAME).wait_for()
    wait_idle(page)
    assert not is_signed_in(page)
    expect(page.locator(SIDEBAR).get_by_text(texts.PAGE_CASES)).to_have_count(0)
    expect(page.locator(f"{MAIN} {DATAFRAME}")).to_have_count(0)
