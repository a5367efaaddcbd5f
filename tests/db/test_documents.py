"""Documents attached to a case (附件): checked by content before anything is stored, kept under
the data folder with a random name, on the timeline and in the audit trail; withdrawn with a
reason (file kept); opened by anyone who may see the case. The 销号 guard for the signed
agreement, mediators printing their own cases' forms, and the case file (卷宗) ZIP. Every test
runs on SQLite and PostgreSQL."""

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.cases import documents, moves
from db.cases.lifecycle import MoveRefused
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Invalid, Refused
from db.core.file_kinds import MAX_BYTES
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import AuditAction, DocumentKind, EventKind, Stage
from db.io.exports.case_file import case_file_zip
from db.io.exports.forms import case_forms_xlsx
from db.models import AuditLog, CaseDocument
from tests.db import document_files as files
from tests.db.factories import (
    PDF_SCAN,
    UNSIGNED,
    act,
    attach,
    audit_rows,
    case_in_stage,
    current,
    events,
    good_follow_up,
    new_case,
    register_case,
    snapshot,
    unit_id,
)
from tests.db.hostile_files import png_bomb


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder of this test: where documents are stored."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(folder))
    return folder


def stored_files(data: Path) -> list[Path]:
    return sorted(p for p in (data / "cases").rglob("*") if p.is_file()) if data.exists() else []


def rows(engine: Engine, case_id: int) -> list[CaseDocument]:
    with Session(engine) as session:
        query = select(CaseDocument).where(CaseDocument.case_id == case_id)
        return list(session.exec(query.order_by(col(CaseDocument.id))))


def read(engine: Engine, actor: Actor, document_id: int) -> bytes:
    with Session(engine) as session:
        return documents.document_content(session, actor=actor, document_id=document_id)[1]


# Attaching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime", "shown"),
    [
        ("调解协议书.pdf", PDF_SCAN, "application/pdf", "调解协议书.pdf"),
        ("现场.jpg", files.image("JPEG"), "image/jpeg", "现场.jpg"),
        ("现场.png", files.image("PNG"), "image/png", "现场.png"),
        ("现场.webp", files.image("WEBP"), "image/webp", "现场.webp"),
        ("笔录.docx", files.docx(), files.DOCX_MIME, "笔录.docx"),
        ("证据清单.xlsx", files.xlsx(), files.XLSX_MIME, "证据清单.xlsx"),
        ("扫描件.pdf", files.image("PNG"), "image/png", "扫描件.png"),  # content decides
    ],
    ids=["pdf", "jpeg", "png", "webp", "docx", "xlsx", "png-named-pdf"],
)
def test_a_handler_attaches_each_accepted_type_checked_by_content(
    engine: Engine, actors: dict[str, Actor], data: Path, name, content, mime, shown
) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    document_id = attach(
        engine, mediator, case_id, kind=DocumentKind.EVIDENCE, data=content, name=name, note="说明"
    )
    (row,) = rows(engine, case_id)
    assert (row.id, row.mime, row.file_name, row.size) == (document_id, mime, shown, len(content))
    assert (row.kind, row.note, row.uploaded_by_id, row.withdrawn_at) == (
        DocumentKind.EVIDENCE,
        "说明",
        mediator.id,
        None,
    )
    (path,) = stored_files(data)
    assert path == data / row.path and path.read_bytes() == content
    assert name.split(".")[0] not in str(path)  # a random name, not the uploaded one
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    last = events(engine, case_id)[-1]
    assert (last.kind, last.actor_id) == (EventKind.DOCUMENT_ADDED, mediator.id)
    assert json.loads(last.detail) == {
        "document": shown,
        "document_kind": texts.label(DocumentKind.EVIDENCE),
        "note": "说明",
    }
    audited = audit_rows(engine, case_id)[-1]
    assert (audited.action, audited.target) == (AuditAction.CREATE, f"document:{document_id}")
    assert read(engine, actors["coordinator"], document_id) == content


