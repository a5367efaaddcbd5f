"""Sign-in sessions kept in the database (db.accounts.sessions) and the forced first password
change (db.core.actor): what a stolen cookie is worth, and what an account on its one-time
password may do (nothing but change it)."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from db import texts
from db.accounts import admin, auth, sessions
from db.accounts.auth import LoginRefused, SignedIn
from db.cases import moves
from db.cases.ledger import LedgerFilter, get_case, list_cases
from db.clock import utcnow
from db.core.actor import Actor, MustChangePassword, PasswordChangeOnly
from db.core.engine import read_session, write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.demo.world import World
from db.enums import AuditAction
from db.models import AuditLog, User, WebSession
from tests.conftest import PASSWORD
from tests.db.factories import new_case, plan, unit_id

CLIENT = "10.0.0.7"


def login(engine: Engine, username: str, password: str = PASSWORD) -> SignedIn:
    with write_session(engine) as session:
        return auth.sign_in(session, username=username, password=password, client=CLIENT)


def resumed(engine: Engine, token: str) -> sessions.Resumed:
    with read_session(engine) as session:
        return auth.resume(session, token=token, client=CLIENT)


def live(engine: Engine, token: str) -> bool:
    return resumed(engine, token).who is not None


def row(engine: Engine, token: str) -> WebSession:
    with Session(engine) as session:
        return session.exec(
            select(WebSession).where(WebSession.token_hash == sessions.token_hash(token))
        ).one()


def last_seen_ago(engine: Engine, token: str, ago: timedelta) -> None:
    with Session(engine) as session:
        session.execute(
            update(WebSession)
            .where(WebSession.token_hash == sessions.token_hash(token))  # type: ignore[arg-type]
            .values(last_seen_at=utcnow() - ago)
        )
        session.commit()


def visit(engine: Engine, token: str) -> sessions.Resumed:
    """One page run: resume, then record the visit as components.session does."""
    found = resumed(engine, token)
    with write_session(engine) as session:
        sessions.record_visit(session, found)
    return found


# The session's life -----------------------------------------------------------------------


def test_a_sign_in_starts_a_session_whose_token_is_stored_only_as_its_hash(
    engine: Engine, world: World
) -> None:
    signed = login(engine, "mediator")
    stored = row(engine, signed.token)
    assert stored.token_hash == hashlib.sha256(signed.token.encode()).hexdigest()
    assert signed.token not in stored.token_hash
    assert (stored.user_id, stored.ended_at) == (world.users["mediator"], None)
    assert len(signed.token) >= 40  # 32 random bytes
    assert resumed(engine, signed.token).who == signed.actor


def test_two_sign_ins_are_two_sessions(engine: Engine, world: World) -> None:
    first, second = login(engine, "mediator"), login(engine, "mediator")
    assert first.token != second.token
    assert live(engine, first.token) and live(engine, second.token)


def test_thirty_idle_minutes_end_the_session(engine: Engine, world: World) -> None:
    signed = login(engine, "mediator")
    last_seen_ago(engine, signed.token, timedelta(minutes=31))
    found = visit(engine, signed.token)
    assert (found.who, found.reason) == (None, sessions.Ended.IDLE)
    stored = row(engine, signed.token)
    assert stored.ended_at is not None and stored.ended_reason == "idle"
    # Ended for good: even a visit that pretends to be recent does not bring it back.
    last_seen_ago(engine, signed.token, timedelta(0))
    assert not live(engine, signed.token)


def test_29_idle_minutes_do_not_and_the_visit_counts_from_now(engine: Engine, world: World) -> None:
    signed = login(engine, "mediator")
    last_seen_ago(engine, signed.token, timedelta(minutes=29))
    assert visit(engine, signed.token).who is not None
    last_seen = row(engine, signed.token).last_seen_at
    assert utcnow() - last_seen < timedelta(minutes=1)


def test_the_last_visit_is_written_at_most_once_a_minute(engine: Engine, world: World) -> None:
    signed = login(engine, "mediator")
    last_seen_ago(engine, signed.token, timedelta(seconds=30))
    before = row(engine, signed.token).last_seen_at
    assert resumed(engine, signed.token).visit_due is False
    visit(engine, signed.token)
    assert row(engine, signed.token).last_seen_at == before
    last_seen_ago(engine, signed.token, timedelta(seconds=61))
    assert resumed(engine, signed.token).visit_due is True


def test_a_sign_in_deletes_sessions_ended_or_idle_for_over_thirty_days(
    engine: Engine, world: World
) -> None:
    """Rows do not pile up: a month after a session ended (or was last seen) it is gone, and its
    old cookie is "unknown"; younger ones stay and still say why they ended."""
    old_idle, old_ended, recent_ended, live_one = (login(engine, "mediator") for _ in range(4))
    month = sessions.KEEP_ENDED + timedelta(minutes=1)
    last_seen_ago(engine, old_idle.token, month)
    with Session(engine) as session:
        for signed, ago in ((old_ended, month), (recent_ended, timedelta(days=29))):
            session.execute(
                update(WebSession)
                .where(WebSession.token_hash == sessions.token_hash(signed.token))  # type: ignore[arg-type]
                .values(ended_at=utcnow() - ago, ended_reason="logout")
            )
        session.commit()
    login(engine, "coordinator")
    with Session(engine) as session:
        kept = set(session.exec(select(WebSession.token_hash)).all())
    assert sessions.token_hash(old_idle.token) not in kept
    assert sessions.token_hash(old_ended.token) not in kept
    assert resumed(engine, old_ended.token).reason == "unknown"
    assert resumed(engine, recent_ended.token).reason == "logout"
    assert live(engine, live_one.token)


def test_logout_ends_this_session_and_not_the_others(engine: Engine, world: World) -> None:
    here, phone = login(engine, "mediator"), login(engine, "mediator")
    with write_session(engine) as session:
        auth.sign_out(session, actor=here.actor, token=here.token)
    assert (resumed(engine, here.token).reason, live(engine, phone.token)) == ("logout", True)


def test_a_password_change_ends_every_other_session_and_renews_its_own(
    engine: Engine, world: World
) -> None:
    here, phone = login(engine, "mediator"), login(engine, "mediator")
    with write_session(engine) as session:
        fresh = auth.change_password(
            session,
            actor=here.actor,
            current=PASSWORD,
            new="a new passphrase",
            repeat="a new passphrase",
        )
    assert resumed(engine, phone.token).reason == "password_changed"
    assert resumed(engine, here.token).reason == "password_changed"  # its old cookie too
    assert fresh not in (here.token, phone.token)
    assert resumed(engine, fresh).who == here.actor


AdminAct = Callable[[Session, Actor, int], object]
ADMIN_ACTS: dict[str, AdminAct] = {
    "password_reset": lambda s, a, u: admin.reset_password(s, actor=a, user_id=u),
    "deactivated": lambda s, a, u: admin.set_active(s, actor=a, user_id=u, active=False),
    "ended_by_admin": lambda s, a, u: admin.end_sessions(s, actor=a, user_id=u),
}


@pytest.mark.parametrize("reason", list(ADMIN_ACTS))
def test_an_administrator_ends_every_session_of_the_user(
    engine: Engine, world: World, actors: dict[str, Actor], reason: str
) -> None:
    mine, phone = login(engine, "mediator"), login(engine, "mediator")
    theirs = login(engine, "coordinator")
    with write_session(engine) as session:
        ADMIN_ACTS[reason](session, actors["admin"], world.users["mediator"])
    assert [resumed(engine, s.token).reason for s in (mine, phone)] == [reason, reason]
    assert live(engine, theirs.token)


def test_ending_a_users_sessions_is_audited_and_counted(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    login(engine, "mediator"), login(engine, "mediator")
    with read_session(engine) as session:
        listed = {
            u.username: u.live_sessions for u in admin.list_users(session, actor=actors["admin"])
        }
    assert (listed["mediator"], listed["leader"]) == (2, 0)
    with write_session(engine) as session:
        ended = admin.end_sessions(session, actor=actors["admin"], user_id=world.users["mediator"])
    assert ended == 2
    with Session(engine) as session:
        rows = session.exec(
            select(AuditLog).where(
                AuditLog.action == AuditAction.USER_CHANGED,
                AuditLog.target == f"user:{world.users['mediator']}",
            )
        ).all()
    assert [(r.username, r.detail) for r in rows] == [
        ("admin", texts.AUDIT_SESSIONS_ENDED.format(count=2))
    ]


def test_only_an_administrator_ends_sessions(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    signed = login(engine, "mediator")
    with pytest.raises(NotAllowed), write_session(engine) as session:
        admin.end_sessions(session, actor=actors["coordinator"], user_id=world.users["mediator"])
    assert live(engine, signed.token)


# The forced first password change ---------------------------------------------------------


def one_time_password(engine: Engine, world: World, actors: dict[str, Actor], username: str) -> str:
    """An administrator resets the account: it is on a one-time password now."""
    with write_session(engine) as session:
        return admin.reset_password(session, actor=actors["admin"], user_id=world.users[username])


def test_an_account_on_its_one_time_password_is_never_an_actor(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    once = one_time_password(engine, world, actors, "coordinator")
    signed = login(engine, "coordinator", once)
    assert isinstance(signed.actor, PasswordChangeOnly) and signed.must_change_password
    # The cookie's path (a reload, a new tab, another server) finds the same: no Actor.
    assert isinstance(resumed(engine, signed.token).who, PasswordChangeOnly)
    with Session(engine) as session, pytest.raises(MustChangePassword) as refused:
        Actor.of(session, session.get(User, world.users["coordinator"]))  # type: ignore[arg-type]
    assert str(refused.value) == texts.E_MUST_CHANGE_PASSWORD


def _as_pending(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> tuple[PasswordChangeOnly, int]:
    case_id = new_case(engine, actors["coordinator"], "QSZ01")
    once = one_time_password(engine, world, actors, "coordinator")
    pending = login(engine, "coordinator", once).actor
    assert isinstance(pending, PasswordChangeOnly)
    return pending, case_id


READS_AND_ACTS: dict[str, Callable[[Session, object, int, Engine], object]] = {
    "load a case": lambda s, who, case, e: get_case(s, actor=who, case_id=case),  # type: ignore[arg-type]
    "list the ledger": lambda s, who, case, e: list_cases(s, actor=who, filters=LedgerFilter()),  # type: ignore[arg-type]
    "reveal personal data": lambda s, who, case, e: get_case(
        s,
        actor=who,
        case_id=case,
        reveal_reason="核实身份",  # type: ignore[arg-type]
    ),
    "assign the case": lambda s, who, case, e: moves.assign(
        s,
        actor=who,  # type: ignore[arg-type]
        case_id=case,
        version=1,
        plan=plan(unit_id(e, "QSZ01"), 1),
    ),
}


@pytest.mark.parametrize("what", list(READS_AND_ACTS))
def test_db_refuses_everything_to_an_account_that_must_change_its_password(
    engine: Engine, world: World, actors: dict[str, Actor], what: str
) -> None:
    pending, case_id = _as_pending(engine, world, actors)
    with write_session(engine) as session, pytest.raises(Refused) as refused:
        READS_AND_ACTS[what](session, pending, case_id, engine)
    assert str(refused.value) == texts.E_MUST_CHANGE_PASSWORD
    # Control: the same call with the account's former actor (before the reset) goes through.
    if what != "assign the case":
        with write_session(engine) as session:
            READS_AND_ACTS[what](session, actors["coordinator"], case_id, engine)


def test_the_change_is_the_one_thing_it_may_do_and_the_one_time_password_dies_with_it(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    case_id = new_case(engine, actors["coordinator"], "QSZ01")
    once = one_time_password(engine, world, actors, "coordinator")
    signed = login(engine, "coordinator", once)
    with write_session(engine) as session:
        fresh = auth.change_password(
            session,
            actor=signed.actor,
            current=once,
            new="my own passphrase",
            repeat="my own passphrase",
        )
    with pytest.raises(LoginRefused):
        login(engine, "coordinator", once)
    assert not live(engine, signed.token)
    now = resumed(engine, fresh).who
    assert isinstance(now, Actor)
    with write_session(engine) as session:
        assert get_case(session, actor=now, case_id=case_id).id == case_id
    assert isinstance(login(engine, "coordinator", "my own passphrase").actor, Actor)
