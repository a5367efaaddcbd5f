"""Engines and sessions from DATABASE_URL.

SQLite (the default, a file under data/) is tuned for a small web app: WAL, synchronous=FULL
(no loss of acknowledged commits on power loss), a busy timeout, foreign keys on. A write
session starts with BEGIN IMMEDIATE so that a second writer waits for the lock instead of
failing with "database is locked" halfway through; read sessions stay deferred so readers never
queue behind writers. PostgreSQL is reached with postgresql+psycopg://.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DISPUTE_DESK_DATA", PROJECT_DIR / "data"))
BUSY_TIMEOUT_MS = 30_000


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or f"sqlite:///{DATA_DIR / 'dispute_desk.db'}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event, not the driver, decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        immediate = connection.get_execution_options().get("begin_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@cache
def engine_for(url: str) -> Engine:
    """One engine (and pool) per URL per process."""
    return make_engine(url)


def get_engine() -> Engine:
    return engine_for(database_url())


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine | None = None) -> Iterator[Session]:
    """A session whose transactions take the write lock up front (SQLite) and that commits."""
    base = engine or get_engine()
    with Session(base.execution_options(begin_immediate=True), expire_on_commit=False) as session:
        yield session


def analyze(engine: Engine | None = None) -> None:
    """Refresh the query planner's statistics (after a bulk load): without them SQLite plans the
    scope's OR of three conditions badly."""
    with (engine or get_engine()).connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
