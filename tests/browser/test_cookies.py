"""The "remember me" cookie (a JWT of a server-side session's token and an expiry, written by
components/cookie.py): it signs a user back in on a new page load, stops counting at logout or
when an administrator ends the user's sessions, cannot be forged (the library's default key, a
token the server never gave), is SameSite=Strict (and Secure over HTTPS: test_https.py), and
reaches browsers in the users' own time zone."""

from collections.abc import Callable
from contextlib import suppress

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from db import texts
from db.accounts import admin
from db.core.actor import Actor
from db.core.engine import make_engine, write_session
from db.demo.world import DEMO_ACCOUNTS
from db.models import User
from tests.browser.appserver import Server
from tests.browser.ui import (
    COOKIE_NAME,
    DATAFRAME,
    LIBRARY_DEFAULT_KEY,
    LOGIN_USERNAME,
    LOGOUT_BUTTON,
    MAIN,
    SIDEBAR,
    PlaywrightTimeout,
    add_auth_cookie,
    is_signed_in,
    login_ok,
    make_token,
    open_path,
    session_cookie,
    signed_in_cookie,
    visible_text,
    wait_for_auth_cookie,
    wait_for_login_form,
    wait_idle,
)

pytestmark = pytest.mark.browser

SEARCH = ".st-key-cases-search input"
COORDINATOR_NAME = next(name for user, name, _r, _u in DEMO_ACCOUNTS if user == "coordinator")


NewContext = Callable[..., BrowserContext]


def open_ledger_with_cookie(
    more_contexts: NewContext, server: Server, cookie: str
) -> tuple[Page, bool]:
    """A new browser holding only `cookie` opens /cases: (its page, whether the ledger shows)."""
    context = more_contexts()
    add_auth_cookie(context, server, cookie)
    page = context.new_page()
    open_path(page, server, "cases")
    page.locator(f"{SEARCH}, {LOGIN_USERNAME}").first.wait_for()
    wait_idle(page)
    return page, page.locator(SEARCH).count() > 0


def assert_signed_out(page: Page) -> None:
    """The page shows the login form and nothing of a signed-in user."""
    page.locator(f"{LOGIN_USERNAME}, {LOGOUT_BUTTON}").first.wait_for()
    wait_idle(page)
    assert not is_signed_in(page), f"signed in:\n{visible_text(page)[:400]}"
    expect(page.locator(LOGIN_USERNAME)).to_be_visible()
    assert page.locator(SEARCH).count() == 0, "the ledger is shown"
    assert page.locator(f"{MAIN} {DATAFRAME}").count() == 0, "case data is shown"


def test_logout_revokes_the_cookie(page: Page, server: Server, more_contexts: NewContext) -> None:
    login_ok(page, server, "coordinator")
    cookie = signed_in_cookie(page)

    # Control: before logout the captured cookie opens the ledger in another browser.
    other, shown = open_ledger_with_cookie(more_contexts, server, cookie)
    assert shown, f"the cookie did not sign in before logout:\n{visible_text(other)[:400]}"

    page.locator(LOGOUT_BUTTON).click()
    wait_for_login_form(page)

    # The old cookie, replayed in a new browser, signs no one in.
    replay, shown = open_ledger_with_cookie(more_contexts, server, cookie)
    assert not shown, "the cookie of a logged-out session still opens the ledger"
    assert_signed_out(replay)

    # The other browser's live session was revoked too: its next run (which may already have
    # happened) asks to sign in.
    if other.locator(SEARCH).count():
        with suppress(PlaywrightTimeout):  # it may go while we type
            other.locator(SEARCH).fill("QSZ", timeout=2_000)
            other.locator(SEARCH).press("Enter", timeout=2_000)
    expect(
        other.locator(LOGIN_USERNAME), "the other browser is still signed in after logout"
    ).to_be_visible()
    assert_signed_out(other)


