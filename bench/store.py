"""The benchmark databases: N demo cases from the app's own generator, cached and reused.

A SQLite file dd-<n>-seed<seed>[-<variant>].db per N, seed and variant under the data directory,
with a JSON sidecar of the build's timings; a PostgreSQL database dd_bench_<n>[_s<seed>], with
the timings in its comment. Built by db.core.migrate.upgrade + db.demo.world.build_world +
db.demo.cases.generate_cases + db.core.engine.analyze (each step timed); a cached one is
migrated as the app migrates at start before it is used.
"""

import argparse
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert as sa_insert
from sqlmodel import Session

import db.demo.cases as demo_cases
from bench.common import PASSWORD, progress, timed
from bench.pgdb import PG_PREFIX, pg_admin, pg_drop, pg_url
from db.clock import local_today
from db.core.engine import analyze, make_engine
from db.core.migrate import upgrade
from db.demo.world import build_world

CHILD_TABLES = ("parties", "case_events", "follow_ups")


@dataclass
class Dataset:
    n: int
    backend: str  # "sqlite" or "postgresql"
    url: str
    meta: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.n:,} {self.backend}"


# ---------------------------------------------------------------------------------- building


@contextmanager
def _variant(name: str) -> Iterator[None]:
    """Run the generator as it is ("app"), with render_nulls on its ORM bulk INSERTs (every row
    then has the same columns, so one executemany per batch and table), or with Core INSERTs
    into the tables ("core": no ORM bulk bookkeeping either)."""
    if name == "app":
        yield
        return
    original = demo_cases.insert
    if name == "render_nulls":
        demo_cases.insert = lambda model: sa_insert(model).execution_options(render_nulls=True)  # type: ignore[assignment]
    elif name == "core":
        demo_cases.insert = lambda model: sa_insert(model.__table__)  # type: ignore[assignment]
    else:
        raise ValueError(f"unknown variant {name!r}")
    try:
        yield
    finally:
        demo_cases.insert = original  # type: ignore[assignment]


