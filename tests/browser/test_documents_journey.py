"""Documents in Chromium (issue 19, part 2): the village mediator attaches a photo to a case; the
town coordinator opens it; the case, resolved with a written agreement, cannot be closed until
the signed scan (a PDF) is attached; once the mediator attaches it, the coordinator closes it
and downloads the case file (卷宗), whose ZIP holds both documents."""

import io
import zipfile

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, select

from db import texts
from db.cases import actions as case_actions
from db.cases import moves
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import DocumentKind, Stage
from db.models import User
from tests.browser.appserver import Server
from tests.browser.ui import (
    ERROR,
    MAIN,
    WARNING,
    choose_option,
    login_ok,
    open_path,
    signed_in_cookie,
    wait_idle,
)
from tests.db import document_files as files
from tests.db.factories import RESOLUTION, act, new_case, plan, unit_id, visit

pytestmark = pytest.mark.browser

PHOTO = files.image("JPEG", (64, 48))


def resolved_case(server: Server) -> tuple[int, str]:
    """A 东河村 case given to its mediator, resolved with a written agreement signed (RESOLUTION)
    and followed up well: all that 销号 still needs is the signed scan."""
    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            who = {
                u.username: Actor.of(session, u)
                for u in session.exec(
                    select(User).where(User.username.in_(["coordinator", "mediator"]))  # type: ignore[attr-defined]
                )
            }
        coordinator, mediator = who["coordinator"], who["mediator"]
        case_id = new_case(engine, coordinator, "QSZ01")
        village = unit_id(engine, "QSZ01")
        act(
            engine,
            moves.assign,
            actor=coordinator,
            case_id=case_id,
            plan=plan(village, mediator.id),
        )
        act(engine, moves.start, actor=mediator, case_id=case_id)
        act(engine, moves.resolve, actor=mediator, case_id=case_id, resolution=RESOLUTION)
        act(engine, case_actions.follow_up, actor=mediator, case_id=case_id, visit=visit())
        with Session(engine) as session:
            from db.models import Case

            case = session.get(Case, case_id)
            assert case is not None and case.stage == Stage.RESOLVED and case.agreement_signed
            return case_id, case.number
    finally:
        engine.dispose()


def open_case(page: Page, server: Server, case_id: int, number: str) -> None:
    open_path(page, server, f"case?id={case_id}")
    expect(page.locator(MAIN)).to_contain_text(number)
    wait_idle(page)


def attach(page: Page, path: str, kind: DocumentKind, shown: str) -> None:
    """Open the upload form, choose the file and its kind, upload, see it listed."""
    if not page.locator(".st-key-case-doc-file").is_visible():  # the expander is closed
        page.locator(MAIN).get_by_text(texts.DOC_UPLOAD_TITLE, exact=True).click()
    page.locator(".st-key-case-doc-file input[type=file]").set_input_files(path)
    expect(page.locator(".st-key-case-doc-file")).to_contain_text(path.rsplit("/", 1)[-1])
    wait_idle(page)
    choose_option(page, "case-doc-kind", texts.label(kind))
    page.locator(".st-key-case-doc-submit button").click()
    expect(page.locator(MAIN)).to_contain_text(f"{texts.label(kind)} · {shown}")
    wait_idle(page)


def test_documents_are_attached_opened_guard_the_close_and_go_into_the_case_file(
    page: Page, server: Server, more_contexts, tmp_path
) -> None:
    case_id, number = resolved_case(server)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(PHOTO)
    scan = tmp_path / "调解协议书.pdf"
    scan.write_bytes(files.PDF)

    # The village mediator attaches a photo of the site.
    mediator_context: BrowserContext = more_contexts()
    mediator = mediator_context.new_page()
    login_ok(mediator, server, "mediator")
    signed_in_cookie(mediator)
    open_case(mediator, server, case_id, number)
    attach(mediator, str(photo), DocumentKind.SITE_PHOTO, "现场.jpg")

    # The town coordinator opens it: the browser gets the photo's bytes.
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    open_case(page, server, case_id, number)
    link = page.locator("[class*='st-key-case-doc-open-'] a.dd-download").first
    expect(link).to_contain_text("现场.jpg")
    with page.expect_download() as started:
        link.click()
    assert open(started.value.path(), "rb").read() == PHOTO

    # 销号 is refused: the written agreement's signed scan is missing.
    main = page.locator(MAIN)
    expect(page.locator(WARNING).get_by_text(texts.DOC_CLOSE_MISSING)).to_have_count(1)
    page.locator(".st-key-case-close-submit button").click()
    expect(page.locator(ERROR).get_by_text(texts.DOC_E_CLOSE_NEEDS_AGREEMENT)).to_have_count(1)
    wait_idle(page)
    expect(main).to_contain_text(f"当前阶段：{texts.label(Stage.RESOLVED)}")

    # The mediator attaches the signed scan; now the coordinator closes the case.
    attach(mediator, str(scan), DocumentKind.SIGNED_AGREEMENT, "调解协议书.pdf")
    open_case(page, server, case_id, number)
    expect(page.locator(WARNING).get_by_text(texts.DOC_CLOSE_MISSING)).to_have_count(0)
    page.locator(".st-key-case-close-submit button").click()
    expect(main).to_contain_text(f"当前阶段：{texts.label(Stage.CLOSED)}")
    wait_idle(page)

    # The case file downloads as one ZIP holding the forms, the records, both documents and
    # the index (a fresh visit: the close's notice above no longer shifts the expanders).
    open_case(page, server, case_id, number)
    make = page.locator(".st-key-case-file button")
    if not make.is_visible():  # the expander is closed
        main.get_by_text(texts.CASE_FILE_TITLE, exact=True).click()
    expect(make).to_be_visible()
    wait_idle(page)
    make.click()
    archive_link = page.locator(".st-key-case-file-download a.dd-download")
    archive_link.wait_for()
    wait_idle(page)
    with page.expect_download() as started:
        archive_link.click()
    assert started.value.suggested_filename == texts.CASE_FILE_NAME.format(number=number)
    with zipfile.ZipFile(io.BytesIO(open(started.value.path(), "rb").read())) as archive:
        names = archive.namelist()
        photo_name = f"{texts.CASE_FILE_DOCS_FOLDER}/01-现场照片-现场.jpg"
        scan_name = f"{texts.CASE_FILE_DOCS_FOLDER}/02-签字的调解协议书-调解协议书.pdf"
        assert archive.read(photo_name) == PHOTO
        assert archive.read(scan_name) == files.PDF
    assert {texts.CASE_FILE_INDEX, texts.CASE_FILE_FORMS, texts.CASE_FILE_RECORDS} <= set(names)
