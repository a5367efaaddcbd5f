"""The list of inspections (督查记录) in a supervisor's scope, the latest visit first."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import subtree_unit_ids
from db.enums import Conclusion, InspectionStatus
from db.models import Inspection, Unit


@dataclass(frozen=True)
class InspectionRow:
    id: int
    unit_name: str
    visited_on: date
    team: str
    status: InspectionStatus
    score: float | None
    conclusion: Conclusion | None


def list_inspections(
    session: Session, *, actor: Actor, status: InspectionStatus | None = None, limit: int = 100
) -> list[InspectionRow]:
    """Inspections of units in the actor's scope, the latest visit first."""
    require(actor.role, Permission.INSPECT)
    query = (
        select(Inspection, Unit.name)
        .join(Unit, col(Unit.id) == Inspection.unit_id)
        .where(col(Inspection.unit_id).in_(subtree_unit_ids(actor.unit_path)))
    )
    if status is not None:
        query = query.where(Inspection.status == status)
    rows = session.exec(
        query.order_by(col(Inspection.visited_on).desc(), col(Inspection.id).desc()).limit(limit)
    ).all()
    return [
        InspectionRow(i.id or 0, name, i.visited_on, i.team, i.status, i.score, i.conclusion)
        for i, name in rows
    ]
