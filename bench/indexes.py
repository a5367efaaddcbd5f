"""Candidate indexes (and one code change) tried on a scratch copy of a benchmark database;
db/ is not changed.

    .venv/bin/python -m bench.indexes --sizes 100000 1000000 [--reps 5] [--keep-scratch]

For each N: copy the cached SQLite database (online backup API) to <data>/scratch-<n>.db, then
for the baseline (the app's indexes) and each configuration in CONFIGS (indexes A, B, C alone,
the scope rewrite D alone, A+B+C, A+B+C with D; ANALYZE after each change, undone after) measure
warm (median of --reps) and cold the dashboard's figures, the board and the ledger's first page
for the leader, the coordinator and a mediator. D replaces db.core.scope.case_in_scope inside
db.figures.metrics, db.cases.board and db.cases.ledger at run time (the same cases, found through three index
lookups instead of an OR). Prints the speed-ups, each index's size and build time, the query
plans that changed, the party-name search with and without an index on parties.name, how many
rows a per-day summary table would keep, and what A+B+C cost when cases are added.

The candidates and configurations are bench.candidates', what each is measured by
bench.readings'; this module is the command, the scratch copy and the other questions.
"""

import argparse
import os
import sqlite3
from pathlib import Path

from sqlmodel import Session

from bench.candidates import CANDIDATES, CONFIGS, DESCRIBED, apply_ddl, scope_as_union
from bench.common import median_of, progress, seconds, size_args, table, timed
from bench.readings import measure_all, query_plans
from bench.store import sqlite_dataset
from db.core.engine import make_engine
from db.demo.cases import generate_cases
from db.demo.world import load_world


def _copy(source: Path, target: Path) -> None:
    for extra in ("", "-wal", "-shm"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst, pages=65536)
    src.close()
    dst.close()


def _party_search(path: Path, reps: int) -> list[list[str]]:
    """The ledger's search by a party's name (LIKE '%name%' over every party) beside a prefix
    search on a new index on parties.name (candidate E)."""
    connection = sqlite3.connect(path, isolation_level=None)
    name = connection.execute(
        "SELECT name FROM parties WHERE case_id = (SELECT max(id) FROM cases) ORDER BY id"
    ).fetchone()[0]
    contains = "SELECT count(*) FROM parties WHERE name LIKE '%' || ? || '%' ESCAPE '/'"
    prefix = "SELECT count(*) FROM parties WHERE name >= ? AND name < ? || char(1114111)"

    def run(sql: str, params: tuple) -> tuple[float, int]:
        found = connection.execute(sql, params).fetchone()[0]
        return median_of(lambda: connection.execute(sql, params).fetchone(), reps), found

    rows = []
    spent, found = run(contains, (name,))
    rows.append([f"contains '{name}' (as the app), no index", seconds(spent), found])
    built, _ = timed(lambda: connection.execute("CREATE INDEX ix_parties_name ON parties (name)"))
    size = connection.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'ix_parties_name'")
    rows.append(
        [
            f"E: CREATE INDEX ix_parties_name ({size.fetchone()[0] / 2**20:,.0f} MiB)",
            seconds(built),
            "",
        ]
    )
    spent, found = run(contains, (name,))
    rows.append([f"contains '{name}', with the index", seconds(spent), found])
    spent, found = run(prefix, (name, name))
    rows.append(
        [f"prefix '{name}' (name >= ? AND name < ? || char(0x10FFFF))", seconds(spent), found]
    )
    connection.execute("DROP INDEX ix_parties_name")
    connection.close()
    return rows


def _write_cost(path: Path, count: int) -> list[list[str]]:
    """What the wider indexes cost writes: `count` more cases from the demo generator, with the
    app's indexes and then with A+B+C (last, as it changes the scratch copy)."""
    url = f"sqlite:///{path}"
    abc = ["A", "B", "C"]
    rows = []
    for label, chosen in (("app's indexes", []), ("with A+B+C", abc)):
        apply_ddl(path, [s for c in chosen for s in CANDIDATES[c][0]])
        engine = make_engine(url)
        with Session(engine) as session:
            world = load_world(session)
            spent, _ = timed(
                lambda session=session, world=world: generate_cases(
                    session, world=world, count=count, seed=7
                )
            )
        engine.dispose()
        apply_ddl(path, [s for c in reversed(chosen) for s in CANDIDATES[c][1]])
        rows.append([label, f"{count:,}", seconds(spent), f"{count / spent:,.0f}"])
    return rows


