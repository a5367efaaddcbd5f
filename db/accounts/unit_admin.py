"""The unit tree as an admin keeps it (系统管理 → 单位): create, rename, re-code, move with
everything below, deactivate or delete, and whether and from when a unit must send daily
reports. Every change is audited (AuditAction.UNIT_CHANGED, target unit:<id>).

The rules: a county is the tree's root (`python -m db init` makes it); a town (镇/街道) hangs under
the county, a village or community under a town, a department under a town or the county. A code
is unique, and changes only while nothing refers to it: case numbers carry the registering town's
code (db.cases.numbering), so a unit that has given numbers or whose code starts a case number
keeps it. A unit that anything refers to (cases, users, reports, units below...) is never
deleted, only deactivated: it stays in history and figures but is offered for no new case or
account."""

from datetime import date

from sqlalchemy import func as sa_func
from sqlalchemy import literal, or_, update
from sqlmodel import Session, col, func, select

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope
from db.core.units import add_unit, checked_code, checked_name
from db.enums import AuditAction, UnitKind
from db.models import (
    CampaignUnit,
    Case,
    CaseCounter,
    DailyReport,
    Inspection,
    Rectification,
    Unit,
    User,
)

# Which kinds of parent each kind may hang under (the county has none).
PARENTS: dict[UnitKind, tuple[UnitKind, ...]] = {
    UnitKind.COUNTY: (),
    UnitKind.TOWN: (UnitKind.COUNTY,),
    UnitKind.VILLAGE: (UnitKind.TOWN,),
    UnitKind.COMMUNITY: (UnitKind.TOWN,),
    UnitKind.DEPARTMENT: (UnitKind.TOWN, UnitKind.COUNTY),
}


class UnitRefused(Refused):
    """A change to the unit tree the rules refuse; the message is for the user."""


def _in_scope(session: Session, actor: Actor, unit_id: int | None) -> Unit:
    require(actor.role, Permission.MANAGE_USERS)
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None or not unit.path.startswith(actor.unit_path):
        raise OutOfScope(texts.E_UNIT_TREE_OUT_OF_SCOPE)
    return unit


def _check_parent(kind: UnitKind, parent: Unit) -> None:
    if parent.kind not in PARENTS[kind]:
        raise UnitRefused(
            texts.E_UNIT_WRONG_PARENT.format(
                kind=texts.label(kind),
                parent=parent.name,
                allowed="、".join(texts.label(k) for k in PARENTS[kind]) or texts.UNIT_NO_PARENT,
            ),
            field="parent_id",
        )
    if not parent.active:
        raise UnitRefused(texts.E_UNIT_PARENT_INACTIVE.format(parent=parent.name))


def _check_code_free(session: Session, code: str, unit_id: int | None = None) -> None:
    other = session.exec(select(Unit).where(Unit.code == code)).first()
    if other is not None and other.id != unit_id:
        raise UnitRefused(texts.E_UNIT_CODE_TAKEN.format(code=code, unit=other.name), field="code")


def _audit(session: Session, actor: Actor, unit: Unit, detail: str) -> None:
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UNIT_CHANGED,
        target=f"unit:{unit.id}",
        detail=f"{unit.name}（{unit.code}）：{detail}",
    )


def create(
    session: Session,
    *,
    actor: Actor,
    name: str,
    code: str,
    kind: UnitKind,
    parent_id: int,
    must_report: bool | None = None,
    reports_from: date | None = None,
) -> Unit:
    """A new unit under `parent_id` (in the actor's subtree). Villages and communities must
    report by default."""
    name, code = checked_name(name), checked_code(code)
    parent = _in_scope(session, actor, parent_id)
    _check_parent(kind, parent)
    _check_code_free(session, code)
    unit = add_unit(
        session, code=code, name=name, kind=kind, parent=parent, must_report=must_report
    )
    unit.reports_from = reports_from if unit.must_report else None
    session.add(unit)
    _audit(
        session,
        actor,
        unit,
        texts.UNIT_AUDIT_CREATED.format(kind=texts.label(kind), parent=parent.name),
    )
    session.commit()
    return unit


def rename(session: Session, *, actor: Actor, unit_id: int, name: str) -> None:
    unit = _in_scope(session, actor, unit_id)
    new = checked_name(name)
    if new == unit.name:
        return
    before, unit.name = unit.name, new
    session.add(unit)
    _audit(session, actor, unit, texts.UNIT_AUDIT_RENAMED.format(before=before))
    session.commit()


def code_in_use(session: Session, unit: Unit) -> bool:
    """Whether anything refers to the unit's code: a case number it gave or that starts with it."""
    counters = select(func.count()).where(CaseCounter.unit_id == unit.id)
    numbers = select(func.count()).where(
        col(Case.number).startswith(f"{unit.code}-", autoescape=True)
    )
    return bool(session.exec(counters).one() or session.exec(numbers).one())


