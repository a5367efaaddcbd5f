"""What a user sees when the database cannot take a write: locked by another writer past the busy
timeout, a full disk, a read-only database. The page says so in Chinese, the form keeps what was
typed, and nothing is written. (How full and read-only are simulated: tests/db/test_storage_faults.py.)
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from db import texts
from db.core import engine as db_engine
from db.models import AuditLog, Case, CaseEvent
from tests.pages.conftest import PROJECT, sign_in
from tests.pages.test_intake_and_ledger import count, fill_intake

FACTS = "故障演练：两户因排水沟走向发生争执。"


def at_intake(app_as: Callable[[str], AppTest], facts: str = FACTS) -> AppTest:
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    fill_intake(at, facts=facts, id_number="", phone="")
    return at


def written(url: str) -> tuple[int, int, int]:
    return count(url, Case), count(url, CaseEvent), count(url, AuditLog)


def assert_refused_and_kept(at: AppTest, message: str, facts: str = FACTS) -> None:
    assert not at.exception, at.exception
    assert message in [e.value for e in at.error]
    assert not at.success
    assert at.text_area(key="intake-facts").value == facts  # nothing typed is lost


def test_a_locked_database_is_reported_and_nothing_is_registered(
    app_as: Callable[[str], AppTest], app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = at_intake(app_as)
    monkeypatch.setenv("DISPUTE_DESK_BUSY_TIMEOUT_MS", "1000")
    db_engine.engine_for.cache_clear()  # the app's engine is made again, with the 1 s wait
    before = written(app_db)
    holder = sqlite3.connect(app_db.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer in the middle of its work
    try:
        at.button(key="intake-submit").click().run()
    finally:
        holder.rollback()
        holder.close()
    assert_refused_and_kept(at, texts.E_DB_LOCKED)
    assert written(app_db) == before
    at.button(key="intake-submit").click().run()  # the lock is gone: the same form goes through
    assert at.success and count(app_db, Case) == before[0] + 1


def test_a_full_disk_is_reported_and_nothing_is_registered(
    app_as: Callable[[str], AppTest], app_db: str
) -> None:
    with sqlite3.connect(app_db.removeprefix("sqlite:///")) as connection:
        connection.execute("VACUUM")  # no free pages left inside the file
    # A long account of the facts needs a page more than the file has (an overflow page).
    facts = (FACTS * 100)[:1900]
    at = at_intake(app_as, facts)
    db_engine.engine_for.cache_clear()
    engine = db_engine.get_engine()

    @event.listens_for(engine, "connect")
    def _disk_full(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    before = written(app_db)
    at.button(key="intake-submit").click().run()
    assert_refused_and_kept(at, texts.E_DB_FULL, facts)
    assert written(app_db) == before
    with sqlite3.connect(app_db.removeprefix("sqlite:///")) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_read_only_database_is_reported_at_sign_in_and_on_submit(
    app_as: Callable[[str], AppTest], app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = at_intake(app_as)
    path = Path(app_db.removeprefix("sqlite:///"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    before = written(app_db)
    at.button(key="intake-submit").click().run()
    assert_refused_and_kept(at, texts.E_DB_READ_ONLY)
    # Signing in writes its audit row: on a read-only database the login says why it failed.
    fresh = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    fresh.run()
    sign_in(fresh, "mediator")
    assert not fresh.exception, fresh.exception
    assert texts.E_DB_READ_ONLY in [e.value for e in fresh.error]
    assert written(app_db) == before
