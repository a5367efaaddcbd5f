"""Importing an office's Excel ledger, step 3b: many rows into one table, fast and on both engines.

    insert_rows(session, CaseEvent.__table__, [{"case_id": 1, ...}, ...])

One INSERT carries as many rows as the driver's parameter limit allows (multi-row VALUES), not
one statement a row (executemany). That matters because of what fires per statement: SQLite's
FTS5 index (db/core search triggers) flushes its pending terms at the end of every statement,
and PostgreSQL's tally triggers (db/figures/tally.py) are statement triggers over the transition
table; 20,000 cases as 28 statements instead of 20,000 cost a third of the time on SQLite. Every
trigger still fires for every row, in the caller's transaction: the tallies and the search index
stay in step exactly as with single inserts.

The values go through each column's own bind processor (what SQLAlchemy itself would send: enum
codes, SQLite's date and datetime text...), then to the driver as they are (exec_driver_sql),
which skips SQLAlchemy's per-row parameter bookkeeping. Only enums, dates, datetimes and booleans
have processors; an import repeats a few of them thousands of times, so each is run once a value.
"""

from collections.abc import Callable
from itertools import chain

from sqlalchemy import Table
from sqlmodel import Session

MAX_PARAMETERS = 32_000  # SQLite's default limit is 32,766 (3.32+); psycopg's 65,535


def insert_rows(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """INSERT `rows` (dicts with the same keys, the table's column names) in as few statements
    as the parameter limit allows, in order."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors = [_memo(column.type._cached_bind_processor(dialect)) for column in columns]
    quote = dialect.identifier_preparer
    head = (
        f"INSERT INTO {quote.format_table(table)} "
        f"({', '.join(quote.format_column(column) for column in columns)}) VALUES "
    )
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    one = "(" + ", ".join([mark] * len(names)) + ")"
    per = max(1, MAX_PARAMETERS // len(names))
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        values = [
            [row[name] for row in chunk]
            if processor is None
            else [processor(row[name]) for row in chunk]
            for name, processor in zip(names, processors, strict=True)
        ]
        flat = tuple(chain.from_iterable(zip(*values, strict=True)))
        connection.exec_driver_sql(head + ", ".join([one] * len(chunk)), flat)


def _memo(processor: Callable[[object], object] | None) -> Callable[[object], object] | None:
    """The processor run once for each distinct value (they are pure functions of the value)."""
    if processor is None:
        return None
    seen: dict[object, object] = {}

    def process(value: object) -> object:
        try:
            return seen[value]
        except KeyError:
            seen[value] = processed = processor(value)
            return processed

    return process
