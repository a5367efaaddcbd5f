"""Sign-in throttling (db.accounts.throttle): nobody can keep another person out of their
account. Wrong passwords slow down the client that typed them, by growing delays capped at
MAX_DELAY, never by a lock; many failures from one address slow that address, not the accounts.
Time passes by moving the failures' timestamps back while the sign-in's clock stands still (no
sleeps, and a slow machine changes nothing)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db import texts
from db.accounts import auth
from db.accounts.addresses import client_address
from db.accounts.auth import LoginRefused, SignedIn, sign_in
from db.accounts.throttle import (
    ADDRESS_FREE_FAILURES,
    FIRST_DELAY,
    FREE_FAILURES,
    MAX_DELAY,
    WINDOW,
    delay_after,
)
from db.clock import utcnow
from db.core.engine import write_session
from db.demo.world import World
from db.enums import AuditAction
from db.models import AuditLog, LoginAttempt
from tests.conftest import PASSWORD

OWNER, ATTACKER, SPRAYER = "198.51.100.4", "203.0.113.9", "192.0.2.77"
PROXY = "10.0.0.2"
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The sign-in's clock stands still: time passes only when a test moves the failures back,
    however long the test itself takes."""
    now = utcnow()
    monkeypatch.setattr(auth, "utcnow", lambda: now)
    return now


def login(engine: Engine, username: str, password: str, client: str) -> SignedIn:
    with write_session(engine) as session:
        return sign_in(session, username=username, password=password, client=client)


def refused(engine: Engine, username: str, password: str, client: str) -> str:
    with pytest.raises(LoginRefused) as refusal:
        login(engine, username, password, client)
    return str(refusal.value)


def signs_in(engine: Engine, username: str, client: str) -> bool:
    try:
        return login(engine, username, PASSWORD, client).actor.username == username
    except LoginRefused:
        return False


def time_passes(engine: Engine, by: timedelta) -> None:
    """Every failure so far happened `by` earlier."""
    with Session(engine) as session:
        for attempt in session.exec(select(LoginAttempt)).all():
            attempt.at -= by
            session.add(attempt)
        session.commit()


def failures(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(LoginAttempt).order_by(LoginAttempt.id)).all()  # type: ignore[arg-type]
        return [(row.username, row.client) for row in rows]


def failed_details(engine: Engine) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(AuditLog)
            .where(AuditLog.action == AuditAction.LOGIN_FAILED)
            .order_by(AuditLog.id)  # type: ignore[arg-type]
        ).all()
        return [row.detail for row in rows]


def test_the_delays_double_from_one_second_up_to_the_cap() -> None:
    waits = [delay_after(n, FREE_FAILURES) for n in range(FREE_FAILURES + 10)]
    assert waits[:FREE_FAILURES] == [timedelta(0)] * FREE_FAILURES
    assert waits[FREE_FAILURES : FREE_FAILURES + 4] == [SECOND, 2 * SECOND, 4 * SECOND, 8 * SECOND]
    assert max(waits) == MAX_DELAY == waits[-1]
    assert delay_after(10**6, FREE_FAILURES) == MAX_DELAY  # no overflow, still the cap


@pytest.mark.parametrize("wrong", [FREE_FAILURES, 3 * FREE_FAILURES])
def test_wrong_passwords_from_one_client_do_not_keep_the_owner_out(
    engine: Engine, world: World, wrong: int
) -> None:
    for _ in range(wrong):
        # Each try after the free ones comes once its delay has passed, so each is checked.
        refused(engine, "mediator", "wrong password", ATTACKER)
        time_passes(engine, MAX_DELAY)
    refused(engine, "mediator", "wrong password", ATTACKER)
    # The owner, from their own address, right away.
    assert signs_in(engine, "mediator", OWNER)
    # The one who typed them waits: even the right password is refused until the delay passed.
    assert not signs_in(engine, "mediator", ATTACKER)
    time_passes(engine, MAX_DELAY)
    assert signs_in(engine, "mediator", ATTACKER)


def test_the_owner_who_mistyped_too_waits_at_most_the_cap(
    engine: Engine, world: World, stopped_clock: datetime
) -> None:
    """Hundreds of failures by others: the owner's own typo costs them one short wait."""
    now = stopped_clock
    with Session(engine) as session:
        for i in range(300):
            at = now - WINDOW + timedelta(seconds=2 * i + 1)
            session.add(LoginAttempt(username="mediator", client=f"203.0.113.{i % 200}", at=at))
        session.commit()
    refused(engine, "mediator", "a typo", OWNER)
    time_passes(engine, MAX_DELAY - SECOND)
    assert not signs_in(engine, "mediator", OWNER)  # within the cap: still waiting
    time_passes(engine, SECOND)
    assert signs_in(engine, "mediator", OWNER)


def test_many_wrong_tries_never_hold_an_account_longer_than_the_cap(
    engine: Engine, world: World
) -> None:
    for _ in range(40):  # checked one after the other, each as soon as it may be
        refused(engine, "mediator", "wrong password", ATTACKER)
        time_passes(engine, MAX_DELAY)
    refused(engine, "mediator", "wrong password", ATTACKER)
    time_passes(engine, MAX_DELAY)
    assert signs_in(engine, "mediator", ATTACKER)


