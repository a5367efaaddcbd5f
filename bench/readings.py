"""What bench.indexes measures on each configuration: the dashboard's figures (cold, warm, on
threads, and each figure warm), the board and the ledger's first page for the leader, the
coordinator and a mediator; and the query plans on cases of each figure and of the board.
"""

import statistics
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from bench.board import measure
from bench.common import actors, median_of, timed, year_period
from bench.dashboard import FIGURES, THREADS, all_figures, figures_in_threads
from db.cases import board, ledger
from db.core.engine import make_engine
from db.figures import metrics

WHO = ("leader", "coordinator", "mediator")


def measure_all(url: str, reps: int) -> dict[str, tuple[float, float]]:
    """(cold, warm) seconds of each measure; each figure's own warm median (cold 0)."""
    engine = make_engine(url)
    people = actors(engine)
    engine.dispose()
    f = year_period()
    out: dict[str, tuple[float, float]] = {}
    for who in WHO:
        engine = make_engine(url)
        per: dict[str, list[float]] = {}
        cold, _ = timed(lambda who=who, engine=engine: all_figures(engine, people[who], f))
        warm = median_of(
            lambda who=who, engine=engine, per=per: all_figures(engine, people[who], f, per),
            reps,
        )
        threads = median_of(
            lambda who=who, engine=engine: figures_in_threads(engine, people[who], f, THREADS),
            reps,
        )
        engine.dispose()
        out[f"figures, {who}"] = (cold, warm)
        out[f"figures, {who}, on {THREADS} threads"] = (0.0, threads)
        for name in FIGURES:
            out[f"  {name}, {who}"] = (0.0, statistics.median(per[name]))
    calls: list[tuple[str, Callable[[Session], Any]]] = []
    for who in WHO:
        a = people[who]
        calls.append(
            (f"board, {who}", lambda s, a=a: board.board(s, actor=a, filters=board.BoardFilter()))
        )
        calls.append(
            (
                f"ledger page 1, {who}",
                lambda s, a=a: ledger.list_cases(s, actor=a, filters=ledger.LedgerFilter()),
            )
        )
    for label, call in calls:
        cold, warm, _ = measure(url, call, reps)
        out[label] = (cold, warm)
    return out


def query_plans(url: str) -> dict[str, list[str]]:
    """The query plan steps on cases of each figure and of the board, for the leader and the
    mediator."""
    engine = make_engine(url)
    people = actors(engine)
    seen: list[tuple[str, Any]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "FROM cases" in statement and not statement.startswith("EXPLAIN"):
            seen.append((statement, parameters))

    f = year_period()
    plans: dict[str, list[str]] = {}
    for who in ("leader", "mediator"):
        calls = {
            name: lambda s, name=name, who=who: getattr(metrics, name)(
                s, actor=people[who], f=f, **({"grain": "month"} if name == "trend" else {})
            )
            for name in FIGURES
        }
        calls["board"] = lambda s, who=who: board.board(
            s, actor=people[who], filters=board.BoardFilter()
        )
        for name, call in calls.items():
            seen.clear()
            with Session(engine) as session:
                call(session)
            steps = []
            with engine.connect() as connection:
                for statement, parameters in list(seen):
                    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                    steps += [r[3] for r in rows if " cases " in f" {r[3]} "]
            plans[f"{name}, {who}"] = list(dict.fromkeys(steps))
    engine.dispose()
    return plans
