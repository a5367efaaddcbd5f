"""Exports from the pages: the ledger as filtered, and one case's forms; audited."""

import io

from openpyxl import load_workbook
from sqlmodel import Session, select

from db.core.engine import make_engine
from db.models import AuditLog, Case, User
from tests.pages.pages_helpers import offered_file


def export_rows(url: str) -> list[AuditLog]:
    with Session(make_engine(url)) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.action == "export")).all())


def test_a_coordinator_exports_the_ledger_and_the_export_is_audited(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.button(key="cases-export").click().run()
    assert not at.exception
    offered = offered_file(at, "cases-export-download")
    assert (offered.offer.what, offered.offer.revealed, offered.username) == (
        "ledger",
        False,
        "coordinator",
    )
    assert load_workbook(io.BytesIO(offered.data)).sheetnames
    [row] = export_rows(app_db)
    assert row.username == "coordinator"


def test_a_revealed_ledger_is_offered_as_revealed_to_this_session_only(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.text_input(key="cases-export-reason").input("法院调取")
    at.button(key="cases-export").click().run()
    assert not at.exception
    offered = offered_file(at, "cases-export-download")
    with Session(make_engine(app_db)) as session:
        coordinator = session.exec(select(User).where(User.username == "coordinator")).one()
    assert offered.offer.revealed and offered.user_id == coordinator.id
    assert offered.session_id  # bound to the Streamlit session that asked


def test_a_mediator_is_offered_no_export(app_as) -> None:
    at = app_as("mediator")
    at.switch_page("pages/cases.py").run()
    assert not [b for b in at.button if b.key == "cases-export"]


def test_case_forms_download_from_the_case_page(app_as, app_db) -> None:
    with Session(make_engine(app_db)) as session:
        case_id = session.exec(select(Case.id).where(Case.number.startswith("QSZ"))).first()
    at = app_as("coordinator")
    at.switch_page("pages/case.py")
    at.query_params["id"] = str(case_id)
    at.run()
    at.button(key="case-forms").click().run()
    assert not at.exception
    offered = offered_file(at, "case-forms-download")
    assert (offered.offer.what, offered.offer.case_id) == (f"case:{case_id}", case_id)
    assert [r.case_id for r in export_rows(app_db)] == [case_id]
