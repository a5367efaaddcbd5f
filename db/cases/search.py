"""Free-text search of the ledger: the cases whose number, facts, 原编号 (an imported ledger's own
number, db.io.imports) or a party's name contain a term.

Semantics, the same on both engines: a case-insensitive substring match (a Chinese fragment of
any length, a part of a name, of a number), the term taken literally (% and _ are not
wildcards); the caller limits the result to the actor's scope as for every other filter.

How, by engine (migration 0007 builds the indexes):
- SQLite: FTS5 tables with the trigram tokenizer, `cases_fts` (number, facts, original_number since
  migration 0011) and `parties_fts`
  (name), kept in step by triggers; a term of three characters or more is a quoted phrase
  `MATCH`ed against them, which is exactly "contains the term" there.
- PostgreSQL: `ILIKE '%term%'`, which the pg_trgm GIN indexes serve.
A term shorter than three characters has no trigram to look up, so it is matched with a LIKE
(ILIKE) scan of the three columns instead, as is every term on a SQLite without the FTS tables
(older than 3.34). Same result, only slower: ~0.5 s for 1,000,000 cases (bench/README.md).
One difference at the edges: SQLite's LIKE folds the case of ASCII letters only, its trigram
index and PostgreSQL fold every alphabet, so a two-letter Greek or Cyrillic term found in
another case than written is matched only by the longer path. Chinese has no case.
"""

from sqlalchemy import ColumnElement, Select, literal_column, or_, table, text, union_all
from sqlmodel import Session, col, select

from db.models import Case, Party

MIN_INDEXED = 3  # characters: the shortest term a trigram index can look up


def matching_case_ids(session: Session, term: str, *, use_index: bool = True) -> Select:
    """A SELECT of the ids of the cases whose number, facts or a party's name contain `term`
    (stripped). `use_index=False` forces the LIKE scan (for the benchmark's comparison)."""
    term = term.strip()
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _scan(term, lambda column: column.ilike(_pattern(term), escape="\\"))
    if use_index and len(term) >= MIN_INDEXED and has_fts(session):
        return _fts(term)
    return _scan(term, lambda column: column.like(_pattern(term), escape="\\"))


def has_fts(session: Session) -> bool:
    """Whether migration 0007 could build the FTS5 tables (SQLite 3.34+)."""
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases_fts'")
    )
    return found.first() is not None


def _pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _scan(term: str, contains) -> Select:  # type: ignore[no-untyped-def]
    in_case: ColumnElement[bool] = or_(
        contains(col(Case.number)),
        contains(col(Case.facts)),
        contains(col(Case.original_number)),
    )
    return union_all(
        select(col(Case.id)).where(in_case),
        select(col(Party.case_id)).where(contains(col(Party.name))),
    )  # type: ignore[return-value]


def _fts(term: str) -> Select:
    phrase = '"' + term.replace('"', '""') + '"'  # one FTS5 string: the term, literally
    rowid = literal_column("rowid")
    in_cases = (
        select(rowid)
        .select_from(table("cases_fts"))
        .where(literal_column("cases_fts").op("MATCH")(phrase))
    )
    named = (
        select(rowid)
        .select_from(table("parties_fts"))
        .where(literal_column("parties_fts").op("MATCH")(phrase))
    )
    return union_all(in_cases, select(col(Party.case_id)).where(col(Party.id).in_(named)))  # type: ignore[return-value]
