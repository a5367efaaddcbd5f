"""Crash drills: `kill -9` of a process in the middle of its writes, on a SQLite file and on
PostgreSQL. Afterwards the database is sound (SQLite's integrity check), an import is there
entirely or not at all, every case has its "registered" event and its audit row (and no event or
audit row is left without its case), numbers are still consecutive, and work goes on."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, func, select

from db.core.actor import Actor
from db.core.settings import PROJECT_DIR
from db.demo.world import World
from db.enums import AuditAction, EventKind
from db.models import AuditLog, Case, CaseEvent, User
from tests.db.factories import register_case, unit_id
from tests.db.test_import import good_row, ledger_file

LEDGER_ROWS = 3000
WAIT_LIMIT = 90.0  # seconds for a drill's process to reach the point where it is killed
APP_NAME = "dd-crash-drill"  # PostgreSQL's application_name of the process to kill


def spawn(engine: Engine, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "PYTHONPATH": str(PROJECT_DIR),
        "PYTHONUNBUFFERED": "1",
        "PGAPPNAME": APP_NAME,  # libpq: lets the drill see the process's transaction
    }
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def kill_when(ready: Callable[[], bool], *processes: subprocess.Popen[str]) -> None:
    """SIGKILL the processes as soon as `ready()` holds; fails if one ended or it took too long."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not ready():
        for process in processes:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"a process ended ({process.returncode}) before the kill:\n{output}")
        if time.monotonic() > deadline:
            for process in processes:
                process.kill()
            pytest.fail(f"the drill did not reach the kill point in {WAIT_LIMIT:.0f} s")
        time.sleep(0.01)  # polling interval, bounded by the deadline
    for process in processes:
        os.kill(process.pid, signal.SIGKILL)
    for process in processes:
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path:
    return Path(engine.url.database or "")


def writing_uncommitted(engine: Engine, wal_bytes: int = 512 * 1024) -> Callable[[], bool]:
    """The drill's process is in the middle of writing a transaction: on SQLite its pages spill
    into the write-ahead log (which starts empty, see below); on PostgreSQL its transaction has
    been given an id (it has written)."""
    if is_sqlite(engine):
        wal = Path(f"{sqlite_path(engine)}-wal")
        return lambda: wal.exists() and wal.stat().st_size > wal_bytes
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
        "AND backend_xid IS NOT NULL"
    )

    def written() -> bool:
        with engine.connect() as connection:
            return connection.execute(query, {"name": APP_NAME}).scalar_one() > 0

    return written


def assert_sound(engine: Engine) -> None:
    if is_sqlite(engine):
        with sqlite3.connect(sqlite_path(engine)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def quiet(engine: Engine) -> None:
    """Close this test's connections: on SQLite the last one checkpoints and removes the WAL, so
    the drill's writes are what makes it grow."""
    engine.dispose()


def count(engine: Engine, query) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(query).one()


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A town's ledger of LEDGER_ROWS cases in the offices' layout (tests/db/test_import.py)."""
    rows = [
        good_row(i, 编号=f"QSZ-2025-{i + 1:04d}", 身份证号=None, 联系电话=None)
        for i in range(LEDGER_ROWS)
    ]
    return ledger_file(tmp_path_factory.mktemp("ledger") / "大台账.xlsx", rows)


def test_an_import_killed_midway_is_there_entirely_or_not_at_all(
    engine: Engine, world: World, big_ledger: Path
) -> None:
    ledger = big_ledger
    imported = select(func.count()).select_from(Case).where(col(Case.import_source).is_not(None))
    import_audits = (
        select(func.count()).select_from(AuditLog).where(AuditLog.action == AuditAction.IMPORT)
    )
    imported_events = (
        select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == EventKind.IMPORTED)
    )
    quiet(engine)
    command = ("-m", "db", "import-ledger", str(ledger), "--unit", "QSZ")
    kill_when(writing_uncommitted(engine), spawn(engine, *command))
    assert_sound(engine)
    found = count(engine, imported)
    assert found in (0, LEDGER_ROWS)
    assert count(engine, import_audits) == (1 if found else 0)
    assert count(engine, imported_events) >= found
    if found == 0:  # the usual case: killed before its commit; the operator runs it again
        again = subprocess.run(
            [sys.executable, *command],
            cwd=PROJECT_DIR,
            env={**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 0, again.stderr
        assert count(engine, imported) == LEDGER_ROWS
        assert count(engine, import_audits) == 1
    assert_sound(engine)


def test_bursts_of_registrations_killed_leave_every_case_whole_and_numbers_unique(
    engine: Engine, world: World
) -> None:
    """Two processes (as two servers would) register in one town at once, then both are killed."""
    cases = select(func.count()).select_from(Case)
    before = count(engine, cases)
    quiet(engine)
    bursts = (
        spawn(engine, "-m", "tests.faults.burst", "coordinator", "QSZ01"),
        spawn(engine, "-m", "tests.faults.burst", "med_qsz02", "QSZ02"),
    )
    per_process = (
        select(func.count()).select_from(Case).group_by(Case.created_by_id)  # type: ignore[arg-type]
    )

    def both_under_way() -> bool:  # each process has registered 20 (one may start later)
        with Session(engine) as session:
            counts = session.exec(per_process).all()
        return len(counts) == 2 and min(counts) >= 20

    kill_when(both_under_way, *bursts)
    assert_sound(engine)
    with Session(engine) as session:
        case_ids = set(session.exec(select(Case.id)).all())
        numbers = session.exec(select(Case.number)).all()
        registered = session.exec(
            select(CaseEvent.case_id).where(CaseEvent.kind == EventKind.REGISTERED)
        ).all()
        audited = session.exec(
            select(AuditLog.case_id).where(AuditLog.action == AuditAction.CREATE)
        ).all()
    assert len(case_ids) >= before + 40
    # One "registered" event and one audit row per case; none for a case that is not there.
    assert sorted(registered) == sorted(case_ids)
    assert sorted(audited) == sorted(case_ids)
    # Both processes registered; numbers were never given twice, and the killed transactions
    # gave theirs back (no gap).
    with Session(engine) as session:
        by_whom = session.exec(select(Case.created_by_id).distinct()).all()
    assert len(by_whom) == 2
    sequences = sorted(int(re.fullmatch(r"QSZ-\d{4}-(\d{4})", n).group(1)) for n in numbers)  # type: ignore[union-attr]
    assert sequences == list(range(1, len(numbers) + 1))
    # Work goes on: the next registration gets the next number.
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "coordinator")).one()
        actor = Actor.of(session, user)
    made = register_case(engine, actor, unit_id(engine, "QSZ01"), facts="事故之后登记的案件")
    assert made.number.endswith(f"-{len(numbers) + 1:04d}")
