"""Rectifications (整改): what a failed checklist item orders the inspected unit to change, by a
deadline. The unit (a coordinator or mediator whose scope holds it) marks it done with a note
and, optionally, a photo; only a supervisor closes it, after checking, with a verification
note. Overdue = still open (not answered) after its deadline (Asia/Shanghai dates)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, select

from db import texts
from db.clock import local_today, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.permissions import NotAllowed, Permission, allows, require
from db.core.scope import OutOfScope, subtree_unit_ids, unit_in_scope
from db.core.validation import clean_text
from db.enums import AuditAction, RectificationStatus
from db.figures.sql import count_if
from db.models import Inspection, Rectification, SupervisionPhoto, Unit
from db.supervision import notices, photos

MAX_NOTE = 1000
READERS = (Permission.INSPECT, Permission.RECTIFY, Permission.VIEW_DASHBOARD)


class RectificationRefused(Refused):
    """The rectification cannot be changed this way; the message is for the user."""


@dataclass(frozen=True)
class RectificationRow:
    id: int
    inspection_id: int
    unit_name: str
    visited_on: date
    requirement: str
    deadline: date
    status: RectificationStatus
    overdue: bool
    done_note: str
    verification_note: str
    photo_ids: tuple[int, ...]


@dataclass(frozen=True)
class RectificationCounts:
    open: int  # not closed yet (answered or not)
    overdue: int  # not answered and past the deadline


def is_overdue(today: date) -> ColumnElement[bool]:
    return and_(
        Rectification.status == RectificationStatus.OPEN, col(Rectification.deadline) < today
    )


def _may_read(actor: Actor) -> None:
    if not any(allows(actor.role, p) for p in READERS):
        raise NotAllowed()


def _root_path(session: Session, actor: Actor, unit_id: int | None) -> str:
    if unit_id is None:
        return actor.unit_path
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.path.startswith(actor.unit_path):
        raise OutOfScope(texts.SUP_E_UNIT_OUT_OF_SCOPE)
    return unit.path


def list_rectifications(
    session: Session,
    *,
    actor: Actor,
    unit_id: int | None = None,
    statuses: tuple[RectificationStatus, ...] = (),
    visited_from: date | None = None,
    visited_to: date | None = None,
    inspection_id: int | None = None,
) -> list[RectificationRow]:
    """Rectifications of units in the actor's scope (or the chosen unit's subtree): overdue
    first, then by deadline."""
    _may_read(actor)
    path = _root_path(session, actor, unit_id)
    today = local_today()
    query = (
        select(Rectification, Unit.name, Inspection.visited_on)
        .join(Unit, col(Unit.id) == Rectification.unit_id)
        .join(Inspection, col(Inspection.id) == Rectification.inspection_id)
        .where(col(Rectification.unit_id).in_(subtree_unit_ids(path)))
    )
    if statuses:
        query = query.where(col(Rectification.status).in_(statuses))
    if inspection_id is not None:
        query = query.where(Rectification.inspection_id == inspection_id)
    if visited_from is not None:
        query = query.where(Inspection.visited_on >= visited_from)
    if visited_to is not None:
        query = query.where(Inspection.visited_on <= visited_to)
    rows = session.exec(query.order_by(col(Rectification.deadline), col(Rectification.id))).all()
    ids = [r.id for r, _name, _day in rows]
    photos: dict[int, list[int]] = {}
    if ids:
        for photo_id, rect_id in session.exec(
            select(SupervisionPhoto.id, SupervisionPhoto.rectification_id).where(
                col(SupervisionPhoto.rectification_id).in_(ids)
            )
        ).all():
            photos.setdefault(rect_id or 0, []).append(photo_id or 0)
    made = [
        RectificationRow(
            id=r.id or 0,
            inspection_id=r.inspection_id,
            unit_name=name,
            visited_on=day,
            requirement=r.requirement,
            deadline=r.deadline,
            status=r.status,
            overdue=r.status == RectificationStatus.OPEN and r.deadline < today,
            done_note=r.done_note,
            verification_note=r.verification_note,
            photo_ids=tuple(photos.get(r.id or 0, [])),
        )
        for r, name, day in rows
    ]
    return sorted(made, key=lambda r: not r.overdue)  # stable: deadline order kept


def open_rectifications(
    session: Session, actor: Actor, unit_id: int | None = None
) -> RectificationCounts:
    """How many rectifications in scope are not closed, and how many are overdue (for the
    dashboard)."""
    _may_read(actor)
    path = _root_path(session, actor, unit_id)
    open_, overdue = session.exec(
        select(
            count_if(Rectification.status != RectificationStatus.CLOSED),
            count_if(is_overdue(local_today())),
        ).where(col(Rectification.unit_id).in_(subtree_unit_ids(path)))
    ).one()
    return RectificationCounts(open=open_, overdue=overdue)


def _load(session: Session, actor: Actor, rectification_id: int) -> Rectification:
    rectification = session.get(Rectification, rectification_id)
    if rectification is None:
        raise RectificationRefused(texts.SUP_E_NO_RECTIFICATION)
    if not unit_in_scope(session, actor, rectification.unit_id):
        audit.record_refusal(
            session,
            actor=actor,
            action=AuditAction.DENIED,
            target=f"rectification:{rectification_id}",
        )
        raise OutOfScope(texts.SUP_E_RECT_OUT_OF_SCOPE)
    return rectification


def _note(note: str) -> str:
    try:
        note = clean_text(note.strip())
    except Invalid as refused:
        raise RectificationRefused(refused.message) from None
    if not note:
        raise RectificationRefused(texts.SUP_E_NOTE_REQUIRED)
    if len(note) > MAX_NOTE:
        raise RectificationRefused(texts.V_TOO_LONG.format(max=MAX_NOTE))
    return note


def mark_done(
    session: Session,
    *,
    actor: Actor,
    rectification_id: int,
    note: str,
    photo: bytes | None = None,
) -> None:
    """The inspected unit says the change is made (only while it is open), with a note and
    optionally a photo; a refused note or photo changes nothing."""
    require(actor.role, Permission.RECTIFY)
    rectification = _load(session, actor, rectification_id)
    if rectification.status != RectificationStatus.OPEN:
        raise RectificationRefused(texts.SUP_E_RECT_ANSWERED)
    note = _note(note)
    if photo is not None:
        photos.save_photo(
            session,
            actor=actor,
            inspection_id=rectification.inspection_id,
            rectification_id=rectification_id,
            data=photo,
        )
    rectification.done_note = note
    rectification.status = RectificationStatus.DONE
    rectification.done_at, rectification.done_by_id = utcnow(), actor.id
    session.add(rectification)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        target=f"rectification:{rectification_id}",
        detail=texts.SUP_AUDIT_RECT_DONE,
    )
    notices.answered(session, actor_id=actor.id, rectification=rectification)
    session.commit()


def close(
    session: Session, *, actor: Actor, rectification_id: int, note: str, accepted: bool = True
) -> None:
    """A supervisor checked the unit's answer: closes the rectification (accepted) or sends it
    back to the unit, open again under the same deadline (not accepted); the note says why."""
    require(actor.role, Permission.INSPECT)
    rectification = _load(session, actor, rectification_id)
    if rectification.status != RectificationStatus.DONE:
        raise RectificationRefused(texts.SUP_E_RECT_NOT_DONE)
    rectification.verification_note = _note(note)
    if accepted:
        rectification.status = RectificationStatus.CLOSED
        rectification.closed_at, rectification.closed_by_id = utcnow(), actor.id
    else:
        rectification.status = RectificationStatus.OPEN
    session.add(rectification)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        target=f"rectification:{rectification_id}",
        detail=texts.SUP_AUDIT_RECT_CLOSED if accepted else texts.SUP_AUDIT_RECT_SENT_BACK,
    )
    session.commit()
