"""周交办 in the browser: the town's coordinator opens the weekly pack (last week), ticks three
new high-risk cases of 东河村 among the candidates, enters who attended, hands the three out at
once with their drafted four fixes (and, high risk, a team and a plan: 五个一), sees them assigned, and downloads the meeting's minutes as
xlsx and docx, both naming the three cases. The cases are the journey's own (registered here,
found last week), so the other journeys' cases on the shared server do not matter."""

import io
from datetime import date, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from db import texts
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Risk, Stage
from db.models import Case, Unit, User
from db.reports.weekly import week_of
from tests.browser.appserver import Server
from tests.browser.ui import MAIN, login_ok, open_path, wait_idle

pytestmark = pytest.mark.browser
FOUND = local_today() - timedelta(days=7)  # in last week, the week the page opens on


def high_risk_cases(
    server: Server, *, count: int = 3, found_on: date = FOUND, label: str = "周交办"
) -> dict[int, str]:
    """High-risk 东河村 disputes (found on `found_on`), registered by the village's mediator."""
    engine = make_engine(f"sqlite:///{server.database}")
    made = {}
    with Session(engine) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        user = session.exec(select(User).where(User.username == "mediator")).one()
        mediator = Actor.of(session, user)
        for n in range(count):
            data = CaseCreate(
                category=Category.HOMESTEAD,
                found_via=FoundVia.VISIT,
                found_on=found_on,
                unit_id=village,
                facts=f"浏览器旅程：{label}第 {n + 1} 起宅基地纠纷，双方多次争执。",
                risk=Risk.HIGH,
                parties=[PartyCreate(name=f"{label}甲{n}"), PartyCreate(name=f"{label}乙{n}")],
            )
            case = register(session, actor=mediator, data=data)
            made[case.id] = case.number
    engine.dispose()
    return made


def stages(server: Server, ids: list[int]) -> list[str]:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        found = session.exec(select(Case.stage).where(col(Case.id).in_(ids))).all()
    engine.dispose()
    return list(found)


def test_the_meeting_hands_out_three_cases_at_once_and_prints_its_minutes(
    page: Page, server: Server
) -> None:
    cases = high_risk_cases(server)
    login_ok(page, server, "coordinator")
    open_path(page, server, "weekly")
    rows = page.locator(".st-key-weekly-assign-rows")
    for case_id in cases:
        tick = page.locator(f".st-key-weekly-assign-{case_id}-tick")
        expect(tick).to_be_visible(timeout=30_000)
        wait_idle(page)
        # high risk: 五个一 asks for the team and the plan (the case has none yet)
        page.locator(f".st-key-weekly-assign-{case_id}-team input").fill("镇村联合专班：王刚、孙丽")
        page.locator(f".st-key-weekly-assign-{case_id}-plan input").fill("先核实四至，再现场调解。")
        tick.locator("label").click()
        expect(tick.locator("input")).to_be_checked()
        wait_idle(page)
    expect(rows).to_contain_text(next(iter(cases.values())))
    attendees = page.locator(".st-key-weekly-assign-attendees input")
    attendees.fill("赵强、孙丽、刘明")
    attendees.press("Enter")
    wait_idle(page)
    page.locator(".st-key-weekly-assign-submit button").click()

    result = page.locator(".st-key-weekly-assign-result")
    expect(result).to_contain_text(texts.HANDOUT_DONE.format(count=3, numbers="")[:-1])
    for number in cases.values():
        expect(result).to_contain_text(number)
    wait_idle(page)
    assert stages(server, list(cases)) == [Stage.ASSIGNED] * 3

    start, _end = week_of(FOUND)
    with page.expect_download() as started:
        page.locator(".st-key-weekly-minutes-xlsx a.dd-download").click()
    download = started.value
    assert download.suggested_filename == f"研判会议纪要-{start}.xlsx"
    with open(download.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert set(cases.values()) <= cells and "参会人员：赵强、孙丽、刘明" in cells

    with page.expect_download() as started:
        page.locator(".st-key-weekly-minutes-docx a.dd-download").click()
    download = started.value
    assert download.suggested_filename == f"研判会议纪要-{start}.docx"
    with open(download.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert all(number in text for number in cases.values())
    expect(page.locator(MAIN)).to_contain_text(texts.MINUTES_TITLE)
