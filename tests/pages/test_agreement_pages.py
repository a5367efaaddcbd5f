"""The 人民调解协议书 form on the case page and the 文书模板 tab of 系统管理 (AppTest): prefilled,
edited, made as .docx and PDF offered to this session only; a bad value refused under the form;
an office's template refused with its placeholder named, or accepted and used."""

from sqlmodel import Session, col, select

from db import texts
from db.core.engine import make_engine
from db.enums import Stage
from db.models import AuditLog, Case, DocumentTemplate, Party
from tests.db.documents_helpers import docx_flat, office_template, pdf_text
from tests.pages.pages_helpers import link_labels, offered_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TERMS = "一、被申请人于月底前赔偿修缮费两千元；\n二、双方不再就此事争执。"


def resolved_case(url: str) -> tuple[int, list[str]]:
    """A resolved 青石镇 case of the demo with its parties' names."""
    with Session(make_engine(url)) as session:
        case = session.exec(
            select(Case)
            .where(Case.stage == Stage.RESOLVED, col(Case.number).startswith("QSZ"))
            .order_by(col(Case.id))
        ).first()
        assert case is not None and case.id is not None
        names = session.exec(select(Party.name).where(Party.case_id == case.id)).all()
        return case.id, list(names)


def open_case(at, case_id: int):  # type: ignore[no-untyped-def]
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    return at.run()


def test_a_coordinator_edits_and_downloads_the_agreement(app_as, app_db) -> None:
    case_id, names = resolved_case(app_db)
    at = open_case(app_as("coordinator"), case_id)
    assert at.text_input(key="case-agreement-party-0-name").value == names[0]
    at.text_area(key="case-agreement-terms").input(TERMS)
    at.text_input(key="case-agreement-performance").input("一次性支付")
    at.button(key="case-agreement-submit").click().run()
    assert not at.exception and not at.error
    assert link_labels(at)[-2:] == [texts.AGR_DOCX_LINK, texts.AGR_PDF_LINK]
    docx = offered_file(at, "case-agreement-docx")
    pdf = offered_file(at, "case-agreement-pdf")
    assert docx.offer.mime == DOCX and pdf.offer.mime == "application/pdf"
    assert not docx.offer.revealed and docx.offer.case_id == case_id
    for text in (docx_flat(docx.data), pdf_text(pdf.data)):
        assert all(name in text for name in names)
        assert "一、被申请人于月底前赔偿修缮费两千元；" in text and "一次性支付" in text
    with Session(make_engine(app_db)) as session:
        made = session.exec(
            select(AuditLog.action).where(AuditLog.target == f"agreement:{case_id}")
        ).all()
    assert made == ["export"]
    at.run()  # the links stay for this visit
    assert offered_file(at, "case-agreement-pdf").data == pdf.data


def test_empty_terms_are_refused_under_the_form(app_as, app_db) -> None:
    case_id, _names = resolved_case(app_db)
    at = open_case(app_as("coordinator"), case_id)
    at.text_area(key="case-agreement-terms").input("   ")
    at.button(key="case-agreement-submit").click().run()
    assert not at.exception
    assert at.error and "terms" in at.error[0].value
    assert texts.AGR_DOCX_LINK not in link_labels(at)


def test_no_agreement_form_for_a_leader(app_as, app_db) -> None:
    case_id, _names = resolved_case(app_db)
    at = open_case(app_as("leader"), case_id)
    assert not [t for t in at.text_area if t.key == "case-agreement-terms"]


def _templates_tab(at):  # type: ignore[no-untyped-def]
    at.switch_page("pages/admin.py").run()
    return [u for u in at.get("file_uploader") if u.proto.id.endswith("admin-templates-file")][0]