def test_the_delay_grows_with_each_failure(engine: Engine, world: World) -> None:
    for _ in range(FREE_FAILURES):
        refused(engine, "mediator", "wrong password", ATTACKER)
    for extra in range(4):  # waits of 1, 2, 4 and 8 seconds
        wait = FIRST_DELAY * 2**extra
        time_passes(engine, wait - SECOND / 10)
        assert not signs_in(engine, "mediator", ATTACKER)
        time_passes(engine, SECOND / 10)
        refused(engine, "mediator", "wrong password", ATTACKER)  # checked: the next waits longer
    time_passes(engine, 16 * SECOND)
    assert signs_in(engine, "mediator", ATTACKER)


def test_a_try_too_early_is_not_counted_and_does_not_restart_the_wait(
    engine: Engine, world: World
) -> None:
    for _ in range(FREE_FAILURES):
        refused(engine, "mediator", "wrong password", ATTACKER)
    counted = failures(engine)
    for _ in range(10):
        assert refused(engine, "mediator", "wrong password", ATTACKER) == texts.E_LOGIN_FAILED
    assert failures(engine) == counted
    assert failed_details(engine)[-10:] == ["throttled"] * 10
    time_passes(engine, FIRST_DELAY)  # the first delay, from the last counted failure
    assert signs_in(engine, "mediator", ATTACKER)


def test_failures_older_than_the_window_are_forgotten(engine: Engine, world: World) -> None:
    for _ in range(FREE_FAILURES + 3):
        refused(engine, "mediator", "wrong password", ATTACKER)
        time_passes(engine, MAX_DELAY)
    time_passes(engine, WINDOW)
    for _ in range(FREE_FAILURES):  # free again: no wait between these
        refused(engine, "mediator", "wrong password", ATTACKER)
    assert failures(engine) == [("mediator", ATTACKER)] * FREE_FAILURES  # old rows deleted


def test_many_usernames_from_one_address_slow_that_address_not_the_accounts(
    engine: Engine, world: World
) -> None:
    names = sorted(world.users)
    assert len(names) >= ADDRESS_FREE_FAILURES + 2
    for name in names[:ADDRESS_FREE_FAILURES]:  # one password tried on many accounts
        refused(engine, name, "Password123", SPRAYER)
    fresh = names[ADDRESS_FREE_FAILURES]
    # The address waits, even for an account it never tried and with the right password...
    assert not signs_in(engine, fresh, SPRAYER)
    assert failed_details(engine)[-1] == "throttled"
    # ...the accounts do not: their owners sign in from their own addresses at once.
    for name in names[:3]:
        assert signs_in(engine, name, OWNER)
    time_passes(engine, FIRST_DELAY)
    assert signs_in(engine, fresh, SPRAYER)


def test_every_refusal_reads_the_same_throttled_or_not(engine: Engine, world: World) -> None:
    messages = {
        refused(engine, "nobody", PASSWORD, OWNER),
        refused(engine, "mediator", "wrong password", OWNER),
    }
    for _ in range(FREE_FAILURES):
        refused(engine, "coordinator", "wrong password", ATTACKER)
    messages.add(refused(engine, "coordinator", PASSWORD, ATTACKER))  # throttled
    assert messages == {texts.E_LOGIN_FAILED}
    assert failed_details(engine)[-1] == "throttled"


# Through a proxy: the addresses the requests carry --------------------------------------


def through_proxy(
    engine: Engine, username: str, password: str, forwarded_for: str, trusted: str
) -> bool:
    """A try that reached the app from PROXY, which says the client is `forwarded_for`."""
    networks = (ip_network(trusted),) if trusted else ()
    client = client_address(PROXY, forwarded_for, networks)
    try:
        return login(engine, username, password, client).actor.client == client
    except LoginRefused:
        return False


def test_behind_a_trusted_proxy_one_client_cannot_keep_another_out(
    engine: Engine, world: World
) -> None:
    for _ in range(FREE_FAILURES + 2):
        # The attacker also claims to be the owner: the proxy appends the real address.
        assert not through_proxy(engine, "mediator", "guess", f"{OWNER}, {ATTACKER}", PROXY)
    assert through_proxy(engine, "mediator", PASSWORD, OWNER, PROXY)
    assert {client for _, client in failures(engine)} == {ATTACKER}


def test_behind_an_untrusted_proxy_everyone_shares_its_pace_but_only_briefly(
    engine: Engine, world: World
) -> None:
    """When the proxy is not listed, X-Forwarded-For is ignored and everyone is the proxy: the
    owner then waits after another's failures, but no longer than the cap."""
    for _ in range(FREE_FAILURES):
        assert not through_proxy(engine, "mediator", "guess", ATTACKER, "")
    assert not through_proxy(engine, "mediator", PASSWORD, OWNER, "")
    assert {client for _, client in failures(engine)} == {PROXY}
    time_passes(engine, FIRST_DELAY)
    assert through_proxy(engine, "mediator", PASSWORD, OWNER, "")


def test_tries_at_the_same_moment_are_counted_one_at_a_time(engine: Engine, world: World) -> None:
    """Ten wrong tries at once from a client that may try again: one is checked, the others
    find it counted already (SQLite: the write lock; PostgreSQL: advisory locks) and wait."""
    for _ in range(2 * FREE_FAILURES):
        refused(engine, "mediator", "wrong password", ATTACKER)
    time_passes(engine, MAX_DELAY)
    before = len(failures(engine))

    def guess(_: int) -> str:
        return refused(engine, "mediator", "wrong password", ATTACKER)

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(guess, range(10))) == {texts.E_LOGIN_FAILED}
    assert len(failures(engine)) == before + 1
    assert failed_details(engine)[-10:].count("throttled") == 9
