"""人民调解统计表 on the dashboard: a leader makes the year's return for their county and gets a
workbook whose total is the figures' own; a mediator has no dashboard (tests/pages/test_dashboard.py)."""

import io

from openpyxl import load_workbook
from sqlmodel import Session, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.figures.mediation_return import mediation_return, return_period
from db.models import AuditLog, User
from tests.pages.pages_helpers import offered_file


def test_a_leader_downloads_the_years_return(app_as, app_db) -> None:
    at = app_as("leader").switch_page("pages/dashboard.py").run()
    at.radio(key="dashboard-mr-kind").set_value("year").run()
    at.button(key="dashboard-mr-make").click().run()
    assert not at.exception
    offered = offered_file(at, "dashboard-mr-download")
    start, end = return_period("year", local_today().year)
    assert offered.offer.what == "mediation_return"
    assert offered.offer.file_name == f"人民调解统计表_清河县_{start}_{end}.xlsx"
    sheet = load_workbook(io.BytesIO(offered.data))[texts.MR_SHEET]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == texts.MR_TOTAL)
    with Session(make_engine(app_db)) as session:
        user = session.exec(select(User).where(User.username == "leader")).one()
        expected = mediation_return(session, Actor.of(session, user), start=start, end=end).total
        audited = session.exec(select(AuditLog).where(AuditLog.target == "mediation_return")).all()
    assert total[1:3] == (expected.mediated, expected.succeeded)
    assert expected.mediated > 0
    assert [a.username for a in audited] == ["leader"]


def test_a_coordinator_picks_a_quarter(app_as) -> None:
    at = app_as("coordinator").switch_page("pages/dashboard.py").run()
    at.radio(key="dashboard-mr-kind").set_value("quarter").run()
    at.number_input(key="dashboard-mr-quarter").set_value(1).run()
    assert not at.exception
    start, end = return_period("quarter", local_today().year, 1)
    assert texts.MR_PERIOD.format(start=start, end=end) in " ".join(c.value for c in at.caption)
