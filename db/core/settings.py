"""The application's settings: the one module that reads the environment. Each setting is a
record (name, default as README.md shows it, meaning) and a typed function that reads it when
called, so a changed variable counts from the next call. README.md's configuration table lists
exactly SETTINGS (tests/db/test_settings.py checks both ways).

A variable that is unset or blank takes its default. A value that cannot be read raises
SettingsError naming the variable, except DISPUTE_DESK_BUSY_TIMEOUT_MS and
DISPUTE_DESK_FIGURE_WORKERS, which fall back to their defaults.
"""

import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from functools import partial
from pathlib import Path
from typing import TypeVar

from db import texts

PROJECT_DIR = Path(__file__).resolve().parents[2]

# streamlit-authenticator's default cookie key: anyone could forge a cookie signed with it.
LIBRARY_DEFAULT_KEY = "some_key"
MIN_KEY_LENGTH = 32


class SettingsError(ValueError):
    """A variable holds a value the application cannot use; the message names it."""


@dataclass(frozen=True)
class Setting:
    """One environment variable the application reads."""

    name: str
    default: str  # as README.md shows it
    meaning: str  # README.md's meaning column

    def raw(self) -> str:
        """The variable as set ("" when unset)."""
        return os.environ.get(self.name, "")

    def text(self) -> str:
        """The variable without surrounding blanks ("" when unset or blank)."""
        return self.raw().strip()


_Number = TypeVar("_Number", int, float)


def _number(setting: Setting, kind: type[_Number]) -> _Number:
    value = setting.text() or setting.default
    try:
        return kind(value)
    except ValueError:
        message = texts.E_SETTING_NUMBER.format(
            name=setting.name, value=value, default=setting.default
        )
        raise SettingsError(message) from None


DATABASE_URL = Setting(
    "DATABASE_URL",
    "sqlite:///data/dispute_desk.db",
    "the database; `postgresql+psycopg://user:pass@host/db` for a shared server",
)
COOKIE_KEY = Setting(
    "DISPUTE_DESK_COOKIE_KEY",
    "—",
    f"key that signs the sign-in cookie (at least {MIN_KEY_LENGTH} characters); if unset,"
    " `cookie_key` in `.streamlit/secrets.toml`",
)
DEMO_PASSWORD = Setting(
    "DEMO_PASSWORD", "random", "password of the demo accounts when the demo is seeded"
)
DEMO = Setting(
    "DISPUTE_DESK_DEMO",
    "1",
    "`./run.sh` seeds the demo county into an empty database; `0`: only a county and its first"
    " admin, who must change the password printed once (`python -m db init`)",
)
DATA = Setting(
    "DISPUTE_DESK_DATA",
    "data/",
    "folder for the SQLite file, the stored demo password and inspection photos (`supervision/`)",
)
EXCELLENT_AT = Setting(
    "SUPERVISION_EXCELLENT_AT", "0.90", "an inspection score at or above it is 优秀"
)
PASS_AT = Setting(
    "SUPERVISION_PASS_AT", "0.60", "at or above it (below 优秀) is 合格; below it 不合格"
)
RECTIFICATION_DAYS = Setting(
    "RECTIFICATION_DAYS",
    "15",
    "days from an inspection's submission to its rectifications' deadline",
)
URGENT_PEOPLE = Setting(
    "DISPUTE_DESK_URGENT_PEOPLE",
    "10",
    "a high-risk case involving more people than this is urgent (紧急报告), as one with a"
    " group-event or 民转刑 flag is",
)
DASHBOARD_REFRESH = Setting(
    "DASHBOARD_REFRESH_SECONDS", "60", "how often the dashboard refreshes itself"
)
FIGURE_WORKERS = Setting(
    "DISPUTE_DESK_FIGURE_WORKERS",
    "2",
    "how many of the dashboard's figures are read at once, each in its own session"
    " (1: one after the other; not a number: the default)",
)
REPORT_CUTOFF = Setting(
    "DISPUTE_DESK_REPORT_CUTOFF",
    "18:00",
    "local time (Asia/Shanghai) after which a day's daily report counts as late",
)
BCRYPT_ROUNDS = Setting("BCRYPT_ROUNDS", "12", "bcrypt cost (tests lower it)")
BUSY_TIMEOUT = Setting(
    "DISPUTE_DESK_BUSY_TIMEOUT_MS",
    "30000",
    "SQLite: how long a write waits for another writer's lock before the user is told the"
    " database is busy (not a whole number: the default)",
)

