"""Sign-in throttling: growing, short delays by account and by client address; never a lock.

A failed sign-in is a row of LoginAttempt (username, client address, moment). Failures older
than WINDOW are forgotten (and deleted). Two rules, each a delay that grows with the failures
counted for its key and is measured from the client's own last failure, so nobody's tries
change when somebody else may try:

- by account: once a username has FREE_FAILURES failures (from any client), a client that
  failed on it must wait, from its own last failure on it, FIRST_DELAY, then twice as long
  with each further failure (1 s, 2 s, 4 s, …) up to MAX_DELAY. A client that has not failed
  on that username tries at once, whatever others typed: nobody can keep the owner out, and a
  guesser gets one try per MAX_DELAY at most per address.
- by address: once one client address has ADDRESS_FREE_FAILURES failures (whatever the
  usernames, e.g. one password tried on many accounts), its tries on any username wait the
  same way from its last failure. That slows the address, not the accounts.

A try that comes too early is refused without being checked, with the same message as a
wrong password and after the same one bcrypt check (on a dummy hash; db.accounts.auth), and it
is not counted: a refused try neither extends the wait nor moves its start. Delays are
enforced by refusing early tries, not by sleeping: no server thread waits, and the delay
cannot be used to tie the server up.

The address is the true client address (db.accounts.addresses: X-Forwarded-For counts only from
a trusted proxy). People who share one address (an office behind NAT, or a proxy that is not
listed as trusted) share its pace: a wrong password typed there makes the next try there on
that account wait, at most MAX_DELAY.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, text
from sqlmodel import Session, func, select

from db.models import LoginAttempt

FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(seconds=60)
WINDOW = timedelta(minutes=15)
# PostgreSQL advisory lock classes: one try at a time per username, then per address.
_LOCK_ACCOUNT, _LOCK_ADDRESS = 16_01, 16_02


def delay_after(failures: int, free: int) -> timedelta:
    """The wait after `failures` counted failures when `free` of them cost nothing."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 30), MAX_DELAY)


@dataclass(frozen=True)
class Pace:
    """What the failures counted so far say about one try of `username` from `client`."""

    account_failures: int  # for the username, from any client
    address_failures: int  # from the client, for any username
    last_on_account: datetime | None  # the client's last failure on the username
    last_from_address: datetime | None  # the client's last failure on any username

    def ready_at(self) -> datetime | None:
        """The moment from which a try is checked; None: at once."""
        moments = []
        if self.last_on_account is not None:
            wait = delay_after(self.account_failures, FREE_FAILURES)
            moments.append(self.last_on_account + wait)
        if self.last_from_address is not None:
            wait = delay_after(self.address_failures, ADDRESS_FREE_FAILURES)
            moments.append(self.last_from_address + wait)
        return max(moments, default=None)


def hold(session: Session, username: str, client: str) -> None:
    """One try at a time per username and per address until the session's transaction ends, so
    that two tries at once cannot both pass (SQLite: a write session already holds the
    database's write lock; PostgreSQL: advisory locks, always in this order)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    lock = text("SELECT pg_advisory_xact_lock(:kind, hashtext(:key))")
    session.execute(lock, {"kind": _LOCK_ACCOUNT, "key": username})
    session.execute(lock, {"kind": _LOCK_ADDRESS, "key": client})


def pace(session: Session, username: str, client: str, now: datetime) -> Pace:
    since = now - WINDOW
    recent = LoginAttempt.at >= since  # type: ignore[operator]
    account = session.exec(
        select(func.count(), func.max(LoginAttempt.at).filter(LoginAttempt.client == client))
        .where(LoginAttempt.username == username)
        .where(recent)
    ).one()
    address = session.exec(
        select(func.count(), func.max(LoginAttempt.at))
        .where(LoginAttempt.client == client)
        .where(recent)
    ).one()
    return Pace(account[0], address[0], account[1], address[1])


def too_early(session: Session, username: str, client: str, now: datetime) -> bool:
    ready = pace(session, username, client, now).ready_at()
    return ready is not None and now < ready


def count_failure(session: Session, username: str, client: str, now: datetime) -> None:
    """A failure of `username` from `client` at `now` (into the caller's transaction), and the
    forgetting of those older than WINDOW."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - WINDOW))  # type: ignore[arg-type,operator]
    session.add(LoginAttempt(username=username, client=client, at=now))


def forget(session: Session, username: str, client: str) -> None:
    """After a success: this client's failures on this username no longer count."""
    session.execute(
        delete(LoginAttempt).where(LoginAttempt.username == username, LoginAttempt.client == client)  # type: ignore[arg-type]
    )
