"""What the browser tests do in a page and read from it, in one place.

Waiting: the app root carries data-test-script-state="notRunning" also before the first run has
started, so a wait is always for the expected element first, then for the run to be over.
"""

from __future__ import annotations

import re
import time
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jwt
from jwt.warnings import InsecureKeyLengthWarning

from db import texts
from tests.browser.appserver import SERVER_TIMEZONE

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips (or fails with REQUIRE_BROWSER=1)
    PlaywrightTimeout = TimeoutError  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Locator, Page

    from tests.browser.appserver import Server

UI_TIMEOUT_MS = 30_000  # any single wait in a page (generous: CI machines are busy)
BROWSER_TIMEZONE = SERVER_TIMEZONE  # browsers are in the server's zone unless a test says
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # gitignored
COOKIE_NAME = "dispute_desk_auth"  # components/cookie.py
LIBRARY_DEFAULT_KEY = "some_key"  # streamlit-authenticator's default cookie key

# A case number as the app shows it: <town code>-<year>-<sequence> (db/cases/numbering.py).
CASE_NUMBER = re.compile(r"\b[A-Z][A-Z0-9]{1,7}-20\d\d-\d{4}\b")

# Selectors (a widget's key becomes the CSS class st-key-<key>).
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
MAIN = "[data-testid=stMain]"
SIDEBAR = "[data-testid=stSidebar]"
LOGIN_USERNAME = ".st-key-login-username input"
LOGIN_PASSWORD = ".st-key-login-password input"
LOGIN_SUBMIT = ".st-key-login-submit button"
LOGOUT_BUTTON = ".st-key-nav-logout button"
DATAFRAME = "[data-testid=stDataFrame]"
# st.dataframe draws its cells on a canvas; the grid keeps an accessible copy of the rows it
# shows (a <table role=grid> inside the canvas), which is what these tests read.
GRID_ROWS = "table[role=grid] tbody tr"
ERROR = "[data-testid=stAlertContentError]"
SUCCESS = "[data-testid=stAlertContentSuccess]"
WARNING = "[data-testid=stAlertContentWarning]"
CASES_SEARCH = ".st-key-cases-search input"  # the ledger's own widget
# The forced first password change (components.session.first_change).
FIRST_CURRENT = ".st-key-first-password-current input"
FIRST_NEW = ".st-key-first-password-new input"
FIRST_REPEAT = ".st-key-first-password-repeat input"
FIRST_SUBMIT = ".st-key-first-password-submit button"


def new_context(browser: Browser, timezone: str = BROWSER_TIMEZONE) -> BrowserContext:
    made = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="zh-CN", timezone_id=timezone
    )
    made.set_default_timeout(UI_TIMEOUT_MS)
    return made


@dataclass
class Dialogs:
    """Every alert/confirm/prompt a page opened (dismissed at once)."""

    messages: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def record(dialog: Dialog) -> None:
            self.messages.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", record)


def wait_idle(page: Page) -> None:
    """The current script run is over (call after waiting for what the run should show)."""
    page.locator(APP_IDLE).wait_for(state="attached")


def click_in_page_link(page: Page, target: str) -> None:
    """Click a card's in-page link (components.links) once the page is idle and listening."""
    wait_idle(page)
    page.locator("html[data-dd-links=ready]").wait_for(state="attached")
    page.locator(f'a[href="#dd-{target}"]').first.click()  # a case may be on two cards


def set_date(page: Page, key: str, day: date) -> None:
    """Type `day` into the date input with key `key` (react-aria segments: year, month, day) and
    leave it: the widget sends its value when the field loses focus, not on Enter."""
    from playwright.sync_api import expect

    widget = page.locator(f".st-key-{key}")
    for part, value in (
        ("year", f"{day.year}"),
        ("month", f"{day.month:02d}"),
        ("day", f"{day.day:02d}"),
    ):
        widget.get_by_role("spinbutton", name=part, exact=False).click()
        page.keyboard.type(value)
    expect(widget.locator("input[type=date]")).to_have_value(day.isoformat())
    page.locator(f"{MAIN} h1").first.click()  # focus leaves the field: the value is sent
    wait_idle(page)


