"""Free-text search in the ledger at scale: the trigram index against a LIKE scan, same run.

    .venv/bin/python -m bench.search --sizes 100000 1000000 [--reps 3] [--postgres]

For each N (databases from bench.store, built first if missing, migrated to head):
(a) the index: the migration that builds it, when this run is the one that brings the cached
    database to head from before 0024 (migration 0007: FTS5 tables filled by 'rebuild' on
    SQLite, pg_trgm GIN indexes on PostgreSQL; 0024: the bigram table of the short terms, filled
    from every text); then, every run, the trigram index built again in place (FTS5 'rebuild' of
    both tables; REINDEX of the three indexes), and the size of both (trigram and bigram);
(b) for a few terms, `db.cases.ledger.list_cases` as the ledger page calls it (page 1: 50 rows and
    the total, newest first) for the county leader and a village mediator, once through the
    index (db.cases.search as the app runs it) and once through the LIKE scan
    (db.cases.search.matching_case_ids(use_index=False) patched into db.cases.ledger), cold (new engine)
    and warm (median of --reps), and the two answers compared. The terms: a common phrase of
    the facts, a rare full name, a fragment of a case number, a phrase that matches nothing
    (the scan's worst case), a two-character name and two single characters (too short for
    trigrams: looked up in the bigram table since 0024).
(c) what the index costs a write: db.demo.cases.generate_cases adding --write-cases cases (with
    their parties and events, the demo generator's bulk inserts, one transaction) to a fresh
    SQLite database at head with the demo world, with the search triggers (FTS and bigram) and
    with them dropped,
    alternately, twice each (once per run, not per N; in a temporary directory).
PostgreSQL has no separate LIKE path (ILIKE is what the trigram index serves): there the
"scan" column is the same query with the planner kept off the trigram indexes
(SET enable_bitmapscan = off), i.e. what the query costs without the index.
"""

import functools
import os
import sqlite3
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

import bench.store as bench_store
from bench.common import PASSWORD, actors, median_of, progress, seconds, size_args, table, timed
from bench.store import Dataset, each_dataset
from db.cases import ledger, search
from db.cases.ledger import LedgerFilter, LedgerPage
from db.core.engine import make_engine, read_session
from db.core.migrate import upgrade
from db.demo.cases import generate_cases
from db.demo.world import build_world

TERMS = (
    ("common phrase of the facts", "拖欠工资"),
    ("rare full name (3 characters)", "孟子涵"),
    ("fragment of a number", "QSZ-2025-01"),
    ("matches nothing", "不存在的事"),
    ("2-character name (no trigram)", "阎磊"),
    ("1-character, a rare surname", "阎"),
    ("1-character, the commonest surname", "王"),
)
WHO = ("leader", "mediator")
FTS_TABLES = ("cases_fts", "parties_fts")
TRGM_INDEXES = ("ix_cases_number_trgm", "ix_cases_facts_trgm", "ix_parties_name_trgm")

_migrations: dict[str, tuple[str, float]] = {}  # url -> (revision before, seconds to head)


def _timed_migration(original):  # type: ignore[no-untyped-def]
    """bench.store's migrate_as_the_app, timed, with the revision it started from."""

    def migrate(url: str) -> None:
        engine = make_engine(url)
        with engine.connect() as connection:
            before = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        engine.dispose()
        spent, _ = timed(lambda: original(url))
        _migrations[url] = (str(before), spent)

    return migrate


bench_store.migrate_as_the_app = _timed_migration(bench_store.migrate_as_the_app)


# --------------------------------------------------------------------------- (a) the index


def rebuild(engine: Engine) -> float:
    """The index built again in place, as the migration builds it."""
    with engine.connect() as connection:

        def run() -> None:
            if engine.dialect.name == "sqlite":
                for fts in FTS_TABLES:
                    connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            else:
                for name in TRGM_INDEXES:
                    connection.exec_driver_sql(f"REINDEX INDEX {name}")
            connection.commit()

        spent, _ = timed(run)
    return spent


def index_mib(engine: Engine) -> float:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            shadows = [f"{t}_{s}" for t in FTS_TABLES for s in ("data", "idx", "docsize", "config")]
            shadows.append("search_grams")
            size = sum(
                connection.execute(
                    text("SELECT pgsize FROM dbstat WHERE name = :n AND aggregate = 1"), {"n": n}
                ).scalar()
                or 0
                for n in shadows
            )
        else:
            size = connection.execute(
                text("SELECT sum(pg_relation_size(c.oid)) FROM pg_class c WHERE relname = ANY(:n)"),
                {"n": [*TRGM_INDEXES, "search_grams", "search_grams_pkey"]},
            ).scalar()
    return (size or 0) / 2**20


