"""What bench.indexes tries on its scratch copy: candidate indexes A, B and C (each with the SQL
that brings the app's indexes back), the scope rewrite D (db.core.scope.case_in_scope replaced
inside db.figures.metrics, db.cases.board and db.cases.ledger at run time), and the
configurations made of them; DDL applied with ANALYZE, timed, with each new index's size.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import ColumnElement, union
from sqlmodel import col, select

from bench.common import timed
from db.cases import board, ledger
from db.core.actor import Actor
from db.core.scope import case_in_scope as app_case_in_scope
from db.core.scope import subtree_unit_ids
from db.figures import metrics
from db.models import Case

# Each candidate: SQL to apply and the SQL that undoes it (the app's indexes come back).
CANDIDATES: dict[str, tuple[list[str], list[str]]] = {
    "A": (
        [
            "CREATE INDEX ix_cases_found_cover ON cases (found_on, stage, unit_id, "
            "responsible_unit_id, responsible_user_id, category, risk, deadline, resolved_at, "
            "resolved_level, reopened_count)"
        ],
        ["DROP INDEX ix_cases_found_cover"],
    ),
    "B": (
        [
            "DROP INDEX ix_cases_unit_found",
            "CREATE INDEX ix_cases_unit_found ON cases (unit_id, found_on, stage, deadline, "
            "responsible_unit_id, responsible_user_id, category, risk, resolved_at, "
            "resolved_level, reopened_count)",
        ],
        [
            "DROP INDEX ix_cases_unit_found",
            "CREATE INDEX ix_cases_unit_found ON cases (unit_id, found_on)",
        ],
    ),
    "C": (
        [
            "CREATE INDEX ix_cases_stage_scope ON cases (stage, unit_id, responsible_unit_id, "
            "responsible_user_id)"
        ],
        ["DROP INDEX ix_cases_stage_scope"],
    ),
}
DESCRIBED = {
    "A": "A: dashboard covering index on found_on",
    "B": "B: ix_cases_unit_found widened to cover",
    "C": "C: board/ledger scope covering index on stage",
    "D": "D: code: scope below the county as id IN (UNION of 3 lookups)",
    "A+B+C": "A + B + C",
    "A+B+C+D": "A + B + C, and D",
}
# Each configuration: the candidates applied and whether the scope is rewritten (D).
CONFIGS: dict[str, tuple[list[str], bool]] = {
    "A": (["A"], False),
    "B": (["B"], False),
    "C": (["C"], False),
    "D": ([], True),
    "A+B+C": (["A", "B", "C"], False),
    "A+B+C+D": (["A", "B", "C"], True),
}
SCOPED_MODULES = (metrics, board, ledger)  # they import case_in_scope by name


def union_scope(actor: Actor) -> ColumnElement[bool]:
    """Candidate D, the same cases as db.core.scope.case_in_scope: below the top of the tree, the
    OR of three conditions becomes the ids found by three index lookups, so that SQLite reads
    only the scope's cases instead of every case of the period."""
    if actor.unit_path.count("/") <= 2:  # "/1/": the county sees everything, keep the OR
        return app_case_in_scope(actor)
    units = subtree_unit_ids(actor.unit_path)
    ids = union(
        select(Case.id).where(col(Case.unit_id).in_(units)),
        select(Case.id).where(col(Case.responsible_unit_id).in_(units)),
        select(Case.id).where(Case.responsible_user_id == actor.id),
    )
    return col(Case.id).in_(ids)


@contextmanager
def scope_as_union(on: bool) -> Iterator[None]:
    if not on:
        yield
        return
    for module in SCOPED_MODULES:
        module.case_in_scope = union_scope  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in SCOPED_MODULES:
            module.case_in_scope = app_case_in_scope  # type: ignore[attr-defined]


def apply_ddl(path: Path, statements: list[str]) -> tuple[float, dict[str, int]]:
    """Run DDL and ANALYZE; the seconds it took and the size of each new index."""
    connection = sqlite3.connect(path, isolation_level=None)
    spent, _ = timed(lambda: [connection.execute(s) for s in [*statements, "ANALYZE"]])
    sizes = {}
    for statement in statements:
        if statement.startswith("CREATE INDEX"):
            name = statement.split()[2]
            row = connection.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name = ?", (name,)
            ).fetchone()
            sizes[name] = row[0] or 0
    connection.close()
    return spent, sizes
