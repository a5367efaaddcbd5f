"""当场调结: a dispute settled on the spot at intake, and the town taking one back.

settle() registers the case and records it assigned and resolved at the same moment, in one
transaction: the four fixes default to the registering user (lead leader: their name, as units
record no leader; responsible unit: their unit; responsible person: themselves; deadline: the
risk's default), the level is their unit's (a village mediator's: 不出村). Low or medium risk
only, and never with the group-event or 民转刑 flag: those go to assignment.

recall() is the town's check: a coordinator reopens a case settled on the spot in the last
RECALL_DAYS days to mediating, with a reason. It becomes an ordinary case handled by the
coordinator's unit; the responsible person stays (the coordinator handles it too)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import texts
from db.cases.lifecycle import (
    RECALL_DAYS,
    MoveRefused,
    Resolution,
    check_move,
    level_of,
    recallable,
)
from db.cases.move_writing import CLEARED_RESOLUTION, open_for_move, save_change
from db.cases.moves import default_deadline
from db.cases.register import Registered, insert_case, intake_token, registered_by_token
from db.cases.schemas import CaseCreate
from db.clock import utcnow
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.permissions import NotAllowed, Permission, allows, require
from db.core.scope import OutOfScope, case_in_scope, unit_in_scope
from db.core.validation import short_text
from db.enums import EventKind, Move, Risk, Stage
from db.models import Case, CaseEvent, Unit, User

MAX_REASON = 1000


def settle(
    session: Session, *, actor: Actor, data: CaseCreate, resolution: Resolution
) -> Registered:
    """Register the dispute as settled on the spot: case, parties, the events registered,
    assigned and resolved (one moment) and the audit row, committed together. The same form
    submitted twice makes one case."""
    require(actor.role, Permission.REGISTER_CASE)
    if not allows(actor.role, Permission.HANDLE):
        raise NotAllowed(texts.E_SPOT_ROLE)
    if data.risk == Risk.HIGH or data.group_risk or data.violence_risk:
        raise Refused(texts.E_SPOT_RISK, field="risk")
    # its own token (64 characters): a plain registration of the same form is another case
    token = hashlib.sha256(f"spot|{intake_token(actor, data)}".encode()).hexdigest()
    if earlier := registered_by_token(session, token):
        return earlier
    unit = session.get(Unit, data.unit_id)
    if unit is None:
        raise Refused(texts.V_UNKNOWN_UNIT, field="unit_id")
    if not unit_in_scope(session, actor, data.unit_id):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    if not unit.active:
        raise Refused(texts.E_UNIT_INACTIVE.format(unit=unit.name), field="unit_id")
    own = session.get(Unit, actor.unit_id)
    assert own is not None
    try:
        registered = insert_case(session, actor=actor, data=data, unit=unit, token=token)
        _settle_registered(session, actor, registered.id, own, resolution)
        session.commit()
    except IntegrityError:
        session.rollback()  # two submits of one form raced; the other one's case stands
        if earlier := registered_by_token(session, token):
            return earlier
        raise
    return registered


def _settle_registered(
    session: Session, actor: Actor, case_id: int, own: Unit, resolution: Resolution
) -> None:
    case = session.get(Case, case_id)
    assert case is not None
    person = session.get(User, actor.id)
    assert person is not None
    level = level_of(session, own)
    at = case.created_at
    fixes = {
        "lead_leader": person.display_name,
        "responsible_unit_id": own.id,
        "responsible_user_id": person.id,
        "deadline": default_deadline(case.risk),
    }
    case.sqlmodel_update(
        {
            **fixes,
            "handling_unit_id": own.id,
            "stage": Stage.RESOLVED,
            "settled_on_spot": True,
            "resolved_at": at,
            "resolved_level": level,
            "resolution_method": resolution.method,
            "resolution_summary": resolution.summary,
            "agreement_signed": resolution.agreement_signed,
            "court_confirmed": resolution.court_confirmed,
        }
    )
    session.add(case)
    assigned = {
        "lead_leader": person.display_name,
        "responsible_unit": own.name,
        "responsible_user": person.display_name,
        "deadline": fixes["deadline"].isoformat(),
        "on_the_spot": True,
    }
    resolved = {
        "method": texts.label(resolution.method),
        "summary": resolution.summary,
        "agreement_signed": resolution.agreement_signed,
        "court_confirmed": resolution.court_confirmed,
        "level": texts.label(level),
        "on_the_spot": True,
    }
    for kind, stage_from, stage_to, detail in (
        (EventKind.ASSIGNED, Stage.REGISTERED, Stage.ASSIGNED, assigned),
        (EventKind.STAGE_CHANGED, Stage.ASSIGNED, Stage.RESOLVED, resolved),
    ):
        session.add(
            CaseEvent(
                case_id=case_id,
                kind=kind,
                at=at,
                actor_id=actor.id,
                stage_from=stage_from,
                stage_to=stage_to,
                detail=json.dumps(detail, ensure_ascii=False),
            )
        )
    session.flush()


@dataclass(frozen=True)
class SettledCase:
    """A case settled on the spot, as the town's list shows it."""

    id: int
    number: str
    facts: str
    unit: str
    settled_by: str
    settled_at: datetime
    version: int


def recently_settled(session: Session, *, actor: Actor) -> list[SettledCase]:
    """Cases in scope settled on the spot in the last RECALL_DAYS days and still resolved,
    newest first: what a coordinator may take back (recall)."""
    if not allows(actor.role, Permission.ASSIGN):
        return []
    since = utcnow() - timedelta(days=RECALL_DAYS)
    rows = session.exec(
        select(Case, Unit.name, User.display_name)
        .join(Unit, col(Unit.id) == Case.unit_id)
        .join(User, col(User.id) == Case.responsible_user_id, isouter=True)
        .where(
            case_in_scope(actor),
            col(Case.settled_on_spot),
            Case.stage == Stage.RESOLVED,
            col(Case.resolved_at) >= since,
        )
        .order_by(col(Case.resolved_at).desc(), col(Case.id).desc())
        .limit(100)
    ).all()
    return [
        SettledCase(
            id=c.id or 0,
            number=c.number,
            facts=c.facts[:40] + ("…" if len(c.facts) > 40 else ""),
            unit=unit,
            settled_by=person or "",
            settled_at=c.resolved_at or c.created_at,
            version=c.version,
        )
        for c, unit, person in rows
    ]


def reason_text(reason: str) -> str:
    """A move's required reason, checked as any short text."""
    try:
        reason = short_text(reason, limit=MAX_REASON)
    except Invalid as refused:
        raise MoveRefused(refused.message) from None
    if not reason:
        raise MoveRefused(texts.E_MOVE_REASON)
    return reason


def recall(session: Session, *, actor: Actor, case_id: int, version: int, reason: str) -> int:
    """The town takes back a case settled on the spot: back to mediating, handled by the
    coordinator's unit, the resolution cleared (it no longer counts as resolved)."""
    reason = reason_text(reason)
    case = open_for_move(session, actor, case_id, version, Move.RECALL)
    if not recallable(case):
        raise MoveRefused(texts.E_RECALL_NOT_SETTLED.format(days=RECALL_DAYS))
    own = session.get(Unit, actor.unit_id)
    assert own is not None
    values = {
        "stage": check_move(case.stage, Move.RECALL),
        "handling_unit_id": own.id,
        **CLEARED_RESOLUTION,
    }
    detail = {"reason": reason, "handling_unit": own.name, "move": texts.label(Move.RECALL)}
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.STAGE_CHANGED,
        detail=detail,
    )