def test_an_admin_uploads_a_template_refused_then_accepted(app_as, app_db) -> None:
    at = app_as("admin")
    uploader = _templates_tab(at)
    bad = office_template("案号 {{ case_number }}", "{{ 当事人身份证 }}")
    uploader.set_value(("本县协议书.docx", bad, DOCX))
    at.run()
    at.button(key="admin-templates-check").click().run()
    assert not at.exception
    assert "{{ 当事人身份证 }}" in at.error[0].value
    good = office_template("本县格式 {{ case_number }}", "{{ terms }}")
    _templates_tab(at).set_value(("本县协议书.docx", good, DOCX))
    at.run()
    at.button(key="admin-templates-check").click().run()
    assert not at.exception and not at.error
    assert "本县协议书.docx" in at.success[0].value
    with Session(make_engine(app_db)) as session:
        assert [t.file_name for t in session.exec(select(DocumentTemplate))] == ["本县协议书.docx"]


def offered_or_none(at) -> bytes:  # type: ignore[no-untyped-def]
    """The agreement made without a reason (masked), in the same session."""
    at.button(key="case-agreement-submit").click().run()
    return offered_file(at, "case-agreement-docx").data


def test_full_id_numbers_with_a_reason_are_offered_as_revealed(app_as, app_db) -> None:
    case_id, _names = resolved_case(app_db)
    with Session(make_engine(app_db)) as session:
        numbers = [
            n
            for n in session.exec(select(Party.id_number).where(Party.case_id == case_id)).all()
            if n
        ]
    assert numbers  # the demo's parties have ID numbers
    at = open_case(app_as("coordinator"), case_id)
    masked = docx_flat(offered_or_none(at))
    assert not any(n in masked for n in numbers)
    at.text_input(key="case-agreement-reason").input("当事人签字前核对身份")
    at.button(key="case-agreement-submit").click().run()
    assert not at.exception and not at.error
    docx = offered_file(at, "case-agreement-docx")
    assert docx.offer.revealed
    assert all(n in docx_flat(docx.data) for n in numbers)
    with Session(make_engine(app_db)) as session:
        actions = session.exec(
            select(AuditLog.action).where(AuditLog.target == f"agreement:{case_id}")
        ).all()
    assert sorted(actions) == ["export", "export", "reveal"]


def test_an_admin_goes_back_to_the_built_in_layout(app_as, app_db) -> None:
    at = app_as("admin")
    _templates_tab(at).set_value(("本县笔录.docx", office_template("{{ terms }}"), DOCX))
    at.run()
    at.button(key="admin-templates-check").click().run()
    assert not at.error
    at.run()
    assert any("本县笔录.docx" in c.value for c in at.caption)
    at.button(key="admin-templates-builtin").click().run()
    assert not at.exception
    assert any(c.value == texts.TPL_BUILTIN for c in at.caption)
    with Session(make_engine(app_db)) as session:
        assert [t.active for t in session.exec(select(DocumentTemplate))] == [False]


def test_each_record_of_work_makes_its_own_session_record(app_as, app_db) -> None:
    """Beside each record of work on the case page: 调解笔录 as .docx and PDF, from that
    record's fields (db.cases.records.record_fields), its time in local time."""
    from datetime import date, time

    from db.cases import records
    from db.core.actor import Actor
    from db.enums import RecordKind
    from db.models import User

    case_id, _names = resolved_case(app_db)
    with Session(make_engine(app_db)) as session:
        case = session.get(Case, case_id)
        worker = session.get(User, case.responsible_user_id)  # type: ignore[union-attr]
        actor = Actor.of(session, worker)  # type: ignore[arg-type]
        record_id = records.add_record(
            session,
            actor=actor,
            case_id=case_id,
            record=records.RecordInput(
                kind=RecordKind.VISIT,
                held_on=date(2026, 11, 2),
                held_time=time(15, 0),
                place="当事人家中",
                participants="调解员、双方当事人",
                content="双方同意再协商一次。",
                next_step="组织调解会",
            ),
        )
        username = worker.username  # type: ignore[union-attr]
    at = open_case(app_as(username), case_id)
    key = f"case-record-doc-{record_id}"
    at.button(key=key).click().run()
    assert not at.exception and not at.error
    text = docx_flat(offered_file(at, f"{key}-docx").data)
    assert "调解笔录" in text and "当事人家中" in text and "双方同意再协商一次。" in text
    assert "2026年11月2日15:00" in text  # in Beijing time, as entered (stored in UTC)
    assert "双方同意再协商一次。" in pdf_text(offered_file(at, f"{key}-pdf").data)
