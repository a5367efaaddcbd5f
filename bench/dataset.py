"""Benchmark databases: N demo cases from the app's own generator, cached and reused.

    .venv/bin/python -m bench.dataset --sizes 100000 1000000 [--data /tmp/dd-bench] [--rebuild]

A SQLite database per N and seed is built with db.core.migrate.upgrade + db.demo.world.build_world +
db.demo.cases.generate_cases + db.core.engine.analyze (each step timed) under --data, with a JSON
sidecar that records the timings; a later run reuses it, migrated to the current Alembic head
first (the data are relative to the day they were built on: --rebuild for today's).

Beside the generator, the same run measures a floor: raw sqlite3 executemany of the same number
of case-shaped rows (copied from the generated ones), into the same schema, with the same
pragmas, in one transaction, once for the cases alone and once with their parties, events and
follow-ups, so that the generator's time reads as a ratio.

--variant render_nulls runs the generator with `insert(...).execution_options(render_nulls=True)`,
--variant core with `insert(Model.__table__)` (patched in at run time, db/ unchanged), into a
separate file, and checks that the rows are the same: to measure those suggested changes.
--postgres does the same on PostgreSQL (database dd_bench_<n>), dropped at the end unless
--keep-postgres; --drop-postgres drops the dd_bench_<n> databases it made and exits.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import insert as sa_insert
from sqlmodel import Session

import db.demo.cases as demo_cases
from bench.common import PASSWORD, progress, seconds, size_args, table, timed
from db.clock import local_today
from db.core.engine import analyze, make_engine
from db.core.migrate import upgrade
from db.demo.world import build_world

PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres@127.0.0.1:5432")
PG_PREFIX = "dd_bench_"
CHILD_TABLES = ("parties", "case_events", "follow_ups")
TEMPLATE_CASES = 20_000  # distinct generated cases the floor cycles through
BATCH = 5000  # cases per executemany round, as the generator does
GENERATOR_LIMIT_S = 10 * 60  # the report flags a generator slower than this


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


def _remove_sqlite(path: Path) -> None:
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
    _remove_sqlite(path)
    progress(f"{n:,} sqlite: building {path} ({variant})")
    meta = build(url, n, seed=seed, variant=variant, limit_s=limit_s, label=f"{n:,} sqlite")
    meta["bytes"] = path.stat().st_size
    sidecar.write_text(json.dumps(meta, indent=2))
    return Dataset(n, "sqlite", url, meta | {"cached": False})


# ------------------------------------------------------------------------------- PostgreSQL


def pg_url(database: str, driver: str = "postgresql+psycopg") -> str:
    return f"{driver}://{PG_SERVER}/{database}"


def _pg_admin() -> psycopg.Connection:
    return psycopg.connect(pg_url("postgres", "postgresql"), autocommit=True)


def _pg_comment(database: str) -> dict | None:
    with _pg_admin() as admin:
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


def pg_drop(database: str) -> None:
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def pg_drop_all() -> list[str]:
    """Drop the databases this module makes (dd_bench_<n>[_s<seed>], dd_bench_floor) and no
    other, even if its name starts the same way."""
    ours = re.compile(rf"{PG_PREFIX}(\d+(_s\d+)?|floor)")
    with _pg_admin() as admin:
        names = [
            r[0] for r in admin.execute("SELECT datname FROM pg_database") if ours.fullmatch(r[0])
        ]
    for name in names:
        pg_drop(name)
    return names


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
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    progress(f"{n:,} postgresql: building {database}")
    try:
        meta = build(url, n, seed=seed, variant="app", limit_s=limit_s, label=f"{n:,} postgresql")
    except BaseException:
        pg_drop(database)  # no half-built database left behind
        raise
    with _pg_admin() as admin:
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


# ------------------------------------------------------------------------------------ floor


@dataclass
class Template:
    """Generated rows to copy: cases and, per case, its children (without their ids)."""

    columns: dict[str, list[str]]
    cases: list[tuple]
    children: dict[str, dict[int, list[tuple]]]


def _template(cursor_rows: Callable[[str], tuple[list[str], list[tuple]]]) -> Template:
    case_columns, cases = cursor_rows(f"SELECT * FROM cases ORDER BY id LIMIT {TEMPLATE_CASES}")
    last_id = cases[-1][case_columns.index("id")]
    columns = {"cases": case_columns}
    children: dict[str, dict[int, list[tuple]]] = {}
    for name in CHILD_TABLES:
        names, rows = cursor_rows(f"SELECT * FROM {name} WHERE case_id <= {last_id} ORDER BY id")
        keep = [i for i, c in enumerate(names) if c != "id"]
        columns[name] = [names[i] for i in keep]
        at = names.index("case_id")
        by_case: dict[int, list[tuple]] = {}
        for row in rows:
            by_case.setdefault(row[at], []).append(tuple(row[i] for i in keep))
        children[name] = by_case
    return Template(columns, cases, children)


def _batches(t: Template, n: int, with_children: bool) -> Iterator[dict[str, list[tuple]]]:
    """Rounds of BATCH cases (new ids and numbers) and, if asked, their children."""
    id_at, number_at = t.columns["cases"].index("id"), t.columns["cases"].index("number")
    case_at = {name: t.columns[name].index("case_id") for name in CHILD_TABLES}
    for start in range(0, n, BATCH):
        rows: dict[str, list[tuple]] = {"cases": [], **{name: [] for name in CHILD_TABLES}}
        for new_id in range(start + 1, min(n, start + BATCH) + 1):
            source = t.cases[(new_id - 1) % len(t.cases)]
            row = list(source)
            row[id_at], row[number_at] = new_id, f"FLOOR-{new_id}"
            rows["cases"].append(tuple(row))
            if with_children:
                for name in CHILD_TABLES:
                    at = case_at[name]
                    for child in t.children[name].get(source[id_at], ()):
                        copied = list(child)
                        copied[at] = new_id
                        rows[name].append(tuple(copied))
        yield rows


def _insert_sql(name: str, columns: list[str], mark: str) -> str:
    return f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def world_template(data_dir: Path) -> Path:
    """A migrated database with the demo world and no cases: what the floor inserts into."""
    path = data_dir / "world-template.db"
    if not path.exists():
        scratch = data_dir / "world-template.tmp.db"
        _remove_sqlite(scratch)
        url = f"sqlite:///{scratch}"
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            build_world(session, password=PASSWORD)
        engine.dispose()
        scratch.rename(path)
    upgrade(f"sqlite:///{path}")  # as migrated as the datasets it is compared with
    return path


def sqlite_floor(dataset: Dataset, data_dir: Path, *, with_children: bool) -> tuple[float, int]:
    """Seconds and rows for raw sqlite3 executemany of n case-shaped rows (and children)."""
    source_path = dataset.url.removeprefix("sqlite:///")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)

    def rows(sql: str) -> tuple[list[str], list[tuple]]:
        cursor = source.execute(sql)
        return [d[0] for d in cursor.description], cursor.fetchall()

    template = _template(rows)
    source.close()
    # The COMMIT's fsync varies a lot on this disk: the median of three runs below 200,000.
    runs = [_sqlite_floor_once(template, dataset.n, data_dir, with_children)]
    if dataset.n <= 200_000:
        runs += [_sqlite_floor_once(template, dataset.n, data_dir, with_children) for _ in "ab"]
    return sorted(runs)[len(runs) // 2]


def _sqlite_floor_once(
    template: Template, n: int, data_dir: Path, with_children: bool
) -> tuple[float, int]:
    target = data_dir / f"floor-{n}.db"
    _remove_sqlite(target)
    shutil.copyfile(world_template(data_dir), target)
    connection = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    sql = {name: _insert_sql(name, cols, "?") for name, cols in template.columns.items()}
    written = 0
    started = time.perf_counter()
    connection.execute("BEGIN")
    for batch in _batches(template, n, with_children):
        for name, values in batch.items():
            if values:
                connection.executemany(sql[name], values)
                written += len(values)
    connection.execute("COMMIT")
    spent = time.perf_counter() - started
    connection.close()
    _remove_sqlite(target)
    return spent, written


def pg_floor(dataset: Dataset, *, with_children: bool) -> tuple[float, int]:
    """The same floor on PostgreSQL: psycopg executemany (pipelined) into an empty copy."""
    source_name = dataset.url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url(source_name, "postgresql")) as source:

        def rows(sql: str) -> tuple[list[str], list[tuple]]:
            cursor = source.execute(sql)
            return [d.name for d in cursor.description or ()], cursor.fetchall()

        template = _template(rows)
    target = f"{PG_PREFIX}floor"
    pg_drop(target)
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        url = pg_url(target)
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            build_world(session, password=PASSWORD)
        engine.dispose()
        sql = {name: _insert_sql(name, cols, "%s") for name, cols in template.columns.items()}
        written = 0
        with psycopg.connect(pg_url(target, "postgresql")) as connection:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for batch in _batches(template, dataset.n, with_children):
                    for name, values in batch.items():
                        if values:
                            cursor.executemany(sql[name], values)
                            written += len(values)
            connection.commit()
            spent = time.perf_counter() - started
    finally:
        pg_drop(target)
    return spent, written


def fingerprint(path: Path) -> str:
    """A hash of every generated row (cases and children, in id order)."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for name in ("cases", *CHILD_TABLES):
        for row in connection.execute(f"SELECT * FROM {name} ORDER BY id"):
            digest.update(repr(row).encode())
    connection.close()
    return digest.hexdigest()[:16]


