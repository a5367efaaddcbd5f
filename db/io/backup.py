"""Backups of the whole database, and restoring one.

SQLite: the online backup API copies a consistent snapshot while the app keeps running (readers
and writers wait at most a page step); the copy is written beside the target and renamed into
place only after its integrity check passes, so a failed backup never leaves a half file under
the chosen name. Restoring checks the file first (an SQLite database that passes its integrity
check and was made by Dispute Desk), then copies it over the live database in one step and
migrates it to the current schema.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction`,
so a restore that fails half-way changes nothing. The client tools must be installed (Debian:
postgresql-client) and should not be older than the server.
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url

from db import texts
from db.core.engine import is_sqlite
from db.core.files import private_dir, private_sqlite, write_private
from db.core.migrate import upgrade
from db.core.settings import busy_timeout_ms


class BackupFailed(Exception):
    """The backup or restore did not happen; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    cases: int


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupFailed(texts.BACKUP_NOT_A_FILE)
    return Path(database)


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq understands it (no +driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _check_sqlite(path: Path) -> int:
    """The number of cases in a sound Dispute Desk SQLite file; BackupFailed otherwise."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupFailed(texts.BACKUP_CORRUPT.format(path=path))
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if not {"cases", "alembic_version"} <= tables:
                raise BackupFailed(texts.BACKUP_NOT_OURS.format(path=path))
            return connection.execute("SELECT count(*) FROM cases").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupFailed(texts.BACKUP_CORRUPT.format(path=path)) from error


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupFailed(texts.BACKUP_NO_TOOL.format(tool=command[0])) from error
    if done.returncode != 0:
        raise BackupFailed(texts.BACKUP_TOOL_FAILED.format(tool=command[0], error=done.stderr))


def _count_postgres(url: str) -> int:
    import psycopg

    with psycopg.connect(_libpq(url)) as connection:
        row = connection.execute("SELECT count(*) FROM cases").fetchone()
    return row[0] if row else 0


def backup(url: str, target: Path) -> Outcome:
    """A full copy of the database at `url` into the file `target` (replaced if it exists)."""
    target = target.resolve()
    partial = target.with_name(target.name + ".partial")
    try:
        private_dir(target.parent)
        partial.unlink(missing_ok=True)
        write_private(partial, b"")  # a copy of everything: for this user alone (0600)
        if is_sqlite(url):
            source = _sqlite_path(url)
            if not source.exists():
                raise BackupFailed(texts.BACKUP_NO_DATABASE.format(path=source))
            with (
                closing(sqlite3.connect(source, timeout=busy_timeout_ms() / 1000)) as live,
                closing(sqlite3.connect(partial)) as copy,
            ):
                live.backup(copy)
            cases = _check_sqlite(partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq(url)])
            cases = _count_postgres(url)
        os.replace(partial, target)
    except OSError as error:
        raise BackupFailed(texts.BACKUP_OS_ERROR.format(error=error)) from error
    finally:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
    return Outcome(target, cases)


def restore(url: str, source: Path) -> Outcome:
    """Replace everything in the database at `url` with the backup `source`, then migrate it
    to the current schema. Stop the app first: signed-in users would see the data change."""
    source = source.resolve()
    if not source.is_file():
        raise BackupFailed(texts.BACKUP_NO_FILE.format(path=source))
    if is_sqlite(url):
        _check_sqlite(source)
        target = _sqlite_path(url)
        private_sqlite(target)
        try:
            with (
                closing(sqlite3.connect(source)) as backup_file,
                closing(sqlite3.connect(target, timeout=busy_timeout_ms() / 1000)) as live,
            ):
                backup_file.backup(live)
        except sqlite3.Error as error:
            raise BackupFailed(texts.BACKUP_OS_ERROR.format(error=error)) from error
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq(url)}",
                str(source),
            ]
        )
    upgrade(url)
    if is_sqlite(url):
        return Outcome(source, _check_sqlite(_sqlite_path(url)))
    return Outcome(source, _count_postgres(url))
