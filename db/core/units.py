"""The unit tree (county → town → village/community, departments) and choices drawn from it."""

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db import texts
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.permissions import Permission, require
from db.enums import UnitKind
from db.models import Unit


@dataclass(frozen=True)
class UnitOption:
    id: int
    name: str
    kind: UnitKind
    depth: int
    active: bool = True

    @property
    def indented(self) -> str:
        return "　" * self.depth + self.name


_CODE = re.compile(r"[A-Z0-9-]{2,32}")


def checked_code(raw: str) -> str:
    """A unit code as typed, trimmed and in capitals; Invalid unless 2-32 of A-Z, 0-9, "-"."""
    code = raw.strip().upper()
    if not _CODE.fullmatch(code):
        raise Invalid(texts.E_UNIT_CODE_FORMAT, field="code")
    return code


def checked_name(raw: str) -> str:
    """A unit name, trimmed; Invalid when empty or over 100 characters."""
    name = " ".join(raw.split())
    if not name or len(name) > 100:
        raise Invalid(texts.E_UNIT_NAME_EMPTY, field="name")
    return name


def add_unit(
    session: Session,
    *,
    code: str,
    name: str,
    kind: UnitKind,
    parent: Unit | None = None,
    must_report: bool | None = None,
) -> Unit:
    """Add a unit under its parent and give it its path. Villages and communities report daily
    by default."""
    if must_report is None:
        must_report = kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY)
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent_id=parent.id if parent else None,
        must_report=must_report,
    )
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.add(unit)
    return unit


def town_of(session: Session, unit: Unit) -> Unit:
    """The town (or, above towns, the county) that registers cases for this unit."""
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/")]
    chain = {u.id: u for u in session.exec(select(Unit).where(col(Unit.id).in_(ancestor_ids)))}
    for unit_id in reversed(ancestor_ids):
        if chain[unit_id].kind == UnitKind.TOWN:
            return chain[unit_id]
    return chain[ancestor_ids[0]]


def units_in_scope(
    session: Session, actor: Actor, *, active_only: bool = False
) -> list[UnitOption]:
    """The actor's unit and everything below it, in tree order; with `active_only`, without the
    deactivated units (the choices for a new case or account)."""
    query = select(Unit).where(col(Unit.path).startswith(actor.unit_path, autoescape=True))
    if active_only:
        query = query.where(col(Unit.active))
    units = session.exec(query).all()
    base_depth = actor.unit_path.count("/")
    ordered = sorted(units, key=lambda u: [int(p) for p in u.path.strip("/").split("/")])
    return [
        UnitOption(
            id=u.id or 0,
            name=u.name,
            kind=u.kind,
            depth=u.path.count("/") - base_depth,
            active=u.active,
        )
        for u in ordered
    ]


def unit_label(option: UnitOption) -> str:
    mark = "" if option.active else texts.UNIT_INACTIVE_MARK
    return f"{option.indented}（{texts.label(option.kind)}）{mark}"


def people_of(session: Session, unit_id: int) -> list[tuple[int, str]]:
    """Active users of one unit, who may be made responsible for a case there."""
    from db.models import User

    rows = session.exec(
        select(User.id, User.display_name)
        .where(User.unit_id == unit_id, col(User.is_active))
        .order_by(User.display_name)
    ).all()
    return [(user_id or 0, name) for user_id, name in rows]


def units_below(options: list[UnitOption], root_id: int, session: Session) -> list[UnitOption]:
    """The options that lie in the subtree of `root_id`."""
    root = session.get(Unit, root_id)
    if root is None:
        return []
    inside = set(
        session.exec(select(Unit.id).where(col(Unit.path).startswith(root.path, autoescape=True)))
    )
    return [o for o in options if o.id in inside]


def unit_name(session: Session, unit_id: int) -> str:
    unit = session.get(Unit, unit_id)
    return unit.name if unit else ""


@dataclass(frozen=True)
class UnitRow:
    """One unit as 系统管理 lists it, in tree order."""

    option: UnitOption
    code: str
    parent_id: int | None
    must_report: bool
    reports_from: date | None


def listing(session: Session, *, actor: Actor) -> list[UnitRow]:
    """The actor's subtree, deactivated units included, in tree order."""
    require(actor.role, Permission.MANAGE_USERS)
    options = units_in_scope(session, actor)
    units = {
        u.id: u
        for u in session.exec(
            select(Unit).where(col(Unit.path).startswith(actor.unit_path, autoescape=True))
        )
    }
    return [
        UnitRow(
            option=o,
            code=units[o.id].code,
            parent_id=units[o.id].parent_id,
            must_report=units[o.id].must_report,
            reports_from=units[o.id].reports_from,
        )
        for o in options
    ]
