"""Operators' commands, run as an operator would: `python -m db ...` in a subprocess against a
temporary SQLite file. Exit status: 0 done, 1 input refused, 2 could not run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from db.accounts.auth import sign_in
from db.core.actor import PasswordChangeOnly
from db.core.engine import make_engine
from db.core.settings import PROJECT_DIR
from db.models import Case, Party, Unit, User

CASES, SEED = 200, 7


def run(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DISPUTE_DESK_DATA": str(data_dir),
        "BCRYPT_ROUNDS": "4",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    env.pop("DEMO_PASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "db", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def seeded(directory: Path) -> str:
    """Migrate a fresh database under `directory` and seed the demo into it; returns its URL."""
    url = f"sqlite:///{directory / 'desk.db'}"
    for args in (["migrate"], ["demo", "--cases", str(CASES), "--seed", str(SEED)]):
        done = run(url, directory, *args)
        assert done.returncode == 0, done.stderr
    return url


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded database for the module; tests get their own copy of it."""
    directory = tmp_path_factory.mktemp("seeded")
    seeded(directory)
    return directory


@pytest.fixture
def desk(seeded_template: Path, tmp_path: Path) -> tuple[str, Path]:
    for name in ("desk.db", "demo-password.txt"):
        shutil.copy(seeded_template / name, tmp_path / name)
    return f"sqlite:///{tmp_path / 'desk.db'}", tmp_path


def open_engine(url: str) -> Engine:
    return make_engine(url)


def count(url: str, model: type) -> int:
    engine = open_engine(url)
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(model)).one()
    finally:
        engine.dispose()


def ledger_of(url: str) -> list[tuple[str, str, str, list[str]]]:
    engine = open_engine(url)
    try:
        with Session(engine) as session:
            cases = session.exec(select(Case).order_by(Case.number)).all()
            names: dict[int, list[str]] = {}
            for party in session.exec(select(Party).order_by(Party.id)):
                names.setdefault(party.case_id, []).append(party.name)
            return [(c.number, c.facts, c.category, names.get(c.id or 0, [])) for c in cases]
    finally:
        engine.dispose()


def test_migrate_then_demo_gives_the_asked_number_of_cases(desk: tuple[str, Path]) -> None:
    url, data_dir = desk
    assert count(url, Case) == CASES
    assert count(url, User) > 5
    password = (data_dir / "demo-password.txt").read_text().strip()
    engine = open_engine(url)
    try:
        with Session(engine) as session:
            signed = sign_in(session, username="mediator", password=password, client="cli-test")
    finally:
        engine.dispose()
    assert signed.actor.unit_name == "东河村"


def test_migrate_on_a_migrated_database_is_harmless(desk: tuple[str, Path]) -> None:
    url, data_dir = desk
    done = run(url, data_dir, "migrate")
    assert done.returncode == 0, done.stderr
    assert count(url, Case) == CASES


def test_tallies_reports_a_tally_out_of_step_and_rebuild_mends_it(desk: tuple[str, Path]) -> None:
    url, data_dir = desk
    done = run(url, data_dir, "tallies")
    assert done.returncode == 0 and "一致" in done.stdout, done.stderr
    engine = open_engine(url)
    with engine.begin() as connection:  # as if cases had been written with the triggers off
        connection.exec_driver_sql("UPDATE case_tallies SET open = open + 1")
    engine.dispose()
    done = run(url, data_dir, "tallies")
    assert done.returncode == 1 and "不一致" in done.stdout
    assert run(url, data_dir, "tallies", "--rebuild").returncode == 0
    assert run(url, data_dir, "tallies").returncode == 0


def test_the_same_seed_gives_the_same_demo_on_two_databases(
    desk: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = ledger_of(desk[0])
    second = ledger_of(seeded(tmp_path_factory.mktemp("again")))
    assert len(first) == CASES
    assert len({number for number, *_ in first}) == CASES
    assert second == first


def test_demo_if_empty_leaves_a_seeded_database_alone(desk: tuple[str, Path]) -> None:
    url, data_dir = desk
    users = count(url, User)
    done = run(url, data_dir, "demo", "--if-empty", "--cases", "50")
    assert done.returncode == 0, done.stderr
    assert (count(url, Case), count(url, User)) == (CASES, users)


def test_demo_refuses_to_add_cases_unasked(desk: tuple[str, Path]) -> None:
    url, data_dir = desk
    done = run(url, data_dir, "demo", "--cases", "50")
    assert done.returncode == 1
    assert count(url, Case) == CASES


def test_create_user_adds_a_user_who_can_sign_in(desk: tuple[str, Path]) -> None:
    url, data_dir = desk
    done = run(
        url,
        data_dir,
        "create-user",
        "wang",
        "--role",
        "mediator",
        "--unit",
        "QSZ02",
        "--name",
        "王调解员",
        "--password",
        "a long passphrase",
    )
    assert done.returncode == 0, done.stderr
    engine = open_engine(url)
    try:
        with Session(engine) as session:
            signed = sign_in(
                session, username="wang", password="a long passphrase", client="cli-test"
            )
            unit_name = session.exec(
                select(Unit.name)
                .join(User, col(User.unit_id) == Unit.id)
                .where(User.username == "wang")
            ).one()
    finally:
        engine.dispose()
    assert (signed.actor.display_name, unit_name) == ("王调解员", "南湾村")
    # Created with a password someone else chose: only a change of it until it is changed.
    assert signed.must_change_password is True
    assert isinstance(signed.actor, PasswordChangeOnly)


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (
            ["wang", "--role", "mediator", "--unit", "NOPE", "--password", "a long passphrase"],
            "NOPE",
        ),
        (["wang", "--role", "mediator", "--unit", "QSZ02", "--password", "short"], "8"),
        (
            ["mediator", "--role", "mediator", "--unit", "QSZ02", "--password", "a long one"],
            "mediator",
        ),
    ],
)
def test_create_user_refuses_bad_input_with_status_1(
    desk: tuple[str, Path], args: list[str], complaint: str
) -> None:
    url, data_dir = desk
    users = count(url, User)
    done = run(url, data_dir, "create-user", *args)
    assert done.returncode == 1
    assert complaint in done.stderr
    assert count(url, User) == users


@pytest.mark.parametrize(
    "command",
    [[], ["migrate"], ["demo"], ["create-user"], ["tallies"]],
    ids=["db", "migrate", "demo", "create-user", "tallies"],
)
def test_each_command_explains_itself(tmp_path: Path, command: list[str]) -> None:
    done = run(f"sqlite:///{tmp_path / 'unused.db'}", tmp_path, *command, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage" in done.stdout


def test_a_database_that_cannot_be_reached_exits_2(tmp_path: Path) -> None:
    done = run(
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", tmp_path, "migrate"
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
