"""Importing an office's Excel ledger, step 3b: many rows into one table, fast and on both engines.

    insert_rows(session, CaseEvent.__table__, [{"case_id": 1, ...}, ...])

Not one statement a row (executemany), because of what fires per statement: SQLite's FTS5 index
(the ledger search) flushes its pending terms at the end of every statement, and PostgreSQL's
tally triggers (db/figures/tally.py) are statement triggers over the transition table. So on
SQLite one INSERT carries as many rows as the parameter limit allows (multi-row VALUES; 20,000
cases as 28 statements instead of 20,000: half the time), and on PostgreSQL the rows go in one
COPY (a statement of 32,000 parameters costs psycopg and the server more per row than a row a
statement: 20,000 cases took 18 s that way, 2-3 s by COPY, against 19 s for the whole apply
before). Every trigger still fires for every row, in the caller's transaction: the tallies and
the search index stay in step exactly as with single inserts.

The values go through each column's own bind processor (what SQLAlchemy itself would send: enum
codes, SQLite's date and datetime text...), then to the driver as they are, which skips
SQLAlchemy's per-row parameter bookkeeping. Only enums, dates, datetimes and booleans have
processors; an import repeats a few of them thousands of times, so each is run once a value.
"""

from collections.abc import Callable
from itertools import chain

from sqlalchemy import Table
from sqlmodel import Session

MAX_PARAMETERS = 32_000  # SQLite's default limit is 32,766 (3.32+); psycopg's 65,535


def insert_rows(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """INSERT `rows` (dicts with the same keys, the table's column names), in order: one COPY on
    PostgreSQL, as few multi-row INSERTs as the parameter limit allows on SQLite."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors = [_memo(column.type._cached_bind_processor(dialect)) for column in columns]
    quote = dialect.identifier_preparer
    into = f"{quote.format_table(table)} ({', '.join(quote.format_column(c) for c in columns)})"
    if dialect.name == "postgresql":
        raw = connection.connection.driver_connection  # the session's own, in its transaction
        with raw.cursor() as cursor, cursor.copy(f"COPY {into} FROM STDIN") as copy:  # type: ignore[union-attr]
            for start in range(0, len(rows), 5000):
                for row in _values(rows[start : start + 5000], names, processors):
                    copy.write_row(row)
        return
    one = "(" + ", ".join(["?"] * len(names)) + ")"
    per = max(1, MAX_PARAMETERS // len(names))
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        flat = tuple(chain.from_iterable(_values(chunk, names, processors)))
        connection.exec_driver_sql(
            f"INSERT INTO {into} VALUES " + ", ".join([one] * len(chunk)), flat
        )


def _values(chunk, names, processors):  # type: ignore[no-untyped-def]
    """The rows of `chunk` as tuples of processed values, column by column."""
    values = [
        [row[name] for row in chunk]
        if processor is None
        else [processor(row[name]) for row in chunk]
        for name, processor in zip(names, processors, strict=True)
    ]
    return zip(*values, strict=True)


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
