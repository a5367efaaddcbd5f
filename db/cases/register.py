"""Registering cases: the intake's rules, numbering and the duplicate-party warning."""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from db import texts
from db.cases import notices
from db.cases.categories import local_in_use
from db.cases.numbering import next_number
from db.cases.schemas import (
    CaseCreate,
    DuplicateHit,
    PartyCreate,
)
from db.cases.urgent import is_urgent
from db.clock import local_today, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, case_in_scope, unit_in_scope
from db.enums import (
    FINISHED_STAGES,
    AuditAction,
    EventKind,
    Stage,
)
from db.models import Case, CaseEvent, Party, Unit

DUPLICATE_WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class Registered:
    id: int
    number: str


def intake_token(actor: Actor, data: CaseCreate) -> str:
    """The same person submitting the same form on the same day gives the same token."""
    payload = f"{actor.id}|{local_today()}|{data.model_dump_json()}"
    return hashlib.sha256(payload.encode()).hexdigest()


def register(session: Session, *, actor: Actor, data: CaseCreate) -> Registered:
    """Register a dispute: give it a number, store its parties and write the "registered" event
    and the audit row in the same transaction. A form submitted twice (same token) yields the
    case the first submit made."""
    require(actor.role, Permission.REGISTER_CASE)
    token = intake_token(actor, data)
    if earlier := registered_by_token(session, token):
        return earlier
    unit = registrable_unit(session, actor, data.unit_id)
    try:
        registered = insert_case(session, actor=actor, data=data, unit=unit, token=token)
        session.commit()
    except IntegrityError:
        # Two submits of one form raced; the other one won and its case stands.
        session.rollback()
        if earlier := registered_by_token(session, token):
            return earlier
        raise
    return registered


def registrable_unit(session: Session, actor: Actor, unit_id: int) -> Unit:
    """The unit a case is registered for: known, in the actor's scope and active."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise Refused(texts.V_UNKNOWN_UNIT, field="unit_id")
    if not unit_in_scope(session, actor, unit_id):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    if not unit.active:
        raise Refused(texts.E_UNIT_INACTIVE.format(unit=unit.name), field="unit_id")
    return unit


def insert_case(
    session: Session, *, actor: Actor, data: CaseCreate, unit: Unit, token: str
) -> Registered:
    """The case, its parties, its first event, its audit row and, when urgent, the coordinators'
    notifications, in the caller's transaction."""
    now = utcnow()
    category = data.category
    if data.local_category_id is not None:  # counted under its base everywhere but the return
        category = local_in_use(session, data.local_category_id).base
    case = Case(
        number=next_number(session, unit),
        category=category,
        local_category_id=data.local_category_id,
        found_via=data.found_via,
        found_on=data.found_on,
        unit_id=data.unit_id,
        handling_unit_id=data.unit_id,
        facts=data.facts,
        people_involved=data.people_involved,
        amount_fen=data.amount_fen,
        risk=data.risk,
        group_risk=data.group_risk,
        violence_risk=data.violence_risk,
        urgent=is_urgent(
            risk=data.risk,
            people=data.people_involved,
            group_risk=data.group_risk,
            violence_risk=data.violence_risk,
        ),
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
        intake_token=token,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    session.add_all(Party(case_id=case.id, **party.model_dump()) for party in data.parties)
    session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.REGISTERED,
            at=now,
            actor_id=actor.id,
            stage_to=Stage.REGISTERED,
            detail=json.dumps({"number": case.number}, ensure_ascii=False),
        )
    )
    audit.record(
        session, actor=actor, action=AuditAction.CREATE, case_id=case.id, target=f"case:{case.id}"
    )
    if case.urgent:  # the coordinators above it are told at once (db.cases.urgent)
        notices.urgent(session, actor_id=actor.id, case=case)
    session.flush()
    return Registered(id=case.id, number=case.number)


def registered_by_token(session: Session, token: str) -> Registered | None:
    row = session.exec(select(Case.id, Case.number).where(Case.intake_token == token)).first()
    return Registered(id=row[0], number=row[1]) if row else None


def find_duplicates(
    session: Session,
    *,
    actor: Actor,
    parties: list[PartyCreate],
    exclude_case_id: int | None = None,
) -> list[DuplicateHit]:
    """Cases in the actor's scope, still open or finished in the last 90 days, in which a party
    with the same ID number or phone appears."""
    ids = {p.id_number for p in parties if p.id_number}
    phones = {p.phone for p in parties if p.phone}
    if not ids and not phones:
        return []
    recent = utcnow() - DUPLICATE_WINDOW
    query = (
        select(Case.id, Case.number, Case.stage, Party.name, Party.id_number, Party.phone)
        .join(Party, col(Party.case_id) == Case.id)
        .where(
            or_(col(Party.id_number).in_(ids), col(Party.phone).in_(phones)),
            or_(col(Case.stage).not_in(FINISHED_STAGES), col(Case.finished_at) >= recent),
            case_in_scope(actor),
        )
        .order_by(col(Case.id).desc())
        .limit(20)
    )
    if exclude_case_id is not None:
        query = query.where(Case.id != exclude_case_id)
    return [
        DuplicateHit(
            case_id=case_id,
            number=number,
            stage=stage,
            party_name=name,
            matched_on="id_number" if id_number in ids else "phone",
        )
        for case_id, number, stage, name, id_number, phone in session.exec(query)
    ]
