"""Served over HTTPS (here Streamlit's own TLS with a self-signed certificate; behind a proxy
that terminates TLS the browser's address is https:// just the same), the sign-in cookie is
marked Secure, still signs the user back in on a page load, and is deleted at logout."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.appserver import (
    Server,
    launch_server,
    new_cookie_key,
    prepare_database,
    tls_files,
    wait_ready,
)
from tests.browser.ui import (
    BROWSER_TIMEZONE,
    COOKIE_NAME,
    LOGIN_USERNAME,
    LOGOUT_BUTTON,
    UI_TIMEOUT_MS,
    is_signed_in,
    login_ok,
    open_path,
    wait_for_auth_cookie,
    wait_for_login_form,
    wait_idle,
)

pytestmark = pytest.mark.browser

SEARCH = ".st-key-cases-search input"


@pytest.fixture(scope="module")
def https_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("https-server")
    key = new_cookie_key()
    prepare_database(directory, key, demo_cases=20)
    one = launch_server(directory, key, tls=tls_files(directory))
    try:
        wait_ready(one)
        yield one
    finally:
        one.stop()


@pytest.fixture
def https_page(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        ignore_https_errors=True,  # the test certificate is self-signed
        viewport={"width": 1400, "height": 1000},
        locale="zh-CN",
        timezone_id=BROWSER_TIMEZONE,
    )
    context.set_default_timeout(UI_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_the_cookie_is_secure_over_https(https_page: Page, https_server: Server) -> None:
    page = https_page
    assert https_server.url.startswith("https://")
    login_ok(page, https_server, "coordinator")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert (cookie["secure"], cookie["sameSite"]) == (True, "Strict")

    open_path(page, https_server, "cases")  # the Secure cookie signs the user back in
    page.locator(f"{SEARCH}, {LOGIN_USERNAME}").first.wait_for()
    wait_idle(page)
    assert is_signed_in(page)

    page.locator(LOGOUT_BUTTON).click()
    wait_for_login_form(page)
    assert wait_for_auth_cookie(page, present=False), "the Secure cookie outlived the logout"
