"""The dashboard's running tallies (db.models.tallies), kept in step with `cases` by triggers.

`measures()` states once what each tally column counts of a case. The same expressions make the
triggers' SQL here and the live rows of db.figures.source, so a figure read from the tallies and
one counted from the cases cannot disagree (tests/db/test_tally.py checks both ways).

The triggers fire on every INSERT, UPDATE and DELETE of `cases` made in SQL (the forms, the
moves, the import's and the demo generator's bulk inserts alike), inside the statement's own
transaction: a tally never shows a change that was rolled back, nor misses one that committed.
SQLite: row triggers; a BEFORE trigger takes the case's old contribution away, an AFTER
trigger adds the new one, reading the row itself. PostgreSQL: statement triggers over the
transition tables, netting the old and new contributions into one ordered upsert per statement
(rows locked in key order, so two concurrent moves cannot deadlock on them).

The trigger SQL is generated from the definitions: a change to `measures()` or to the pieces
needs a migration that drops the triggers, creates them with the new `trigger_statements()`
written out as literal SQL (as 0008 does) and recounts; test_tally.py fails until it does.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection, and_, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, func, select

from db.enums import Level, Stage
from db.figures.sql import (
    Dialect,
    days_to_resolve,
    is_open,
    is_resolved,
    local_resolved_on,
    piece_of,
)
from db.models import Case, CaseTally, ResolveDays

TALLY_KEY = ("first_day", "unit_id", "responsible_unit_id", "category", "risk")
DAYS_KEY = ("first_day", "unit_id", "responsible_unit_id", "days")
# An update that changes none of these leaves the tallies as they are (SQLite triggers skip it).
WATCHED = (
    "found_on",
    "unit_id",
    "responsible_unit_id",
    "category",
    "risk",
    "stage",
    "deadline",
    "resolved_at",
    "resolved_level",
    "reopened_count",
)


def dated() -> ColumnElement[bool]:
    """Resolved with a recorded resolution time: the cases the median days to resolve counts."""
    return and_(is_resolved(), col(Case.resolved_at).is_not(None))


def measures(dialect: Dialect) -> dict[str, ColumnElement[bool]]:
    """What each tally column counts: the cases that meet its condition.

    registered: every case; open: registered/assigned/mediating; resolved: resolved or closed;
    closed: closed (销号); referred: referred (移交); reopened: flared up after a resolution at
    least once; dated: resolved, with resolved_at; timed: dated and with a deadline; on_time:
    timed and the local date of resolved_at on or before the deadline; kept_village/town/county:
    resolved at that level (不出村/不出镇/不出县)."""
    timed = and_(dated(), col(Case.deadline).is_not(None))
    resolved = is_resolved()
    return {
        "registered": sa.true(),
        "open": is_open(),
        "resolved": resolved,
        "closed": Case.stage == Stage.CLOSED,
        "referred": Case.stage == Stage.REFERRED,
        "reopened": col(Case.reopened_count) > 0,
        "timed": timed,
        "on_time": and_(timed, local_resolved_on(dialect) <= Case.deadline),
        "dated": dated(),
        "kept_village": and_(resolved, Case.resolved_level == Level.VILLAGE),
        "kept_town": and_(resolved, Case.resolved_level == Level.TOWN),
        "kept_county": and_(resolved, Case.resolved_level == Level.COUNTY),
    }


MEASURE_NAMES = tuple(measures("sqlite"))


def flag(condition: ColumnElement[bool], value: int = 1) -> ColumnElement[int]:
    """`value` where the condition holds, else 0."""
    return sa.case((condition, value), else_=0)


def tally_key(dialect: Dialect) -> list[ColumnElement]:
    """A case's tally key, labelled as the columns of case_tallies (last_day last)."""
    first, last = piece_of(dialect)
    return [
        first.label("first_day"),
        col(Case.unit_id).label("unit_id"),
        func.coalesce(Case.responsible_unit_id, 0).label("responsible_unit_id"),
        col(Case.category).label("category"),
        col(Case.risk).label("risk"),
        last.label("last_day"),
    ]


