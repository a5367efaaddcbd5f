"""Two `streamlit run` processes on different ports against one database (as behind a reverse
proxy), each test twice: on one SQLite file (WAL, on one machine) and on one PostgreSQL database.
What one registers the other shows, numbers given at the same moment on both never collide, and
the same case moved on both at once is changed once — the other user is told who changed it.
The PostgreSQL half skips without TEST_POSTGRES_URL and fails with REQUIRE_POSTGRES=1."""

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session, select

from db import texts
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import EventKind, Move, Role, Stage
from db.models import Case, CaseEvent, User
from tests.browser.appserver import Server, create_user, running_servers
from tests.browser.ui import (
    DATAFRAME,
    ERROR,
    GRID_ROWS,
    LOGOUT_BUTTON,
    MAIN,
    SUCCESS,
    WARNING,
    add_auth_cookie,
    assert_only_the_change_form,
    choose_option,
    ledger_caption,
    login,
    login_ok,
    open_path,
    saved_number_pattern,
    signed_in_cookie,
    wait_idle,
)
from tests.conftest import fresh_postgres_database
from tests.db.factories import add_user, case_in_stage

ADDED_USER_PASSWORD = "another horse 2"  # tests.db.factories.add_user

pytestmark = pytest.mark.browser


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def two_servers(
    request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, Server]]:
    """Two servers on one database: one SQLite file, or one PostgreSQL database."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            shared = {"shared_sqlite": True}
        else:
            shared = {"database_url": stack.enter_context(fresh_postgres_database("servers"))}
        one, two = stack.enter_context(
            running_servers(tmp_path_factory, 2, demo_cases=50, **shared)  # type: ignore[arg-type]
        )
        assert one.url != two.url and one.database_url == two.database_url
        assert one.database_url.startswith("sqlite" if request.param == "sqlite" else "postgres")
        yield one, two


def signed_in(
    make: Callable[..., BrowserContext], server: Server, username: str, password: str | None = None
) -> Page:
    page = make().new_page()
    if password is None:
        login_ok(page, server, username)
    else:
        login(page, server, username, password)
        expect(page.locator(LOGOUT_BUTTON)).to_be_visible()
        wait_idle(page)
    return page


def fill_intake(page: Page, server: Server, facts: str) -> None:
    """The intake form for a dispute in 东河村 (in both users' scope), not yet submitted."""
    open_path(page, server, "intake")
    page.locator(".st-key-intake-submit button").wait_for()
    wait_idle(page)
    choose_option(page, "intake-unit", re.compile("东河村"), exact=False)
    page.locator(".st-key-intake-facts textarea").fill(facts)
    page.locator(".st-key-intake-party-0-name input").fill("双服务器甲")
    page.locator(".st-key-intake-party-1-name input").fill("双服务器乙")


def saved_number(page: Page) -> str:
    saved = page.locator(f"{MAIN} {SUCCESS}")
    saved.wait_for()
    found = saved_number_pattern().search(saved.inner_text())
    assert found, saved.inner_text()
    wait_idle(page)
    return found["number"]


def find_in_ledger(page: Page, server: Server, number: str) -> None:
    open_path(page, server, "cases")
    search = page.locator(".st-key-cases-search input")
    search.wait_for()
    wait_idle(page)
    search.fill(number)
    search.press("Enter")
    expect(page.get_by_text(ledger_caption(1), exact=True)).to_be_visible()
    rows = page.locator(f"{MAIN} {DATAFRAME} {GRID_ROWS}")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_contain_text(number)


def test_cases_registered_at_once_on_both_get_distinct_numbers_and_show_on_the_other(
    two_servers: tuple[Server, Server], more_contexts: Callable[..., BrowserContext]
) -> None:
    one, two = two_servers
    on_one = signed_in(more_contexts, one, "coordinator")
    on_two = signed_in(more_contexts, two, "mediator")
    fill_intake(on_one, one, "双服务器：一号服务器登记的纠纷。")
    fill_intake(on_two, two, "双服务器：二号服务器登记的纠纷。")
    on_one.locator(".st-key-intake-submit button").click()  # both submitted at the same moment
    on_two.locator(".st-key-intake-submit button").click()
    first, second = saved_number(on_one), saved_number(on_two)
    assert first != second
    town = first.rsplit("-", 1)[0]
    assert second.startswith(town)  # 青石镇's one sequence: the coordinator's and the village's
    assert abs(int(first[-4:]) - int(second[-4:])) == 1
    # Each server shows the case the other one registered.
    find_in_ledger(on_one, one, second)
    find_in_ledger(on_two, two, first)


def test_the_same_case_moved_on_both_at_once_is_changed_once(
    two_servers: tuple[Server, Server], more_contexts: Callable[..., BrowserContext]
) -> None:
    one, two = two_servers
    engine = make_engine(one.database_url)
    with Session(engine) as session:
        actors = {u.username: Actor.of(session, u) for u in session.exec(select(User)).all()}
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)  # given to 东河村's mediator 孙丽
    # The village's second mediator may start it too.
    add_user(engine, "mediator_two", "东河村调解员 周华", Role.MEDIATOR, "QSZ01")
    on_one = signed_in(more_contexts, one, "mediator")
    on_two = signed_in(more_contexts, two, "mediator_two", ADDED_USER_PASSWORD)
    for page, server in ((on_one, one), (on_two, two)):  # both open the case's 开始调处 form
        open_path(page, server, f"case?id={case_id}")
        page.locator(".st-key-case-start-submit button").wait_for()
        wait_idle(page)
    on_one.locator(".st-key-case-start-submit button").click()
    on_two.locator(".st-key-case-start-submit button").click()
    done = texts.MOVE_DONE.format(move=texts.label(Move.START))
    # What each user is told: done, or that someone else changed the case (the page may show
    # other notices already, such as a daily report's contradiction, so wait for these words).
    heads = [done] + [m.split("{who}")[0] for m in (texts.E_STALE, texts.CASE_CHANGED_SINCE)]
    outcomes = {}
    for name, page in (("one", on_one), ("two", on_two)):
        told = page.locator(f"{MAIN} :is({SUCCESS}, {ERROR}, {WARNING})")
        told.filter(has_text=re.compile("|".join(re.escape(h) for h in heads))).first.wait_for()
        wait_idle(page)
        outcomes[name] = page.locator(MAIN).inner_text()
    winners = [name for name, text in outcomes.items() if done in text]
    losers = [name for name, text in outcomes.items() if done not in text]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.stage == Stage.MEDIATING
        winner = session.get(User, case.updated_by_id)
        assert winner is not None
        started = session.exec(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == EventKind.STAGE_CHANGED
            )
        ).all()
    engine.dispose()
    assert len(started) == 1  # changed once
    # The other user is told, in Chinese, who changed the case first; nothing of theirs was saved.
    # Refused on saving (the service found a newer version), or — when the other server had
    # committed before this run read the case — warned before any form is offered.
    told = [
        message.split("{when}")[0].format(who=winner.display_name)
        for message in (texts.E_STALE, texts.CASE_CHANGED_SINCE)
    ]
    assert any(head in outcomes[losers[0]] for head in told), outcomes[losers[0]]


def test_a_one_time_password_meets_the_change_form_on_the_other_server_too(
    two_servers: tuple[Server, Server], more_contexts: Callable[..., BrowserContext]
) -> None:
    """The forced change lives in the database, not in one process: the cookie of a session on
    a one-time password opens only the change form on the other server too."""
    one, two = two_servers
    create_user(one, "twoservers", "one-time-Pw-5150")
    page = more_contexts().new_page()
    login(page, one, "twoservers", "one-time-Pw-5150")
    assert_only_the_change_form(page, "server one, after sign-in")
    cookie = signed_in_cookie(page)
    elsewhere = more_contexts()
    add_auth_cookie(elsewhere, two, cookie)
    other = elsewhere.new_page()
    open_path(other, two, "cases")
    assert_only_the_change_form(other, "server two, by the cookie")
