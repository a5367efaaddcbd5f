"""Recording receptions: who may record one for which leader, planned ahead or held, completing
a planned one, and the cases it concerns (linked by number, or registered from it as 来访).

A leader records their own receptions; a coordinator those of the leaders of their scope. The
receiving leader is an active account with the leader role whose unit's scope holds the
reception's unit. Every write is audited in its own commit; visitors' names never reach an
audit row or a case event."""

from sqlalchemy import update
from sqlmodel import Session, select

from db import texts
from db.cases.register import (
    Registered,
    insert_case,
    intake_token,
    registered_by_token,
    registrable_unit,
)
from db.cases.schemas import CaseCreate
from db.clock import local_today, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, load_case
from db.core.validation import MAX_ROW_ID
from db.enums import AuditAction, FoundVia, ReceptionStatus, Role
from db.models import Reception, ReceptionCase, Unit, User
from db.receptions.schemas import ReceptionInput, VisitInput


class ReceptionNotFound(Refused):
    def __init__(self) -> None:
        super().__init__(texts.E_RECEPTION_UNKNOWN)


def _leader(session: Session, leader_id: int) -> User:
    leader = session.get(User, leader_id) if 0 < leader_id <= MAX_ROW_ID else None
    if leader is None or leader.role != Role.LEADER or not leader.is_active:
        raise Refused(texts.E_RECEPTION_NOT_LEADER, field="leader_id")
    return leader


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id) if 0 < unit_id <= MAX_ROW_ID else None
    if unit is None:
        raise Refused(texts.V_UNKNOWN_UNIT, field="unit_id")
    return unit


def check_may_record(session: Session, actor: Actor, *, leader: User, unit: Unit) -> None:
    """The actor may record this leader's reception at this unit, or a refusal says why."""
    require(actor.role, Permission.RECORD_RECEPTION)
    if actor.role == Role.LEADER and leader.id != actor.id:
        raise Refused(texts.E_RECEPTION_OWN_ONLY, field="leader_id")
    leader_unit = session.get(Unit, leader.unit_id)
    assert leader_unit is not None
    if not leader_unit.path.startswith(actor.unit_path):
        raise OutOfScope(texts.E_RECEPTION_LEADER_SCOPE)
    if not unit.path.startswith(actor.unit_path):
        raise OutOfScope(texts.E_RECEPTION_UNIT_SCOPE)
    if not unit.path.startswith(leader_unit.path):
        raise Refused(texts.E_RECEPTION_UNIT_NOT_LEADERS, field="unit_id")


def check_visit(status: ReceptionStatus, visit: VisitInput) -> None:
    """A held reception says when (not in the future), how many came, what they raised and what
    the leader decided; a planned one lies ahead."""
    today = local_today()
    if status == ReceptionStatus.PLANNED:
        if visit.held_on < today:
            raise Refused(texts.E_RECEPTION_PLANNED_PAST, field="held_on")
        return
    if visit.held_on > today:
        raise Refused(texts.V_FUTURE_DATE, field="held_on")
    if visit.visitors < 1:
        raise Refused(texts.E_RECEPTION_NO_VISITORS, field="visitors")
    for name in ("raised", "decided"):
        if not getattr(visit, name):
            raise Refused(texts.E_RECEPTION_REQUIRED[name], field=name)


def _about(reception: Reception, leader: User) -> str:
    """The audit row's words: which reception, never who came."""
    return texts.RECEPTION_AUDIT.format(
        day=reception.held_on,
        kind=texts.label(reception.kind),
        leader=leader.display_name,
        status=texts.label(reception.status),
    )


def record(session: Session, *, actor: Actor, data: ReceptionInput) -> int:
    """A reception held, or planned ahead; returns its id."""
    leader = _leader(session, data.leader_id)
    unit = _unit(session, data.unit_id)
    check_may_record(session, actor, leader=leader, unit=unit)
    check_visit(data.status, data)
    now = utcnow()
    row = Reception(**data.model_dump(), recorded_by_id=actor.id, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    audit.record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        target=f"reception:{row.id}",
        detail=_about(row, leader),
    )
    session.commit()
    return row.id


