"""A county of one's own: on an empty database only the county and a first admin, whose one-time
password must be changed at first sign-in; refused on a database that has units. The same from
`python -m db init` and from ./run.sh's `first-run` with the demo switched off."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from db import texts
from db.accounts.auth import sign_in
from db.accounts.first_admin import start_county
from db.core.actor import PasswordChangeOnly
from db.core.engine import make_engine
from db.core.errors import Refused
from db.core.migrate import upgrade
from db.core.settings import PROJECT_DIR, demo_enabled
from db.demo.world import World, loaded_world
from db.enums import AuditAction, Role, UnitKind
from db.models import AuditLog, Case, Unit, User


def counts(session: Session) -> tuple[int, int]:
    units = session.exec(select(func.count()).select_from(Unit)).one()
    return units, session.exec(select(func.count()).select_from(User)).one()


def test_an_empty_database_gets_a_county_and_an_admin_forced_to_change(engine: Engine) -> None:
    with Session(engine) as session:
        assert loaded_world(session) == texts.WORLD_EMPTY
        made = start_county(session, county=" 白水县 ", code="bsx")
    assert (made.county, made.code, made.username) == ("白水县", "BSX", "admin")
    with Session(engine) as session:
        assert counts(session) == (1, 1)
        county = session.exec(select(Unit)).one()
        assert (county.kind, county.parent_id, county.path) == (
            UnitKind.COUNTY,
            None,
            f"/{county.id}/",
        )
        admin = session.exec(select(User)).one()
        assert (admin.role, admin.unit_id, admin.must_change_password) == (
            Role.ADMIN,
            county.id,
            True,
        )
        assert made.password not in admin.password_hash
        signed = sign_in(session, username="admin", password=made.password, client="test")
        assert isinstance(signed.actor, PasswordChangeOnly)
        row = session.exec(
            select(AuditLog).where(AuditLog.action == AuditAction.UNIT_CHANGED)
        ).one()
        assert "白水县" in row.detail and made.password not in row.detail
        assert loaded_world(session) == texts.WORLD_REAL.format(county="白水县")


def test_a_database_with_units_is_refused_and_left_as_it_was(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        before = counts(session)
        assert loaded_world(session) == texts.WORLD_DEMO.format(county="清河县")
        with pytest.raises(Refused, match="已有单位"):
            start_county(session, county="白水县", code="BSX")
    with Session(engine) as session:
        assert counts(session) == before


@pytest.mark.parametrize(("county", "code"), [("", "BSX"), ("白水县", "X"), ("白水县", "B S")])
def test_a_bad_name_or_code_is_refused(engine: Engine, county: str, code: str) -> None:
    with Session(engine) as session:
        with pytest.raises(Refused):
            start_county(session, county=county, code=code)
        assert counts(session) == (0, 0)


def run(url: str, data_dir: Path, *args: str, demo: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DISPUTE_DESK_DATA": str(data_dir),
        "DISPUTE_DESK_DEMO": demo,
        "BCRYPT_ROUNDS": "4",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    return subprocess.run(
        [sys.executable, "-m", "db", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def one_time_password(output: str) -> str:
    found = re.search(r"一次性密码：(\S+?)（", output)
    assert found, output
    return found.group(1)


def signs_in_to_change(url: str, password: str) -> tuple[tuple[int, int], str]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            signed = sign_in(session, username="admin", password=password, client="cli-test")
            assert isinstance(signed.actor, PasswordChangeOnly)
            county = session.exec(select(Unit.name)).one()
            assert session.exec(select(func.count()).select_from(Case)).one() == 0
            return counts(session), county
    finally:
        engine.dispose()


def test_init_from_the_command_line_then_refuses_a_second_time(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    upgrade(url)
    done = run(url, tmp_path, "init", "--county", "白水县", "--code", "BSX")
    assert done.returncode == 0, done.stderr
    password = one_time_password(done.stdout)
    assert signs_in_to_change(url, password) == ((1, 1), "白水县")
    again = run(url, tmp_path, "init", "--county", "黑山县", "--code", "HSX")
    assert again.returncode == 1 and "已有单位" in again.stderr
    assert password not in again.stdout + again.stderr
    quiet = run(url, tmp_path, "init", "--county", "黑山县", "--code", "HSX", "--if-empty")
    assert quiet.returncode == 0 and texts.INIT_ALREADY in quiet.stdout
    assert signs_in_to_change(url, password) == ((1, 1), "白水县")


def test_init_refuses_a_bad_code_and_cannot_run_on_an_unmigrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert run(url, tmp_path, "init", "--help").returncode == 0
    unmigrated = run(url, tmp_path, "init", "--county", "白水县", "--code", "BSX")
    assert unmigrated.returncode == 2 and "数据库" in unmigrated.stderr
    upgrade(url)
    bad = run(url, tmp_path, "init", "--county", "白水县", "--code", "B S")
    assert bad.returncode == 1 and texts.E_UNIT_CODE_FORMAT in bad.stderr


def test_first_run_with_the_demo_off_gives_only_the_first_admin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    upgrade(url)
    done = run(url, tmp_path, "first-run", demo="0")
    assert done.returncode == 0, done.stderr
    password = one_time_password(done.stdout)
    assert signs_in_to_change(url, password) == ((1, 1), texts.INIT_DEFAULT_COUNTY)
    assert not (tmp_path / "demo-password.txt").exists()
    again = run(url, tmp_path, "first-run", demo="0")
    assert again.returncode == 0 and password not in again.stdout


@pytest.mark.parametrize(
    ("value", "on"), [("", True), ("1", True), ("yes", True), ("0", False), (" Off ", False)]
)
def test_the_demo_setting_is_on_unless_switched_off(monkeypatch, value: str, on: bool) -> None:
    monkeypatch.setenv("DISPUTE_DESK_DEMO", value)
    assert demo_enabled() is on