TRUSTED_PROXIES = Setting(
    "DISPUTE_DESK_TRUSTED_PROXIES",
    "—",
    "addresses or networks (`10.0.0.5, 10.1.0.0/16`) of the reverse proxies whose"
    " `X-Forwarded-For` names the client; unset: none, `X-Forwarded-For` is ignored",
)
REFERRAL_WAIT_DAYS = Setting(
    "DISPUTE_DESK_REFERRAL_WAIT_DAYS",
    "90",
    "a referred case with no outcome recorded this many days after the referral is listed for"
    " the coordinator (看板 → 移交待结果)",
)
UNASSIGNED_DAYS = Setting(
    "DISPUTE_DESK_UNASSIGNED_DAYS",
    "3",
    "the weekly pack lists every case registered this many days ago or more and still not assigned",
)
# Notifications outside the app (issue 21), all off by default; read by db.io.outbox.config.
SMTP_HOST = Setting(
    "DISPUTE_DESK_SMTP_HOST", "—", "intranet mail server for chosen notifications; unset: no mail"
)
SMTP_PORT = Setting("DISPUTE_DESK_SMTP_PORT", "25", "its port (plain SMTP, no sign-in)")
SMTP_FROM = Setting(
    "DISPUTE_DESK_SMTP_FROM", "—", "sender address of those mails (needed for mail)"
)
WEBHOOK_URL = Setting(
    "DISPUTE_DESK_WEBHOOK_URL", "—", "the office's messaging gateway (JSON POST); unset: none"
)
OUTBOX_MAX_ATTEMPTS = Setting(
    "DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS", "5", "tries per message before it is marked failed"
)
OUTBOX_SETTINGS = (SMTP_HOST, SMTP_PORT, SMTP_FROM, WEBHOOK_URL, OUTBOX_MAX_ATTEMPTS)
REMIND_DAYS = Setting(
    "DISPUTE_DESK_REMIND_DAYS",
    "3,1,0",
    "days before a deadline on which the responsible person is reminded (`python -m db remind`):"
    " 0 今天到期, 1 明天到期, others 即将到期",
)
FOLLOW_UP_LATE_DAYS = Setting(
    "DISPUTE_DESK_FOLLOW_UP_LATE_DAYS",
    "15",
    "days after resolution without a follow-up visit before the responsible person is reminded",
)

SETTINGS = (
    DATABASE_URL,
    COOKIE_KEY,
    DEMO_PASSWORD,
    DEMO,
    DATA,
    EXCELLENT_AT,
    PASS_AT,
    RECTIFICATION_DAYS,
    URGENT_PEOPLE,
    DASHBOARD_REFRESH,
    FIGURE_WORKERS,
    REPORT_CUTOFF,
    BCRYPT_ROUNDS,
    BUSY_TIMEOUT,
    TRUSTED_PROXIES,
    REFERRAL_WAIT_DAYS,
    UNASSIGNED_DAYS,
    *OUTBOX_SETTINGS,
    REMIND_DAYS,
    FOLLOW_UP_LATE_DAYS,
)


def data_dir() -> Path:
    """DISPUTE_DESK_DATA, else data/ in the project."""
    return Path(DATA.text() or PROJECT_DIR / "data")


def database_url() -> str:
    """DATABASE_URL, else the SQLite file dispute_desk.db in the data folder."""
    return DATABASE_URL.text() or f"sqlite:///{data_dir() / 'dispute_desk.db'}"


