"""What the documents of a case share: who may make them (whoever may handle cases, for a case
in their scope; a refusal audited), the reveal reason, and the names written in them."""

from sqlmodel import Session

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import NotAllowed, Permission, allows
from db.core.scope import load_case
from db.core.units import unit_name
from db.enums import AuditAction, UnitKind
from db.io.exports.common import checked_reveal_reason
from db.models import Case, Unit, User

__all__ = ["checked_case", "committee_of", "revealed", "unit_name", "user_name"]


def checked_case(session: Session, actor: Actor, case_id: int, *, target: str) -> Case:
    """The case, when the actor may handle cases and it is in their scope (refusals audited)."""
    if not allows(actor.role, Permission.HANDLE):
        audit.record_refusal(
            session, actor=actor, action=AuditAction.DENIED, case_id=case_id, target=target
        )
        raise NotAllowed(texts.E_DOC_NOT_ALLOWED)
    return load_case(session, actor, case_id)


def revealed(actor: Actor, reason: str | None) -> str | None:
    """The reason, when given by one who may reveal personal data (NotAllowed otherwise)."""
    return checked_reveal_reason(actor, reason)


def committee_of(session: Session, case: Case) -> str:
    """The mediation committee of the unit handling the case (a department: its town's)."""
    unit_id = case.handling_unit_id or case.responsible_unit_id or case.unit_id
    unit = session.get(Unit, unit_id)
    if unit is not None and unit.kind == UnitKind.DEPARTMENT and unit.parent_id:
        unit = session.get(Unit, unit.parent_id) or unit
    return texts.DOC_COMMITTEE.format(unit=unit.name if unit else "")


def user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user else ""