def _summary_table_size(path: Path) -> list[list[str]]:
    """How many rows a per-day aggregate would keep, for keys of growing detail."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    keys = {
        "found_on, unit, category, risk, stage": "found_on, unit_id, category, risk, stage",
        "+ responsible unit and user (the scope)": "found_on, unit_id, category, risk, stage, "
        "responsible_unit_id, responsible_user_id",
        "+ deadline, level, reopened, resolved day (every figure)": "found_on, unit_id, "
        "category, risk, stage, responsible_unit_id, responsible_user_id, deadline, "
        "resolved_level, reopened_count > 0, date(resolved_at, '+8 hours')",
    }
    total = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
    rows = []
    for label, key in keys.items():
        spent, groups = timed(
            lambda key=key: connection.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM cases GROUP BY {key})"
            ).fetchone()[0]
        )
        rows.append([label, f"{groups:,}", f"{groups / total:.0%}", seconds(spent)])
    connection.close()
    return rows


def _run(n: int, scratch: Path, args: argparse.Namespace) -> None:
    """Every configuration on the scratch copy, and the tables."""
    url = f"sqlite:///{scratch}"
    progress(f"{n:,}: baseline")
    results = {"baseline": measure_all(url, args.reps)}
    plans = {"baseline": query_plans(url)}
    built: list[list[str]] = []
    configs = args.configs
    last = configs[-1]
    for name in configs:
        chosen, rewrite = CONFIGS[name]
        apply = [s for c in chosen for s in CANDIDATES[c][0]]
        undo = [s for c in reversed(chosen) for s in CANDIDATES[c][1]]
        if apply:
            progress(f"{n:,}: {name}: building")
            spent, sizes = apply_ddl(scratch, apply)
            size = ", ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sizes.items())
            built.append([f"{n:,}", DESCRIBED[name], seconds(spent), size])
        progress(f"{n:,}: {DESCRIBED[name]}: measuring")
        with scope_as_union(rewrite):
            results[name] = measure_all(url, args.reps)
            plans[name] = query_plans(url)
        if undo:
            apply_ddl(scratch, undo)
    headers = ["measure", "baseline cold", "baseline warm"]
    headers += [f"{c} warm (x)" for c in configs] + [f"{last} cold"]
    rows = []
    for measure_name, (cold, warm) in results["baseline"].items():
        line = [measure_name, seconds(cold) if cold else "", seconds(warm)]
        for config in configs:
            better = results[config][measure_name][1]
            line.append(f"{seconds(better)} ({warm / better:.1f}x)" if better else "-")
        all_cold = results[last][measure_name][0]
        line.append(seconds(all_cold) if all_cold else "")
        rows.append(line)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(table(headers, rows, title=f"{n:,} cases: candidate indexes (load {load})"))
    print(table(["N", "candidate", "build + ANALYZE s", "index size"], built))
    changed = []
    for key, steps in plans["baseline"].items():
        after = plans[last].get(key, [])
        if after != steps:
            changed.append([key, " / ".join(steps), " / ".join(after)])
    print(table(["statement", "plan before", f"plan with {last}"], changed, title="Plans"))
    print("\n" + "\n".join(f"- {DESCRIBED[c]}" for c in configs))
    print(
        table(
            ["parties searched by name", "seconds", "parties found"],
            _party_search(scratch, args.reps),
            title=f"{n:,} cases: the ledger's party search",
        )
    )
    print(
        table(
            ["summary table keyed by", "rows", "of cases", "seconds to count"],
            _summary_table_size(scratch),
            title=f"{n:,} cases: a per-day summary table would keep",
        )
    )
    progress(f"{n:,}: write cost")
    print(
        table(
            ["indexes", "cases added", "seconds", "cases/s"],
            _write_cost(scratch, args.write_cases),
            title=f"{n:,} cases: adding cases with the demo generator",
        )
    )


def main() -> None:
    parser = size_args(__doc__.splitlines()[0])
    parser.add_argument("--keep-scratch", action="store_true", help="keep the scratch copy")
    parser.add_argument(
        "--write-cases", type=int, default=5000, help="cases added to time writes (default 5000)"
    )
    parser.add_argument(
        "--configs",
        nargs="+",
        choices=list(CONFIGS),
        default=list(CONFIGS),
        help="configurations to try (default: all)",
    )
    args = parser.parse_args()
    for n in args.sizes:
        dataset = sqlite_dataset(n, Path(args.data), seed=args.seed)
        scratch = Path(args.data) / f"scratch-{n}.db"
        progress(f"{n:,}: copying to {scratch}")
        _copy(Path(dataset.url.removeprefix("sqlite:///")), scratch)
        try:
            _run(n, scratch, args)
        finally:
            if not args.keep_scratch:
                for extra in ("", "-wal", "-shm"):
                    Path(f"{scratch}{extra}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