def busy_timeout_ms() -> int:
    """How long a SQLite writer waits for another writer's lock before giving up."""
    value = BUSY_TIMEOUT.text()
    return int(value if value.isdigit() else BUSY_TIMEOUT.default)


def checked_cookie_key(candidate: str) -> str:
    """The candidate without surrounding blanks; SettingsError when it is missing, shorter than
    MIN_KEY_LENGTH or the library's default (a placeholder anyone could sign cookies with)."""
    key = candidate.strip()
    if not key:
        raise SettingsError(texts.E_COOKIE_KEY_MISSING)
    if key == LIBRARY_DEFAULT_KEY or len(key) < MIN_KEY_LENGTH:
        raise SettingsError(texts.E_COOKIE_KEY_WEAK.format(min=MIN_KEY_LENGTH))
    return key


def cookie_key(fallback: Callable[[], str]) -> str:
    """DISPUTE_DESK_COOKIE_KEY, else what `fallback` reads (the web app: `cookie_key` in
    .streamlit/secrets.toml, which only Streamlit reads), checked by checked_cookie_key."""
    return checked_cookie_key(COOKIE_KEY.text() or fallback())


def demo_password() -> str | None:
    """DEMO_PASSWORD exactly as set (a password is never trimmed); None when unset or empty."""
    return DEMO_PASSWORD.raw() or None


def demo_enabled() -> bool:
    """DISPUTE_DESK_DEMO: on unless `0`, `no`, `off` or `false`."""
    return (DEMO.text() or DEMO.default).lower() not in ("0", "no", "off", "false")


def remind_days() -> tuple[int, ...]:
    """DISPUTE_DESK_REMIND_DAYS ("3,1,0"): offsets of 0 or more, largest first, no repeats."""
    days = {p.strip() for p in (REMIND_DAYS.text() or REMIND_DAYS.default).split(",")} - {""}
    if not days or not all(d.isdigit() for d in days):
        raise SettingsError(texts.E_SETTING_DAYS.format(name=REMIND_DAYS.name))
    return tuple(sorted({int(d) for d in days}, reverse=True))


# Plain numbers, each read when called (a value that is not one: SettingsError naming it).
excellent_at = partial(_number, EXCELLENT_AT, float)
pass_at = partial(_number, PASS_AT, float)
rectification_days = partial(_number, RECTIFICATION_DAYS, int)
referral_wait_days = partial(_number, REFERRAL_WAIT_DAYS, int)
unassigned_days = partial(_number, UNASSIGNED_DAYS, int)
follow_up_late_days = partial(_number, FOLLOW_UP_LATE_DAYS, int)
urgent_people = partial(_number, URGENT_PEOPLE, int)
dashboard_refresh_seconds = partial(_number, DASHBOARD_REFRESH, int)


def report_cutoff() -> time:
    """The local time of day after which a day's report is late ("HH:MM")."""
    value = REPORT_CUTOFF.text() or REPORT_CUTOFF.default
    try:
        return time.fromisoformat(value)
    except ValueError:
        message = texts.E_REPORT_CUTOFF.format(name=REPORT_CUTOFF.name, value=value)
        raise SettingsError(message) from None


def figure_workers() -> int:
    """At least 1."""
    try:
        return max(1, int(FIGURE_WORKERS.text() or FIGURE_WORKERS.default))
    except ValueError:
        return int(FIGURE_WORKERS.default)


def bcrypt_rounds() -> int:
    """12 in service; tests lower it to stay quick."""
    return _number(BCRYPT_ROUNDS, int)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies() -> tuple[Network, ...]:
    """The networks of DISPUTE_DESK_TRUSTED_PROXIES (comma-separated addresses or CIDR
    networks; an address is a network of one); none when unset or blank."""
    value = TRUSTED_PROXIES.text()
    networks = []
    for entry in filter(None, (part.strip() for part in value.split(","))):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            message = texts.E_SETTING_PROXIES.format(name=TRUSTED_PROXIES.name, value=entry)
            raise SettingsError(message) from None
    return tuple(networks)
