"""Urgent cases (紧急报告 / 重大纠纷直报): a dispute with a group-event or 民转刑 flag, or of high
risk involving more people than DISPUTE_DESK_URGENT_PEOPLE, is urgent (cases.urgent, set when
it is registered). The coordinators whose scope holds it (the town's and the county's) see it
at once on their home page until they acknowledge it (已知悉); each acknowledgement is kept with
the level and the minutes since registration. Its deadline is at most the high-risk default
(db.cases.lifecycle.guard_deadline)."""

import json

from sqlalchemy import exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import texts
from db.cases.lifecycle import MoveRefused, level_of
from db.clock import utcnow
from db.core import audit, settings
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope, load_case
from db.enums import OPEN_STAGES, AuditAction, EventKind, Level, Risk, Role
from db.inbox import reading
from db.models import Case, CaseEvent, Unit, UrgentAck, User


def is_urgent(*, risk: Risk, people: int, group_risk: bool, violence_risk: bool) -> bool:
    """The rule: a group-event or 民转刑 flag, or high risk with more than the setting's people."""
    return group_risk or violence_risk or (risk == Risk.HIGH and people > settings.urgent_people())


def unacknowledged(session: Session, *, actor: Actor, limit: int = 50) -> list[dict]:
    """Open urgent cases in the coordinator's scope that they have not acknowledged, newest
    first (the home page's banner)."""
    if not _may_acknowledge(actor):
        return []
    acked = exists(
        select(UrgentAck.id).where(UrgentAck.case_id == Case.id, UrgentAck.user_id == actor.id)
    )
    rows = session.exec(
        select(Case, Unit.name)
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(
            col(Case.urgent),
            col(Case.stage).in_(OPEN_STAGES),
            case_in_scope(actor),
            ~acked,
        )
        .order_by(col(Case.created_at).desc())
        .limit(limit)
    ).all()
    return [
        {
            "case_id": c.id,
            "number": c.number,
            "unit": unit,
            "category": c.category,
            "people": c.people_involved,
            "created_at": c.created_at,
        }
        for c, unit in rows
    ]


def _may_acknowledge(actor: Actor) -> bool:
    return actor.role == Role.COORDINATOR


def acknowledge(session: Session, *, actor: Actor, case_id: int) -> None:
    """已知悉: the coordinator has seen the urgent case. Recorded once per person, with their
    level and the minutes since registration; a timeline entry and an audit row go with it. Not
    a change of the handling: nobody's open form becomes stale."""
    require(actor.role, Permission.ASSIGN)
    case = load_case(session, actor, case_id)
    if not case.urgent:
        raise MoveRefused(texts.E_URGENT_NOT)
    done = session.exec(
        select(UrgentAck.id).where(UrgentAck.case_id == case_id, UrgentAck.user_id == actor.id)
    ).first()
    if done is not None:
        raise MoveRefused(texts.E_URGENT_ACKED)
    unit = session.get(Unit, actor.unit_id)
    assert unit is not None
    now = utcnow()
    minutes = max(0, int((now - case.created_at).total_seconds() // 60))
    level = level_of(session, unit)
    session.add(
        UrgentAck(
            case_id=case_id,
            user_id=actor.id,
            unit_id=actor.unit_id,
            level=level,
            acked_at=now,
            minutes=minutes,
        )
    )
    detail = {"unit": unit.name, "level": texts.label(level), "minutes": minutes}
    session.add(
        CaseEvent(
            case_id=case_id,
            kind=EventKind.URGENT_ACKED,
            at=now,
            actor_id=actor.id,
            detail=json.dumps(detail, ensure_ascii=False),
        )
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        case_id=case_id,
        target=f"case:{case_id}",
        detail=texts.label(EventKind.URGENT_ACKED),
    )
    reading.read_with_acknowledgement(session, actor=actor, case_id=case_id)
    try:
        session.commit()
    except IntegrityError:  # the same person's second click raced the first: that one stands
        session.rollback()
        raise MoveRefused(texts.E_URGENT_ACKED) from None


def acknowledgements(session: Session, *, actor: Actor, case_id: int) -> list[dict]:
    """Who acknowledged the urgent case, at which level, and how many minutes after it was
    registered; in order."""
    load_case(session, actor, case_id)
    rows = session.exec(
        select(UrgentAck, User.display_name)
        .join(User, col(User.id) == UrgentAck.user_id)
        .where(UrgentAck.case_id == case_id)
        .order_by(col(UrgentAck.acked_at), col(UrgentAck.id))
    ).all()
    return [
        {"who": name, "level": texts.label(Level(a.level)), "at": a.acked_at, "minutes": a.minutes}
        for a, name in rows
    ]


def state(session: Session, *, actor: Actor, case_id: int) -> tuple[bool, bool]:
    """(is the case urgent, may this person acknowledge it now)."""
    case = load_case(session, actor, case_id)
    if not case.urgent or not _may_acknowledge(actor):
        return case.urgent, False
    done = session.exec(
        select(UrgentAck.id).where(UrgentAck.case_id == case_id, UrgentAck.user_id == actor.id)
    ).first()
    return True, done is None