@contextmanager
def _counting(n: int, label: str, limit_s: float) -> Iterator[None]:
    """Progress every 10 % of the cases (the generator builds them one by one) and a guard that
    gives up, with the rate so far, when generating would take longer than limit_s."""
    original = demo_cases.one_case
    started = time.perf_counter()
    step = max(1, n // 10)
    done = 0

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal done
        done += 1
        if done % step == 0:
            spent = time.perf_counter() - started
            progress(f"{label}: {done:,} cases built in {spent:.0f}s ({done / spent:,.0f}/s)")
            if spent / done * n > limit_s:
                raise TimeoutError(
                    f"generating {n:,} cases would take ~{spent / done * n / 60:.0f} min "
                    f"at {done / spent:,.0f} cases/s (limit {limit_s / 60:.0f} min)"
                )
        return original(*args, **kwargs)

    demo_cases.one_case = counted  # type: ignore[assignment]
    try:
        yield
    finally:
        demo_cases.one_case = original  # type: ignore[assignment]


def build(url: str, n: int, *, seed: int, variant: str, limit_s: float, label: str) -> dict:
    """Migrate, add the demo world and n cases, ANALYZE; the seconds of each step."""
    steps: dict[str, float] = {}
    steps["migrate"], _ = timed(lambda: upgrade(url))
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            steps["world"], world = timed(lambda: build_world(session, password=PASSWORD))
            with _variant(variant), _counting(n, label, limit_s):
                steps["generate"], _ = timed(
                    lambda: demo_cases.generate_cases(session, world=world, count=n, seed=seed)
                )
        steps["analyze"], _ = timed(lambda: analyze(engine))
        with engine.connect() as connection:
            rows = {
                t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                for t in ("cases", *CHILD_TABLES)
            }
    finally:
        engine.dispose()
    return {
        "n": n,
        "seed": seed,
        "variant": variant,
        "built_on": local_today().isoformat(),
        "steps": steps,
        "rows": rows,
    }


def migrate_as_the_app(url: str) -> None:
    """What `python -m db migrate` does at every start: the current head, then fresh planner
    statistics (new indexes have none, and SQLite may then pick a worse one)."""
    upgrade(url)
    engine = make_engine(url)
    try:
        analyze(engine)
    finally:
        engine.dispose()


def sqlite_file(data_dir: Path, n: int, seed: int, variant: str = "app") -> Path:
    suffix = "" if variant == "app" else f"-{variant}"
    return data_dir / f"dd-{n}-seed{seed}{suffix}.db"


def remove_sqlite(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


def sqlite_dataset(
    n: int,
    data_dir: Path,
    *,
    seed: int = 42,
    variant: str = "app",
    rebuild: bool = False,
    limit_s: float = 30 * 60,
) -> Dataset:
    """The cached database for n cases, built first if missing (or with --rebuild)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = sqlite_file(data_dir, n, seed, variant)
    sidecar = path.with_suffix(".json")
    url = f"sqlite:///{path}"
    if sidecar.exists() and path.exists() and not rebuild:
        meta = json.loads(sidecar.read_text()) | {"cached": True}
        progress(f"{n:,} sqlite: reusing {path} (built {meta['built_on']})")
        migrate_as_the_app(url)  # the app moves on: bring the cached schema to the current head
        return Dataset(n, "sqlite", url, meta)
    sidecar.unlink(missing_ok=True)
    remove_sqlite(path)
    progress(f"{n:,} sqlite: building {path} ({variant})")
    meta = build(url, n, seed=seed, variant=variant, limit_s=limit_s, label=f"{n:,} sqlite")
    meta["bytes"] = path.stat().st_size
    sidecar.write_text(json.dumps(meta, indent=2))
    return Dataset(n, "sqlite", url, meta | {"cached": False})


# ------------------------------------------------------------------------------- PostgreSQL


def _pg_comment(database: str) -> dict | None:
    with pg_admin() as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (database,),
        ).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0] or "")
    except ValueError:
        return {}


def pg_dataset(n: int, *, seed: int = 42, rebuild: bool = False, limit_s: float = 30 * 60):
    """The PostgreSQL database dd_bench_<n> (seed 42; else ..._s<seed>), built if missing."""
    database = f"{PG_PREFIX}{n}" + ("" if seed == 42 else f"_s{seed}")
    url = pg_url(database)
    meta = _pg_comment(database)
    if meta and meta.get("n") == n and not rebuild:
        progress(f"{n:,} postgresql: reusing {database} (built {meta['built_on']})")
        migrate_as_the_app(url)
        return Dataset(n, "postgresql", url, meta | {"cached": True})
    pg_drop(database)
    with pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    progress(f"{n:,} postgresql: building {database}")
    try:
        meta = build(url, n, seed=seed, variant="app", limit_s=limit_s, label=f"{n:,} postgresql")
    except BaseException:
        pg_drop(database)  # no half-built database left behind
        raise
    with pg_admin() as admin:
        size = admin.execute("SELECT pg_database_size(%s)", (database,)).fetchone()
        meta["bytes"] = size[0] if size else 0
        comment = json.dumps(meta).replace("'", "''")
        admin.execute(f"COMMENT ON DATABASE \"{database}\" IS '{comment}'")
    return Dataset(n, "postgresql", url, meta | {"cached": False})


def each_dataset(args: argparse.Namespace) -> Iterator[Dataset]:
    """The datasets a benchmark's arguments ask for: SQLite per size and, with --postgres,
    PostgreSQL too; the PostgreSQL databases built or reused here are dropped at the end unless
    --keep-postgres."""
    used: list[str] = []
    try:
        for n in args.sizes:
            if not (args.no_sqlite and args.postgres):
                yield sqlite_dataset(n, Path(args.data), seed=args.seed)
            if args.postgres:
                dataset = pg_dataset(n, seed=args.seed)
                used.append(dataset.url.rsplit("/", 1)[1])
                yield dataset
    finally:
        if used and not args.keep_postgres:
            for name in used:
                pg_drop(name)
            progress("dropped " + ", ".join(used))
