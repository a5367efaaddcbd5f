"""Fixtures: a fresh database per test on SQLite (a migrated file, copied) and on PostgreSQL
(one database per run, migrated once, emptied between tests), and the demo world in it.

PostgreSQL tests run when TEST_POSTGRES_URL is set (./test.sh sets it when the local server
answers); with REQUIRE_POSTGRES=1 a missing server fails the run instead of skipping.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("BCRYPT_ROUNDS", "4")  # hashing stays real, only cheaper

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session, SQLModel

from db.core.actor import Actor
from db.core.engine import make_engine
from db.core.migrate import upgrade
from db.demo.world import World, build_world
from db.models import User

PASSWORD = "correct horse 1"


def _require(flag: str) -> bool:
    return os.environ.get(flag, "") not in ("", "0")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def _admin_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not url:
        if _require("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        return None
    return url


@contextmanager
def fresh_postgres_database(label: str = "test") -> Iterator[str]:
    """A new, empty database on the test server (not migrated); dropped on leaving. Skips (or
    fails with REQUIRE_POSTGRES=1) when no server is named or usable."""
    admin_url = _admin_url()
    if admin_url is None:
        pytest.skip("PostgreSQL: TEST_POSTGRES_URL is not set")
    name = f"dd_{label}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        if _require("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL is not usable: {error}")
        pytest.skip(f"PostgreSQL not usable: {error}")
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database for this test run, migrated; dropped at the end."""
    with fresh_postgres_database() as url:
        upgrade(url)
        yield url


def _empty_postgres(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        # TRUNCATE does not fire the append-only row triggers.
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    """A fresh, migrated, empty database; each test using it runs on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        made = make_engine(f"sqlite:///{path}")
        yield made
        made.dispose()
        return
    url = request.getfixturevalue("postgres_url")
    made = make_engine(url)
    _empty_postgres(made)
    yield made
    made.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    path = tmp_path / "test.db"
    shutil.copy(sqlite_template, path)
    made = make_engine(f"sqlite:///{path}")
    yield made
    made.dispose()


@pytest.fixture
def world(engine: Engine) -> World:
    with Session(engine) as session:
        return build_world(session, password=PASSWORD)


@pytest.fixture
def actors(engine: Engine, world: World) -> dict[str, Actor]:
    """The demo accounts as the rules see them, by username."""
    with Session(engine) as session:
        return {
            name: Actor.of(session, session.get(User, user_id))  # type: ignore[arg-type]
            for name, user_id in world.users.items()
        }
