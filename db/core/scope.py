"""Unit scope: a user sees and acts on the cases of their unit and the units below it.

Every case query in db/ goes through `case_in_scope`, and every load by id through
`load_case`, so no page can forget the scope."""

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.validation import MAX_ROW_ID
from db.enums import AuditAction
from db.models import Case, Unit


class OutOfScope(Refused):
    """The case, unit or record lies outside the user's unit and the units below it."""

    def __init__(self, message: str = texts.E_OUT_OF_SCOPE) -> None:
        super().__init__(message)


class CaseNotFound(Refused):
    def __init__(self) -> None:
        super().__init__(texts.E_NOT_FOUND)


def subtree_unit_ids(path: str):  # type: ignore[no-untyped-def]
    """A subquery of the ids of the unit with this path and all units below it."""
    return select(Unit.id).where(col(Unit.path).startswith(path, autoescape=True))


def unit_in_scope(session: Session, actor: Actor, unit_id: int) -> bool:
    unit = session.get(Unit, unit_id)
    return unit is not None and unit.path.startswith(actor.unit_path)


def case_in_scope(actor: Actor) -> ColumnElement[bool]:
    """Where the case happened, or who handles it, lies in the actor's subtree."""
    units = subtree_unit_ids(actor.unit_path)
    return or_(
        col(Case.unit_id).in_(units),
        col(Case.responsible_unit_id).in_(units),
        col(Case.responsible_user_id) == actor.id,
    )


def load_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The case, if it exists and is in scope; an attempt outside scope is refused and audited
    (the audit row survives the refusal)."""
    if not 0 < case_id <= MAX_ROW_ID:  # no such row; PostgreSQL would refuse the number itself
        raise CaseNotFound()
    case = session.exec(select(Case).where(Case.id == case_id)).first()
    if case is None:
        raise CaseNotFound()
    in_scope = session.exec(select(Case.id).where(Case.id == case_id, case_in_scope(actor))).first()
    if in_scope is None:
        audit.record_refusal(
            session,
            actor=actor,
            action=AuditAction.DENIED,
            case_id=case_id,
            target=f"case:{case_id}",
        )
        raise OutOfScope()
    return case
