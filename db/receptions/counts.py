"""The reception figures, defined once: per leader (and kind) over a period, at a unit's
subtree, the held receptions, the visitors they received, the cases they concern, the cases
opened from them and the cases moved since (a move of the case after it was linked: assigned,
started, resolved, referred, reported up...). The monthly report (领导接访下访情况登记表) and
the dashboard read these, one GROUP BY each; planned receptions count once held."""

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import subtree_unit_ids
from db.enums import EventKind, ReceptionKind, ReceptionStatus
from db.models import CaseEvent, Reception, ReceptionCase, Unit, User
from db.receptions.reading import root_path


@dataclass(frozen=True)
class ReceptionCount:
    leader_id: int | None  # None: the total
    leader: str
    kind: ReceptionKind | None  # None: every kind together
    receptions: int = 0
    visitors: int = 0
    cases: int = 0
    opened: int = 0
    moved: int = 0


@dataclass(frozen=True)
class MonthlyReport:
    unit_id: int
    unit: str
    year: int
    month: int
    start: date
    end: date
    rows: tuple[ReceptionCount, ...]  # per leader and kind, leaders by name, kinds in order
    total: ReceptionCount


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _per_reception(start: date, end: date):  # type: ignore[no-untyped-def]
    """Per reception held from start to end: cases linked, opened from it, and moved after
    their link (only the period's receptions are read: the dashboard asks on every rerun)."""
    moved = exists(
        select(CaseEvent.id).where(
            CaseEvent.case_id == ReceptionCase.case_id,
            col(CaseEvent.stage_to).is_not(None),
            CaseEvent.kind != EventKind.REGISTERED,
            col(CaseEvent.at) >= ReceptionCase.linked_at,
        )
    )
    return (
        select(
            col(ReceptionCase.reception_id).label("reception_id"),
            func.count().label("cases"),
            func.sum(sa.case((col(ReceptionCase.opened), 1), else_=0)).label("opened"),
            func.sum(sa.case((moved, 1), else_=0)).label("moved"),
        )
        .join(Reception, col(Reception.id) == ReceptionCase.reception_id)
        .where(col(Reception.held_on) >= start, col(Reception.held_on) <= end)
        .group_by(col(ReceptionCase.reception_id))
        .subquery()
    )


def reception_counts(
    session: Session,
    actor: Actor,
    *,
    start: date,
    end: date,
    unit_id: int | None = None,
    by_kind: bool = True,
) -> list[ReceptionCount]:
    """The figures per leader (and per kind with `by_kind`) of the receptions held from start
    to end at the unit's subtree (default the actor's)."""
    require(actor.role, Permission.READ_RECEPTIONS)
    path = root_path(session, actor, unit_id)
    links = _per_reception(start, end)
    keys = [col(Reception.leader_id), col(User.display_name)]
    if by_kind:
        keys.append(col(Reception.kind))
    query = (
        select(
            *keys,
            func.count(col(Reception.id)),
            func.coalesce(func.sum(col(Reception.visitors)), 0),
            func.coalesce(func.sum(links.c.cases), 0),
            func.coalesce(func.sum(links.c.opened), 0),
            func.coalesce(func.sum(links.c.moved), 0),
        )
        .join(User, col(User.id) == Reception.leader_id)
        .outerjoin(links, links.c.reception_id == Reception.id)
        .where(
            Reception.status == ReceptionStatus.DONE,
            col(Reception.held_on) >= start,
            col(Reception.held_on) <= end,
            col(Reception.unit_id).in_(subtree_unit_ids(path)),
        )
        .group_by(*keys)
    )
    order = list(ReceptionKind)
    rows = [
        ReceptionCount(
            leader_id=row[0],
            leader=row[1],
            kind=ReceptionKind(row[2]) if by_kind else None,
            receptions=int(row[-5]),
            visitors=int(row[-4]),
            cases=int(row[-3]),
            opened=int(row[-2]),
            moved=int(row[-1]),
        )
        for row in session.exec(query).all()
    ]
    return sorted(
        rows,
        key=lambda r: (r.leader, r.leader_id or 0, order.index(r.kind) if r.kind else 0),
    )


def monthly_report(
    session: Session, actor: Actor, *, year: int, month: int, unit_id: int | None = None
) -> MonthlyReport:
    """领导接访下访情况登记表 of one unit (its subtree) and month, with the total row."""
    start, end = month_bounds(year, month)
    rows = reception_counts(session, actor, start=start, end=end, unit_id=unit_id)
    root_id = unit_id if unit_id is not None else actor.unit_id
    unit = session.get(Unit, root_id)
    fields = ("receptions", "visitors", "cases", "opened", "moved")
    total = ReceptionCount(
        leader_id=None,
        leader="",
        kind=None,
        **{f: sum(getattr(r, f) for r in rows) for f in fields},  # type: ignore[arg-type]
    )
    return MonthlyReport(
        unit_id=root_id,
        unit=unit.name if unit else "",
        year=year,
        month=month,
        start=start,
        end=end,
        rows=tuple(rows),
        total=total,
    )
