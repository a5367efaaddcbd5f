"""short search terms: a bigram table for the terms of one and two characters

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 04:30:00

search_grams (gram, case_id, party_id): every two-character substring of a case's number, facts
and original number (party_id 0) and of each party's name (party_id = the party's id), and the
last character of each text alone, lower-cased (lower(): ASCII only on SQLite, as its LIKE
folds; every alphabet on PostgreSQL, as ILIKE folds). So a text contains a two-character term
exactly when it has that gram, and a one-character term exactly when it has a gram that starts
with it: one range of the primary key (db.cases.search). A gram is stored once per text owner
(case or party), so editing a party's name removes only that name's grams.

Triggers keep it in step with every INSERT, UPDATE and DELETE made in SQL, as the FTS triggers
of migration 0007 do. On SQLite the substrings come from a join with search_positions (1 to
10,000; triggers cannot use a recursive WITH), five times the longest text the models allow
(facts: 2,000 characters); on PostgreSQL from generate_series in the trigger functions, and a TRUNCATE of cases (parties)
empties the table (of the parties' grams), as the tests empty their database.

Neither table is in the models: db/migrations/env.py keeps them out of `alembic check`. A later
migration that rebuilds `cases` or `parties` on SQLite drops these triggers too: recreate them
(tests/db/test_search_short.py checks they are there).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSITIONS = 10_000
CASE_TEXTS = ("number", "facts", "original_number")


def _sqlite_grams(texts: str) -> str:
    """SELECT (gram, case_id, party_id) of the rows of `texts` (columns s, case_id, party_id)."""
    return (
        "SELECT lower(substr(t.s, p.n, 2)), t.case_id, t.party_id "
        f"FROM ({texts}) AS t JOIN search_positions AS p ON p.n <= length(t.s)"
    )


def _case_texts(row: str) -> str:
    return " UNION ALL ".join(
        f"SELECT {row}.{c} AS s, {row}.id AS case_id, 0 AS party_id" for c in CASE_TEXTS
    )


def _sqlite_triggers() -> list[str]:
    """Insert the new row's grams, delete the old row's: the delete names the owner (case_id,
    party_id) beside the grams, so that each is one look-up of the whole key (a row value
    `(gram, case_id, party_id) IN (...)` is searched by the gram alone: every case with "20")."""
    party = "SELECT {r}.name AS s, {r}.case_id AS case_id, {r}.id AS party_id"
    statements = []
    for table, columns, texts, owner in (
        ("cases", "id, " + ", ".join(CASE_TEXTS), _case_texts, "old.id AND party_id = 0"),
        (
            "parties",
            "id, case_id, name",
            lambda r: party.format(r=r),
            "old.case_id AND party_id = old.id",
        ),
    ):
        insert = f"INSERT OR IGNORE INTO search_grams {_sqlite_grams(texts('new'))};"
        old_grams = _sqlite_grams(texts("old")).replace(", t.case_id, t.party_id", "", 1)
        delete = f"DELETE FROM search_grams WHERE case_id = {owner} AND gram IN ({old_grams});"
        statements += [
            f"CREATE TRIGGER search_grams_{table}_insert AFTER INSERT ON {table} "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER search_grams_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN {delete} END",
            f"CREATE TRIGGER search_grams_{table}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {delete} {insert} END",
        ]
    return statements


def _sqlite() -> None:
    op.execute("CREATE TABLE search_positions (n INTEGER PRIMARY KEY)")
    op.execute(
        "WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p "
        f"WHERE n < {POSITIONS}) INSERT INTO search_positions (n) SELECT n FROM p"
    )
    op.execute(
        "CREATE TABLE search_grams (gram TEXT NOT NULL, case_id INTEGER NOT NULL, "
        "party_id INTEGER NOT NULL, PRIMARY KEY (gram, case_id, party_id)) WITHOUT ROWID"
    )
    every = (
        _case_texts("cases").replace(" AS party_id", " AS party_id FROM cases")
        + " UNION ALL SELECT name, case_id, id FROM parties"
    )
    op.execute(f"INSERT OR IGNORE INTO search_grams {_sqlite_grams(every)} ORDER BY 1, 2, 3")
    for statement in _sqlite_triggers():
        op.execute(statement)


_PG_FUNCTIONS = """
CREATE FUNCTION search_grams_of(s text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT lower(substr(s, n, 2)) FROM generate_series(1, length(s)) AS n
$$;
CREATE FUNCTION search_grams_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_grams WHERE case_id = OLD.id AND party_id = 0 AND gram IN (
            SELECT search_grams_of(OLD.number) UNION SELECT search_grams_of(OLD.facts)
            UNION SELECT search_grams_of(OLD.original_number));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_grams (gram, case_id, party_id)
        SELECT g, NEW.id, 0 FROM (
            SELECT search_grams_of(NEW.number) UNION SELECT search_grams_of(NEW.facts)
            UNION SELECT search_grams_of(NEW.original_number)) AS t(g)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION search_grams_parties() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_grams WHERE case_id = OLD.case_id AND party_id = OLD.id
            AND gram IN (SELECT search_grams_of(OLD.name));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_grams (gram, case_id, party_id)
        SELECT search_grams_of(NEW.name), NEW.case_id, NEW.id ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION search_grams_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'cases' THEN
        TRUNCATE search_grams;
    ELSE
        DELETE FROM search_grams WHERE party_id <> 0;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_grams_cases_truncated AFTER TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION search_grams_truncated();
CREATE TRIGGER search_grams_parties_truncated AFTER TRUNCATE ON parties
    FOR EACH STATEMENT EXECUTE FUNCTION search_grams_truncated();
CREATE TRIGGER search_grams_cases AFTER INSERT OR DELETE
    OR UPDATE OF id, number, facts, original_number ON cases
    FOR EACH ROW EXECUTE FUNCTION search_grams_cases();
CREATE TRIGGER search_grams_parties AFTER INSERT OR DELETE OR UPDATE OF id, case_id, name
    ON parties FOR EACH ROW EXECUTE FUNCTION search_grams_parties();
"""


def _postgresql() -> None:
    # "C": byte order, which is code point order in UTF-8, so a one-character term is one range
    op.execute(
        'CREATE TABLE search_grams (gram text COLLATE "C" NOT NULL, case_id integer NOT NULL, '
        "party_id integer NOT NULL)"
    )
    op.execute(_PG_FUNCTIONS)
    op.execute(
        "INSERT INTO search_grams (gram, case_id, party_id) "
        "SELECT DISTINCT g, case_id, party_id FROM ("
        "SELECT search_grams_of(number) AS g, id AS case_id, 0 AS party_id FROM cases "
        "UNION ALL SELECT search_grams_of(facts), id, 0 FROM cases "
        "UNION ALL SELECT search_grams_of(original_number), id, 0 FROM cases "
        "UNION ALL SELECT search_grams_of(name), case_id, id FROM parties) AS t"
    )
    op.execute("ALTER TABLE search_grams ADD PRIMARY KEY (gram, case_id, party_id)")
    op.execute("ANALYZE search_grams")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite()
    elif dialect == "postgresql":
        _postgresql()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in ("cases", "parties"):
            for what in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS search_grams_{table}_{what}")
        op.execute("DROP TABLE IF EXISTS search_positions")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS search_grams_cases ON cases")
        for table in ("cases", "parties"):
            op.execute(f"DROP TRIGGER IF EXISTS search_grams_{table} ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS search_grams_{table}_truncated ON {table}")
        for function in ("cases", "parties", "truncated"):
            op.execute(f"DROP FUNCTION IF EXISTS search_grams_{function}()")
        op.execute("DROP FUNCTION IF EXISTS search_grams_of(text)")
    op.execute("DROP TABLE IF EXISTS search_grams")
