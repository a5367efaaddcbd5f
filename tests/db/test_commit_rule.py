"""The commit rule of db.core.engine: the service that owns a unit of work commits it, nothing
else commits or rolls back a session it was handed, and the audit row of a refusal is written
in a session of its own once the caller's transaction has ended."""

import ast
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, or_, select

from db import texts
from db.cases.ledger import get_case
from db.core import audit
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.scope import OutOfScope
from db.core.settings import PROJECT_DIR
from db.enums import AuditAction
from db.models import AuditLog
from tests.db.factories import register_case, unit_id

UI_FILES = [
    PROJECT_DIR / "app.py",
    *sorted((PROJECT_DIR / "pages").glob("*.py")),
    *sorted((PROJECT_DIR / "components").glob("*.py")),
]
DB_FILES = [p for p in sorted((PROJECT_DIR / "db").rglob("*.py")) if "migrations" not in p.parts]
# db/core only hands sessions around, except where a function opens the session it ends.
CORE_OWNERS = {
    ("db/core/engine.py", "_write_rows_apart"),
    ("db/core/engine.py", "analyze"),
    ("db/core/audit.py", "record_alone"),
}
# Services that roll back their own unit of work after a commit failed (to try again or say why).
ROLLING_BACK = {
    ("db/cases/register.py", "register"),
    ("db/cases/on_the_spot.py", "settle"),  # as register: two submits of one form raced
    ("db/reports/daily.py", "submit"),
    ("db/io/imports/apply.py", "apply"),
    ("db/cases/urgent.py", "acknowledge"),  # a second click that raced the first
    ("db/io/outbox/queue.py", "queue"),  # another worker queued the same messages first
}


def transaction_ends(path: Path) -> list[tuple[str, str, str]]:
    """(file, enclosing function, "commit" or "rollback") for every such call in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("commit", "rollback")
        ):
            found.append((str(path.relative_to(PROJECT_DIR)), function, node.func.attr))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_pages_and_components_never_commit_or_roll_back() -> None:
    assert len(UI_FILES) > 20
    assert [end for path in UI_FILES for end in transaction_ends(path)] == []


def test_the_ground_floor_commits_only_sessions_it_opened_itself() -> None:
    core = [p for p in DB_FILES if p.parent.name == "core"]
    assert {(f, fn) for p in core for f, fn, _end in transaction_ends(p)} == CORE_OWNERS


def test_only_the_owners_of_a_failed_commit_roll_back() -> None:
    rollbacks = {
        (f, fn) for p in DB_FILES for f, fn, end in transaction_ends(p) if end == "rollback"
    }
    assert rollbacks == ROLLING_BACK


def _marker(session: Session, actor: Actor) -> None:
    """The caller's own pending work in its transaction (an audit row that says so)."""
    audit.record(session, actor=actor, action=AuditAction.CREATE, target="caller's work")
    session.flush()


def _rows(engine: Engine) -> list[tuple[str, str, int | None]]:
    """The caller's work and the refusals, as written."""
    with Session(engine) as session:
        rows = session.exec(
            select(AuditLog)
            .where(or_(AuditLog.target == "caller's work", AuditLog.action == AuditAction.DENIED))
            .order_by(col(AuditLog.id))
        ).all()
        return [(r.action, r.target, r.case_id) for r in rows]


@pytest.fixture
def foreign_case(engine: Engine, actors: dict[str, Actor]) -> int:
    """A case of 柳湾镇, outside the scope of 东河村's mediator."""
    made = register_case(engine, actors["med_lwz01"], unit_id(engine, "LWZ01"))
    return made.id


def test_a_refusal_leaves_the_callers_work_uncommitted_and_its_audit_row_survives(
    engine: Engine, actors: dict[str, Actor], foreign_case: int
) -> None:
    mediator = actors["mediator"]
    with pytest.raises(OutOfScope), write_session(engine) as session:
        _marker(session, mediator)  # on SQLite the write lock is taken and held
        get_case(session, actor=mediator, case_id=foreign_case)
    assert _rows(engine) == [(AuditAction.DENIED, f"case:{foreign_case}", foreign_case)]


def test_a_refusal_does_not_roll_back_what_the_caller_goes_on_to_commit(
    engine: Engine, actors: dict[str, Actor], foreign_case: int
) -> None:
    mediator = actors["mediator"]
    with write_session(engine) as session:
        _marker(session, mediator)
        with pytest.raises(OutOfScope) as refused:
            get_case(session, actor=mediator, case_id=foreign_case)
        assert refused.value.message == texts.E_OUT_OF_SCOPE
        session.commit()
    assert _rows(engine) == [
        (AuditAction.CREATE, "caller's work", None),
        (AuditAction.DENIED, f"case:{foreign_case}", foreign_case),
    ]