NAMES = {
    "traversal": ("../../etc/passwd.pdf", texts.DOC_E_NAME_PATH),
    "folder": ("scans/协议书.pdf", texts.DOC_E_NAME_PATH),
    "windows-folder": ("..\\..\\协议书.pdf", texts.DOC_E_NAME_PATH),
    "control": ("协议\x00书.pdf", texts.DOC_E_NAME_CONTROL),
    "newline": ("协议\x1b书.pdf", texts.DOC_E_NAME_CONTROL),
    "direction": ("协议书\u202efdp.exe", texts.DOC_E_NAME_CONTROL),
    "empty": ("   ", texts.DOC_E_NAME_EMPTY),
    "dots": ("..", texts.DOC_E_NAME_EMPTY),
    "long": ("长" * 101 + ".pdf", texts.DOC_E_NAME_LONG.format(max=100)),
}
CONTENTS = {
    "empty": (b"", texts.FILE_EMPTY),
    "oversized": (PDF_SCAN + b"0" * MAX_BYTES, texts.FILE_TOO_BIG.format(max="20")),
    "exe-named-pdf": (files.EXECUTABLE, texts.DOC_E_TYPE),
    "elf": (files.ELF, texts.DOC_E_TYPE),
    "text": (files.TEXT, texts.DOC_E_TYPE),
    "old-doc": (files.OLD_DOC, texts.DOC_E_OLD_OFFICE),
    "macros": (files.docm(), texts.DOC_E_MACROS),
    "plain-zip": (files.plain_zip(), texts.DOC_E_TYPE),
    "image-bomb": (png_bomb(), texts.FILE_IMAGE_TOO_MANY_PIXELS.format(max=4000)),
}


@pytest.mark.parametrize("case", [*NAMES, *CONTENTS], ids=[*NAMES, *(f"c-{c}" for c in CONTENTS)])
def test_bad_files_and_hostile_names_are_refused_in_chinese_and_nothing_is_stored(
    engine: Engine, actors: dict[str, Actor], data: Path, case: str
) -> None:
    name, content = "协议书.pdf", PDF_SCAN
    if case in NAMES:
        name, message = NAMES[case]
    else:
        content, message = CONTENTS[case]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    before = snapshot(engine, case_id)
    audit_before = len(audit_rows(engine, case_id))
    with pytest.raises(Refused) as refused:
        attach(engine, actors["mediator"], case_id, data=content, name=name)
    assert refused.value.message == message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert (rows(engine, case_id), stored_files(data)) == ([], [])
    assert snapshot(engine, case_id) == before
    assert len(audit_rows(engine, case_id)) == audit_before


