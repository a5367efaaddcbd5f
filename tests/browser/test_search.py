"""The ledger's search box in the browser: a fragment of a case's facts (rare characters and an
emoji sequence included) finds that case, in the signed-in user's scope; a fragment that is in
no case shows the empty notice."""

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from db import texts
from db.cases.register import register
from db.cases.schemas import CaseCreate, PartyCreate
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import Category, FoundVia, Risk
from db.models import Unit, User
from tests.browser.appserver import Server
from tests.browser.ui import (
    DATAFRAME,
    GRID_ROWS,
    MAIN,
    ledger_caption,
    login_ok,
    open_path,
    wait_idle,
)

pytestmark = pytest.mark.browser

FACTS = "浏览器搜索：𰻞𰻞面馆与邻居因排烟管道走向争执，𠮷家称👨‍👩‍👧一家受扰。"


def registered(server: Server) -> str:
    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        village = session.exec(select(Unit.id).where(Unit.code == "QSZ01")).one()
        user = session.exec(select(User).where(User.username == "mediator")).one()
        data = CaseCreate(
            category=Category.NEIGHBOUR,
            found_via=FoundVia.VISIT,
            found_on=local_today(),
            unit_id=village,
            facts=FACTS,
            risk=Risk.LOW,
            parties=[PartyCreate(name="司徒检索"), PartyCreate(name="𠮷田")],
        )
        number = register(session, actor=Actor.of(session, user), data=data).number
    engine.dispose()
    return number


def search(page: Page, term: str) -> None:
    box = page.locator(".st-key-cases-search input")
    box.fill(term)
    box.press("Enter")
    wait_idle(page)


def test_the_search_box_finds_a_case_by_words_of_its_facts(page: Page, server: Server) -> None:
    number = registered(server)
    login_ok(page, server, "mediator")
    open_path(page, server, "cases")
    page.locator(".st-key-cases-search input").wait_for()
    wait_idle(page)
    rows = page.locator(f"{MAIN} {DATAFRAME} {GRID_ROWS}")
    for term in ("排烟管道走向", "𰻞𰻞面", "👨‍👩‍👧", "司徒检"):
        search(page, term)
        expect(page.get_by_text(ledger_caption(1), exact=True)).to_be_visible()
        expect(rows).to_have_count(1)
        expect(rows.first.locator("td").first).to_contain_text(number)
        expect(rows.first).to_contain_text("𠮷田")
    search(page, "排烟管道 走向")
    expect(page.locator(MAIN).get_by_text(texts.LEDGER_EMPTY)).to_be_visible()