def write_cost(count: int) -> list[list[str]]:
    """generate_cases(count) into fresh databases, with and without the FTS triggers."""
    times: dict[bool, list[float]] = {True: [], False: []}
    with tempfile.TemporaryDirectory(prefix="dd-bench-write-") as folder:
        for i, with_fts in enumerate((True, False, True, False)):
            url = f"sqlite:///{folder}/write-{i}.db"
            upgrade(url)
            engine = make_engine(url)
            if not with_fts:
                with engine.begin() as connection:
                    for fts in (*FTS_TABLES, "search_grams_cases", "search_grams_parties"):
                        for what in ("insert", "delete", "update"):
                            connection.exec_driver_sql(f"DROP TRIGGER {fts}_{what}")
            with Session(engine) as session:
                world = build_world(session, password=PASSWORD)
                progress(f"write cost: {count:,} cases, search triggers {with_fts}")
                spent, _ = timed(lambda s=session, w=world: generate_cases(s, world=w, count=count))
            engine.dispose()
            times[with_fts].append(spent)
    plain, fts = statistics.median(times[False]), statistics.median(times[True])
    return [
        [f"{count:,} cases, without the search triggers", *map(seconds, times[False])],
        [f"{count:,} cases, with them (as the app)", *map(seconds, times[True])],
        [f"with ÷ without (medians {seconds(fts)} / {seconds(plain)})", f"{fts / plain:.2f}x", ""],
    ]


# ------------------------------------------------------------------------ (b) the searches


@contextmanager
def by_scan(engine: Engine) -> Iterator[None]:
    """The ledger's search without the trigram index."""
    original = ledger.matching_case_ids
    ledger.matching_case_ids = functools.partial(search.matching_case_ids, use_index=False)  # type: ignore[assignment]
    try:
        yield
    finally:
        ledger.matching_case_ids = original  # type: ignore[assignment]


def _page(engine: Engine, actor: Any, term: str, scan: bool) -> LedgerPage:
    with read_session(engine) as session:
        if scan and engine.dialect.name == "postgresql":
            session.exec(text("SET LOCAL enable_bitmapscan = off"))  # type: ignore[call-overload]
        return ledger.list_cases(session, actor=actor, filters=LedgerFilter(search=term))


def measure(url: str, actor: Any, term: str, scan: bool, reps: int) -> tuple[float, float, Any]:
    engine = make_engine(url)
    try:
        with by_scan(engine) if scan else nullcontext():
            cold, page = timed(lambda: _page(engine, actor, term, scan))
            warm = median_of(lambda: _page(engine, actor, term, scan), reps)
    finally:
        engine.dispose()
    return cold, warm, page


def _same(a: LedgerPage, b: LedgerPage) -> bool:
    return a.total == b.total and [r.id for r in a.rows] == [r.id for r in b.rows]


def run(dataset: Dataset, reps: int) -> tuple[list, list]:
    engine = make_engine(dataset.url)
    people = actors(engine)
    with Session(engine) as session:
        indexed = engine.dialect.name == "postgresql" or search.has_fts(session)
    build_rows = []
    if dataset.url in _migrations:
        before, spent = _migrations.pop(dataset.url)
        if before < "0024":
            build_rows.append([dataset.label, f"migration {before} → head (builds it)", spent])
    progress(f"{dataset.label}: rebuilding the index in place")
    build_rows.append([dataset.label, "index rebuilt in place", rebuild(engine)])
    size = index_mib(engine)
    engine.dispose()
    build = [[n, what, seconds(s), f"{size:,.0f} MiB"] for n, what, s in build_rows]
    if not indexed:
        progress(f"{dataset.label}: no FTS5 tables (SQLite {sqlite3.sqlite_version})")
    rows = []
    for label, term in TERMS:
        for who in WHO:
            progress(f"{dataset.label}: {who}: {term}")
            i_cold, i_warm, i_page = measure(dataset.url, people[who], term, False, reps)
            s_cold, s_warm, s_page = measure(dataset.url, people[who], term, True, reps)
            rows.append(
                [
                    dataset.label,
                    f"{label}: {term}",
                    who,
                    f"{i_page.total:,}",
                    seconds(i_cold),
                    seconds(i_warm),
                    seconds(s_cold),
                    seconds(s_warm),
                    f"{s_warm / i_warm:,.1f}x",
                    "same" if _same(i_page, s_page) else "DIFFERENT",
                ]
            )
    return build, rows


HEADERS = [
    "N",
    "term",
    "actor",
    "cases found",
    "index cold",
    "index warm",
    "scan cold",
    "scan warm",
    "scan ÷ index",
    "answers",
]


def main() -> None:
    parser = size_args(__doc__.splitlines()[0])
    parser.set_defaults(reps=3)
    parser.add_argument(
        "--write-cases",
        type=int,
        default=20_000,
        help="cases generated for the write cost, 0 to skip (default 20000)",
    )
    args = parser.parse_args()
    writes = write_cost(args.write_cases) if args.write_cases else []
    if writes:
        print(table(["generate_cases (SQLite)", "run 1", "run 2"], writes), flush=True)
    builds: list = []
    rows: list = []
    for dataset in each_dataset(args):
        build, more = run(dataset, args.reps)
        builds += build
        rows += more
        print(table(["N", "build", "seconds", "index size"], build), flush=True)
        print(table(HEADERS, more), flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    cores = os.cpu_count()
    print(table(["N", "build", "seconds", "index size"], builds, title="The search index"))
    title = (
        f"Ledger search, page 1 and total, seconds; warm = median of {args.reps} "
        f"({cores} cores, load average {load} at the end)"
    )
    print(table(HEADERS, rows, title=title))
    if writes:
        print(table(["generate_cases (SQLite)", "run 1", "run 2"], writes, title="Write cost"))


if __name__ == "__main__":
    main()
