"""case search: full-text search over facts, numbers and parties' names

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 14:00:00

SQLite (3.34+): two external-content FTS5 tables with the trigram tokenizer (any substring of
three characters or more, Chinese included, case-insensitive), read through the rowid: one over
cases (number, facts), one over parties (name); triggers keep them in step with every INSERT,
UPDATE and DELETE made in SQL (the app's forms, the import's and the demo generator's bulk
inserts alike). They store no text of their own, only the trigram index. On an older SQLite
nothing is created and the ledger falls back to its LIKE scan.

PostgreSQL: pg_trgm GIN indexes on cases.number, cases.facts and parties.name, which
`ILIKE '%term%'` uses.

None of this is in the models: db/migrations/env.py keeps these objects out of `alembic check`.
A later migration that rebuilds `cases` or `parties` on SQLite (batch_alter_table copies and
drops the table) drops the triggers too: recreate them (tests/db/test_search.py checks).
"""

import sqlite3
from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (FTS table, content table, indexed columns)
_FTS = (("cases_fts", "cases", ("number", "facts")), ("parties_fts", "parties", ("name",)))
_TRGM = (
    ("ix_cases_number_trgm", "cases", "number"),
    ("ix_cases_facts_trgm", "cases", "facts"),
    ("ix_parties_name_trgm", "parties", "name"),
)


def _fts_statements(fts: str, table: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        if sqlite3.sqlite_version_info < (3, 34, 0):
            return  # no trigram tokenizer: the ledger keeps its LIKE scan
        for fts, table, columns in _FTS:
            for statement in _fts_statements(fts, table, columns):
                op.execute(statement)
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in _TRGM:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for fts, _table, _columns in _FTS:
            for suffix in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    elif dialect == "postgresql":
        for name, _table, _column in _TRGM:
            op.execute(f"DROP INDEX IF EXISTS {name}")
