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
A term shorter than three characters has no trigram to look up: on both engines it is looked up
in the bigram table `search_grams` (migration 0024: each text's two-character substrings and its
last character alone, lower-cased, kept by triggers): a two-character term is one key, a
one-character term one range of keys (the grams that start with it). That is exactly what the
LIKE (ILIKE) scan of the same columns finds, which remains for every term of three characters or
more on a SQLite without the FTS tables (older than 3.34), and for the benchmark's comparison.
One difference at the edges: SQLite's LIKE and lower() fold the case of ASCII letters only, its
trigram index and PostgreSQL fold every alphabet, so a three-letter Greek or Cyrillic term found
in another case than written is matched on SQLite only by the index. Chinese has no case.
"""

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    table,
    text,
    union_all,
)
from sqlmodel import Session, col, select

from db.models import Case, Party

MIN_INDEXED = 3  # characters: the shortest term a trigram index can look up
LAST_CHARACTER = "\U0010ffff"  # sorts after every other character: the end of a 1-character range
GRAMS = table("search_grams", column("gram"), column("case_id"))
# A short term with at least half as many grams as the ledger has cases (a "2" or "-" is in every
# number) is matched faster by the scan, which stops at a row's first hit, than by collecting its
# grams: counting up to that many grams (in the key's order) decides. Ledgers smaller than
# COMMON_FROM cases are not counted.
COMMON_SHARE = 0.5
COMMON_FROM = 10_000


def matching_case_ids(session: Session, term: str, *, use_index: bool = True) -> Select:
    """A SELECT of the ids of the cases whose number, facts or a party's name contain `term`
        (stripped). `use_index=False` forces the LIKE scan (for the benchmark's comparison and the
    tests: both ways give the same ids)."""
    term = term.strip()
    dialect = session.get_bind().dialect.name
    if use_index and 0 < len(term) < MIN_INDEXED:
        if not _too_common(session, grams := _grams(term)):
            return grams
    elif dialect != "postgresql" and use_index and len(term) >= MIN_INDEXED and has_fts(session):
        return _fts(term)
    return _scan(term, lambda column: _contains(column, term, dialect))


def _contains(column, term: str, dialect: str) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    if dialect == "postgresql":
        return column.ilike(_pattern(term), escape="\\")
    return column.like(_pattern(term), escape="\\")


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


def _too_common(session: Session, grams: Select) -> bool:
    cases = session.execute(select(func.max(col(Case.id)))).scalar() or 0
    if cases < COMMON_FROM:
        return False
    limit = int(cases * COMMON_SHARE)
    probe = select(func.count()).select_from(grams.limit(limit).subquery())
    return (session.execute(probe).scalar() or 0) >= limit


def _grams(term: str) -> Select:
    """The cases with a gram equal to the (lower-cased) term of two characters, or starting with
    the term of one: lower() in SQL, so the term folds as the grams did."""
    gram = GRAMS.c.gram
    if len(term) == 2:
        return select(GRAMS.c.case_id).where(gram == func.lower(term))  # type: ignore[return-value]
    starts = and_(gram >= func.lower(term), gram <= func.lower(term + LAST_CHARACTER))
    return select(GRAMS.c.case_id).where(starts)  # type: ignore[return-value]
