"""The settings: one module reads the environment, README.md's configuration table lists exactly
its settings, each is read with its type and default, and a missing or placeholder cookie key is
refused."""

import ast
import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from db import texts
from db.core import settings
from db.core.settings import PROJECT_DIR, SETTINGS, Setting, SettingsError

GOOD_KEY = "k" * settings.MIN_KEY_LENGTH


def readme_configuration_table() -> dict[str, tuple[str, str]]:
    """The rows of README.md's configuration table: variable -> (default, meaning)."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0] == "variable" or set(cells[0]) <= {"-"}:
            continue
        name, default, meaning = cells
        assert name not in rows, f"{name} twice in the table"
        rows[name.strip("`")] = (default.strip("`"), meaning)
    return rows


def test_the_readme_table_lists_exactly_the_settings() -> None:
    table = readme_configuration_table()
    assert table, "README.md has no configuration table"
    assert table == {s.name: (s.default, s.meaning) for s in SETTINGS}


def test_every_setting_of_the_module_is_in_settings_once() -> None:
    defined = [v for v in vars(settings).values() if isinstance(v, Setting)]
    assert set(defined) == set(SETTINGS)
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)


def _reads_environment(path: Path) -> list[int]:
    """Lines where a file reads the environment (os.environ, os.getenv, or those imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = {"environ", "environb", "getenv", "getenvb"}
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in names
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in names for alias in node.names):
                lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment() -> None:
    files = [
        PROJECT_DIR / "app.py",
        *(PROJECT_DIR / "db").rglob("*.py"),
        *(PROJECT_DIR / "components").glob("*.py"),
        *(PROJECT_DIR / "pages").glob("*.py"),
    ]
    readers = {
        str(path.relative_to(PROJECT_DIR)): lines
        for path in files
        if (lines := _reads_environment(path))
    }
    assert set(readers) == {"db/core/settings.py"}


DEFAULTS: list[tuple[Callable[[], Any], Setting, Any]] = [
    (settings.busy_timeout_ms, settings.BUSY_TIMEOUT, 30_000),
    (settings.excellent_at, settings.EXCELLENT_AT, 0.90),
    (settings.pass_at, settings.PASS_AT, 0.60),
    (settings.rectification_days, settings.RECTIFICATION_DAYS, 15),
    (settings.report_cutoff, settings.REPORT_CUTOFF, time(18, 0)),
    (settings.dashboard_refresh_seconds, settings.DASHBOARD_REFRESH, 60),
    (settings.figure_workers, settings.FIGURE_WORKERS, 2),
    (settings.bcrypt_rounds, settings.BCRYPT_ROUNDS, 12),
]


@pytest.mark.parametrize(
    ("read", "setting", "default"), DEFAULTS, ids=lambda v: getattr(v, "name", None)
)
@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_unset_or_blank_is_the_default(
    monkeypatch: pytest.MonkeyPatch,
    read: Callable[[], Any],
    setting: Setting,
    default: Any,
    value: str | None,
) -> None:
    if value is None:
        monkeypatch.delenv(setting.name, raising=False)
    else:
        monkeypatch.setenv(setting.name, value)
    assert read() == default
    assert type(read()) is type(default)


@pytest.mark.parametrize(
    ("read", "setting", "value", "expected"),
    [
        (settings.busy_timeout_ms, settings.BUSY_TIMEOUT, " 1000 ", 1000),
        (settings.excellent_at, settings.EXCELLENT_AT, "0.8", 0.8),
        (settings.pass_at, settings.PASS_AT, " .7", 0.7),
        (settings.rectification_days, settings.RECTIFICATION_DAYS, "10", 10),
        (settings.report_cutoff, settings.REPORT_CUTOFF, "20:30", time(20, 30)),
        (settings.dashboard_refresh_seconds, settings.DASHBOARD_REFRESH, "5", 5),
        (settings.figure_workers, settings.FIGURE_WORKERS, "4", 4),
        (settings.figure_workers, settings.FIGURE_WORKERS, "0", 1),
        (settings.bcrypt_rounds, settings.BCRYPT_ROUNDS, "4", 4),
        # These two fall back to their defaults on a value they cannot read.
        (settings.busy_timeout_ms, settings.BUSY_TIMEOUT, "-5", 30_000),
        (settings.busy_timeout_ms, settings.BUSY_TIMEOUT, "2.5s", 30_000),
        (settings.figure_workers, settings.FIGURE_WORKERS, "many", 2),
    ],
)
def test_a_set_value_is_read_with_its_type_when_called(
    monkeypatch: pytest.MonkeyPatch,
    read: Callable[[], Any],
    setting: Setting,
    value: str,
    expected: Any,
) -> None:
    monkeypatch.setenv(setting.name, value)
    assert read() == (pytest.approx(expected) if isinstance(expected, float) else expected)
    assert type(read()) is type(expected)


