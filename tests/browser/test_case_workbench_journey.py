"""Issue 19's journey, in one go: a village mediator adds two records of work and a photo to a
case; the town's coordinator corrects a party's phone and raises the risk; the mediator resolves
it with a written agreement and downloads the 人民调解协议书 (the Word file and the PDF hold the
parties' names and the agreed terms, the PDF's text layer in Chinese), records the follow-up and
attaches the signed scan; the coordinator closes the case and downloads the case file, which
holds the photo and the scan."""

import io
import zipfile

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from db import texts
from db.enums import DocumentKind, Stage
from tests.browser.appserver import Server
from tests.browser.test_agreement_journey import download
from tests.browser.test_documents_journey import PHOTO, attach
from tests.browser.test_reportup_journey import open_case
from tests.browser.test_workbench_journey import (
    add_record,
    correct_phone_and_raise_risk,
    mediating_case,
)
from tests.browser.ui import MAIN, login_ok, signed_in_cookie, wait_idle
from tests.db import document_files as files
from tests.db.documents_helpers import docx_flat, pdf_text

pytestmark = pytest.mark.browser

TERMS = "一、乙方于本月底前结清农机租金一千二百元；\n二、双方今后互不追究。"


def submit(page: Page, key: str, *, then: str) -> None:
    page.locator(f".st-key-{key} button").click()
    expect(page.locator(MAIN)).to_contain_text(then)
    wait_idle(page)


def agreement_files(page: Page) -> tuple[str, str]:
    """Edit the agreed terms of the prefilled agreement, make it, download both files."""
    page.locator(MAIN).get_by_text(texts.AGR_SECTION).click()
    terms = page.locator(".st-key-case-agreement-terms textarea")
    terms.wait_for()
    terms.fill(TERMS)
    page.locator(".st-key-case-agreement-submit button").click()
    page.locator(".st-key-case-agreement-pdf a.dd-download").wait_for()
    wait_idle(page)
    return docx_flat(download(page, "case-agreement-docx")), pdf_text(
        download(page, "case-agreement-pdf")
    )


def test_a_case_is_worked_on_resolved_with_its_agreement_and_filed(
    page: Page, server: Server, more_contexts, tmp_path
) -> None:
    case_id, number = mediating_case(server, "浏览器旅程（卷宗）：两户因农机租金结算发生争执。")
    photo, scan = tmp_path / "现场.jpg", tmp_path / "调解协议书.pdf"
    photo.write_bytes(PHOTO)
    scan.write_bytes(files.PDF)

    # The village mediator records two sessions and attaches a photo of the site.
    mediator_context: BrowserContext = more_contexts()
    mediator = mediator_context.new_page()
    login_ok(mediator, server, "mediator")
    signed_in_cookie(mediator)
    open_case(mediator, server, case_id, number)
    add_record(mediator, "第一次调解：双方陈述各自诉求", first=True)
    add_record(mediator, "第二次调解：双方同意按原合同结算", first=False)
    attach(mediator, str(photo), DocumentKind.SITE_PHOTO, "现场.jpg")

    # The town's coordinator corrects a party's phone and raises the risk.
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    open_case(page, server, case_id, number)
    correct_phone_and_raise_risk(page)

    # The mediator resolves it with a written agreement and downloads the agreement.
    open_case(mediator, server, case_id, number)
    # The one next step stands open; open the 化解 form only if it is folded (a click on an
    # open expander's title would fold it).
    summary = mediator.locator(".st-key-case-resolve-summary textarea")
    if not summary.is_visible():
        mediator.get_by_text("化解", exact=True).first.click()
    expect(summary).to_be_visible()
    wait_idle(mediator)
    mediator.locator(".st-key-case-resolve-summary textarea").fill(
        "双方达成书面协议，按原合同结算。"
    )
    mediator.locator(".st-key-case-resolve-agreement label").click()
    submit(mediator, "case-resolve-submit", then=f"当前阶段：{texts.label(Stage.RESOLVED)}")
    open_case(mediator, server, case_id, number)
    word, pdf = agreement_files(mediator)
    assert pdf.startswith("人民调解协议书")  # Chinese in the text layer, not boxes
    for text in (word, pdf):
        assert "工作台甲" in text and "工作台乙" in text
        assert "一、乙方于本月底前结清农机租金一千二百元；" in text
        assert "二、双方今后互不追究。" in text

    # The follow-up, then the signed scan.
    open_case(mediator, server, case_id, number)
    submit(mediator, "case-follow-up-submit", then="回访 ")
    attach(mediator, str(scan), DocumentKind.SIGNED_AGREEMENT, "调解协议书.pdf")

    # The coordinator closes the case and downloads its file.
    open_case(page, server, case_id, number)
    submit(page, "case-close-submit", then=f"当前阶段：{texts.label(Stage.CLOSED)}")
    open_case(page, server, case_id, number)
    make = page.locator(".st-key-case-file button")
    if not make.is_visible():  # the expander is closed
        page.locator(MAIN).get_by_text(texts.CASE_FILE_TITLE, exact=True).click()
    expect(make).to_be_visible()
    wait_idle(page)
    make.click()
    page.locator(".st-key-case-file-download a.dd-download").wait_for()
    wait_idle(page)
    with zipfile.ZipFile(io.BytesIO(download(page, "case-file-download"))) as archive:
        folder = texts.CASE_FILE_DOCS_FOLDER
        assert archive.read(f"{folder}/01-现场照片-现场.jpg") == PHOTO
        assert archive.read(f"{folder}/02-签字的调解协议书-调解协议书.pdf") == files.PDF
        records = archive.read(texts.CASE_FILE_RECORDS)
    assert records  # the timeline's workbook, with the records of work
