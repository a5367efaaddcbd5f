"""The reception a case was registered from, if any: its day, kind and receiving leader (no
visitor's name or phone), for the case page and for the weekly meeting's draft of the lead
leader (the leader who received the dispute is offered first to lead it)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db.enums import ReceptionKind
from db.models import Reception, ReceptionCase, User


@dataclass(frozen=True)
class Origin:
    reception_id: int
    held_on: date
    kind: ReceptionKind
    leader_id: int
    leader_name: str


def opened_by(session: Session, case_id: int) -> Origin | None:
    """The reception that opened the case (ReceptionCase.opened), or None."""
    row = session.exec(
        select(
            Reception.id, Reception.held_on, Reception.kind, Reception.leader_id, User.display_name
        )
        .join(ReceptionCase, col(ReceptionCase.reception_id) == Reception.id)
        .join(User, col(User.id) == Reception.leader_id)
        .where(ReceptionCase.case_id == case_id, col(ReceptionCase.opened).is_(True))
        .order_by(col(Reception.id))
    ).first()
    if row is None:
        return None
    reception_id, held_on, kind, leader_id, name = row
    return Origin(reception_id or 0, held_on, ReceptionKind(kind), leader_id, name)