# -------------------------------------------------------------------------------------- CLI


def report(dataset: Dataset, floors: dict[str, tuple[float, int]]) -> list[list[str]]:
    meta = dataset.meta
    steps, rows = meta["steps"], meta["rows"]
    all_rows = sum(rows.values())
    gen = steps["generate"]
    built = "cached, built " + meta["built_on"] if meta.get("cached") else "built now"
    out = [
        [dataset.label, f"migrate + world ({built})", seconds(steps["migrate"] + steps["world"])]
        + ["", "", ""],
        [
            dataset.label,
            f"generate_cases ({meta.get('variant', 'app')})",
            seconds(gen),
            f"{all_rows:,}",
            f"{rows['cases'] / gen:,.0f} cases/s, {all_rows / gen:,.0f} rows/s",
            "",
        ],
        [dataset.label, "analyze", seconds(steps["analyze"]), "", "", ""],
    ]
    for name, (spent, written) in floors.items():
        ratio = gen / spent if name.endswith("+ children") else ""
        out.append(
            [
                dataset.label,
                name,
                seconds(spent),
                f"{written:,}",
                f"{written / spent:,.0f} rows/s",
                f"generator = {ratio:.1f}x" if ratio else "",
            ]
        )
    if gen > GENERATOR_LIMIT_S:
        out.append([dataset.label, "NOTE: generator above 10 min", "", "", "", ""])
    if "bytes" in meta:
        out.append(
            [dataset.label, "database size", "", "", f"{meta['bytes'] / 2**20:,.0f} MiB", ""]
        )
    return out