def tally_rows(dialect: Dialect, sign: int = 1) -> sa.Select:
    """One row per case: its tally key and its measures (times sign)."""
    values = [flag(cond, sign).label(name) for name, cond in measures(dialect).items()]
    return select(*tally_key(dialect), *values).select_from(Case)


def days_rows(dialect: Dialect, sign: int = 1) -> sa.Select:
    """One row per dated case: its piece, units and days to resolve, and sign."""
    first, last = piece_of(dialect)
    return select(
        first.label("first_day"),
        col(Case.unit_id).label("unit_id"),
        func.coalesce(Case.responsible_unit_id, 0).label("responsible_unit_id"),
        days_to_resolve(dialect).label("days"),
        last.label("last_day"),
        sa.literal(sign).label("cases"),
    ).where(dated())


# ----------------------------------------------------------------------------- the SQL


def _compile(statement: sa.Select, dialect: str) -> str:
    engine_dialect = postgresql.dialect() if dialect == "postgresql" else sqlite.dialect()
    return str(statement.compile(dialect=engine_dialect, compile_kwargs={"literal_binds": True}))


@dataclass(frozen=True)
class _Table:
    """A tally table: its name, key, values, and the per-case rows that feed it (for a dialect,
    times a sign)."""

    name: str
    key: tuple[str, ...]
    values: tuple[str, ...]
    rows: Callable[[Dialect, int], sa.Select]
    total: str  # the column that counts every case of the row: 0 on an emptied row

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.key, "last_day", *self.values)

    def upsert(self, source: str, *, netted: bool = False) -> str:
        """INSERT the grouped rows of `source` (a subquery with self.columns), adding to the
        rows already there; `netted`: leave out keys whose every value sums to 0."""
        key, names = ", ".join(self.key), ", ".join(self.columns)
        sums = ", ".join(f"sum({v})" for v in self.values)
        having = " OR ".join(f"sum({v}) <> 0" for v in self.values) if netted else "true"
        add = ", ".join(f"{v} = {self.name}.{v} + excluded.{v}" for v in self.values)
        return (
            f"INSERT INTO {self.name} ({names}) SELECT {key}, max(last_day), {sums} "
            f"FROM ({source}) AS delta WHERE true GROUP BY {key} HAVING {having} ORDER BY {key} "
            f"ON CONFLICT ({key}) DO UPDATE SET {add}"
        )


TABLES = (
    _Table(CaseTally.__tablename__, TALLY_KEY, MEASURE_NAMES, tally_rows, "registered"),
    _Table(ResolveDays.__tablename__, DAYS_KEY, ("cases",), days_rows, "cases"),
)


def _sqlite_statements() -> list[str]:
    watched = ", ".join(WATCHED)

    def feed(table: _Table, row: str, sign: int) -> str:
        rows = table.rows("sqlite", sign).where(Case.id == literal_column(f"{row}.id"))
        return table.upsert(_compile(rows, "sqlite")) + ";"

    def prune(table: _Table) -> str:  # the emptied rows of the old case's unit and piece
        return (
            f"DELETE FROM {table.name} WHERE {table.total} = 0 AND unit_id = OLD.unit_id "
            "AND first_day <= OLD.found_on AND last_day >= OLD.found_on;"
        )

    add = " ".join(feed(t, "NEW", 1) for t in TABLES)
    take = " ".join(feed(t, "OLD", -1) for t in TABLES)
    pruned = " ".join(prune(t) for t in TABLES)
    return [
        f"CREATE TRIGGER case_tallies_insert AFTER INSERT ON cases BEGIN {add} END",
        f"CREATE TRIGGER case_tallies_unapply BEFORE UPDATE OF {watched} ON cases BEGIN {take} END",
        f"CREATE TRIGGER case_tallies_apply AFTER UPDATE OF {watched} ON cases "
        f"BEGIN {add} {pruned} END",
        f"CREATE TRIGGER case_tallies_delete BEFORE DELETE ON cases BEGIN {take} END",
        f"CREATE TRIGGER case_tallies_prune AFTER DELETE ON cases BEGIN {pruned} END",
    ]


