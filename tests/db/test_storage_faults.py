"""A database that cannot take a write: locked by another writer past the busy timeout, full, or
read-only. The service call fails with StorageError carrying a Chinese message for the user, and
nothing of it is written; what was committed before stays whole.

Read-only and full are simulated inside SQLite, because the tests run as root (chmod does not stop
root) and mounting a read-only or size-limited file system needs privileges that CI containers do
not have: `?mode=ro` opens the file as a read-only directory would let it be opened, and
`PRAGMA max_page_count` makes SQLite answer SQLITE_FULL ("database or disk is full") exactly where
a full disk would.
"""

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlmodel import Session, func, select

from db import texts
from db.cases.register import register
from db.core.actor import Actor
from db.core.engine import make_engine, write_session
from db.core.errors import StorageError
from db.core.settings import PROJECT_DIR
from db.demo.world import build_world
from db.models import AuditLog, Case, CaseEvent, Party, User
from tests.conftest import PASSWORD, _empty_postgres
from tests.db.factories import form, register_case, unit_id
from tests.db.test_import import good_row, ledger_file

LOCK_WAIT_MS = 1000  # DISPUTE_DESK_BUSY_TIMEOUT_MS for these tests


@pytest.fixture
def county(sqlite_engine: Engine) -> tuple[Path, Actor, int]:
    """A SQLite file with the demo county and one case registered; the coordinator, a village."""
    with Session(sqlite_engine) as session:
        build_world(session, password=PASSWORD)
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        actor = Actor.of(session, user)
    village = unit_id(sqlite_engine, "QSZ01")
    register_case(sqlite_engine, actor, village, facts="故障之前登记的案件")
    path = Path(sqlite_engine.url.database or "")
    sqlite_engine.dispose()
    return path, actor, village


