"""Direct visits to a freshly started server, before anyone has signed in.

On a fresh server with a pages/ folder, Streamlit runs pages/<name>.py for /<name> without
running app.py until some session has called st.navigation (reproduced on Streamlit 1.67), so app.py's login
gate alone does not protect a page. Each path gets a server of its own that no session has
touched, and must show the login form and no case data.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.appserver import Server, running_servers
from tests.browser.ui import (
    CASE_NUMBER,
    DATAFRAME,
    is_signed_in,
    open_path,
    visible_text,
    wait_for_login_form,
)

pytestmark = pytest.mark.browser

PATHS = ["intake", "cases", "case?id=1", "admin", "account"]


@pytest.fixture(scope="module")
def fresh_servers(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Server]]:
    """One untouched server per path, started together (for this module only)."""
    with running_servers(tmp_path_factory, len(PATHS)) as servers:
        yield dict(zip(PATHS, servers, strict=True))


def party_names(server: Server) -> set[str]:
    with closing(sqlite3.connect(f"file:{server.database}?mode=ro", uri=True)) as connection:
        return {name for (name,) in connection.execute("SELECT DISTINCT name FROM parties")}


@pytest.mark.parametrize("path", PATHS)
def test_direct_visit_shows_only_the_login_form(
    page: Page, fresh_servers: dict[str, Server], path: str
) -> None:
    server = fresh_servers[path]
    names = party_names(server)
    assert len(names) > 100, "the demo database has no parties to look for"
    open_path(page, server, path)
    wait_for_login_form(page)
    assert not is_signed_in(page)
    shown, html = visible_text(page), page.content()
    assert not CASE_NUMBER.search(shown), f"/{path} shows a case number:\n{shown}"
    assert not CASE_NUMBER.search(html), f"/{path} holds a case number in its page"
    leaked = sorted(name for name in names if name in shown or name in html)
    assert not leaked, f"/{path} shows party names {leaked[:5]}"
    assert page.locator(DATAFRAME).count() == 0, f"/{path} shows a table"
