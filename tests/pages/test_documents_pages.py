"""The case page's documents (附件), the close form's guard for the signed agreement and the
case file, driven with AppTest as a mediator and a coordinator would."""

import io
import zipfile

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db import texts
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import DocumentKind, Stage
from db.models import Case, CaseDocument, User
from tests.db import document_files as files
from tests.db.factories import attach, case_in_stage, good_follow_up
from tests.pages.pages_helpers import offered_file

PDF = "application/pdf"


def actors(url: str) -> dict[str, Actor]:
    with Session(make_engine(url)) as session:
        users = session.exec(select(User).where(User.username.in_(["coordinator", "mediator"])))
        return {u.username: Actor.of(session, u) for u in users}


def case_at(url: str, stage: Stage) -> int:
    """A 东河村 case given to the village mediator, driven to `stage` (resolved: with a
    written agreement signed, and followed up well)."""
    engine = make_engine(url)
    who = actors(url)
    case_id = case_in_stage(engine, who, stage)
    if stage == Stage.RESOLVED:
        good_follow_up(engine, who, case_id)
    return case_id


def open_case(at: AppTest, case_id: int) -> AppTest:
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    return at.run()


def stored(url: str, case_id: int) -> list[CaseDocument]:
    with Session(make_engine(url)) as session:
        return list(session.exec(select(CaseDocument).where(CaseDocument.case_id == case_id)))


def upload(at: AppTest, name: str, data: bytes, mime: str, kind: DocumentKind) -> AppTest:
    (uploader,) = [u for u in at.get("file_uploader") if u.proto.id.endswith("case-doc-file")]
    uploader.set_value((name, data, mime))
    at.selectbox(key="case-doc-kind").select(kind)
    at.text_input(key="case-doc-note").input("村委会门口")
    return at.button(key="case-doc-submit").click().run()


def test_a_mediator_attaches_a_photo_and_the_page_offers_it_to_open(app_as, app_db) -> None:
    case_id = case_at(app_db, Stage.MEDIATING)
    photo = files.image("JPEG")
    at = upload(
        open_case(app_as("mediator"), case_id),
        "现场.jpg",
        photo,
        "image/jpeg",
        DocumentKind.SITE_PHOTO,
    )
    assert not at.exception
    (document,) = stored(app_db, case_id)
    assert (document.kind, document.note, document.mime) == (
        DocumentKind.SITE_PHOTO,
        "村委会门口",
        "image/jpeg",
    )
    at = open_case(at, case_id)
    shown = " ".join(t.value for t in at.text)
    assert "现场照片 · 现场.jpg" in shown and texts.label(DocumentKind.SITE_PHOTO) in shown
    offered = offered_file(at, f"case-doc-open-{document.id}")
    assert (offered.offer.mime, offered.offer.case_id, offered.offer.audited) == (
        "image/jpeg",
        case_id,
        True,
    )
    assert offered.data is None and offered.loader is not None  # read when fetched


def test_an_executable_renamed_pdf_is_refused_in_chinese_and_nothing_is_stored(
    app_as, app_db
) -> None:
    case_id = case_at(app_db, Stage.MEDIATING)
    at = upload(
        open_case(app_as("mediator"), case_id),
        "协议书.pdf",
        files.EXECUTABLE,
        PDF,
        DocumentKind.OTHER,
    )
    assert texts.DOC_E_TYPE in [e.value for e in at.error]
    assert stored(app_db, case_id) == []


def test_readers_who_do_not_handle_the_case_get_no_upload_form(app_as, app_db) -> None:
    case_id = case_at(app_db, Stage.MEDIATING)
    at = open_case(app_as("leader"), case_id)
    assert not at.exception
    assert not [u for u in at.get("file_uploader") if u.proto.id.endswith("case-doc-file")]
    assert texts.DOC_SECTION in [s.value for s in at.subheader]


def test_the_close_form_asks_for_the_scan_or_a_reason(app_as, app_db) -> None:
    case_id = case_at(app_db, Stage.RESOLVED)
    at = open_case(app_as("coordinator"), case_id)
    assert texts.DOC_CLOSE_MISSING in [w.value for w in at.warning]
    at.button(key="case-close-submit").click().run()
    assert texts.DOC_E_CLOSE_NEEDS_AGREEMENT in [e.value for e in at.error]
    assert _stage(app_db, case_id) == Stage.RESOLVED
    at.text_input(key="case-close-why").input("协议书原件由当事人保管")
    at.button(key="case-close-submit").click().run()
    assert _stage(app_db, case_id) == Stage.CLOSED


def test_once_the_signed_scan_is_attached_the_case_closes_without_a_reason(app_as, app_db) -> None:
    case_id = case_at(app_db, Stage.RESOLVED)
    mediator = upload(
        open_case(app_as("mediator"), case_id),
        "协议书.pdf",
        files.PDF,
        PDF,
        DocumentKind.SIGNED_AGREEMENT,
    )
    assert not mediator.exception and len(stored(app_db, case_id)) == 1
    at = open_case(app_as("coordinator"), case_id)
    assert texts.DOC_CLOSE_MISSING not in [w.value for w in at.warning]
    assert not [t for t in at.text_input if t.key == "case-close-why"]
    at.button(key="case-close-submit").click().run()
    assert _stage(app_db, case_id) == Stage.CLOSED


def test_a_mediator_downloads_the_case_file_of_their_own_case(app_as, app_db) -> None:
    case_id = case_at(app_db, Stage.MEDIATING)
    attach(make_engine(app_db), actors(app_db)["mediator"], case_id)
    at = open_case(app_as("mediator"), case_id)
    at.button(key="case-forms").click().run()
    assert offered_file(at, "case-forms-download").data
    at.button(key="case-file").click().run()
    offered = offered_file(at, "case-file-download")
    with zipfile.ZipFile(io.BytesIO(offered.data)) as archive:
        names = archive.namelist()
    assert texts.CASE_FILE_INDEX in names and texts.CASE_FILE_FORMS in names
    assert any(n.startswith(texts.CASE_FILE_DOCS_FOLDER) for n in names)


def _stage(url: str, case_id: int) -> Stage:
    with Session(make_engine(url)) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.stage
