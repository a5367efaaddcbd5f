"""Issue 19 in Chromium: a coordinator opens a resolved demo case, edits the agreed terms of the
人民调解协议书 prefilled from it, and downloads the Word file and the PDF; both open and hold
the parties' names and the terms (the PDF's text layer in Chinese), and each download is
audited."""

import pytest
from playwright.sync_api import Page
from sqlmodel import Session, col, select

from db import texts
from db.core.engine import make_engine
from db.enums import AuditAction, Stage
from db.models import AuditLog, Case, Party
from tests.browser.appserver import Server
from tests.browser.ui import MAIN, login_ok, open_path, wait_idle
from tests.db.documents_helpers import docx_flat, pdf_text

pytestmark = pytest.mark.browser

TERMS = "一、被申请人于本月底前赔偿修缮费两千元；\n二、双方今后互不追究。"


def resolved_case(server: Server) -> tuple[int, list[str]]:
    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            case = session.exec(
                select(Case)
                .where(Case.stage == Stage.RESOLVED, col(Case.number).startswith("QSZ"))
                .order_by(col(Case.id))
            ).first()
            assert case is not None and case.id is not None
            names = session.exec(select(Party.name).where(Party.case_id == case.id)).all()
            return case.id, list(names)
    finally:
        engine.dispose()


def downloads(server: Server, case_id: int) -> list[str]:
    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            query = select(AuditLog.detail).where(
                AuditLog.action == AuditAction.DOWNLOAD, AuditLog.case_id == case_id
            )
            return list(session.exec(query).all())
    finally:
        engine.dispose()


def download(page: Page, key: str) -> bytes:
    with page.expect_download() as started:
        page.locator(f".st-key-{key} a.dd-download").click()
    with open(started.value.path(), "rb") as file:
        return file.read()


def test_a_coordinator_edits_and_downloads_the_agreement(page: Page, server: Server) -> None:
    case_id, names = resolved_case(server)
    login_ok(page, server, "coordinator")
    open_path(page, server, f"case?id={case_id}")
    page.locator(MAIN).get_by_text(texts.AGR_SECTION).click()
    terms = page.locator(".st-key-case-agreement-terms textarea")
    terms.wait_for()
    assert terms.input_value()  # prefilled from the resolution's summary
    terms.fill(TERMS)
    page.locator(".st-key-case-agreement-performance input").fill("银行转账一次付清")
    page.locator(".st-key-case-agreement-submit button").click()
    page.locator(".st-key-case-agreement-pdf a.dd-download").wait_for()
    wait_idle(page)

    word = docx_flat(download(page, "case-agreement-docx"))
    pdf = pdf_text(download(page, "case-agreement-pdf"))
    assert pdf.startswith("人民调解协议书")  # Chinese in the text layer, not boxes
    for text in (word, pdf):
        assert names and all(name in text for name in names)
        assert "一、被申请人于本月底前赔偿修缮费两千元；" in text
        assert "二、双方今后互不追究。" in text and "银行转账一次付清" in text
    shown = downloads(server, case_id)
    assert len(shown) == 2 and all(texts.DELIVERY_MASKED in d for d in shown)
