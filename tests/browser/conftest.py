"""Browser journeys: a real `streamlit run` server on a demo database, driven with Debian's
Chromium through Playwright (no browser download).

One server (`server`) is shared by the tests that do not need a pristine one; a test that needs
servers no session has touched yet starts its own (appserver.running_servers). Every test gets a
new browser context, so no cookie or session leaks from one test to the next.

Skip rule: without /usr/bin/chromium (or Playwright) the browser tests skip, unless
REQUIRE_BROWSER=1, when they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.appserver import Server, running_servers
from tests.browser.ui import UI_TIMEOUT_MS, Dialogs, new_context

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
except ImportError:  # the browser fixture skips (or fails with REQUIRE_BROWSER=1)
    sync_playwright = None  # type: ignore[assignment]
else:
    # expect() waits for what it checks up to its own timeout (5 s by default), not the page's:
    # as long as any single wait, since a busy machine may take longer to rerun a page (seen: a
    # resolve that showed its new stage after 5 s while other work loaded both cores).
    expect.set_options(timeout=UI_TIMEOUT_MS)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def _skip_or_fail(reason: str) -> None:
    if _require_browser():
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, launched once for the whole run."""
    if not CHROMIUM.exists():
        _skip_or_fail(f"{CHROMIUM} is not installed")
    if sync_playwright is None:
        _skip_or_fail("Playwright is not installed (requirements-dev.txt)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def server(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server on a demo database, shared by the tests that do not need a pristine one."""
    with running_servers(tmp_path_factory, 1) as (one,):
        yield one


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A new browser context (no cookies) per test, in the server's time zone."""
    made = new_context(browser)
    yield made
    made.close()


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def page(context: BrowserContext, dialogs: Dialogs) -> Page:
    made = context.new_page()
    dialogs.watch(made)
    return made


@pytest.fixture
def more_contexts(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Further browser contexts for a test ("another browser"), closed at its end;
    `more_contexts(timezone="Asia/Shanghai")` for one in another time zone."""
    made: list[BrowserContext] = []

    def make(**options: str) -> BrowserContext:
        made.append(new_context(browser, **options))
        return made[-1]

    yield make
    for one in made:
        one.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """A failed browser test's report carries the end of its server's log (tracebacks stay
    there, not in the browser: client.showErrorDetails is off)."""
    report = yield
    if report.failed and call.when == "call":
        funcargs = getattr(item, "funcargs", {})
        servers = [v for v in funcargs.values() if isinstance(v, Server)]
        for value in funcargs.values():
            if isinstance(value, dict) and isinstance(value.get(funcargs.get("path")), Server):
                servers.append(value[funcargs["path"]])
        for one in servers[:1]:
            report.sections.append(("streamlit server log (end)", one.log_tail(40)))
    return report
