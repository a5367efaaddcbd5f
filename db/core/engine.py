"""Engines and sessions for the database that DATABASE_URL names (db.core.settings), and the
commit rule.

The commit rule: the service of db/ that owns a unit of work commits it; nothing else commits
or rolls back a session it was handed. Pages and components open a session (read_session,
write_session), hand it to one service and let it close; the service commits at the end of its
work, and the helpers it calls only add to the transaction. The owner alone may roll its own
work back (after a commit that failed, to try again or to say why). Whatever is not committed
when the session closes is rolled back, so a refusal raised halfway leaves nothing behind.

An audit row that must survive a refusal (an attempt outside one's scope) is no part of the
refused work: `write_apart` queues it on the session, and it is written in a session of its own
once the caller's transaction has ended, committed or rolled back. Not sooner: a write session
on SQLite holds the write lock from its first statement, and a second writer would wait out the
busy timeout and fail; on PostgreSQL the order does no harm.

The SQLite file (and its -wal and -shm) is created 0600 in a folder made 0700, and broader
modes found on them or on the data folder are tightened here, at every start (db.core.files).

SQLite (the default, a file under data/) is tuned for a small web app: WAL, synchronous=FULL
(no loss of acknowledged commits on power loss), a busy timeout, foreign keys on. A write
session starts with BEGIN IMMEDIATE so that a second writer waits for the lock instead of
failing with "database is locked" halfway through; read sessions stay deferred so readers never
queue behind writers. PostgreSQL is reached with postgresql+psycopg://.

A write that the database cannot take (locked past the busy timeout, a full disk, a read-only
file or server) ends the session's transaction (nothing of it stays) and comes out of
read_session/write_session as StorageError (db.core.errors), whose message is for the user:
pages show it with the refusals (components.refusals).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, SQLModel

from db import texts
from db.core.errors import StorageError
from db.core.files import private_data_dir, private_sqlite
from db.core.settings import busy_timeout_ms, database_url

# What the drivers say, lower-cased (SQLite's messages; PostgreSQL's SQLSTATEs below).
_SQLITE_CAUSES = (
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("database is busy", "locked"),
    ("database or disk is full", "full"),
    ("readonly database", "read_only"),
)
_POSTGRES_CAUSES = {
    "53100": "full",  # disk_full
    "25006": "read_only",  # read_only_sql_transaction (a standby, or default_transaction_read_only)
    "55P03": "locked",  # lock_not_available (lock_timeout)
}


def storage_error(error: DBAPIError) -> StorageError | None:
    """The user's message for a database that cannot take the work, or None for other errors."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    cause = _POSTGRES_CAUSES.get(sqlstate or "")
    if cause is None:
        message = str(error.orig).lower()
        cause = next((c for words, c in _SQLITE_CAUSES if words in message), None)
    if cause is None:
        return None
    return StorageError(
        {"locked": texts.E_DB_LOCKED, "full": texts.E_DB_FULL, "read_only": texts.E_DB_READ_ONLY}[
            cause
        ]
    )


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (`sqlite:///path` or `sqlite:///file:path?...&uri=true`);
    None in memory."""
    database = make_url(url).database
    if not database or database == ":memory:" or "mode=memory" in url:
        return None
    return Path(database.removeprefix("file:"))


def make_engine(url: str) -> Engine:
    private_data_dir()
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    if (database := _sqlite_file(url)) is not None:
        private_sqlite(database, create=make_url(url).query.get("mode") != "ro")
    timeout_ms = busy_timeout_ms()
    engine = create_engine(
        url, connect_args={"timeout": timeout_ms / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event, not the driver, decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
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
def _translated(session: Session) -> Iterator[Session]:
    """Closing the session rolls back whatever was not committed; a database that could not take
    the work then comes out as StorageError."""
    try:
        with session:
            yield session
    except DBAPIError as error:
        if (problem := storage_error(error)) is None:
            raise
        raise problem from error


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    with _translated(Session(engine or get_engine(), expire_on_commit=False)) as session:
        yield session


@contextmanager
def write_session(engine: Engine | None = None) -> Iterator[Session]:
    """A session whose transactions take the write lock up front (SQLite), for a service that
    writes (and commits) its unit of work."""
    base = engine or get_engine()
    made = Session(base.execution_options(begin_immediate=True), expire_on_commit=False)
    with _translated(made) as session:
        yield session


_APART = "write_apart"


def write_apart(session: Session, *rows: SQLModel) -> None:
    """Rows written in a session of their own once `session`'s transaction has ended, whether it
    committed or rolled back (see the commit rule above)."""
    if _APART not in session.info:
        session.info[_APART] = []
        event.listen(session, "after_transaction_end", _write_rows_apart)
    session.info[_APART].extend(rows)


def _write_rows_apart(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None or not session.info.get(_APART):
        return  # a savepoint ended, or nothing is queued
    rows, session.info[_APART] = session.info[_APART], []
    bind = session.get_bind()
    assert isinstance(bind, Engine)
    with write_session(bind) as apart:
        apart.add_all(rows)
        apart.commit()


def analyze(engine: Engine | None = None) -> None:
    """Refresh the query planner's statistics (after a bulk load): without them SQLite plans the
    scope's OR of three conditions badly. On PostgreSQL also VACUUM, which marks the freshly
    loaded pages all-visible, so that the dashboard's live parts read their indexes alone
    instead of every row of the table (bench/README.md); it does not block readers or writers."""
    engine = engine or get_engine()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
