"""The desk's lists that are not the cases themselves (issue 21): rectifications (整改) and
inspections (督查) in the reader's subtree, today's daily report of the reader's unit, and the
answers to the reader's extension requests. Each list is one query, LIMITed, with its count
taken by a window count before the LIMIT (as in db.dashboard.desk)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, func, select

from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.permissions import NotAllowed, Permission, allows, require
from db.core.scope import case_in_scope, subtree_unit_ids
from db.enums import InspectionStatus, RectificationStatus, RequestStatus
from db.models import Case, ExtensionRequest, Inspection, Rectification, Unit
from db.reports import daily
from db.supervision.rectifications import READERS, is_overdue

SHOWN = 8
ANSWERS_SHOWN_DAYS = 14  # an answered extension request stays on the asker's desk this long


@dataclass(frozen=True)
class TaskLine:
    """A rectification (id, its inspection, the unit, what it asks, its deadline) or an
    inspection (id, itself, the unit, the team, the day visited)."""

    id: int
    inspection_id: int
    unit: str
    text: str
    day: date
    overdue: bool


@dataclass(frozen=True)
class TaskList:
    total: int
    lines: list[TaskLine]


def _rectifications(
    session: Session, actor: Actor, conditions: list[ColumnElement[bool]], order: tuple
) -> TaskList:
    if not any(allows(actor.role, p) for p in READERS):
        raise NotAllowed()
    today = local_today()
    rows = session.exec(
        select(Rectification, Unit.name, func.count().over())
        .join(Unit, col(Unit.id) == Rectification.unit_id)
        .where(col(Rectification.unit_id).in_(subtree_unit_ids(actor.unit_path)), *conditions)
        .order_by(*order, col(Rectification.id).asc())
        .limit(SHOWN)
    ).all()
    lines = [
        TaskLine(
            id=r.id or 0,
            inspection_id=r.inspection_id,
            unit=unit,
            text=r.requirement,
            day=r.deadline,
            overdue=r.status == RectificationStatus.OPEN and r.deadline < today,
        )
        for r, unit, _ in rows
    ]
    return TaskList(total=rows[0][2] if rows else 0, lines=lines)


def rectifications_due(session: Session, *, actor: Actor) -> TaskList:
    """Rectifications of the reader's units not yet answered: the nearest deadline first (the
    overdue ones come first by the same order)."""
    return _rectifications(
        session,
        actor,
        [Rectification.status == RectificationStatus.OPEN],
        (col(Rectification.deadline).asc(),),
    )


def rectifications_to_check(session: Session, *, actor: Actor) -> TaskList:
    """Rectifications the units answered (已整改), waiting for a supervisor's check: the
    longest waiting first."""
    return _rectifications(
        session,
        actor,
        [Rectification.status == RectificationStatus.DONE],
        (col(Rectification.done_at).asc(),),
    )


def rectifications_overdue(session: Session, *, actor: Actor) -> TaskList:
    """Rectifications not answered by their deadline, the longest overdue first."""
    return _rectifications(
        session, actor, [is_overdue(local_today())], (col(Rectification.deadline).asc(),)
    )


def inspections_in_progress(session: Session, *, actor: Actor) -> TaskList:
    """Inspections begun (being ticked) and not yet submitted, the earliest visit first."""
    require(actor.role, Permission.INSPECT)
    rows = session.exec(
        select(Inspection, Unit.name, func.count().over())
        .join(Unit, col(Unit.id) == Inspection.unit_id)
        .where(
            col(Inspection.unit_id).in_(subtree_unit_ids(actor.unit_path)),
            Inspection.status == InspectionStatus.DRAFT,
        )
        .order_by(col(Inspection.visited_on).asc(), col(Inspection.id).asc())
        .limit(SHOWN)
    ).all()
    lines = [
        TaskLine(
            id=i.id or 0, inspection_id=i.id or 0, unit=unit, text=i.team, day=i.visited_on,
            overdue=False,
        )
        for i, unit, _ in rows
    ]  # fmt: skip
    return TaskList(total=rows[0][2] if rows else 0, lines=lines)


def daily_report_missing(session: Session, *, actor: Actor) -> bool:
    """Whether the reader's own unit must report and today's report (or zero report) has not
    been sent yet."""
    if not daily.may_submit(session, actor):
        return False
    today = local_today()
    return daily.current_report(session, actor=actor, unit_id=actor.unit_id, day=today) is None


@dataclass(frozen=True)
class RequestLine:
    case_id: int
    number: str
    proposed: date
    status: RequestStatus
    answered_at: datetime | None
    note: str


def my_extension_requests(session: Session, *, actor: Actor) -> list[RequestLine]:
    """The reader's extension requests still waiting, and those answered in the last two weeks:
    the latest first."""
    since = utcnow() - timedelta(days=ANSWERS_SHOWN_DAYS)
    rows = session.exec(
        select(ExtensionRequest, Case.number)
        .join(Case, col(Case.id) == ExtensionRequest.case_id)
        .where(
            ExtensionRequest.requested_by_id == actor.id,
            case_in_scope(actor),
            or_(
                ExtensionRequest.status == RequestStatus.PENDING,
                col(ExtensionRequest.answered_at) >= since,
            ),
        )
        .order_by(col(ExtensionRequest.requested_at).desc())
        .limit(SHOWN)
    ).all()
    return [
        RequestLine(
            case_id=r.case_id,
            number=number,
            proposed=r.proposed_deadline,
            status=RequestStatus(r.status),
            answered_at=r.answered_at,
            note=r.answer_note,
        )
        for r, number in rows
    ]