def choose_option(
    page: Page,
    key: str | Locator,
    option: str | re.Pattern[str],
    *,
    exact: bool = True,
    replaced: bool = False,
) -> None:
    """Pick an option of the select box with key `key` (or the widget located) by its label.

    Streamlit's select box (a react-aria ComboBox) closes its list on any scroll of a container
    that holds it. Opening the list scrolls its selected option into view, and when the list is
    not placed yet that scroll can move the page itself (seen: the main area scrolls by as much
    as the list did, ~250 ms after the click), which closes the list again. A person clicks
    again; so does this: the open button is pressed until the list stays open (at most 5 times),
    the box first scrolled into view and left to land (two animation frames). `replaced`: the
    choice replaces the box itself (the dashboard's drill-down), so the caller checks its effect
    instead of the box's value."""
    from playwright.sync_api import expect

    widget = page.locator(f".st-key-{key}") if isinstance(key, str) else key
    box = widget.locator("[role=combobox]")
    box.scroll_into_view_if_needed()
    for _ in range(5):
        page.evaluate(
            "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        widget.locator("button[aria-haspopup=listbox]").click()
        choice = page.get_by_role("option", name=option, exact=exact).first
        try:
            choice.wait_for(timeout=2_000)
            choice.click(timeout=2_000)
            break
        except PlaywrightTimeout:
            continue
    if replaced:
        return
    chosen = option if exact or not isinstance(option, str) else re.compile(re.escape(option))
    expect(box).to_have_value(chosen)


def open_case_from_grid(page: Page, grid: str, row: int = 0) -> None:
    """Click the case number (the first column) of a row of a case table (components.case_grid):
    the cells are drawn on a canvas, so the click goes to where the row is drawn (rows and the
    header are 35 px high)."""
    box = page.locator(grid).bounding_box()
    assert box is not None, f"no table {grid}"
    page.mouse.click(box["x"] + 40, box["y"] + 35 * (row + 1) + 17)


def open_path(page: Page, server: Server, path: str) -> None:
    page.goto(f"{server.url}/{path.lstrip('/')}")


def wait_for_login_form(page: Page) -> None:
    page.locator(LOGIN_USERNAME).wait_for()
    wait_idle(page)


def login(page: Page, server: Server, username: str, password: str | None = None) -> None:
    """Sign in through the form at "/"; the caller asserts the outcome."""
    open_path(page, server, "/")
    wait_for_login_form(page)
    page.locator(LOGIN_USERNAME).fill(username)
    page.locator(LOGIN_PASSWORD).fill(server.password if password is None else password)
    page.locator(LOGIN_SUBMIT).click()
    # Signed in (the sidebar's logout button) or refused (an error under the form).
    page.locator(f"{LOGOUT_BUTTON}, {ERROR}").first.wait_for()
    wait_idle(page)


def login_ok(page: Page, server: Server, username: str) -> None:
    login(page, server, username)
    try:  # after sign-in the app moves to the home page: the sidebar is drawn again
        page.locator(LOGOUT_BUTTON).wait_for(state="visible")
        wait_idle(page)
    except PlaywrightTimeout:
        pass
    if not page.locator(LOGOUT_BUTTON).is_visible():
        raise AssertionError(f"{username} could not sign in; the page shows:\n{visible_text(page)}")
    # The sign-in cookie is written by a component a moment later; a page load before it is
    # stored would come back signed out.
    wait_for_auth_cookie(page)


def assert_only_the_change_form(page: Page, where: str) -> None:
    """The page shows the forced password change and nothing else: no ledger, no case data,
    no menu, and not the login form either."""
    page.locator(f"{FIRST_CURRENT}, {CASES_SEARCH}, {LOGIN_USERNAME}").first.wait_for()
    wait_idle(page)
    shown = visible_text(page)[:600]
    assert page.locator(FIRST_CURRENT).count() == 1, f"{where}: no change form:\n{shown}"
    assert page.locator(WARNING).get_by_text(texts.MUST_CHANGE_PASSWORD).count() == 1, shown
    assert page.locator(CASES_SEARCH).count() == 0, f"{where}: the ledger is shown"
    assert page.locator(f"{MAIN} {DATAFRAME}").count() == 0, f"{where}: case data is shown"
    assert page.locator(f"{SIDEBAR} [data-testid=stPageLink]").count() == 0, f"{where}: a menu"
    assert page.locator(LOGIN_USERNAME).count() == 0, f"{where}: signed out instead"


def is_signed_in(page: Page) -> bool:
    return page.locator(LOGOUT_BUTTON).count() > 0


def wait_for_auth_cookie(page: Page, *, present: bool = True, timeout_ms: float = 5_000) -> bool:
    """Wait until the browser holds the login cookie (present=True: set by the library's cookie
    component after sign-in, so a page load from now on comes back signed in) or no longer
    holds it (present=False). False when that did not happen in time."""
    try:
        page.wait_for_function(
            """([name, present]) =>
                document.cookie.split('; ').some(c => c.startsWith(name + '=')) === present""",
            arg=[COOKIE_NAME, present],
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:
        return False
    return True


def signed_in_cookie(page: Page) -> str:
    """The login cookie after a sign-in in this page; fails the test when it never came."""
    if not wait_for_auth_cookie(page):
        raise AssertionError(
            f"after sign-in the browser never stored the {COOKIE_NAME} cookie, so a reload or a "
            f"link opened in a new tab signs the user out; cookies: {page.context.cookies()}"
        )
    value = auth_cookie(page.context)
    assert value
    return value


def auth_cookie(context: BrowserContext) -> str | None:
    for cookie in context.cookies():
        if cookie["name"] == COOKIE_NAME:
            return cookie["value"]
    return None


def add_auth_cookie(context: BrowserContext, server: Server, value: str) -> None:
    context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": server.url}])


def cookie_lifetime_seconds() -> float:
    """How far ahead the app dates a fresh cookie's exp_date (components/cookie.py)."""
    from components.cookie import COOKIE_LIFETIME  # imports Streamlit: only when needed

    return COOKIE_LIFETIME.total_seconds()


def make_token(key: str, session_token: str, *, expires_in: float | None = None) -> str:
    """A cookie value as components/cookie.py writes it: HS256 over the session's token ("sid")
    and exp_date (a unix timestamp), dated like a cookie the app issues now unless
    `expires_in` says."""
    if expires_in is None:
        expires_in = cookie_lifetime_seconds()
    claims = {"sid": session_token, "exp_date": time.time() + expires_in}
    with warnings.catch_warnings():  # "some_key" is short on purpose
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(claims, key, algorithm="HS256")


def start_session(server: Server, username: str) -> str:
    """A sign-in session for `username` started in the server's database, as the login form
    does (db.accounts.sessions.start); returns its token."""
    from sqlmodel import Session, select

    from db.accounts import sessions
    from db.core.engine import make_engine
    from db.models import User

    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            user_id = session.exec(select(User.id).where(User.username == username)).one()
            token = sessions.start(session, user_id=user_id)
            session.commit()
    finally:
        engine.dispose()
    return token


def session_cookie(server: Server, username: str, *, key: str | None = None) -> str:
    """The cookie the app would have set for a fresh sign-in of `username` (signed with the
    server's key unless `key` says)."""
    return make_token(server.cookie_key if key is None else key, start_session(server, username))


def sidebar_pages(page: Page) -> list[str]:
    """The titles of the page links in the sidebar menu (icons left out)."""
    return page.locator(
        f"{SIDEBAR} [data-testid=stPageLink] [data-testid=stMarkdownContainer]"
    ).all_inner_texts()


def visible_text(page: Page) -> str:
    return page.locator("body").inner_text()


def ledger_caption(total: int, page_number: int = 1, pages: int = 1) -> str:
    return texts.LEDGER_TOTAL.format(total=total, page=page_number, pages=pages)


def saved_number_pattern() -> re.Pattern[str]:
    """The intake's success message ("已登记，编号 XXX-2026-NNNN。"), number captured."""
    head, _, tail = texts.INTAKE_SAVED.partition("{number}")
    return re.compile(re.escape(head) + r"(?P<number>\S+?)" + re.escape(tail))
