"""The case workbench in the browser (issue 19, part 1): the village mediator adds two records
of work on the case page; the town's coordinator, in another browser, corrects a party's phone
and raises the risk to high (the deadline shortened); the timeline shows them newest first."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from db import texts
from db.cases import moves
from db.cases.lifecycle import AssignPlan
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, EventKind, FoundVia, Risk
from db.models import Case, CaseRecord, Party, Unit, User
from tests.browser.appserver import Server
from tests.browser.test_reportup_journey import open_case
from tests.browser.ui import MAIN, choose_option, login_ok, signed_in_cookie, wait_idle

pytestmark = pytest.mark.browser
TIMELINE = "[class*='st-key-case-timeline-']"


def mediating_case(
    server: Server, facts: str = "浏览器旅程（工作台）：两户因农机租金结算发生争执。"
) -> tuple[int, str]:
    """A 东河村 dispute of its own (the server is shared: each journey gives its own facts, or
    the intake would find the same dispute again), assigned to the village's mediator, who has
    started on it; due in 20 days."""
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()

        def actor(name: str) -> Actor:
            return Actor.of(session, session.exec(select(User).where(User.username == name)).one())

        mediator, coordinator = actor("mediator"), actor("coordinator")
        data = CaseCreate(
            category=Category.DEBT,
            found_via=FoundVia.VISIT,
            found_on=local_today(),
            unit_id=village,
            facts=facts,
            risk=Risk.MEDIUM,
            parties=[PartyCreate(name="工作台甲"), PartyCreate(name="工作台乙")],
        )
        made = register(session, actor=mediator, data=data)
        plan = AssignPlan(
            lead_leader_id=session.exec(select(User.id).where(User.username == "leader")).one(),
            responsible_unit_id=village,
            responsible_user_id=mediator.id,
            deadline=local_today() + timedelta(days=20),
        )
        version = moves.assign(session, actor=coordinator, case_id=made.id, version=1, plan=plan)
        moves.start(session, actor=mediator, case_id=made.id, version=version)
    engine.dispose()
    return made.id, made.number


def add_record(page: Page, content: str, *, first: bool) -> None:
    """The form stands open while a case has no records; later it is opened by its title."""
    wait_idle(page)
    if not first and not page.locator(".st-key-case-record-content textarea").is_visible():
        page.locator("[data-testid=stExpander] summary", has_text=texts.RECORD_ADD).click()
    expect(page.locator(".st-key-case-record-content textarea")).to_be_visible()
    page.locator(".st-key-case-record-place input").fill("东河村调解室")
    page.locator(".st-key-case-record-participants input").fill("工作台甲、工作台乙、孙丽")
    page.locator(".st-key-case-record-content textarea").fill(content)
    page.locator(".st-key-case-record-submit button").click()
    expect(page.locator(MAIN)).to_contain_text(f"谈话及协商情况：{content}")
    wait_idle(page)


def open_expander(page: Page, title: str) -> None:
    page.locator("[data-testid=stExpander] summary", has_text=title).click()
    wait_idle(page)


def correct_phone_and_raise_risk(coordinator: Page) -> None:
    """The town's coordinator corrects the second party's phone and raises the risk to high,
    shortening the deadline to the high-risk default."""
    open_expander(coordinator, texts.CORRECT_TITLE)
    coordinator.locator(".st-key-case-correct-party-1-phone input").fill("13912345678")
    coordinator.locator(".st-key-case-correct-reason input").fill("电话登记有误")
    coordinator.locator(".st-key-case-correct-submit button").click()
    expect(coordinator.locator(MAIN)).to_contain_text(texts.CORRECT_DONE)
    wait_idle(coordinator)
    open_expander(coordinator, texts.RERATE_TITLE)
    choose_option(coordinator, "case-rerate-risk", texts.label(Risk.HIGH))
    coordinator.locator(".st-key-case-rerate-shorten label").click()
    coordinator.locator(".st-key-case-rerate-reason input").fill("双方矛盾激化，扬言上访")
    coordinator.locator(".st-key-case-rerate-submit button").click()
    expect(coordinator.locator(MAIN)).to_contain_text(texts.RERATE_DONE)
    wait_idle(coordinator)


def test_records_a_correction_and_a_rerating_on_one_timeline(
    page: Page, server: Server, more_contexts
) -> None:
    case_id, number = mediating_case(server)

    # The village mediator adds two records of work.
    login_ok(page, server, "mediator")
    signed_in_cookie(page)
    open_case(page, server, case_id, number)
    add_record(page, "第一次调解：双方陈述各自诉求", first=True)
    add_record(page, "第二次调解：<b>双方</b>同意按原合同结算", first=False)
    expect(page.locator(MAIN)).to_contain_text(texts.RECORDS_TITLE.format(count=2))

    # The town's coordinator corrects a party's phone and raises the risk.
    coordinator = more_contexts().new_page()
    login_ok(coordinator, server, "coordinator")
    signed_in_cookie(coordinator)
    open_case(coordinator, server, case_id, number)
    correct_phone_and_raise_risk(coordinator)

    # One timeline, newest first: the rating, the correction, then the two records.
    entries = coordinator.locator(TIMELINE)
    expect(entries.first).to_contain_text(texts.label(EventKind.RERATED))
    heads = [text.splitlines()[0] for text in entries.all_inner_texts()]
    kinds = [
        kind
        for head in heads
        for kind in (EventKind.RERATED, EventKind.CORRECTED, EventKind.RECORD)
        if f" {texts.label(kind)}" in head
    ]
    assert kinds[:4] == [
        EventKind.RERATED,
        EventKind.CORRECTED,
        EventKind.RECORD,
        EventKind.RECORD,
    ], heads
    main = coordinator.locator(MAIN)
    expect(main).to_contain_text("风险等级：中 → 高")
    expect(main).to_contain_text("139****5678")
    expect(main).not_to_contain_text("13912345678")  # masked in the history
    expect(main).to_contain_text("第二次调解：<b>双方</b>同意按原合同结算")  # as text

    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert (case.risk, case.deadline) == (Risk.HIGH, local_today() + timedelta(days=7))
        phones = session.exec(select(Party.phone).where(Party.case_id == case_id)).all()
        assert "13912345678" in phones
        count = session.exec(select(col(CaseRecord.id)).where(CaseRecord.case_id == case_id)).all()
        assert len(count) == 2
    engine.dispose()