def load_reception(session: Session, actor: Actor, reception_id: int) -> Reception:
    """The reception, if it exists and its unit lies in the actor's scope (a look outside it is
    refused and audited)."""
    require(actor.role, Permission.READ_RECEPTIONS)
    reception = session.get(Reception, reception_id) if 0 < reception_id <= MAX_ROW_ID else None
    if reception is None:
        raise ReceptionNotFound()
    unit = session.get(Unit, reception.unit_id)
    if unit is None or not unit.path.startswith(actor.unit_path):
        audit.record_refusal(
            session, actor=actor, action=AuditAction.DENIED, target=f"reception:{reception_id}"
        )
        raise OutOfScope()
    return reception


def _for_change(session: Session, actor: Actor, reception_id: int) -> tuple[Reception, User]:
    reception = load_reception(session, actor, reception_id)
    leader = session.get(User, reception.leader_id)
    assert leader is not None
    check_may_record(session, actor, leader=leader, unit=_unit(session, reception.unit_id))
    return reception, leader


def complete(
    session: Session, *, actor: Actor, reception_id: int, version: int, data: VisitInput
) -> None:
    """A planned reception, held: its date, visitors, what was raised and decided. A form
    opened before someone else completed or changed it is refused."""
    reception, leader = _for_change(session, actor, reception_id)
    if reception.status != ReceptionStatus.PLANNED:
        raise Refused(texts.E_RECEPTION_NOT_PLANNED)
    check_visit(ReceptionStatus.DONE, data)
    changed = session.execute(
        update(Reception)
        .where(Reception.id == reception_id, Reception.version == version)  # type: ignore[arg-type]
        .values(
            **data.model_dump(),
            status=ReceptionStatus.DONE,
            updated_at=utcnow(),
            version=Reception.version + 1,
        )
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]  (nothing changed: refused)
        raise Refused(texts.E_RECEPTION_STALE)
    session.refresh(reception)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        target=f"reception:{reception_id}",
        detail=_about(reception, leader),
    )
    session.commit()


def _link(
    session: Session, actor: Actor, reception: Reception, case_id: int, *, opened: bool
) -> None:
    session.add(
        ReceptionCase(
            reception_id=reception.id or 0,
            case_id=case_id,
            opened=opened,
            linked_at=utcnow(),
            linked_by_id=actor.id,
        )
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        case_id=case_id,
        target=f"reception:{reception.id}",
        detail=texts.RECEPTION_AUDIT_OPENED if opened else texts.RECEPTION_AUDIT_LINKED,
    )


def _linked(session: Session, reception_id: int, case_id: int) -> bool:
    query = select(ReceptionCase.case_id).where(
        ReceptionCase.reception_id == reception_id, ReceptionCase.case_id == case_id
    )
    return session.exec(query).first() is not None


def link_case(session: Session, *, actor: Actor, reception_id: int, case_id: int) -> None:
    """An existing case of the actor's scope, linked to the reception (planned ones too: the
    cases a 带案下访 takes along)."""
    reception, _leader_ = _for_change(session, actor, reception_id)
    case = load_case(session, actor, case_id)
    if _linked(session, reception_id, case_id):
        raise Refused(texts.E_RECEPTION_ALREADY_LINKED.format(number=case.number))
    _link(session, actor, reception, case_id, opened=False)
    session.commit()


def open_case(session: Session, *, actor: Actor, reception_id: int, data: CaseCreate) -> Registered:
    """A new case registered from a held reception by the normal registration rule (number,
    parties, event, audit, urgent notices), found via 来访, linked as opened by it; all in one
    commit. The same form submitted twice finds the case the first submit made."""
    reception, _leader_ = _for_change(session, actor, reception_id)
    if reception.status != ReceptionStatus.DONE:
        raise Refused(texts.E_RECEPTION_OPEN_PLANNED)
    data = data.model_copy(update={"found_via": FoundVia.VISIT})
    token = intake_token(actor, data)
    if earlier := registered_by_token(session, token):
        if not _linked(session, reception_id, earlier.id):
            _link(session, actor, reception, earlier.id, opened=False)
            session.commit()
        return earlier
    unit = registrable_unit(session, actor, data.unit_id)
    registered = insert_case(session, actor=actor, data=data, unit=unit, token=token)
    _link(session, actor, reception, registered.id, opened=True)
    session.commit()
    return registered
