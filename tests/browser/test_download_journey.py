"""Issue 16, point 2, in Chromium: a coordinator exports the ledger with full ID numbers. The
browser's download works and is audited; the page holds a link to file/<token>, never a
/media/ address; a plain HTTP client (no cookie) and another user's browser get nothing for
that address while the coordinator's page is open; after logout the address gives nothing,
even to the coordinator's own browser."""

import io
import re
import urllib.error
import urllib.request

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page
from sqlmodel import Session, select

from db import texts
from db.core.engine import make_engine
from db.enums import AuditAction
from db.models import AuditLog
from tests.browser.appserver import Server
from tests.browser.ui import (
    LOGOUT_BUTTON,
    MAIN,
    login_ok,
    open_path,
    session_cookie,
    wait_for_login_form,
    wait_idle,
)

pytestmark = pytest.mark.browser

LINK = ".st-key-cases-export-download a.dd-download"
FULL_ID = re.compile(r"^\d{17}[\dX]$")  # an ID number as written, not masked


def plain_get(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    """What an HTTP client gets for `url`, without (or with only) the given sign-in cookie."""
    request = urllib.request.Request(url)
    if cookie is not None:
        request.add_header("Cookie", f"dispute_desk_auth={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def downloads(server: Server) -> list[AuditLog]:
    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            query = (
                select(AuditLog)
                .where(AuditLog.action == AuditAction.DOWNLOAD)
                .order_by(AuditLog.id)  # type: ignore[arg-type]
            )
            return list(session.exec(query).all())
    finally:
        engine.dispose()


def export_revealed_ledger(page: Page) -> str:
    """Open the export, give a reason, make the file; the link's absolute address."""
    main = page.locator(MAIN)
    main.get_by_text(texts.EXPORT_LEDGER_BUTTON).click()
    page.locator(".st-key-cases-export-reason input").fill("法院调取核对当事人身份")
    page.locator(".st-key-cases-export-reason input").press("Enter")
    wait_idle(page)
    page.locator(".st-key-cases-export button").click()
    page.locator(LINK).wait_for()
    wait_idle(page)
    href = page.locator(LINK).get_attribute("href")
    assert href and href.startswith("file/"), href
    return page.evaluate("(href) => new URL(href, document.baseURI).href", href)


def test_an_export_reaches_only_the_signed_in_session_that_asked(
    page: Page, server: Server
) -> None:
    login_ok(page, server, "coordinator")
    open_path(page, server, "cases")
    page.locator(".st-key-cases-search input").wait_for()
    wait_idle(page)
    earlier = len(downloads(server))  # other journeys on this server download files too
    url = export_revealed_ledger(page)
    # Nothing of the page goes through Streamlit's media store.
    assert page.locator("[data-testid=stDownloadButton]").count() == 0
    assert page.locator("a[href*='/media/'], img[src*='/media/']").count() == 0

    # A plain HTTP client without the session, and another user's browser: nothing.
    assert plain_get(url) == (404, b"")
    leader = session_cookie(server, "leader")  # a live sign-in of another user
    assert plain_get(url, cookie=leader) == (404, b"")
    assert downloads(server)[earlier:] == []

    # The coordinator's browser downloads it; the delivery is audited as revealed.
    with page.expect_download() as started:
        page.locator(LINK).click()
    download = started.value
    assert download.suggested_filename == "ledger.xlsx"
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    header_row, id_column = next(
        (row[0].row, i)
        for row in book.active.iter_rows()
        for i, cell in enumerate(row)
        if cell.value == "身份证号"
    )
    ids = [
        row[id_column]
        for row in book.active.iter_rows(min_row=header_row + 1, values_only=True)
        if row[id_column]
    ]
    # One ID number per line in a cell (the printed ledger, issue 21).
    assert ids and all(FULL_ID.match(one.split("\n")[0]) for one in ids), ids[:3]
    [row] = downloads(server)[earlier:]
    assert (row.username, row.target) == ("coordinator", "ledger")
    assert texts.DELIVERY_REVEALED in row.detail

    # Still nothing for a client without the session while the page stays open.
    assert plain_get(url) == (404, b"")

    # After logout the address gives nothing, even to the coordinator's own browser.
    page.locator(LOGOUT_BUTTON).click()
    wait_for_login_form(page)
    assert page.context.request.get(url).status == 404
    assert plain_get(url) == (404, b"")
    assert len(downloads(server)[earlier:]) == 1
