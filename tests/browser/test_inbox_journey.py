"""The inbox in the browser (issue 21): the town's coordinator assigns a case on the board; in
another browser the village mediator's sidebar shows one unread notification; its line in 通知
opens the case in the same tab; `python -m db remind` run for the day before the deadline then
brings 明天到期 into the inbox. On a server of its own (a demo without generated cases), so
that the mediator's notifications are the journey's alone."""

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, select

from db import texts
from db.clock import local_today
from db.core.settings import PROJECT_DIR
from db.models import Case
from tests.browser.appserver import Server, running_servers
from tests.browser.test_workflow_journey import pick, registered_case
from tests.browser.ui import (
    MAIN,
    SIDEBAR,
    click_in_page_link,
    login_ok,
    open_path,
    signed_in_cookie,
    wait_idle,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def quiet_server(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    with running_servers(tmp_path_factory, 1, demo_cases=0) as (one,):
        yield one


def deadline_of(server: Server, case_id: int):  # type: ignore[no-untyped-def]
    from db.core.engine import make_engine

    engine = make_engine(f"sqlite:///{server.database}")
    with Session(engine) as session:
        deadline = session.exec(select(Case.deadline).where(Case.id == case_id)).one()
    engine.dispose()
    return deadline


def test_an_assignment_reaches_the_mediators_inbox_and_a_reminder_follows(
    page: Page, quiet_server: Server, more_contexts
) -> None:
    server = quiet_server
    case_id, number = registered_case(server)

    # The mediator is signed in already, in another browser: nothing unread.
    mediator_context: BrowserContext = more_contexts()
    mediator = mediator_context.new_page()
    login_ok(mediator, server, "mediator")
    signed_in_cookie(mediator)
    inbox_link = (
        mediator.locator(f"{SIDEBAR} [data-testid=stPageLink]")
        .filter(has_text=texts.PAGE_INBOX)
        .locator("[data-testid=stMarkdownContainer]")
    )
    expect(inbox_link).to_have_text(texts.PAGE_INBOX)

    # The coordinator assigns it from the board (the four fixes in the dialog).
    login_ok(page, server, "coordinator")
    signed_in_cookie(page)
    open_path(page, server, "kanban")
    click_in_page_link(page, f"move-{case_id}-assign")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(number)
    pick(page, "kanban-dialog-assign-unit", re.compile("东河村"))
    person = dialog.locator(".st-key-kanban-dialog-assign-person [role=combobox]")
    expect(person).to_have_value("东河村调解员 孙丽")
    # A high-risk case is a hard one: its team and plan too (五个一).
    dialog.locator(".st-key-kanban-dialog-assign-team input").fill("王刚、李梅")
    dialog.locator(".st-key-kanban-dialog-assign-measures textarea").fill("召集双方现场确认界址。")
    wait_idle(page)
    dialog.locator(".st-key-kanban-dialog-assign-submit button").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_idle(page)

    # The mediator's next page shows one unread; its line in 通知 opens the case, same tab.
    open_path(mediator, server, "inbox")
    expect(inbox_link).to_have_text(texts.INBOX_NAV_LABEL.format(count=1))
    line = mediator.locator(f"{MAIN} [data-testid=stPageLink]").filter(has_text=number)
    expect(line).to_have_count(1)
    wait_idle(mediator)  # a click while the page still runs can be lost with its run
    pages_before = len(mediator_context.pages)
    line.click()
    # The inbox line shows the number too: wait for the case page's address, then its run.
    expect(mediator).to_have_url(re.compile(rf"/case\?id={case_id}$"))
    expect(mediator.locator(MAIN)).to_contain_text(number)
    wait_idle(mediator)
    assert len(mediator_context.pages) == pages_before

    # The clock moved to the day before the deadline: `remind` makes 明天到期.
    deadline = deadline_of(server, case_id)
    assert deadline is not None and deadline > local_today() + timedelta(days=3)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "db",
            "remind",
            "--today",
            (deadline - timedelta(days=1)).isoformat(),
        ],
        cwd=PROJECT_DIR,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    open_path(mediator, server, "inbox")
    expect(mediator.locator(MAIN)).to_contain_text(f"{number} · 明天到期")
