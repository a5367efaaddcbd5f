"""The 人民调解协议书 and the 调解笔录 (db.io.documents): made from a resolved case and the form's
values as .docx and PDF with the parties' names and the terms in Chinese, masked unless
revealed with a reason, hostile text written as text, who may, and every making audited."""

from datetime import date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Invalid, Refused
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.core.validation import mask_id_number, mask_phone
from db.enums import AuditAction, Stage
from db.io.documents.agreement import AgreementForm, draft, make_agreement
from db.io.documents.record import make_record
from db.models import AuditLog
from tests.db.documents_helpers import (
    APPLICANT_ID,
    APPLICANT_PHONE,
    RESPONDENT_ID,
    docx_flat,
    pdf_text,
    resolved_case,
)
from tests.db.factories import case_in_stage

TERMS = "一、司马青于十二月三十一日前拆除越界院墙；\n二、欧阳明不再主张其他费用。"


def _draft(engine: Engine, actor: Actor, case_id: int) -> AgreementForm:
    with write_session(engine) as session:
        return draft(session, actor=actor, case_id=case_id)


def _make(engine: Engine, actor: Actor, case_id: int, form: AgreementForm, reason=None):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return make_agreement(
            session, actor=actor, case_id=case_id, form=form, reveal_reason=reason
        )


def _edited(form: AgreementForm, **changes: object) -> AgreementForm:
    return AgreementForm.model_validate({**form.model_dump(), **changes})


def test_the_draft_is_prefilled_from_the_case(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = resolved_case(engine, actors, terms="双方同意以原界桩为界")
    form = _draft(engine, actors["coordinator"], case_id)
    assert [p.name for p in form.parties] == ["欧阳明", "司马青"]
    assert form.terms == "双方同意以原界桩为界"
    assert form.committee == "东河村人民调解委员会"
    assert form.mediator  # the responsible person
    assert form.copies == 3


def test_the_agreement_holds_the_parties_and_the_terms_masked(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = resolved_case(engine, actors)
    coordinator = actors["coordinator"]
    form = _edited(
        _draft(engine, coordinator, case_id),
        terms=TERMS,
        performance_method="一次性履行",
        performance_deadline=date(2026, 12, 31),
    )
    files = _make(engine, coordinator, case_id, form)
    for text in (docx_flat(files.docx), pdf_text(files.pdf)):
        assert "人民调解协议书" in text  # the PDF's text layer is Chinese, not boxes
        assert "欧阳明" in text and "司马青" in text
        assert "一、司马青于十二月三十一日前拆除越界院墙；" in text
        assert "二、欧阳明不再主张其他费用。" in text
        assert "2026年12月31日" in text
        assert mask_id_number(APPLICANT_ID) in text and mask_phone(APPLICANT_PHONE) in text
        assert APPLICANT_ID not in text and APPLICANT_PHONE not in text
    assert not files.revealed
    with Session(engine) as session:
        rows = session.exec(select(AuditLog).where(AuditLog.case_id == case_id)).all()
    made = [r for r in rows if r.target == f"agreement:{case_id}"]
    assert [r.action for r in made] == [AuditAction.EXPORT]


def test_full_id_numbers_only_with_a_reason(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = resolved_case(engine, actors)
    coordinator = actors["coordinator"]
    form = _draft(engine, coordinator, case_id)
    files = _make(engine, coordinator, case_id, form, reason="当事人签署协议需核对身份")
    for text in (docx_flat(files.docx), pdf_text(files.pdf)):
        assert APPLICANT_ID in text and RESPONDENT_ID in text and APPLICANT_PHONE in text
    assert files.revealed
    with Session(engine) as session:
        actions = session.exec(
            select(AuditLog.action, AuditLog.detail).where(
                AuditLog.target == f"agreement:{case_id}"
            )
        ).all()
    assert (AuditAction.REVEAL, "导出完整个人信息：当事人签署协议需核对身份") in actions


def test_hostile_text_is_written_as_text(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = resolved_case(engine, actors)
    coordinator = actors["coordinator"]
    hostile = '{{ 7*7 }}<w:p><w:r><w:t>注入</w:t></w:r></w:p>{% if 1 %}x{% endif %}&amp;"'
    form = _edited(
        _draft(engine, coordinator, case_id),
        terms=hostile,
        parties=[
            {"party_id": p.party_id, "role": p.role, "name": "{{ facts }}", "address": "<b>"}
            if i == 0
            else p.model_dump()
            for i, p in enumerate(_draft(engine, coordinator, case_id).parties)
        ],
    )
    files = _make(engine, coordinator, case_id, form)
    for text in (docx_flat(files.docx), pdf_text(files.pdf)):
        assert "{{7*7}}<w:p><w:r><w:t>注入</w:t></w:r></w:p>{%if1%}x{%endif%}&amp;" in text
        assert "49" not in text
        assert "申请人：{{facts}}" in text


def test_control_characters_are_refused(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = resolved_case(engine, actors)
    form = _draft(engine, actors["coordinator"], case_id)
    with pytest.raises(ValueError):
        _edited(form, terms="协议\x00内容")


def test_only_a_resolved_case_in_scope_by_a_handler(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = resolved_case(engine, actors)
    form = _draft(engine, actors["coordinator"], case_id)
    with pytest.raises(NotAllowed):
        _make(engine, actors["leader"], case_id, form)
    with pytest.raises(NotAllowed):
        _make(engine, actors["supervisor"], case_id, form)
    with pytest.raises(OutOfScope):
        _make(engine, actors["med_qsz02"], case_id, form)
    mediating = case_in_stage(engine, actors, Stage.MEDIATING)
    with pytest.raises(Refused, match="已化解"):
        _draft(engine, actors["coordinator"], mediating)
    # The village's mediator makes it too, masked (no reason given).
    files = _make(engine, actors["mediator"], case_id, form)
    assert "欧阳明" in docx_flat(files.docx)


def test_the_parties_must_be_the_cases(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = resolved_case(engine, actors)
    other = resolved_case(engine, actors)
    coordinator = actors["coordinator"]
    form = _draft(engine, coordinator, other)
    with pytest.raises(Refused, match="当事人与案件不符"):
        _make(engine, coordinator, case_id, form)


def test_a_record_document_from_the_records_fields(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = resolved_case(engine, actors)
    record = {
        "kind": "调解会",
        "time": datetime(2026, 11, 20, 9, 30),
        "place": "东河村调解室",
        "participants": f"欧阳明（{APPLICANT_ID}）、司马青、调解员孙丽",
        "content": "双方同意以原界桩为界。{{ 7*7 }}<w:br/>",
        "next_step": "回访",
        "next_step_on": date(2026, 11, 30),
        "author": "孙丽",
    }
    with write_session(engine) as session:
        files = make_record(session, actor=actors["mediator"], case_id=case_id, record=record)
    for text in (docx_flat(files.docx), pdf_text(files.pdf)):
        assert "调解笔录" in text and "东河村调解室" in text
        assert "欧阳明" in text and "双方同意以原界桩为界。{{7*7}}<w:br/>" in text
        assert mask_id_number(APPLICANT_ID) in text and APPLICANT_ID not in text
        assert "2026年11月20日09:30" in text and "回访（2026年11月30日前）" in text
    with write_session(engine) as session, pytest.raises(Invalid, match="content"):
        make_record(
            session, actor=actors["mediator"], case_id=case_id, record={"kind": "走访", "time": "x"}
        )
