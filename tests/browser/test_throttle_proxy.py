"""Sign-in throttling through a proxy-like setup: browsers whose requests carry the proxy's
address (127.0.0.1, where the test server listens) and an X-Forwarded-For naming each client.

With the proxy trusted (DISPUTE_DESK_TRUSTED_PROXIES), wrong passwords from one client do not
keep the owner, on another client, out; the audit log names each client. Without it, the header
is ignored end to end (uvicorn does not apply it either: FORWARDED_ALLOW_IPS is empty, as in
./run.sh), everyone is the proxy and shares its pace."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from sqlmodel import Session, select

from db import texts
from db.accounts.throttle import FREE_FAILURES
from db.core.engine import make_engine
from db.enums import AuditAction
from db.models import AuditLog, LoginAttempt
from tests.browser.appserver import Server, running_servers
from tests.browser.ui import ERROR, is_signed_in, login, login_ok, new_context

pytestmark = pytest.mark.browser

OWNER, ATTACKER = "198.51.100.4", "203.0.113.9"


@pytest.fixture(params=["trusted", "not-trusted"])
def proxied(
    request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Server]]:
    extra = {"DISPUTE_DESK_TRUSTED_PROXIES": "127.0.0.1"} if request.param == "trusted" else {}
    with running_servers(tmp_path_factory, 1, demo_cases=20, extra_env=extra) as (one,):
        yield request.param, one


def behind_proxy(browser: Browser, client: str) -> BrowserContext:
    """A browser whose every request (page and websocket) the proxy forwarded for `client`."""
    context = new_context(browser)
    context.set_extra_http_headers({"X-Forwarded-For": client})
    return context


def audit_clients(server: Server, action: AuditAction) -> set[str]:
    with Session(make_engine(server.database_url)) as session:
        rows = session.exec(select(AuditLog).where(AuditLog.action == action)).all()
        return {row.client for row in rows}


def one_more_failure_just_now(server: Server, client: str) -> None:
    """Five more failures of the attacker's client just now: its next try waits half a minute,
    so "too early" does not depend on how fast this machine is."""
    with Session(make_engine(server.database_url)) as session:
        session.add_all(LoginAttempt(username="supervisor", client=client) for _ in range(5))
        session.commit()


def test_a_client_behind_the_proxy_cannot_keep_another_out(
    browser: Browser, proxied: tuple[str, Server]
) -> None:
    trust, server = proxied
    attacker, owner = behind_proxy(browser, ATTACKER), behind_proxy(browser, OWNER)
    try:
        page = attacker.new_page()
        for _ in range(FREE_FAILURES):
            login(page, server, "supervisor", password="not-the-" + server.password)
            expect(page.locator(ERROR)).to_have_text(texts.E_LOGIN_FAILED)
        seen_as = ATTACKER if trust == "trusted" else "127.0.0.1"
        assert audit_clients(server, AuditAction.LOGIN_FAILED) == {seen_as}
        one_more_failure_just_now(server, seen_as)
        login(page, server, "supervisor")  # the right password, too early for this client
        expect(page.locator(ERROR)).to_have_text(texts.E_LOGIN_FAILED)
        assert not is_signed_in(page)

        mine = owner.new_page()
        if trust == "trusted":
            login_ok(mine, server, "supervisor")  # at once, whatever the attacker typed
            assert audit_clients(server, AuditAction.LOGIN) == {OWNER}
        else:  # one address for everyone: the owner shares the attacker's pace
            login(mine, server, "supervisor")
            expect(mine.locator(ERROR)).to_have_text(texts.E_LOGIN_FAILED)
            assert not is_signed_in(mine)
            assert audit_clients(server, AuditAction.LOGIN) == set()
    finally:
        attacker.close()
        owner.close()
