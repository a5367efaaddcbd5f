"""Files handed to one signed-in session (db.io.delivery): a token gives the bytes only to a
request whose cookie names the same server-side sign-in session, while that sign-in still counts
and the Streamlit session that asked is connected; every export's delivery is audited; the store is
bounded."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db import texts
from db.accounts.auth import SignedIn, change_password, sign_in, sign_out
from db.clock import utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.scope import OutOfScope
from db.demo.world import World
from db.enums import AuditAction
from db.io import delivery
from db.io.delivery import DeliveryStore, Offer, TooLarge, deliver
from db.models import AuditLog
from tests.conftest import PASSWORD

LEDGER = Offer(
    what="ledger",
    file_name="ledger.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    scope="清河县；筛选：无",
    revealed=True,
)
CONTENT = b"PK\x03\x04 a workbook"
SESSION = "session-1"


def signed(engine: Engine, username: str) -> SignedIn:
    with write_session(engine) as session:
        return sign_in(session, username=username, password=PASSWORD, client="10.0.0.1")


def connected(*sessions: str):  # type: ignore[no-untyped-def]
    return lambda session_id: session_id in sessions


def fetch(
    engine: Engine,
    store: DeliveryStore,
    token: str,
    cookie_token: str | None,
    active=None,  # type: ignore[no-untyped-def]
) -> bytes | None:
    """What a request gets whose sign-in cookie carries `cookie_token` (None: no valid cookie)."""
    active = active or connected(SESSION)
    with write_session(engine) as session:
        got = deliver(
            session,
            store,
            token,
            cookie_token=cookie_token,
            client="10.0.0.1",
            session_active=active,
        )
    return None if got is None else got.data


def downloads(engine: Engine) -> list[AuditLog]:
    with Session(engine) as session:
        query = select(AuditLog).where(AuditLog.action == AuditAction.DOWNLOAD)
        return list(session.exec(query).all())


def offered(store: DeliveryStore, who: SignedIn, *, offer: Offer = LEDGER, **kw: object) -> str:
    return store.put(
        session_id=str(kw.pop("session_id", SESSION)),
        actor=who.actor,
        sign_in_token=who.token,
        offer=offer,
        data=kw.pop("data", CONTENT),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_the_session_that_asked_gets_the_file_and_the_delivery_is_audited(
    engine: Engine, world: World
) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    token = offered(store, coordinator)
    assert len(token) >= 40  # 256 random bits
    assert fetch(engine, store, token, coordinator.token) == CONTENT
    assert fetch(engine, store, token, coordinator.token) == CONTENT  # each fetch is a delivery
    rows = downloads(engine)
    assert [(r.username, r.target, r.client) for r in rows] == [
        ("coordinator", "ledger", "10.0.0.1")
    ] * 2
    assert rows[0].detail == texts.DELIVERY_AUDIT.format(
        file="ledger.xlsx", scope="清河县；筛选：无", shown=texts.DELIVERY_REVEALED
    )


def test_a_masked_export_is_audited_as_masked(engine: Engine, world: World) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    token = offered(store, coordinator, offer=Offer(what="weekly", file_name="w.xlsx", mime="x"))
    assert fetch(engine, store, token, coordinator.token) == CONTENT
    [row] = downloads(engine)
    assert texts.DELIVERY_MASKED in row.detail and coordinator.actor.unit_name in row.detail


def test_without_a_valid_cookie_or_as_someone_else_nothing(engine: Engine, world: World) -> None:
    coordinator = signed(engine, "coordinator")
    mediator = signed(engine, "mediator")
    store = DeliveryStore()
    token = offered(store, coordinator)
    assert fetch(engine, store, token, None) is None
    assert fetch(engine, store, token, mediator.token) is None
    assert fetch(engine, store, "not-a-token", coordinator.token) is None
    assert downloads(engine) == []


def test_a_token_expires(engine: Engine, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore(ttl=timedelta(minutes=10))
    token = offered(store, coordinator)
    later = utcnow() + timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(delivery, "utcnow", lambda: later)
    assert fetch(engine, store, token, coordinator.token) is None
    assert store.held_bytes() == 0


def test_once_the_session_has_ended_nothing_and_its_files_are_dropped(
    engine: Engine, world: World
) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    token = offered(store, coordinator)
    offered(store, coordinator, slot="second")
    assert fetch(engine, store, token, coordinator.token, active=connected()) is None
    assert store.held_bytes(SESSION) == 0


def test_after_logout_nothing_even_with_a_fresh_cookie(engine: Engine, world: World) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    token = offered(store, coordinator)
    with write_session(engine) as session:
        sign_out(session, actor=coordinator.actor, token=coordinator.token)
    assert fetch(engine, store, token, coordinator.token) is None  # the cookie kept after logout
    again = signed(engine, "coordinator")  # signed in anew, in another session
    assert fetch(engine, store, token, again.token) is None


def test_after_a_password_change_the_files_offered_before_give_nothing(
    engine: Engine, world: World
) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    token = offered(store, coordinator)
    with write_session(engine) as session:
        change_password(
            session,
            actor=coordinator.actor,
            current=PASSWORD,
            new="Another-pw-9",
            repeat="Another-pw-9",
        )
    assert fetch(engine, store, token, coordinator.token) is None


def test_a_photo_is_read_for_the_fetching_user_and_not_audited(
    engine: Engine, world: World
) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    readers: list[str] = []

    def load(session: Session, reader: Actor) -> bytes:
        readers.append(reader.username)
        return b"\x89PNG..."

    photo = Offer(what="photo:1", file_name="photo-1", mime="", audited=False)
    token = store.put(
        session_id=SESSION,
        actor=coordinator.actor,
        sign_in_token=coordinator.token,
        offer=photo,
        loader=load,
        slot="photo-1",
    )
    assert fetch(engine, store, token, coordinator.token) == b"\x89PNG..."
    assert readers == ["coordinator"] and downloads(engine) == []

    def out_of_scope(session: Session, reader: Actor) -> bytes:
        raise OutOfScope()

    same = store.put(
        session_id=SESSION,
        actor=coordinator.actor,
        sign_in_token=coordinator.token,
        offer=photo,
        loader=out_of_scope,
        slot="photo-1",
    )
    assert same == token  # drawn again on a rerun: the same address
    assert fetch(engine, store, token, coordinator.token) is None


def test_the_store_is_bounded_per_session_and_in_all(engine: Engine, world: World) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore(max_session_bytes=100, max_total_bytes=150)
    first = offered(store, coordinator, data=b"a" * 60)
    second = offered(store, coordinator, data=b"b" * 60)  # over 100: the first goes
    assert store.get(first) is None and store.get(second) is not None
    other = offered(store, coordinator, data=b"c" * 60, session_id="session-2")
    third = offered(store, coordinator, data=b"d" * 60, session_id="session-3")  # over 150
    assert store.get(second) is None
    assert store.get(other) is not None and store.get(third) is not None
    assert store.held_bytes() <= 150
    with pytest.raises(TooLarge) as refused:
        offered(store, coordinator, data=b"e" * 101)
    assert "MB" in refused.value.message


def test_logout_and_the_sweep_drop_a_sessions_files(engine: Engine, world: World) -> None:
    coordinator = signed(engine, "coordinator")
    store = DeliveryStore()
    offered(store, coordinator)
    kept = offered(store, coordinator, session_id="session-2")
    store.forget_session(SESSION)
    assert store.held_bytes(SESSION) == 0
    store.sweep(connected())
    assert store.get(kept) is None and store.held_bytes() == 0


def test_a_file_offered_once_is_gone_after_its_first_delivery(engine: Engine, world: World) -> None:
    store = DeliveryStore()
    admin = signed(engine, "admin")
    once = Offer(what="setup-passwords", file_name="一次性密码.xlsx", mime="x", once=True)
    token = offered(store, admin, offer=once)
    assert fetch(engine, store, token, admin.token) == CONTENT
    assert fetch(engine, store, token, admin.token) is None
    assert len(downloads(engine)) == 1