@pytest.mark.parametrize(
    ("read", "setting", "value"),
    [
        (settings.excellent_at, settings.EXCELLENT_AT, "high"),
        (settings.pass_at, settings.PASS_AT, "60%"),
        (settings.rectification_days, settings.RECTIFICATION_DAYS, "ten"),
        (settings.dashboard_refresh_seconds, settings.DASHBOARD_REFRESH, "1.5"),
        (settings.bcrypt_rounds, settings.BCRYPT_ROUNDS, "twelve"),
    ],
)
def test_a_number_that_cannot_be_read_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, read: Callable[[], Any], setting: Setting, value: str
) -> None:
    monkeypatch.setenv(setting.name, value)
    message = texts.E_SETTING_NUMBER.format(name=setting.name, value=value, default=setting.default)
    with pytest.raises(SettingsError, match=re.escape(message)):
        read()


def test_a_cutoff_that_cannot_be_read_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_REPORT_CUTOFF", "half past six")
    with pytest.raises(ValueError, match="DISPUTE_DESK_REPORT_CUTOFF=half past six"):
        settings.report_cutoff()


def test_the_data_folder_and_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DISPUTE_DESK_DATA", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert settings.data_dir() == PROJECT_DIR / "data"
    assert settings.database_url() == f"sqlite:///{PROJECT_DIR / 'data' / 'dispute_desk.db'}"
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(tmp_path))
    assert settings.data_dir() == tmp_path
    assert settings.database_url() == f"sqlite:///{tmp_path / 'dispute_desk.db'}"
    monkeypatch.setenv("DATABASE_URL", " postgresql+psycopg://u@host/db ")
    assert settings.database_url() == "postgresql+psycopg://u@host/db"


def test_the_demo_password_is_taken_exactly_as_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert settings.demo_password() is None
    monkeypatch.setenv("DEMO_PASSWORD", "")
    assert settings.demo_password() is None
    monkeypatch.setenv("DEMO_PASSWORD", " two words ")
    assert settings.demo_password() == " two words "


@pytest.mark.parametrize("candidate", ["", "   \n"])
def test_a_missing_cookie_key_is_refused(candidate: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(texts.E_COOKIE_KEY_MISSING)):
        settings.checked_cookie_key(candidate)


@pytest.mark.parametrize(
    "candidate", [settings.LIBRARY_DEFAULT_KEY, " some_key ", "k" * (settings.MIN_KEY_LENGTH - 1)]
)
def test_a_placeholder_or_short_cookie_key_is_refused(candidate: str) -> None:
    weak = texts.E_COOKIE_KEY_WEAK.format(min=settings.MIN_KEY_LENGTH)
    with pytest.raises(SettingsError, match=re.escape(weak)):
        settings.checked_cookie_key(candidate)


def test_a_long_enough_cookie_key_is_taken_without_surrounding_blanks() -> None:
    assert settings.checked_cookie_key(f"  {GOOD_KEY}\n") == GOOD_KEY


def _no_fallback() -> str:
    raise AssertionError("the secrets file is read only when the variable is unset")


def test_the_cookie_key_variable_comes_before_the_secrets_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_COOKIE_KEY", f" {GOOD_KEY} ")
    assert settings.cookie_key(_no_fallback) == GOOD_KEY
    monkeypatch.setenv("DISPUTE_DESK_COOKIE_KEY", settings.LIBRARY_DEFAULT_KEY)
    with pytest.raises(SettingsError):
        settings.cookie_key(lambda: "s" * 40)  # a placeholder in the variable is not passed over
    monkeypatch.setenv("DISPUTE_DESK_COOKIE_KEY", " ")
    assert settings.cookie_key(lambda: "s" * 40) == "s" * 40
    monkeypatch.delenv("DISPUTE_DESK_COOKIE_KEY")
    with pytest.raises(SettingsError, match=re.escape(texts.E_COOKIE_KEY_MISSING)):
        settings.cookie_key(lambda: "")
    with pytest.raises(SettingsError, match=re.escape(texts.E_COOKIE_KEY_WEAK.format(min=32))):
        settings.cookie_key(lambda: "some_key")