def test_logout_leaves_nothing_of_the_user(page: Page, server: Server) -> None:
    """After logout the browser shows the login form with the logout notice, nothing of the
    user (menu, name, logout button), and no longer holds the cookie."""
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    page.locator(LOGOUT_BUTTON).click()
    wait_for_login_form(page)
    problems = []
    if not wait_for_auth_cookie(page, present=False):
        problems.append(f"the {COOKIE_NAME} cookie is still in the browser")
    wait_idle(page)
    sidebar = page.locator(SIDEBAR)
    if is_signed_in(page):
        problems.append("the sidebar still offers 退出登录")
    if sidebar.get_by_text(COORDINATOR_NAME).count():
        problems.append("the sidebar still shows who is signed in")
    if sidebar.get_by_text(texts.PAGE_CASES).count():
        problems.append("the sidebar still shows the user's menu")
    if page.locator(MAIN).get_by_text(texts.LOGGED_OUT).count() == 0:
        problems.append(f"the notice {texts.LOGGED_OUT!r} is not shown")
    assert not problems, "after logout: " + "; ".join(problems)


def test_cookie_signed_with_the_library_default_key_is_refused(
    context: BrowserContext, page: Page, server: Server
) -> None:
    # A live session's token, signed with the key everyone knows.
    add_auth_cookie(context, server, session_cookie(server, "admin", key=LIBRARY_DEFAULT_KEY))
    for path in ("/", "admin"):
        open_path(page, server, path)
        assert_signed_out(page)
        expect(page.locator(SIDEBAR).get_by_text("系统管理员")).to_have_count(0)


def test_cookie_signed_with_the_server_key_signs_in(
    context: BrowserContext, page: Page, server: Server
) -> None:
    """The control for the forged cookie: the same kind of token, signed with the real key."""
    add_auth_cookie(context, server, session_cookie(server, "coordinator"))
    open_path(page, server, "cases")
    page.locator(SEARCH).wait_for()
    wait_idle(page)
    assert is_signed_in(page)
    expect(page.locator(SIDEBAR)).to_contain_text(COORDINATOR_NAME)


def test_login_cookie_reaches_a_browser_in_china(server: Server, more_contexts: NewContext) -> None:
    """The users sit in UTC+8; the server's clock zone is UTC (as in a container). After sign-in
    a new page load must come back signed in."""
    page = more_contexts(timezone="Asia/Shanghai").new_page()
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    open_path(page, server, "cases")
    page.locator(f"{SEARCH}, {LOGIN_USERNAME}").first.wait_for()
    wait_idle(page)
    assert is_signed_in(page), "a new page load after sign-in shows the login form again"


def test_a_cookie_naming_no_session_is_refused(
    context: BrowserContext, page: Page, server: Server
) -> None:
    """Signed with the server's key, well formed, in date: but the server never started that
    session, so it signs no one in."""
    add_auth_cookie(context, server, make_token(server.cookie_key, "guessed-" + "x" * 40))
    open_path(page, server, "cases")
    assert_signed_out(page)


def test_an_administrator_ending_the_sessions_voids_a_captured_cookie(
    page: Page, server: Server, more_contexts: NewContext
) -> None:
    login_ok(page, server, "mediator")
    cookie = signed_in_cookie(page)
    with write_session(make_engine(server.database_url)) as session:
        admin_user = session.exec(select(User).where(User.username == "admin")).one()
        mediator = session.exec(select(User.id).where(User.username == "mediator")).one()
        admin.end_sessions(session, actor=Actor.of(session, admin_user), user_id=mediator)
    replay, shown = open_ledger_with_cookie(more_contexts, server, cookie)
    assert not shown, "a cookie of an ended session still opens the ledger"
    assert_signed_out(replay)


def test_the_cookie_is_same_site_strict_and_not_secure_over_plain_http(
    page: Page, server: Server
) -> None:
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert (cookie["sameSite"], cookie["secure"], cookie["path"]) == ("Strict", False, "/")