def snapshot(path: Path) -> tuple[int, ...]:
    """What a user would count: cases, parties, events, audit rows."""
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        counts = tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Case, Party, CaseEvent, AuditLog)
        )
    engine.dispose()
    return counts


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def writer_holding_the_lock(county: tuple[Path, Actor, int]) -> Iterator[sqlite3.Connection]:
    """Another writer (another process, a backup, a long import) in the middle of a transaction."""
    holder = sqlite3.connect(county[0], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.rollback()
    holder.close()


def test_a_write_locked_out_past_the_busy_timeout_is_refused_and_writes_nothing(
    county: tuple[Path, Actor, int],
    writer_holding_the_lock: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, actor, village = county
    monkeypatch.setenv("DISPUTE_DESK_BUSY_TIMEOUT_MS", str(LOCK_WAIT_MS))
    engine = make_engine(f"sqlite:///{path}")
    before = snapshot(path)
    started = time.monotonic()
    with pytest.raises(StorageError) as refused, write_session(engine) as session:
        register(session, actor=actor, data=form(village, facts="锁住时提交的案件"))
    waited = time.monotonic() - started
    assert str(refused.value) == texts.E_DB_LOCKED
    assert LOCK_WAIT_MS / 1000 * 0.9 <= waited < 10  # it waited the configured time, not 30 s
    writer_holding_the_lock.rollback()
    assert snapshot(path) == before
    # Once the other writer is done, the same form goes through.
    with write_session(engine) as session:
        register(session, actor=actor, data=form(village, facts="锁住时提交的案件"))
    assert snapshot(path)[0] == before[0] + 1
    engine.dispose()


def test_a_full_disk_refuses_the_write_and_keeps_everything_committed(
    county: tuple[Path, Actor, int],
) -> None:
    path, actor, village = county
    engine = make_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _no_room_to_grow(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 12}")  # room for a few cases

    before = snapshot(path)
    long_facts = "邻里因排水沟走向发生争执，" * 150
    saved = 0
    with pytest.raises(StorageError) as refused:  # one case after another until the disk is full
        for serial in range(50):
            with write_session(engine) as session:
                register(session, actor=actor, data=form(village, facts=f"{serial}{long_facts}"))
            saved += 1
    engine.dispose()
    assert saved >= 1  # the disk filled up between two registrations, not before the first
    assert str(refused.value) == texts.E_DB_FULL
    assert integrity(path) == "ok"
    cases, parties, events, audits = snapshot(path)
    # Every case saved before the disk filled up is there whole; the refused one left nothing.
    assert (cases, parties, events, audits) == (
        before[0] + saved,
        before[1] + 2 * saved,
        before[2] + saved,
        before[3] + saved,
    )


def test_a_read_only_database_refuses_the_write_and_stays_whole(
    county: tuple[Path, Actor, int],
) -> None:
    path, actor, village = county
    before = snapshot(path)
    read_only = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StorageError) as refused, write_session(read_only) as session:
        register(session, actor=actor, data=form(village, facts="只读时提交的案件"))
    read_only.dispose()
    assert str(refused.value) == texts.E_DB_READ_ONLY
    assert integrity(path) == "ok"
    assert snapshot(path) == before


def test_other_database_errors_are_not_dressed_up_as_storage_problems(
    county: tuple[Path, Actor, int],
) -> None:
    engine = make_engine(f"sqlite:///{county[0]}")
    with pytest.raises(Exception) as failed, write_session(engine) as session:
        session.connection().exec_driver_sql("SELECT no_such_column FROM cases")
    engine.dispose()
    assert not isinstance(failed.value, StorageError)


def test_an_operators_command_on_a_locked_database_says_so_and_writes_nothing(
    county: tuple[Path, Actor, int],
    writer_holding_the_lock: sqlite3.Connection,
    tmp_path: Path,
) -> None:
    path = county[0]
    ledger = ledger_file(tmp_path / "台账.xlsx", [good_row(1), good_row(2)])
    before = snapshot(path)
    done = subprocess.run(
        [sys.executable, "-m", "db", "import-ledger", str(ledger), "--unit", "QSZ"],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{path}",
            "DISPUTE_DESK_BUSY_TIMEOUT_MS": str(LOCK_WAIT_MS),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2  # could not run
    assert texts.E_DB_LOCKED in done.stderr
    assert "Traceback" not in done.stderr
    writer_holding_the_lock.rollback()
    assert snapshot(path) == before


@pytest.mark.postgres
def test_on_postgresql_a_read_only_server_and_a_lock_timeout_are_reported_too(
    postgres_url: str,
) -> None:
    """A standby (or default_transaction_read_only) and a row lock held past lock_timeout."""
    engine = make_engine(postgres_url)
    _empty_postgres(engine)
    with Session(engine) as session:
        build_world(session, password=PASSWORD)
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        actor = Actor.of(session, user)
    village = unit_id(engine, "QSZ01")
    register_case(engine, actor, village)  # the town's counter row exists from now on
    before = count_rows(engine)

    read_only = make_engine(postgres_url)

    @event.listens_for(read_only, "connect")
    def _standby(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")
        dbapi_connection.commit()

    with pytest.raises(StorageError) as refused, write_session(read_only) as session:
        register(session, actor=actor, data=form(village, facts="只读服务器上的登记"))
    read_only.dispose()
    assert str(refused.value) == texts.E_DB_READ_ONLY

    impatient = make_engine(postgres_url)

    @event.listens_for(impatient, "connect")
    def _lock_timeout(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        dbapi_connection.commit()

    with engine.connect() as holder:  # another registration, holding the town's counter
        holder.execute(text("SELECT * FROM case_counters FOR UPDATE"))
        with pytest.raises(StorageError) as locked, write_session(impatient) as session:
            register(session, actor=actor, data=form(village, facts="计数器被锁时的登记"))
        holder.rollback()
    impatient.dispose()
    assert str(locked.value) == texts.E_DB_LOCKED
    assert count_rows(engine) == before
    engine.dispose()


def count_rows(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Case, Party, CaseEvent, AuditLog)
        )