def _sqlite_lines(n: int, args: argparse.Namespace) -> list[list[str]]:
    data_dir = Path(args.data)
    try:
        dataset = sqlite_dataset(
            n,
            data_dir,
            seed=args.seed,
            variant=args.variant,
            rebuild=args.rebuild,
            limit_s=args.limit_minutes * 60,
        )
    except TimeoutError as slow:
        return [[f"{n:,} sqlite", f"generate_cases GAVE UP: {slow}", "", "", "", ""]]
    floors = {}
    if not args.no_floor:
        progress(f"{dataset.label}: executemany floor")
        for label, children in (("cases", False), ("cases + children", True)):
            floors[f"executemany floor: {label}"] = sqlite_floor(
                dataset, data_dir, with_children=children
            )
    lines = report(dataset, floors)
    app_file = sqlite_file(data_dir, n, args.seed)
    if args.variant != "app" and app_file.exists():
        progress(f"{dataset.label}: comparing the data with the app's generator")
        here = fingerprint(sqlite_file(data_dir, n, args.seed, args.variant))
        same = "same rows" if here == fingerprint(app_file) else "DIFFERENT rows"
        lines.append([dataset.label, f"vs {app_file.name}: {same}", "", "", "", ""])
    return lines


def _pg_lines(n: int, args: argparse.Namespace, made: list[str]) -> list[list[str]]:
    try:
        pg = pg_dataset(n, seed=args.seed, rebuild=args.rebuild, limit_s=args.limit_minutes * 60)
    except TimeoutError as slow:
        return [[f"{n:,} postgresql", f"generate_cases GAVE UP: {slow}", "", "", "", ""]]
    made.append(pg.url.rsplit("/", 1)[1])
    floors = {}
    if not args.no_floor:
        progress(f"{pg.label}: executemany floor")
        for label, children in (("cases", False), ("cases + children", True)):
            floors[f"executemany floor: {label}"] = pg_floor(pg, with_children=children)
    return report(pg, floors)


def main() -> None:
    parser = size_args("Build (or reuse) the benchmark databases and time the generator.")
    parser.add_argument("--rebuild", action="store_true", help="build again even if cached")
    parser.add_argument("--variant", choices=["app", "render_nulls", "core"], default="app")
    parser.add_argument("--no-floor", action="store_true", help="skip the executemany floor")
    parser.add_argument(
        "--limit-minutes", type=float, default=30, help="give up generating after (default 30)"
    )
    parser.add_argument(
        "--drop-postgres", action="store_true", help="drop the dd_bench_<n> databases and exit"
    )
    args = parser.parse_args()
    if args.drop_postgres:
        print("dropped:", ", ".join(pg_drop_all()) or "none")
        return
    lines: list[list[str]] = []
    made: list[str] = []
    try:
        for n in args.sizes:
            if not (args.no_sqlite and args.postgres):
                lines += _sqlite_lines(n, args)
            if args.postgres:
                lines += _pg_lines(n, args, made)
    finally:
        if made and not args.keep_postgres:
            for name in made:
                pg_drop(name)
            progress("dropped " + ", ".join(made))
    headers = ["N, backend", "step", "seconds", "rows", "rate", "ratio"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    title = f"Benchmark databases ({date.today()}, {os.cpu_count()} cores, load {load})"
    print(table(headers, lines, title=title))


if __name__ == "__main__":
    main()