SQLITE_TRIGGERS = (
    "case_tallies_insert",
    "case_tallies_unapply",
    "case_tallies_apply",
    "case_tallies_delete",
    "case_tallies_prune",
)


def _postgres_body() -> str:
    def delta(table: _Table, sources: Sequence[tuple[str, int]]) -> str:
        return " UNION ALL ".join(
            f"(WITH cases AS (SELECT * FROM {rows}) {_compile(table.rows('postgresql', sign), 'postgresql')})"
            for rows, sign in sources
        )

    def sync(sources: Sequence[tuple[str, int]]) -> str:
        out = []
        for table in TABLES:
            out.append(table.upsert(delta(table, sources), netted=True) + ";")
            if any(sign < 0 for _rows, sign in sources):
                key = ", ".join(table.key)
                out.append(
                    f"DELETE FROM {table.name} WHERE {table.total} = 0 AND ({key}) IN "
                    f"(SELECT {key} FROM ({delta(table, sources)}) AS gone);"
                )
        return "\n    ".join(out)

    return (
        "BEGIN\n  IF TG_OP = 'INSERT' THEN\n    "
        + sync([("new_rows", 1)])
        + "\n  ELSIF TG_OP = 'UPDATE' THEN\n    "
        + sync([("new_rows", 1), ("old_rows", -1)])
        + "\n  ELSE\n    "
        + sync([("old_rows", -1)])
        + "\n  END IF;\n  RETURN NULL;\nEND;"
    )


def _postgres_statements() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION case_tallies_sync() RETURNS trigger LANGUAGE plpgsql AS "
        f"$tally$\n{_postgres_body()}\n$tally$",
        "CREATE TRIGGER case_tallies_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS "
        "new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_tallies_sync()",
        "CREATE TRIGGER case_tallies_update AFTER UPDATE ON cases REFERENCING NEW TABLE AS "
        "new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_tallies_sync()",
        "CREATE TRIGGER case_tallies_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS "
        "old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_tallies_sync()",
    ]


POSTGRES_TRIGGERS = ("case_tallies_insert", "case_tallies_update", "case_tallies_delete")


def trigger_statements(dialect: str) -> list[str]:
    """The CREATE statements of the triggers (and PostgreSQL's function) for the dialect."""
    return _postgres_statements() if dialect == "postgresql" else _sqlite_statements()


def uninstall(connection: Connection) -> None:
    dialect = connection.dialect.name
    for name in POSTGRES_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        suffix = " ON cases" if dialect == "postgresql" else ""
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{suffix}")
    if dialect == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS case_tallies_sync()")


def install(connection: Connection) -> None:
    """(Re)create the triggers from the current definitions."""
    uninstall(connection)
    for statement in trigger_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def rebuild(connection: Connection) -> None:
    """Recount both tallies from the cases (in the caller's transaction)."""
    dialect = connection.dialect.name
    for table in TABLES:
        connection.exec_driver_sql(f"DELETE FROM {table.name}")
        connection.exec_driver_sql(table.upsert(_compile(table.rows(dialect), dialect)))


def differences(connection: Connection) -> dict[str, int]:
    """Per tally table, how many of its rows differ from a recount from the cases (0: in step).
    Rows holding nothing are ignored."""
    dialect = connection.dialect.name
    out = {}
    for table in TABLES:
        names = ", ".join(table.columns)
        key = ", ".join(table.key)
        sums = ", ".join(f"sum({v})" for v in table.values)
        expected = (
            f"SELECT {key}, max(last_day), {sums} FROM "
            f"({_compile(table.rows(dialect), dialect)}) AS one GROUP BY {key}"
        )
        actual = f"SELECT {names} FROM {table.name} WHERE {table.total} <> 0"
        diff = 0
        for left, right in ((expected, actual), (actual, expected)):
            diff += connection.exec_driver_sql(
                f"SELECT count(*) FROM ({left} EXCEPT {right}) AS d"
            ).scalar_one()
        out[table.name] = int(diff)
    return out
