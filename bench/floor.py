"""The floor the generator is compared with: raw executemany of as many case-shaped rows as it
made (copied from the generated ones: new ids and numbers), into the same schema with the demo
world and no cases, with the same pragmas, in one transaction, in rounds of BATCH cases as the
generator does; the cases alone, or with their parties, events and follow-ups. SQLite through
sqlite3 (the median of three runs up to 200,000 cases), PostgreSQL through psycopg (pipelined)
into a fresh database dd_bench_floor, dropped after.
"""

import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlmodel import Session

from bench.common import PASSWORD
from bench.pgdb import PG_PREFIX, pg_admin, pg_drop, pg_url
from bench.store import CHILD_TABLES, Dataset, remove_sqlite
from db.core.engine import make_engine
from db.core.migrate import upgrade
from db.demo.world import build_world

TEMPLATE_CASES = 20_000  # distinct generated cases the floor cycles through
BATCH = 5000  # cases per executemany round, as the generator does


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
        remove_sqlite(scratch)
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
    remove_sqlite(target)
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
    remove_sqlite(target)
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
    with pg_admin() as admin:
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
