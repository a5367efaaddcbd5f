"""Page tests with Streamlit's AppTest against a real SQLite database seeded by the demo
generator, signing in through the real login form."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from components import reminder_runner
from db.core import engine as db_engine
from db.core.engine import make_engine
from db.core.migrate import upgrade
from db.demo.cases import generate_cases
from db.demo.world import build_world
from tests.conftest import PASSWORD

PROJECT = Path(__file__).resolve().parents[2]
COOKIE_KEY = "test-cookie-key-" + "x" * 32


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite database with the demo county and 120 cases; the app is pointed at it."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        world = build_world(session, password=PASSWORD)
        generate_cases(session, world=world, count=120, seed=3)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(tmp_path))
    monkeypatch.setenv("DISPUTE_DESK_COOKIE_KEY", COOKIE_KEY)
    db_engine.engine_for.cache_clear()
    st.cache_data.clear()  # cached figures are keyed by reader, not by database
    # no background reminders: a page test sees the notifications its own steps make
    monkeypatch.setattr(reminder_runner, "ENABLED", False)
    yield url
    db_engine.engine_for.cache_clear()


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login-username").input(username)
    at.text_input(key="login-password").input(password)
    at.button(key="login-submit").click()
    return at.run()


@pytest.fixture
def app_as(app_db: str) -> Callable[[str], AppTest]:
    """The whole app (app.py), signed in through the login form as this demo account."""

    def start(username: str) -> AppTest:
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
        at.run()
        sign_in(at, username)
        assert not at.exception, at.exception
        return at

    return start


def page_alone(name: str) -> AppTest:
    """A direct visit to /<name> on a freshly started server: no session has called
    st.navigation yet, so Streamlit finds pages/<name>.py and runs it without app.py."""
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.switch_page(f"pages/{name}.py")
    return at.run()


os.environ.setdefault("BCRYPT_ROUNDS", "4")