def recode(session: Session, *, actor: Actor, unit_id: int, code: str) -> None:
    unit = _in_scope(session, actor, unit_id)
    new = checked_code(code)
    if new == unit.code:
        return
    if code_in_use(session, unit):
        raise UnitRefused(texts.E_UNIT_CODE_IN_USE.format(code=unit.code), field="code")
    _check_code_free(session, new, unit.id)
    before, unit.code = unit.code, new
    session.add(unit)
    _audit(session, actor, unit, texts.UNIT_AUDIT_RECODED.format(before=before))
    session.commit()


def move(session: Session, *, actor: Actor, unit_id: int, parent_id: int) -> int:
    """Put the unit, with everything below it, under `parent_id`; returns how many units moved.
    The subtree's paths change in one statement."""
    unit = _in_scope(session, actor, unit_id)
    parent = _in_scope(session, actor, parent_id)
    if parent.path.startswith(unit.path):
        raise UnitRefused(texts.E_UNIT_MOVE_CYCLE.format(unit=unit.name, parent=parent.name))
    _check_parent(unit.kind, parent)
    if parent.id == unit.parent_id:
        return 0
    before = session.get(Unit, unit.parent_id) if unit.parent_id else None
    old_path, new_path = unit.path, f"{parent.path}{unit.id}/"
    unit.parent_id = parent.id
    session.add(unit)
    session.flush()
    moved = session.execute(
        update(Unit)
        .where(col(Unit.path).startswith(old_path, autoescape=True))
        .values(path=literal(new_path) + sa_func.substr(Unit.path, len(old_path) + 1))
        .execution_options(synchronize_session=False)
    ).rowcount
    session.expire_all()
    unit = session.get(Unit, unit_id)
    assert unit is not None
    _audit(
        session,
        actor,
        unit,
        texts.UNIT_AUDIT_MOVED.format(
            before=before.name if before else "", parent=parent.name, count=moved
        ),
    )
    session.commit()
    return moved


def set_reporting(
    session: Session,
    *,
    actor: Actor,
    unit_id: int,
    must_report: bool,
    reports_from: date | None,
) -> None:
    """Whether the unit must send daily reports, and from which day it counts in the figures."""
    unit = _in_scope(session, actor, unit_id)
    unit.must_report = must_report
    unit.reports_from = reports_from if must_report else None
    session.add(unit)
    detail = (
        texts.UNIT_AUDIT_REPORTS_FROM.format(day=reports_from.isoformat())
        if must_report and reports_from
        else texts.UNIT_AUDIT_REPORTS
        if must_report
        else texts.UNIT_AUDIT_NO_REPORTS
    )
    _audit(session, actor, unit, detail)
    session.commit()


def set_active(session: Session, *, actor: Actor, unit_id: int, active: bool) -> None:
    """Deactivate (or bring back) a unit. The actor's own unit, or one with active units below
    it, stays active; a unit comes back only under an active parent."""
    unit = _in_scope(session, actor, unit_id)
    if active == unit.active:
        return
    if not active:
        if unit.path == actor.unit_path:
            raise UnitRefused(texts.E_UNIT_DEACTIVATE_OWN)
        below = select(func.count()).where(
            col(Unit.path).startswith(unit.path, autoescape=True),
            Unit.id != unit.id,
            col(Unit.active),
        )
        if session.exec(below).one():
            raise UnitRefused(texts.E_UNIT_ACTIVE_BELOW.format(unit=unit.name))
    else:
        parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
        if parent is not None and not parent.active:
            raise UnitRefused(texts.E_UNIT_PARENT_INACTIVE.format(parent=parent.name))
    unit.active = active
    session.add(unit)
    _audit(session, actor, unit, texts.UNIT_AUDIT_ACTIVE if active else texts.UNIT_AUDIT_INACTIVE)
    session.commit()


def references(session: Session, unit: Unit) -> int:
    """How many records refer to the unit: units below, users, cases, reports, numbers given,
    inspections, rectifications, campaigns."""
    queries = [
        select(func.count()).where(Unit.parent_id == unit.id),
        select(func.count()).where(User.unit_id == unit.id),
        select(func.count()).where(
            or_(
                Case.unit_id == unit.id,
                Case.responsible_unit_id == unit.id,
                Case.handling_unit_id == unit.id,
            )
        ),
        select(func.count()).where(DailyReport.unit_id == unit.id),
        select(func.count()).where(CaseCounter.unit_id == unit.id),
        select(func.count()).where(Inspection.unit_id == unit.id),
        select(func.count()).where(Rectification.unit_id == unit.id),
        select(func.count()).where(CampaignUnit.unit_id == unit.id),
    ]
    return sum(session.exec(q).one() for q in queries)


def delete(session: Session, *, actor: Actor, unit_id: int) -> None:
    """Delete a unit nothing refers to (one made by mistake); any other is only deactivated."""
    unit = _in_scope(session, actor, unit_id)
    if unit.path == actor.unit_path or references(session, unit):
        raise UnitRefused(texts.E_UNIT_IN_USE.format(unit=unit.name))
    _audit(session, actor, unit, texts.UNIT_AUDIT_DELETED)
    session.delete(unit)
    session.commit()
