"""Issue 23 end to end in Chromium: the county leader records a reception at 青石镇 that opens a
new high-risk case; at the weekly meeting (this week's pack) the town's coordinator hands that
case and two more out at once — the reception's case drafted to the county leader who received
it, as 包案领导, each with its team and plan (五个一) — and downloads the minutes; the county
leader's home then lists the new case under 我包案的案件, and its page says where it came from.

On a server of its own, a demo without generated cases: the county leader's 包案 list and this
week's candidates are then the journey's own (the two other cases are registered here)."""

import io
import random
import re
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, col, select

from db import texts
from db.clock import local_today
from db.core.engine import make_engine
from db.enums import Risk, Stage
from db.models import Case
from tests.browser.appserver import Server, running_servers
from tests.browser.test_weekly_assign_journey import high_risk_cases
from tests.browser.ui import (
    CASE_NUMBER,
    MAIN,
    SUCCESS,
    choose_option,
    login_ok,
    open_path,
    set_date,
    wait_idle,
)

pytestmark = pytest.mark.browser
COUNTY_LEADER = "县领导 刘明"  # the demo account `leader`


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    with running_servers(tmp_path_factory, 1, demo_cases=0) as (one,):
        yield one


def case_id_of(server: Server, number: str) -> int:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        found = session.exec(select(Case.id).where(Case.number == number)).one()
    engine.dispose()
    return found


def lead_leaders(server: Server, ids: list[int]) -> dict[int, tuple[str, str | None]]:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        rows = session.exec(
            select(Case.id, Case.stage, Case.lead_leader).where(col(Case.id).in_(ids))
        ).all()
    engine.dispose()
    return {case_id: (stage, leader) for case_id, stage, leader in rows}


def record_reception_with_a_case(page: Page, server: Server, tag: str) -> str:
    """The county leader's reception at 青石镇, and the high-risk case registered from it."""
    login_ok(page, server, "leader")
    open_path(page, server, "receptions")
    tabs = page.locator(MAIN).get_by_role("tab")
    tabs.filter(has_text=texts.RECEPTION_TAB_NEW).wait_for()
    wait_idle(page)
    tabs.filter(has_text=texts.RECEPTION_TAB_NEW).click()
    wait_idle(page)
    choose_option(page, "receptions-unit", re.compile(r"^\s*青石镇（"), exact=False)
    wait_idle(page)
    page.locator(".st-key-receptions-place input").fill(f"青石镇政府接访室{tag}")
    page.locator(".st-key-receptions-visitors input").fill("2")
    raised = f"接访{tag}：两户因承包地边界多次冲突，情绪激动。"
    page.locator(".st-key-receptions-raised textarea").fill(raised)
    page.locator(".st-key-receptions-decided textarea").fill("登记为案件，提交本周研判交办")
    page.locator(".st-key-receptions-submit button").click()
    done = page.locator(".st-key-receptions-done")
    expect(done).to_contain_text(texts.RECEPTION_SAVED)
    wait_idle(page)

    tabs.filter(has_text=texts.RECEPTION_TAB_LIST).click()
    wait_idle(page)
    expect(page.locator(".st-key-receptions-detail")).to_contain_text(f"青石镇政府接访室{tag}")
    page.locator(MAIN).get_by_text(texts.RECEPTION_OPEN_CASE).click()
    expect(page.locator(".st-key-receptions-case-facts textarea")).to_have_value(raised)
    risk = page.locator(".st-key-receptions-case-risk")
    risk.get_by_text(texts.label(Risk.HIGH), exact=True).click()
    page.locator(".st-key-receptions-case-party-0-name input").fill(f"来访甲{tag}")
    page.locator(".st-key-receptions-case-party-1-name input").fill(f"来访乙{tag}")
    page.locator(".st-key-receptions-case-submit button").click()
    expect(done.locator(SUCCESS)).to_contain_text("来访")
    wait_idle(page)
    found = CASE_NUMBER.search(done.inner_text())
    assert found is not None, done.inner_text()
    return found.group(0)


def test_a_reception_case_is_handed_out_at_the_meeting_and_led_by_the_leader(
    page: Page, server: Server, more_contexts
) -> None:
    tag = f"{random.Random().randint(0, 99999):05d}"
    number = record_reception_with_a_case(page, server, tag)
    reception_case = case_id_of(server, number)
    two = high_risk_cases(server, count=2, found_on=local_today(), label="领导工作")
    cases = {reception_case: number, **two}

    # The weekly meeting of 青石镇 studies this week: the three are candidates.
    meeting = more_contexts().new_page()
    login_ok(meeting, server, "coordinator")
    open_path(meeting, server, "weekly")
    meeting.locator(".st-key-weekly-week").wait_for()
    wait_idle(meeting)
    set_date(meeting, "weekly-week", local_today())
    expect(meeting.locator(f".st-key-weekly-assign-{reception_case}-tick")).to_be_visible()
    wait_idle(meeting)
    for case_id in cases:
        k = f"weekly-assign-{case_id}"
        if case_id == reception_case:  # drafted: the leader who received it leads it
            lead = meeting.locator(f".st-key-{k}-leader [role=combobox]")
            expect(lead).to_have_value(re.compile(COUNTY_LEADER))
        meeting.locator(f".st-key-{k}-team input").fill(f"专班{tag}：王刚、孙丽")
        meeting.locator(f".st-key-{k}-plan input").fill("先核实边界，再组织双方现场调解。")
        meeting.locator(f".st-key-{k}-tick label").click()
        expect(meeting.locator(f".st-key-{k}-tick input")).to_be_checked()
        wait_idle(meeting)
    attendees = meeting.locator(".st-key-weekly-assign-attendees input")
    attendees.fill("赵强、孙丽、刘明")
    attendees.press("Enter")
    wait_idle(meeting)
    meeting.locator(".st-key-weekly-assign-submit button").click()

    result = meeting.locator(".st-key-weekly-assign-result")
    expect(result).to_contain_text(texts.HANDOUT_DONE.format(count=3, numbers="")[:-1])
    wait_idle(meeting)
    given = lead_leaders(server, list(cases))
    assert {stage for stage, _leader in given.values()} == {Stage.ASSIGNED}
    assert given[reception_case][1] == COUNTY_LEADER
    assert {leader for _stage, leader in given.values()} == {COUNTY_LEADER, "青石镇党委书记 张伟"}

    with meeting.expect_download() as started:
        meeting.locator(".st-key-weekly-minutes-xlsx a.dd-download").click()
    with open(started.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert set(cases.values()) <= cells

    # The county leader's home: the reception's case under 我包案的案件, opening the case.
    leader: BrowserContext = more_contexts()
    home = leader.new_page()
    login_ok(home, server, "leader")
    mine = home.locator(".st-key-home-lead-cases")
    expect(mine).to_contain_text(texts.MY_LEAD_CASES.split("（")[0])
    line = mine.get_by_role("link", name=re.compile(number))
    expect(line).to_have_count(1)
    wait_idle(home)
    line.click()
    expect(home).to_have_url(re.compile(rf"/case\?id={reception_case}$"))
    expect(home.locator(".st-key-case-five-ones")).to_contain_text(f"专班{tag}")
    expect(home.locator(MAIN)).to_contain_text(f"由 {local_today()} {COUNTY_LEADER}")  # its origin
