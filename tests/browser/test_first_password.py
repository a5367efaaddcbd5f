"""The forced first password change, as the person with a one-time password meets it: after
signing in, every path into the session (a reload of /cases, a case's address in a new tab)
shows the change form and nothing else, until the change is saved; then the ledger opens, and
the one-time password signs no one in any more."""

import jwt
import pytest
from playwright.sync_api import Page, expect

from db import texts
from tests.browser.appserver import Server, create_user
from tests.browser.ui import (
    CASES_SEARCH,
    COOKIE_NAME,
    ERROR,
    FIRST_CURRENT,
    FIRST_NEW,
    FIRST_REPEAT,
    FIRST_SUBMIT,
    LOGIN_USERNAME,
    MAIN,
    assert_only_the_change_form,
    auth_cookie,
    is_signed_in,
    login,
    open_path,
    signed_in_cookie,
    visible_text,
    wait_idle,
)

pytestmark = pytest.mark.browser

SEARCH, CURRENT, NEW, REPEAT, SUBMIT = (
    CASES_SEARCH,
    FIRST_CURRENT,
    FIRST_NEW,
    FIRST_REPEAT,
    FIRST_SUBMIT,
)
ONE_TIME = "one-time-Pw-4821"
OWN = "my own passphrase 77"


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
    create_user(server, "firstday", ONE_TIME)
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
