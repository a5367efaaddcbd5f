"""Reading the register: the leaders one may record for, the receptions of a period by date,
leader, kind, status and unit (never by visitor), one reception with its cases, and the cases
of one's scope found by number to link."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db.core import audit
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, case_in_scope, subtree_unit_ids
from db.core.validation import mask_in_text, mask_phone, plain_search
from db.enums import AuditAction, ReceptionKind, ReceptionStatus, Role
from db.models import Case, Reception, ReceptionCase, Unit, User
from db.receptions.book import load_reception
from db.receptions.schemas import LeaderOption, LinkedCase, ReceptionDetail, ReceptionRow

LIST_LIMIT = 500
FOUND_LIMIT = 10


def leader_choices(session: Session, actor: Actor) -> list[LeaderOption]:
    """The leaders the actor may record receptions for: a leader themself; a coordinator the
    active leaders of their scope."""
    require(actor.role, Permission.RECORD_RECEPTION)
    query = (
        select(User.id, User.display_name, Unit.name)
        .join(Unit, col(Unit.id) == User.unit_id)
        .where(User.role == Role.LEADER, col(User.is_active))
        .order_by(col(Unit.path), col(User.display_name), col(User.id))
    )
    if actor.role == Role.LEADER:
        query = query.where(User.id == actor.id)
    else:
        query = query.where(col(Unit.path).startswith(actor.unit_path, autoescape=True))
    return [LeaderOption(id=i or 0, name=n, unit=u) for i, n, u in session.exec(query).all()]


def root_path(session: Session, actor: Actor, unit_id: int | None) -> str:
    if unit_id is None:
        return actor.unit_path
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.path.startswith(actor.unit_path):
        raise OutOfScope()
    return unit.path


def link_counts():  # type: ignore[no-untyped-def]
    """Per reception: the cases it concerns and those opened from it (a subquery)."""
    opened = func.sum(sa.case((col(ReceptionCase.opened), 1), else_=0))
    return (
        select(
            col(ReceptionCase.reception_id).label("reception_id"),
            func.count().label("cases"),
            opened.label("opened"),
        )
        .group_by(col(ReceptionCase.reception_id))
        .subquery()
    )


def list_receptions(
    session: Session,
    actor: Actor,
    *,
    start: date,
    end: date,
    leader_id: int | None = None,
    kind: ReceptionKind | None = None,
    status: ReceptionStatus | None = None,
    unit_id: int | None = None,
) -> list[ReceptionRow]:
    """The receptions held or planned from start to end (inclusive) at the unit's subtree
    (default the actor's), newest first."""
    require(actor.role, Permission.READ_RECEPTIONS)
    path = root_path(session, actor, unit_id)
    links = link_counts()
    leader = aliased(User)
    query = (
        select(
            Reception.id,
            Reception.held_on,
            Reception.kind,
            Reception.status,
            Unit.name,
            Reception.leader_id,
            leader.display_name,
            Reception.place,
            Reception.visitors,
            func.coalesce(links.c.cases, 0),
            func.coalesce(links.c.opened, 0),
        )
        .join(Unit, col(Unit.id) == Reception.unit_id)
        .join(leader, col(leader.id) == Reception.leader_id)
        .outerjoin(links, links.c.reception_id == Reception.id)
        .where(
            col(Reception.held_on) >= start,
            col(Reception.held_on) <= end,
            col(Reception.unit_id).in_(subtree_unit_ids(path)),
        )
        .order_by(col(Reception.held_on).desc(), col(Reception.id).desc())
        .limit(LIST_LIMIT)
    )
    if leader_id is not None:
        query = query.where(Reception.leader_id == leader_id)
    if kind is not None:
        query = query.where(Reception.kind == kind)
    if status is not None:
        query = query.where(Reception.status == status)
    return [
        ReceptionRow(
            id=row[0] or 0,
            held_on=row[1],
            kind=row[2],
            status=row[3],
            unit=row[4],
            leader_id=row[5],
            leader=row[6],
            place=row[7],
            visitors=row[8],
            cases=int(row[9]),
            opened=int(row[10]),
        )
        for row in session.exec(query).all()
    ]


def _masked_phones(value: str) -> str:
    return "、".join(mask_phone(p) for p in value.split("、") if p)


def reception_detail(
    session: Session, actor: Actor, reception_id: int, *, audit_view: bool = False
) -> ReceptionDetail:
    """One reception of the actor's scope, phones masked, with the cases it concerns. With
    `audit_view` the reading is audited and committed (pass a write session then): it shows
    the visitors' names as recorded."""
    reception = load_reception(session, actor, reception_id)
    if audit_view:
        audit.record(
            session,
            actor=actor,
            action=AuditAction.VIEW_RECEPTION,
            target=f"reception:{reception_id}",
        )
        session.commit()
    names = dict(
        session.exec(
            select(User.id, User.display_name).where(
                col(User.id).in_([reception.leader_id, reception.recorded_by_id])
            )
        ).all()
    )
    unit = session.get(Unit, reception.unit_id)
    cases = session.exec(
        select(Case.id, Case.number, Case.stage, ReceptionCase.opened)
        .join(ReceptionCase, col(ReceptionCase.case_id) == Case.id)
        .where(ReceptionCase.reception_id == reception_id)
        .order_by(col(ReceptionCase.linked_at), col(Case.id))
    ).all()
    return ReceptionDetail(
        id=reception_id,
        kind=reception.kind,
        status=reception.status,
        held_on=reception.held_on,
        place=reception.place,
        unit_id=reception.unit_id,
        unit=unit.name if unit else "",
        leader_id=reception.leader_id,
        leader=names.get(reception.leader_id, ""),
        accompanied=reception.accompanied,
        visitors=reception.visitors,
        raised=mask_in_text(reception.raised),
        decided=mask_in_text(reception.decided),
        visitor_names=mask_in_text(reception.visitor_names),
        visitor_phones=_masked_phones(reception.visitor_phones),
        recorded_by=names.get(reception.recorded_by_id, ""),
        version=reception.version,
        cases=tuple(LinkedCase(id=i or 0, number=n, stage=s, opened=o) for i, n, s, o in cases),
    )


def cases_by_number(session: Session, actor: Actor, number: str) -> list[LinkedCase]:
    """Cases of the actor's scope whose number holds what was typed (a case number search, to
    link one to a reception), newest first."""
    require(actor.role, Permission.READ_CASES)
    typed = plain_search(number).strip()
    if not typed:
        return []
    query = (
        select(Case.id, Case.number, Case.stage)
        .where(col(Case.number).contains(typed, autoescape=True), case_in_scope(actor))
        .order_by(col(Case.id).desc())
        .limit(FOUND_LIMIT)
    )
    return [
        LinkedCase(id=i or 0, number=n, stage=s, opened=False)
        for i, n, s in session.exec(query).all()
    ]
