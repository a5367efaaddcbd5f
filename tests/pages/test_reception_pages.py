"""接访下访登记 through AppTest: the county leader records a held reception at 青石镇 and finds it
opened in the register; a case registered from it comes via 来访 and is linked; a coordinator
records for the leader and completes a planned one; the month's report is made and audited."""

from sqlmodel import Session, select

from db import texts
from db.core.engine import make_engine
from db.enums import FoundVia, ReceptionStatus
from db.models import AuditLog, Case, Reception, ReceptionCase, Unit
from tests.pages.pages_helpers import offered_file


def town_id(url: str) -> int:
    with Session(make_engine(url)) as session:
        return session.exec(select(Unit.id).where(Unit.code == "QSZ")).one() or 0


def open_tab(at, name: str):  # type: ignore[no-untyped-def]
    at.session_state["receptions-tab"] = name
    return at.run()


def fill_reception(at, url: str, place: str, *, planned: bool = False):  # type: ignore[no-untyped-def]
    open_tab(at, texts.RECEPTION_TAB_NEW)
    at.selectbox(key="receptions-unit").set_value(town_id(url))
    at.text_input(key="receptions-place").input(place)
    if planned:
        at.radio(key="receptions-status").set_value(ReceptionStatus.PLANNED)
    else:
        at.number_input(key="receptions-visitors").set_value(3)
        at.text_area(key="receptions-raised").input("反映村道拓宽占用承包地未补偿")
        at.text_area(key="receptions-decided").input("请青石镇三日内核实答复")
        at.text_input(key="receptions-visitor-names").input("韩梅梅")
        at.text_input(key="receptions-visitor-phones").input("13912345678")
    at.button(key="receptions-submit").click()
    return at.run()


def test_a_leader_records_a_reception_and_registers_a_case_from_it(app_as, app_db) -> None:
    at = app_as("leader").switch_page("pages/receptions.py").run()
    assert not at.exception
    fill_reception(at, app_db, "青石镇政府接访室")
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [texts.RECEPTION_SAVED]
    assert "13912345678" not in " ".join(t.value for t in at.text)
    assert "139****5678" in [t.value for t in at.text]
    assert at.text_area(key="receptions-case-facts").value == "反映村道拓宽占用承包地未补偿"
    at.text_input(key="receptions-case-party-0-name").input("赵甲")
    at.text_input(key="receptions-case-party-1-name").input("钱乙")
    at.button(key="receptions-case-submit").click().run()
    assert not at.exception, at.exception
    with Session(make_engine(app_db)) as session:
        link = session.exec(select(ReceptionCase)).one()
        case = session.get(Case, link.case_id)
    assert case is not None and case.found_via == FoundVia.VISIT and link.opened
    assert case.unit_id == town_id(app_db)  # the reception's unit, first among the choices
    assert texts.RECEPTION_CASE_SAVED.format(number=case.number) in [s.value for s in at.success]


def test_a_coordinator_plans_a_visit_and_completes_it(app_as, app_db) -> None:
    at = app_as("county_coord").switch_page("pages/receptions.py").run()
    fill_reception(at, app_db, "青石镇东河村", planned=True)
    assert not at.exception, at.exception
    at.number_input(key="receptions-complete-visitors").set_value(4)
    at.text_area(key="receptions-complete-raised").input("修路占地")
    at.text_area(key="receptions-complete-decided").input("镇里一周内答复")
    at.button(key="receptions-complete-submit").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [texts.RECEPTION_COMPLETED]
    with Session(make_engine(app_db)) as session:
        row = session.exec(select(Reception)).one()
    assert (row.status, row.visitors, row.recorded_by_id != row.leader_id) == ("done", 4, True)


def test_the_monthly_report_downloads_audited(app_as, app_db) -> None:
    at = app_as("leader").switch_page("pages/receptions.py").run()
    fill_reception(at, app_db, "县综治中心")
    open_tab(at, texts.RECEPTION_TAB_REPORT)
    at.button(key="receptions-report-make").click().run()
    assert not at.exception, at.exception
    offered = offered_file(at, "receptions-report-download")
    assert offered.offer.what == "reception_report"
    assert offered.offer.file_name.startswith("领导接访下访情况登记表_清河县_")
    with Session(make_engine(app_db)) as session:
        audited = session.exec(select(AuditLog).where(AuditLog.target == "reception_report")).all()
    assert [a.username for a in audited] == ["leader"]


def test_the_dashboard_shows_this_months_receptions_per_leader(app_as, app_db) -> None:
    at = app_as("leader").switch_page("pages/receptions.py").run()
    fill_reception(at, app_db, "青石镇政府接访室")
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception, at.exception
    C = texts.RC_COLUMNS
    tables = [d.value for d in at.dataframe if C[2] in d.value.columns]
    assert len(tables) == 1
    rows = tables[0].to_dict("records")
    assert [(r[C[0]], r[C[2]], r[C[3]], r[C[5]]) for r in rows] == [("县领导 刘明", 1, 3, 0)]
