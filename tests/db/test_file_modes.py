"""The data folder and the database are this user's alone (db.core.files): folders 0700, files
0600 on every start, whatever the umask, and broader modes left from before are tightened."""

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from db.core.engine import make_engine
from db.core.files import private_dir, write_private
from db.core.settings import DATA
from db.demo.world import demo_password


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permissive_umask: None) -> Path:
    """A data folder that does not exist yet."""
    folder = tmp_path / "srv" / "data"
    monkeypatch.setenv(DATA.name, str(folder))
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return folder


def write_something(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as connection:  # the -wal and -shm exist while a connection does
            assert connection.execute(text("SELECT x FROM t")).scalar() == 1
            files = {p.name: mode(p) for p in Path(url.removeprefix("sqlite:///")).parent.iterdir()}
    finally:
        engine.dispose()
    assert set(files) >= {"dd.db", "dd.db-wal", "dd.db-shm"}
    assert files == dict.fromkeys(files, 0o600)


def test_a_fresh_data_folder_and_database_are_private(data: Path) -> None:
    write_something(f"sqlite:///{data / 'dd.db'}")
    assert mode(data) == 0o700
    assert mode(data / "dd.db") == 0o600
    assert mode(data.parent) == 0o700  # made for it, so made private too


def test_broader_modes_left_from_before_are_tightened(data: Path) -> None:
    data.mkdir(parents=True, mode=0o755)
    data.chmod(0o755)
    for name in ("dd.db", "dd.db-wal", "dd.db-shm"):
        (data / name).touch()
        (data / name).chmod(0o644)
    write_something(f"sqlite:///{data / 'dd.db'}")  # all three 0600 while in use
    assert mode(data) == 0o700
    assert mode(data / "dd.db") == 0o600


def test_an_existing_folder_outside_the_data_folder_is_left_as_it_is(
    data: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir(mode=0o755)
    elsewhere.chmod(0o755)
    write_something(f"sqlite:///{elsewhere / 'dd.db'}")
    assert mode(elsewhere) == 0o755  # not ours to change
    assert mode(elsewhere / "dd.db") == 0o600


def test_on_postgresql_the_data_folder_is_tightened_too(data: Path) -> None:
    data.mkdir(parents=True)
    data.chmod(0o775)
    make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none").dispose()  # no connection made
    assert mode(data) == 0o700


def test_photos_folders_and_the_demo_password_are_private(data: Path) -> None:
    photo = data / "supervision" / "inspection-1" / "a.png"
    write_private(photo, b"png")
    assert [mode(p) for p in (data, data / "supervision", photo.parent)] == [0o700] * 3
    assert mode(photo) == 0o600
    demo_password()
    assert mode(data / "demo-password.txt") == 0o600
    (data / "supervision").chmod(0o755)
    private_dir(photo.parent)
    assert mode(data / "supervision") == 0o700


def test_a_backup_is_private(data: Path, tmp_path: Path, sqlite_template: Path) -> None:
    from db.io.backup import backup

    url = f"sqlite:///{data / 'dd.db'}"
    private_dir(data)
    shutil.copy(sqlite_template, data / "dd.db")
    target = tmp_path / "backups" / "dd-copy.db"
    backup(url, target)
    assert (mode(target), mode(target.parent)) == (0o600, 0o700)


def test_a_read_only_uri_creates_nothing(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "ro" / "dd.db"
    make_engine(f"sqlite:///file:{database}?mode=ro&uri=true").dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
