"""Backups and restores: what was there when the backup was made is all there after a restore
(and nothing made later), on SQLite and PostgreSQL; bad input changes nothing."""

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.demo.cases import generate_cases
from db.demo.world import World
from db.figures import tally
from db.io.backup import BackupFailed, backup, restore
from db.models import Case, Party
from tests.db.test_cli import run, seeded


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def ledger(engine: Engine) -> list[tuple[str, str, list[str]]]:
    with Session(engine) as session:
        names: dict[int, list[str]] = {}
        for party in session.exec(select(Party).order_by(Party.id)):
            names.setdefault(party.case_id, []).append(party.name)
        cases = session.exec(select(Case).order_by(Case.number)).all()
        return [(c.number, c.facts, names.get(c.id or 0, [])) for c in cases]


def test_a_restored_backup_has_every_case_of_its_day_and_nothing_later(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=40, seed=3)
        session.commit()
    before = ledger(engine)
    outcome = backup(url_of(engine), tmp_path / "desk.backup")
    assert outcome.cases == 40 and outcome.path.stat().st_size > 0
    with Session(engine) as session:  # the day goes on after the backup
        generate_cases(session, world=world, count=5, seed=4)
        session.commit()
    assert len(ledger(engine)) == 45
    engine.dispose()
    assert restore(url_of(engine), tmp_path / "desk.backup").cases == 40
    assert ledger(engine) == before
    with engine.connect() as connection:  # the dashboard's tallies came back with the cases
        assert tally.differences(connection) == {"case_tallies": 0, "case_resolve_days": 0}
        registered = connection.exec_driver_sql("SELECT sum(registered) FROM case_tallies")
        assert registered.scalar_one() == 40


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    engine: Engine, world: World, tmp_path: Path
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=10, seed=5)
        session.commit()
    before = ledger(engine)
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(BackupFailed):
        restore(url_of(engine), junk)
    with pytest.raises(BackupFailed):
        restore(url_of(engine), tmp_path / "missing.backup")
    assert ledger(engine) == before


def test_the_commands_back_up_refuse_without_yes_and_restore(tmp_path: Path) -> None:
    url = seeded(tmp_path)
    target = tmp_path / "backups" / "monday.db"
    done = run(url, tmp_path, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert "已备份" in done.stdout and "200 件案件" in done.stdout
    (tmp_path / "desk.db").unlink()  # the disk with the database is lost
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"desk.db{suffix}").unlink(missing_ok=True)
    refused = run(url, tmp_path, "restore", str(target))
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = run(url, tmp_path, "restore", str(target), "--yes")
    assert done.returncode == 0, done.stderr
    assert "200 件案件" in done.stdout


def test_a_backup_that_cannot_be_written_says_so_and_leaves_no_file(tmp_path: Path) -> None:
    url = seeded(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    done = run(url, tmp_path, "backup", str(blocker / "desk.backup"))
    assert done.returncode == 2
    assert "备份或恢复失败" in done.stderr
    assert blocker.read_text() == "a file where a folder should be"
