"""Shared by the benchmarks: timing, progress, tables, the demo actors and the period."""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from db.clock import local_today
from db.core.actor import Actor
from db.figures.metrics import MetricFilter
from db.models import User

# Read by db.accounts.users when hashing: 4 rounds keep building the world and signing in cheap.
os.environ.setdefault("BCRYPT_ROUNDS", "4")

PASSWORD = "bench password 1"  # every demo account's password in the benchmark databases
COOKIE_KEY = "bench-cookie-key-" + "x" * 32
DEFAULT_DATA = "/tmp/dd-bench"
DEFAULT_SIZES = (100_000, 1_000_000)
ACTORS = {
    "leader": "county leader (清河县, every case)",
    "coordinator": "town coordinator (青石镇)",
    "mediator": "village mediator (东河村)",
}
_STARTED = time.perf_counter()


def progress(message: str) -> None:
    """A progress line on stderr with the time since the benchmark started."""
    print(f"[{time.perf_counter() - _STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_of(fn: Callable[[], Any], reps: int) -> float:
    return statistics.median(timed(fn)[0] for _ in range(reps))


def year_period(today: date | None = None) -> MetricFilter:
    """One year up to today (365 days, both ends included), the whole scope."""
    today = today or local_today()
    return MetricFilter(start=today - timedelta(days=364), end=today)


def actor(session: Session, username: str) -> Actor:
    user = session.exec(select(User).where(User.username == username)).one()
    return Actor.of(session, user)


def actors(engine: Engine) -> dict[str, Actor]:
    with Session(engine) as session:
        return {name: actor(session, name) for name in ACTORS}


def seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.001:
        return f"{value:.6f}"
    return f"{value:.4f}" if value < 0.1 else f"{value:.3f}" if value < 10 else f"{value:.1f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> str:
    """A Markdown table (readable in a terminal, pasteable into bench/README.md)."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    out = [f"\n{title}\n"] if title else []
    out.append(line(cells[0]))
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out.extend(line(row) for row in cells[1:])
    return "\n".join(out)


def size_args(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        help="numbers of demo cases (default: 100000 1000000)",
    )
    parser.add_argument(
        "--data", default=DEFAULT_DATA, help=f"cache of databases (default {DEFAULT_DATA})"
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--reps", type=int, default=5, help="warm repetitions (median; default 5)")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also measure on PostgreSQL (database dd_bench_<n>, built if missing)",
    )
    parser.add_argument(
        "--no-sqlite", action="store_true", help="with --postgres: measure PostgreSQL only"
    )
    parser.add_argument(
        "--keep-postgres",
        action="store_true",
        help="keep the PostgreSQL databases for the next run (default: drop them at the end)",
    )
    return parser


# ------------------------------------------------------------------ the app under AppTest


def fresh_app_state(url: str) -> None:
    """A new engine for the app (the old one disposed) and empty Streamlit caches."""
    import streamlit as st

    from db.core import engine as db_engine

    if db_engine.engine_for.cache_info().currsize:
        db_engine.engine_for(url).dispose()
    db_engine.engine_for.cache_clear()
    st.cache_data.clear()


def empty_rerun(reps: int) -> float:
    """The unit every page's rerun is compared with: an empty script's rerun."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("pass")
    at.run()
    return median_of(at.run, reps)


def signed_in_app(url: str, username: str):  # type: ignore[no-untyped-def]
    """app.py under AppTest against `url`, signed in through the real login form."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    os.environ.update(DATABASE_URL=url, DISPUTE_DESK_COOKIE_KEY=COOKIE_KEY, BCRYPT_ROUNDS="4")
    fresh_app_state(url)
    app = Path(__file__).resolve().parent.parent / "app.py"
    at = AppTest.from_file(str(app), default_timeout=900)
    at.run()
    at.text_input(key="login-username").input(username)
    at.text_input(key="login-password").input(PASSWORD)
    at.button(key="login-submit").click()
    at.run()
    if at.exception:
        raise RuntimeError(f"sign-in as {username} failed: {at.exception}")
    return at
