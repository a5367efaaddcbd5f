"""The forced first password change, as the person with a one-time password meets it: after
signing in, every path into the session (a reload of /cases, a case's address in a new tab)
shows the change form and nothing else, until the change is saved; then the ledger opens, and
the one-time password signs no one in any more."""

import subprocess

import jwt
import pytest
from playwright.sync_api import Page, expect

from db import texts
from tests.browser.appserver import ROOT, Server, _python
from tests.browser.ui import (
    COOKIE_NAME,
    DATAFRAME,
    ERROR,
    LOGIN_USERNAME,
    MAIN,
    SIDEBAR,
    WARNING,
    auth_cookie,
    is_signed_in,
    login,
    open_path,
    signed_in_cookie,
    visible_text,
    wait_idle,
)

pytestmark = pytest.mark.browser

SEARCH = ".st-key-cases-search input"
CURRENT = ".st-key-first-password-current input"
NEW = ".st-key-first-password-new input"
REPEAT = ".st-key-first-password-repeat input"
SUBMIT = ".st-key-first-password-submit button"
ONE_TIME = "one-time-Pw-4821"
OWN = "my own passphrase 77"


def create_user(server: Server, username: str) -> None:
    """What an operator does on the server: `python -m db create-user` (must change at first
    sign-in unless --no-change)."""
    done = subprocess.run(
        [_python(), "-m", "db", "create-user", username, "--role", "coordinator"]
        + ["--unit", "QSZ", "--name", "新协调员", "--password", ONE_TIME],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def assert_only_the_change_form(page: Page, where: str) -> None:
    page.locator(f"{CURRENT}, {SEARCH}, {LOGIN_USERNAME}").first.wait_for()
    wait_idle(page)
    shown = visible_text(page)[:600]
    assert page.locator(CURRENT).count() == 1, f"{where}: no change form:\n{shown}"
    expect(page.locator(WARNING)).to_contain_text(texts.MUST_CHANGE_PASSWORD)
    assert page.locator(SEARCH).count() == 0, f"{where}: the ledger is shown"
    assert page.locator(f"{MAIN} {DATAFRAME}").count() == 0, f"{where}: case data is shown"
    assert page.locator(f"{SIDEBAR} [data-testid=stPageLink]").count() == 0, f"{where}: a menu"
    assert page.locator(LOGIN_USERNAME).count() == 0, f"{where}: signed out instead"


def session_of(value: str | None) -> str | None:
    """The session token a cookie value names (its signature is the server's business)."""
    return jwt.decode(value, options={"verify_signature": False})["sid"] if value else None


def wait_for_new_session_cookie(page: Page, old: str) -> None:
    """The browser holds a sign-in cookie naming another session than the cookie `old`."""
    page.wait_for_function(
        """([name, oldSid]) => document.cookie.split('; ').some(c => {
              if (!c.startsWith(name + '=')) return false;
              const part = c.slice(name.length + 1).split('.')[1] || '';
              try {
                  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))).sid !== oldSid;
              } catch (e) { return false; }
           })""",
        arg=[COOKIE_NAME, session_of(old)],
    )


def test_a_one_time_password_opens_nothing_but_the_change_form(
    page: Page, server: Server, more_contexts
) -> None:
    create_user(server, "firstday")
    login(page, server, "firstday", ONE_TIME)
    assert_only_the_change_form(page, "after sign-in")
    first_cookie = signed_in_cookie(page)  # the cookie is set: a reload comes back...

    open_path(page, server, "cases")  # ...to the change form, not the ledger
    assert_only_the_change_form(page, "reload of /cases")
    other_tab = page.context.new_page()
    open_path(other_tab, server, "case?id=1")
    assert_only_the_change_form(other_tab, "/case?id=1 in a new tab")
    other_tab.close()

    page.locator(CURRENT).fill(ONE_TIME)
    page.locator(NEW).fill(OWN)
    page.locator(REPEAT).fill(OWN)
    page.locator(SUBMIT).click()
    expect(page.locator(MAIN)).to_contain_text(texts.PASSWORD_CHANGED)
    wait_for_new_session_cookie(page, first_cookie)

    open_path(page, server, "cases")
    page.locator(f"{SEARCH}, {LOGIN_USERNAME}, {CURRENT}").first.wait_for()
    wait_idle(page)
    assert page.locator(SEARCH).count() == 1, f"no ledger after the change:\n{visible_text(page)}"
    assert is_signed_in(page) and page.locator(CURRENT).count() == 0
    assert session_of(auth_cookie(page.context)) != session_of(first_cookie)

    # The one-time password died with the change.
    again = more_contexts().new_page()
    login(again, server, "firstday", ONE_TIME)
    expect(again.locator(ERROR)).to_contain_text(texts.E_LOGIN_FAILED)
    assert not is_signed_in(again)
