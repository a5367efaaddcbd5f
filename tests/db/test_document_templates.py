"""An office's own layout (db.io.documents.templates): checked as a hostile file, filled with a
sample case, refused with the placeholder named, kept per county, audited; the built-in layout
stays the default and comes back on request."""

import io

import pytest
from docx import Document
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.enums import AuditAction
from db.io.documents.agreement import draft, make_agreement
from db.io.documents.templates import in_use, upload_template, use_builtin
from db.models import AuditLog, DocumentTemplate
from tests.db.documents_helpers import docx_flat, office_template, resolved_case, with_part

OFFICE = office_template(
    "清河县人民调解协议书（本县格式）",
    "案号 {{ case_number }}",
    "{% for p in parties %}{{ p.role }} {{ p.name }} {{ p.id_number }}{% endfor %}",
    "协议：{{ terms }}",
    "{{ committee }} {{ agreement_date }}",
)


def _upload(engine: Engine, actor: Actor, data: bytes, name: str = "本县协议书.docx") -> None:
    with write_session(engine) as session:
        upload_template(session, actor=actor, kind="agreement", data=data, file_name=name)


def _agreement_text(engine: Engine, actors: dict[str, Actor]) -> str:
    case_id = resolved_case(engine, actors)
    coordinator = actors["coordinator"]
    with write_session(engine) as session:
        form = draft(session, actor=coordinator, case_id=case_id)
    with write_session(engine) as session:
        files = make_agreement(session, actor=coordinator, case_id=case_id, form=form)
    return docx_flat(files.docx)


def test_an_office_layout_is_used_until_the_built_in_one_is_chosen_again(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    admin = actors["admin"]
    assert "当事人基本情况" in _agreement_text(engine, actors)  # the built-in layout
    _upload(engine, admin, OFFICE)
    with Session(engine) as session:
        shown = in_use(session, actor=admin, kind="agreement")
    assert shown is not None and shown.file_name == "本县协议书.docx"
    text = _agreement_text(engine, actors)
    assert "清河县人民调解协议书（本县格式）" in text and "申请人欧阳明" in text
    assert "当事人基本情况" not in text
    with write_session(engine) as session:
        use_builtin(session, actor=admin, kind="agreement")
    assert "当事人基本情况" in _agreement_text(engine, actors)
    with Session(engine) as session:
        rows = session.exec(select(AuditLog).where(AuditLog.target == "template:agreement")).all()
        kept = session.exec(select(DocumentTemplate)).all()
    assert [r.action for r in rows] == [AuditAction.UPDATE, AuditAction.UPDATE]
    assert "本县协议书.docx" in rows[0].detail
    assert [t.active for t in kept] == [False]  # kept, no longer used


@pytest.mark.parametrize(
    ("paragraphs", "named"),
    [
        (("案号 {{ case_number ",), "{{ case_number"),
        (("案号 {{ case number }}",), "{{ case number }}"),
        (("{{ terms }}", "{{ 当事人电话 }}"), "{{ 当事人电话 }}"),
        (("{{ terms }} {{ salary }}",), "{{ salary }}"),
        (("{% for p in parties %}{{ p.nmae }}{% endfor %}",), "nmae"),
    ],
)
def test_a_broken_or_unknown_placeholder_is_refused_and_named(
    engine: Engine, actors: dict[str, Actor], paragraphs: tuple[str, ...], named: str
) -> None:
    with pytest.raises(Refused) as refused:
        _upload(engine, actors["admin"], office_template(*paragraphs))
    assert named in refused.value.message
    with Session(engine) as session:
        assert session.exec(select(DocumentTemplate)).all() == []


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"MZ\x90\x00\x03" + bytes(2000), "不是有效的 Word 文档"),  # an executable renamed .docx
        (b"", "空"),
        (office_template("no fields here"), "没有任何"),
        (with_part("word/vbaProject.bin", b"macro"), "宏"),
        (with_part("word/media/bomb.bin", zeros_mb=60), "解压"),  # a zip bomb
        (office_template("{{ case_number.__class__.__mro__ }}"), "试填失败"),  # the sandbox
        (
            office_template(
                "{% for c in terms %}{% for d in terms %}{{ d }}{% endfor %}{% endfor %}"
            ),
            "循环",
        ),
        (
            office_template(
                "{% for p in parties %}{% for q in parties %}{{ q.name }}{% endfor %}{% endfor %}"
            ),
            "嵌套",
        ),
        (office_template("{% include 'x' %}{{ terms }}"), "引用"),
    ],
    ids=[
        "executable",
        "empty",
        "no-field",
        "macro",
        "zip-bomb",
        "sandbox",
        "loop",
        "nested",
        "include",
    ],
)
def test_hostile_files_are_refused_and_nothing_is_stored(
    engine: Engine, actors: dict[str, Actor], data: bytes, says: str
) -> None:
    with pytest.raises(Refused, match=says):
        _upload(engine, actors["admin"], data)
    with Session(engine) as session:
        assert session.exec(select(DocumentTemplate)).all() == []


def test_only_an_admin_uploads(engine: Engine, actors: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed):
        _upload(engine, actors["coordinator"], OFFICE)


def test_a_placeholder_in_the_page_header_is_checked_too(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    document = Document(io.BytesIO(office_template("{{ terms }}")))
    document.sections[0].header.paragraphs[0].text = "{{ 页眉编号 }}"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(Refused, match="页眉编号"):
        _upload(engine, actors["admin"], buffer.getvalue())
    document.sections[0].header.paragraphs[0].text = "案号 {{ case_number }}"
    buffer = io.BytesIO()
    document.save(buffer)
    _upload(engine, actors["admin"], buffer.getvalue())  # accepted
