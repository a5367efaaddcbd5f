"""Who is told of a rectification (整改, issue 21), in the transaction that orders or answers it:
the inspected unit's coordinators and mediators of each rectification ordered, and the supervisor
who submitted the inspection of each one answered. The title names the unit and the deadline,
never the inspection's notes (which may name people)."""

from sqlmodel import Session, col, select

from db import texts
from db.enums import NoticeKind, Role
from db.inbox.notify import notify
from db.models import Inspection, Rectification, Unit, User


def _unit_name(session: Session, unit_id: int) -> str:
    unit = session.get(Unit, unit_id)
    return unit.name if unit is not None else ""


def ordered(session: Session, *, actor_id: int | None, rectifications: list[Rectification]) -> None:
    """Rectifications just ordered (flushed, so they have ids): the unit's people are told."""
    for rectification in rectifications:
        readers = session.exec(
            select(User.id).where(
                User.unit_id == rectification.unit_id,
                col(User.role).in_((Role.COORDINATOR, Role.MEDIATOR)),
            )
        ).all()
        notify(
            session,
            user_ids=list(readers),
            kind=NoticeKind.RECTIFICATION,
            title=texts.NOTICE_RECTIFICATION.format(
                unit=_unit_name(session, rectification.unit_id),
                deadline=rectification.deadline.isoformat(),
            ),
            actor_id=actor_id,
            rectification_id=rectification.id,
        )


def answered(session: Session, *, actor_id: int | None, rectification: Rectification) -> None:
    """The unit marked a rectification done: the supervisor who ordered it is told."""
    inspection = session.get(Inspection, rectification.inspection_id)
    if inspection is None:
        return
    notify(
        session,
        user_ids=[inspection.submitted_by_id or inspection.created_by_id],
        kind=NoticeKind.RECTIFICATION_ANSWERED,
        title=texts.NOTICE_RECTIFICATION_ANSWERED.format(
            unit=_unit_name(session, rectification.unit_id)
        ),
        actor_id=actor_id,
        rectification_id=rectification.id,
    )
