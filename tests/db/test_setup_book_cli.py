"""`python -m db setup-template / setup-import / setup-export`, run as an operator would, in a
subprocess against a temporary SQLite file. Exit status: 0 done, 1 refused, 2 could not run."""

import re
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, func, select

from db.accounts.auth import sign_in
from db.core.actor import PasswordChangeOnly
from db.core.engine import make_engine
from db.models import AuditLog, Unit, User
from tests.db.setup_book_helpers import ACCOUNTS, UNITS, setup_book
from tests.db.test_cli import run


@pytest.fixture
def county(tmp_path: Path) -> str:
    """A county made by `init`, whose admin has changed the one-time password."""
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    for args in (["migrate"], ["init", "--county", "白水县", "--code", "BSX"]):
        done = run(url, tmp_path, *args)
        assert done.returncode == 0, done.stderr
    return url


def _admin_changed_password(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        session.exec(update(User).values(must_change_password=False))  # type: ignore[call-overload]
        session.commit()
    engine.dispose()


def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return (
                session.exec(select(func.count()).select_from(Unit)).one(),
                session.exec(select(func.count()).select_from(User)).one(),
            )
    finally:
        engine.dispose()


def test_every_command_has_help(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    for command in ("setup-template", "setup-import", "setup-export"):
        done = run(url, tmp_path, command, "--help")
        assert done.returncode == 0 and "Exit" in done.stdout


def test_the_template_is_written_and_read_back(county: str, tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    assert run(county, tmp_path, "setup-template", str(path)).returncode == 0
    _admin_changed_password(county)
    done = run(county, tmp_path, "setup-import", str(path))  # empty: nothing to create
    assert done.returncode == 1 and "都已存在" in done.stderr
    assert (
        run(county, tmp_path, "setup-template", str(tmp_path / "无此目录" / "x.xlsx")).returncode
        == 2
    )


def test_import_dry_run_refusal_and_the_passwords_printed_once(county: str, tmp_path: Path) -> None:
    good, bad = tmp_path / "设置.xlsx", tmp_path / "有错.xlsx"
    good.write_bytes(setup_book())
    bad.write_bytes(setup_book([*UNITS, ["甲村", "村", "JIA", "NOPE", "", ""]], ACCOUNTS))
    no_admin = run(county, tmp_path, "setup-import", str(good))
    assert no_admin.returncode == 2 and "一次性密码" in no_admin.stderr  # admin not changed yet
    _admin_changed_password(county)
    assert run(county, tmp_path, "setup-import", str(tmp_path / "无此文件.xlsx")).returncode == 2
    before = _counts(county)
    refused = run(county, tmp_path, "setup-import", str(bad))
    assert refused.returncode == 1
    assert "单位 第7行 上级代码：找不到代码为 NOPE" in refused.stderr
    dry = run(county, tmp_path, "setup-import", str(good), "--dry-run")
    assert dry.returncode == 0 and "将新建单位 5 个、账号 3 个" in dry.stdout
    assert _counts(county) == before
    done = run(county, tmp_path, "setup-import", str(good))
    assert done.returncode == 0, done.stderr
    assert _counts(county) == (before[0] + 5, before[1] + 3)
    assert "138****5678" in done.stdout and "13812345678" not in done.stdout
    lines = {
        line.split("\t")[0]: line.split("\t") for line in done.stdout.splitlines() if "\t" in line
    }
    assert set(lines) == {a[0] for a in ACCOUNTS}
    password = lines["coord_bsz"][-1]
    engine = make_engine(county)
    try:
        with Session(engine) as session:
            signed = sign_in(session, username="coord_bsz", password=password, client="test")
            assert isinstance(signed.actor, PasswordChangeOnly)
            details = " ".join(r.detail for r in session.exec(select(AuditLog)))
            assert all(line[-1] not in details for line in lines.values())
    finally:
        engine.dispose()
    again = run(county, tmp_path, "setup-import", str(good))
    assert again.returncode == 1 and _counts(county) == (before[0] + 5, before[1] + 3)


def test_export_then_import_creates_nothing(county: str, tmp_path: Path) -> None:
    _admin_changed_password(county)
    good = tmp_path / "设置.xlsx"
    good.write_bytes(setup_book())
    assert run(county, tmp_path, "setup-import", str(good)).returncode == 0
    out = tmp_path / "导出.xlsx"
    done = run(county, tmp_path, "setup-export", str(out))
    assert done.returncode == 0 and re.search(r"6 个单位、4 个账号", done.stdout)
    dry = run(county, tmp_path, "setup-import", str(out), "--dry-run")
    assert dry.returncode == 0 and "将新建单位 0 个、账号 0 个" in dry.stdout
    assert run(county, tmp_path, "setup-import", str(out)).returncode == 1