def test_a_zip_bomb_dressed_as_a_word_document_is_refused_before_inflating(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    with pytest.raises(Refused) as refused:
        attach(engine, actors["mediator"], case_id, data=files.zip_bomb_docx(), name="协议.docx")
    assert refused.value.message.startswith("文件中有一个部件解压后是压缩时的")
    assert (rows(engine, case_id), stored_files(data)) == ([], [])


def test_a_document_needs_a_kind_and_a_clean_note(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    with pytest.raises(Invalid, match=texts.DOC_E_KIND):
        attach(engine, actors["mediator"], case_id, kind="contract")  # type: ignore[arg-type]
    with pytest.raises(Invalid, match=texts.V_CONTROL_CHAR):
        attach(engine, actors["mediator"], case_id, note="说明\x07")
    assert (rows(engine, case_id), stored_files(data)) == ([], [])


# Who may ------------------------------------------------------------------------------------


def test_handlers_and_coordinators_in_scope_attach_others_are_refused(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)  # given to 东河村's mediator
    attach(engine, actors["mediator"], case_id)
    attach(engine, actors["coordinator"], case_id, kind=DocumentKind.SITE_PHOTO, data=files.image())
    attach(engine, actors["county_coord"], case_id, kind=DocumentKind.OTHER)
    refusals = {}
    for who in ("leader", "supervisor", "admin", "med_qsz02"):
        try:
            attach(engine, actors[who], case_id)
        except Refused as refused:
            refusals[who] = type(refused)
    assert refusals == {
        "leader": NotAllowed,
        "supervisor": NotAllowed,
        "admin": NotAllowed,
        "med_qsz02": OutOfScope,  # another village's mediator
    }
    assert len(rows(engine, case_id)) == 3 and len(stored_files(data)) == 3


def test_a_mediator_of_the_village_who_does_not_handle_the_case_may_not_attach(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    # registered in 东河村 by the town, not yet given to anyone: the mediator sees it, no more
    case_id = register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01")).id
    with pytest.raises(NotAllowed, match=texts.DOC_E_NOT_HANDLER):
        attach(engine, actors["mediator"], case_id)
    assert stored_files(data) == []


def test_anyone_who_may_see_the_case_opens_a_document_others_are_refused(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    document_id = attach(engine, actors["mediator"], case_id)
    for who in ("mediator", "coordinator", "county_coord", "leader", "supervisor"):
        assert read(engine, actors[who], document_id) == PDF_SCAN, who
    with pytest.raises(OutOfScope):
        read(engine, actors["med_qsz02"], document_id)
    with pytest.raises(NotAllowed):
        read(engine, actors["admin"], document_id)
    denied = [a for a in audit_rows(engine, case_id) if a.action == AuditAction.DENIED]
    assert [a.user_id for a in denied] == [actors["med_qsz02"].id]


# Withdrawal ---------------------------------------------------------------------------------


def test_a_withdrawal_needs_a_reason_marks_the_document_and_keeps_the_file(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    document_id = attach(engine, actors["mediator"], case_id)

    def withdraw(actor: Actor, reason: str) -> None:
        with write_session(engine) as session:
            documents.withdraw_document(
                session, actor=actor, document_id=document_id, reason=reason
            )

    with pytest.raises(Invalid, match=texts.DOC_E_WITHDRAW_REASON):
        withdraw(actors["mediator"], "  ")
    with pytest.raises(NotAllowed):
        withdraw(actors["leader"], "传错了")
    withdraw(actors["coordinator"], "传错了案件")
    with pytest.raises(Refused, match=texts.DOC_E_WITHDRAWN):
        withdraw(actors["mediator"], "再撤一次")
    (row,) = rows(engine, case_id)
    assert (row.withdrawn_by_id, row.withdrawn_reason) == (actors["coordinator"].id, "传错了案件")
    assert row.withdrawn_at is not None
    assert stored_files(data) == [data / row.path]  # the file is kept
    last = events(engine, case_id)[-1]
    assert last.kind == EventKind.DOCUMENT_WITHDRAWN
    assert json.loads(last.detail) == {"document": row.file_name, "reason": "传错了案件"}
    with Session(engine) as session:
        listed = documents.case_documents(session, actor=actors["leader"], case_id=case_id)
        active = documents.case_documents(
            session, actor=actors["leader"], case_id=case_id, include_withdrawn=False
        )
    assert [(d.withdrawn, d.withdrawn_by) for d in listed] == [(True, "青石镇综治办 赵强")]
    assert active == []


# The 销号 guard -------------------------------------------------------------------------------


def resolved_and_visited(engine: Engine, actors: dict[str, Actor]) -> int:
    """Resolved with a written agreement signed (factories.RESOLUTION), followed up well."""
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    good_follow_up(engine, actors, case_id)
    assert current(engine, case_id).agreement_signed
    return case_id


def close(engine: Engine, actors: dict[str, Actor], case_id: int, **why: str) -> int:
    return act(engine, moves.close, actor=actors["coordinator"], case_id=case_id, **why)


def test_a_case_with_a_signed_agreement_closes_only_once_the_scan_is_attached(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = resolved_and_visited(engine, actors)
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        close(engine, actors, case_id)
    assert (str(refused.value), snapshot(engine, case_id)) == (
        texts.DOC_E_CLOSE_NEEDS_AGREEMENT,
        before,
    )
    # evidence is not the signed agreement
    attach(engine, actors["mediator"], case_id, kind=DocumentKind.EVIDENCE)
    with pytest.raises(MoveRefused, match=texts.DOC_E_CLOSE_NEEDS_AGREEMENT):
        close(engine, actors, case_id)
    attach(engine, actors["mediator"], case_id)
    close(engine, actors, case_id)
    assert current(engine, case_id).stage == Stage.CLOSED
    assert "no_agreement_reason" not in json.loads(events(engine, case_id)[-1].detail)


def test_a_withdrawn_scan_does_not_count(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = resolved_and_visited(engine, actors)
    document_id = attach(engine, actors["mediator"], case_id)
    with write_session(engine) as session:
        documents.withdraw_document(
            session, actor=actors["mediator"], document_id=document_id, reason="扫描不清，重扫"
        )
    with pytest.raises(MoveRefused, match=texts.DOC_E_CLOSE_NEEDS_AGREEMENT):
        close(engine, actors, case_id)


def test_without_the_scan_a_recorded_reason_lets_the_case_close(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = resolved_and_visited(engine, actors)
    with pytest.raises(MoveRefused, match=texts.DOC_E_CLOSE_NEEDS_AGREEMENT):
        close(engine, actors, case_id, why="   ")
    with pytest.raises(MoveRefused, match=texts.V_CONTROL_CHAR):
        close(engine, actors, case_id, why="原件\x00")
    close(engine, actors, case_id, why=UNSIGNED, note="回访无反弹")
    assert current(engine, case_id).stage == Stage.CLOSED
    assert json.loads(events(engine, case_id)[-1].detail) == {
        "note": "回访无反弹",
        "no_agreement_reason": UNSIGNED,
    }


def test_a_case_resolved_without_a_written_agreement_needs_no_scan(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    from tests.db.factories import set_case

    case_id = resolved_and_visited(engine, actors)
    set_case(engine, case_id, agreement_signed=False)
    close(engine, actors, case_id)
    assert current(engine, case_id).stage == Stage.CLOSED


# Printing and the case file ----------------------------------------------------------------


def test_a_mediator_prints_the_forms_of_a_case_they_handle_and_no_other(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    own = case_in_stage(engine, actors, Stage.MEDIATING)  # given to this mediator
    with write_session(engine) as session:
        data = case_forms_xlsx(session, actor=mediator, case_id=own)
    assert load_workbook(io.BytesIO(data)).sheetnames == [
        texts.FORM_REGISTER_SHEET,
        texts.FORM_CLOSING_SHEET,
    ]
    exported = [a for a in audit_rows(engine, own) if a.action == AuditAction.EXPORT]
    assert [a.user_id for a in exported] == [mediator.id]
    not_given = new_case(engine, actors["coordinator"], "QSZ01")  # seen, not handled
    with pytest.raises(NotAllowed), write_session(engine) as session:
        case_forms_xlsx(session, actor=mediator, case_id=not_given)
    with pytest.raises(NotAllowed), write_session(engine) as session:
        case_file_zip(session, actor=mediator, case_id=not_given)
    denied = [a for a in audit_rows(engine, not_given) if a.action == AuditAction.DENIED]
    assert len(denied) == 2
    with Session(engine) as session:
        assert documents.may_print_case(session, mediator, own)
        assert not documents.may_print_case(session, mediator, not_given)
        assert not documents.may_print_case(session, actors["supervisor"], own)


def test_the_case_file_holds_the_forms_the_records_the_documents_and_their_index(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    case_id = resolved_and_visited(engine, actors)
    attach(engine, actors["mediator"], case_id, note="双方签字页")
    photo = files.image("JPEG")
    attach(
        engine,
        actors["mediator"],
        case_id,
        kind=DocumentKind.SITE_PHOTO,
        data=photo,
        name="现场.jpg",
    )
    wrong = attach(engine, actors["mediator"], case_id, kind=DocumentKind.OTHER, name="传错的.pdf")
    with write_session(engine) as session:
        documents.withdraw_document(
            session, actor=actors["mediator"], document_id=wrong, reason="不是本案材料"
        )
    close(engine, actors, case_id)
    with write_session(engine) as session:
        archive = case_file_zip(session, actor=actors["mediator"], case_id=case_id)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = opened.namelist()
        agreement = "03-附件/01-签字的调解协议书-调解协议书（签字）.pdf"
        assert sorted(names) == sorted(
            [
                texts.CASE_FILE_INDEX,
                texts.CASE_FILE_FORMS,
                texts.CASE_FILE_RECORDS,
                agreement,
                "03-附件/02-现场照片-现场.jpg",
            ]
        )
        assert opened.read(agreement) == PDF_SCAN
        assert opened.read("03-附件/02-现场照片-现场.jpg") == photo
        index = load_workbook(io.BytesIO(opened.read(texts.CASE_FILE_INDEX))).active
        records = load_workbook(io.BytesIO(opened.read(texts.CASE_FILE_RECORDS))).active
    listed = [row for row in index.iter_rows(min_row=2, values_only=True)]  # type: ignore[union-attr]
    assert [row[1] for row in listed] == [
        texts.CASE_FILE_FORMS,
        texts.CASE_FILE_RECORDS,
        agreement,
        "03-附件/02-现场照片-现场.jpg",
    ]
    assert listed[2][3] == "双方签字页"
    kinds = [row[1] for row in records.iter_rows(min_row=2, values_only=True)]  # type: ignore[union-attr]
    assert kinds[0] == texts.label(EventKind.REGISTERED)
    assert kinds.count(texts.label(EventKind.DOCUMENT_ADDED)) == 3
    assert texts.label(EventKind.DOCUMENT_WITHDRAWN) in kinds
    with Session(engine) as session:
        exported = session.exec(
            select(AuditLog).where(
                AuditLog.case_id == case_id, AuditLog.action == AuditAction.EXPORT
            )
        ).all()
    assert [a.detail for a in exported] == [texts.CASE_FILE_AUDIT.format(count=2)]


def test_opening_through_the_session_link_is_audited_and_reads_with_the_fetching_users_scope(
    engine: Engine, actors: dict[str, Actor], data: Path
) -> None:
    from db.io.delivery import DeliveryStore, Offer
    from tests.db.test_delivery import SESSION, fetch, signed

    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    document_id = attach(engine, actors["mediator"], case_id)
    store = DeliveryStore()
    who = signed(engine, "coordinator")

    def load(session, reader: Actor) -> bytes:  # type: ignore[no-untyped-def]
        return documents.document_content(session, actor=reader, document_id=document_id)[1]

    offer = Offer(
        what=f"document:{document_id}",
        file_name="调解协议书（签字）.pdf",
        mime="application/pdf",
        scope="调解协议书（签字）.pdf",
        case_id=case_id,
    )
    token = store.put(
        session_id=SESSION, actor=who.actor, sign_in_token=who.token, offer=offer, loader=load
    )
    assert fetch(engine, store, token, who.token) == PDF_SCAN
    opened = [a for a in audit_rows(engine, case_id) if a.action == AuditAction.DOWNLOAD]
    assert [(a.user_id, a.target) for a in opened] == [
        (actors["coordinator"].id, f"document:{document_id}")
    ]
    assert "调解协议书（签字）.pdf" in opened[0].detail
    # the file gone from disk: nothing is handed out (and nothing audited as opened)
    (data / rows(engine, case_id)[0].path).unlink()
    assert fetch(engine, store, token, who.token) is None
    assert len([a for a in audit_rows(engine, case_id) if a.action == AuditAction.DOWNLOAD]) == 1
