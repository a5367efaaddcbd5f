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

The databases are bench.store's, the floor bench.floor's; this module is the command and its
report.
"""

import argparse
import hashlib
import os
import sqlite3
from datetime import date
from pathlib import Path

from bench.common import progress, seconds, size_args, table
from bench.floor import pg_floor, sqlite_floor
from bench.pgdb import pg_drop, pg_drop_all
from bench.store import CHILD_TABLES, Dataset, pg_dataset, sqlite_dataset, sqlite_file

GENERATOR_LIMIT_S = 10 * 60  # the report flags a generator slower than this


def fingerprint(path: Path) -> str:
    """A hash of every generated row (cases and children, in id order)."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for name in ("cases", *CHILD_TABLES):
        for row in connection.execute(f"SELECT * FROM {name} ORDER BY id"):
            digest.update(repr(row).encode())
    connection.close()
    return digest.hexdigest()[:16]


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
