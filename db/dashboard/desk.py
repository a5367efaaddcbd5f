"""The desk (首页): the cases waiting for the reader, by role (issue 21).

Each list is one query in the reader's scope (db.core.scope.case_in_scope), LIMITed to the few
lines a home page shows, with the whole count beside them from a window count (COUNT(*) OVER ()
is taken before the LIMIT), so the count and the lines come from one snapshot. The conditions
are the ledger's own (db.cases.ledger), so "全部 n 件" on home is the n the ledger shows for the
same filter: waiting = stage 受理登记, overdue = open and past the deadline, follow-ups = 已化解.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, case
from sqlmodel import Session, col, func, select

from db.cases.report_rules import body_units
from db.clock import LOCAL_ZONE, local_today, to_local
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope
from db.enums import OPEN_STAGES, Stage
from db.models import Case, Unit

SHOWN = 8  # lines a list shows on home; the rest behind "全部 n 件"


@dataclass(frozen=True)
class DeskLine:
    """One case on a desk list. `days` is what the list counts: days waiting for assignment,
    waiting at this level, since resolution, or left until the deadline (negative: overdue)."""

    id: int
    number: str
    unit: str
    stage: Stage
    deadline: date | None
    days: int | None
    overdue: bool
    flagged: bool
    worked_on: date | None  # 最近办理: the local day of the last record or move


@dataclass(frozen=True)
class DeskList:
    total: int  # every case meeting the conditions, not only the lines shown
    lines: list[DeskLine]


def _days_since(moment: datetime | None, today: date) -> int | None:
    return None if moment is None else max(0, (today - to_local(moment).date()).days)


def _line(case: Case, unit: str, today: date, days: int | None) -> DeskLine:
    open_ = case.stage in OPEN_STAGES
    return DeskLine(
        id=case.id or 0,
        number=case.number,
        unit=unit,
        stage=case.stage,
        deadline=case.deadline,
        days=days,
        overdue=open_ and case.deadline is not None and case.deadline < today,
        flagged=case.flagged,
        worked_on=to_local(case.last_worked_at).date() if case.last_worked_at else None,
    )


def case_list(
    session: Session,
    actor: Actor,
    conditions: list[ColumnElement[bool]],
    *,
    order: tuple,
    days,  # type: ignore[no-untyped-def]  # (case, today) -> the line's days
    limit: int = SHOWN,
) -> DeskList:
    """The first `limit` cases in scope meeting the conditions, in order, with their count."""
    require(actor.role, Permission.READ_CASES)
    rows = session.exec(
        select(Case, Unit.name, func.count().over())
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(case_in_scope(actor), *conditions)
        .order_by(*order, col(Case.id).asc())
        .limit(limit)
    ).all()
    today = local_today()
    total = rows[0][2] if rows else 0
    return DeskList(
        total=total, lines=[_line(c, unit, today, days(c, today)) for c, unit, _ in rows]
    )


def _age(case: Case, today: date) -> int | None:
    return _days_since(case.created_at, today)


def _left(case: Case, today: date) -> int | None:
    return None if case.deadline is None else (case.deadline - today).days


# The conditions, named once: the ledger's filters say the same (db.cases.ledger._ledger_query).
WAITING = [Case.stage == Stage.REGISTERED]
FOLLOW_UP = [Case.stage == Stage.RESOLVED]


def overdue(today: date) -> list[ColumnElement[bool]]:
    return [col(Case.stage).in_(OPEN_STAGES), col(Case.deadline) < today]


def waiting_assignment(session: Session, *, actor: Actor, limit: int = SHOWN) -> DeskList:
    """受理登记, not yet assigned: the longest waiting first, with the days since registration."""
    return case_list(
        session, actor, WAITING, order=(col(Case.created_at).asc(),), days=_age, limit=limit
    )


def reported_to_my_level(session: Session, *, actor: Actor, limit: int = SHOWN) -> DeskList:
    """Reported up to the reader's level (their unit and its departments), not yet taken or
    returned: the longest waiting first, with the days waited."""
    return case_list(
        session,
        actor,
        [col(Case.reported_up_to_unit_id).in_(body_units(session, actor))],
        order=(col(Case.reported_up_at).asc(),),
        days=lambda c, today: _days_since(c.reported_up_at, today),
        limit=limit,
    )


def follow_ups_due(
    session: Session, *, actor: Actor, mine: bool = False, limit: int = SHOWN
) -> DeskList:
    """Resolved cases waiting for their follow-up visit (回访), the longest waiting first; with
    `mine`, only those the reader is responsible for."""
    conditions = [*FOLLOW_UP] + ([Case.responsible_user_id == actor.id] if mine else [])
    return case_list(
        session,
        actor,
        conditions,
        order=(col(Case.resolved_at).asc(),),
        days=lambda c, today: _days_since(c.resolved_at, today),
        limit=limit,
    )


def week_start(today: date) -> datetime:
    """Monday 00:00 of this local week, in UTC (times are stored in UTC)."""
    monday = today - timedelta(days=today.weekday())
    return datetime.combine(monday, time(), tzinfo=LOCAL_ZONE).astimezone(UTC)


def settled_this_week(session: Session, *, actor: Actor, limit: int = SHOWN) -> DeskList:
    """Settled on the spot (当场调结) since Monday and still resolved or closed, newest first.
    Such a case is registered and resolved in one transaction, so its created_at (indexed) bounds
    the rows read to this week's."""
    since = week_start(local_today())
    return case_list(
        session,
        actor,
        [
            col(Case.created_at) >= since,
            col(Case.settled_on_spot),
            col(Case.stage).in_([Stage.RESOLVED, Stage.CLOSED]),
            col(Case.resolved_at) >= since,
        ],
        order=(col(Case.resolved_at).desc(),),
        days=lambda c, today: _days_since(c.resolved_at, today),
        limit=limit,
    )


def my_open_cases(session: Session, *, actor: Actor, limit: int = SHOWN) -> DeskList:
    """The reader's own open cases: overdue and nearest deadline first (no deadline last)."""
    return case_list(
        session,
        actor,
        [Case.responsible_user_id == actor.id, col(Case.stage).in_(OPEN_STAGES)],
        order=(col(Case.deadline).is_(None), col(Case.deadline).asc()),
        days=_left,
        limit=limit,
    )


def my_lead_cases(session: Session, *, actor: Actor, limit: int = SHOWN) -> DeskList:
    """我包案的案件: the cases the reader leads (包案领导), open ones first, most overdue first;
    `days`: days since the last work on the case (its last record or move)."""
    closed_last = case((col(Case.stage).in_(OPEN_STAGES), 0), else_=1)
    return case_list(
        session,
        actor,
        [Case.lead_leader_id == actor.id],
        order=(closed_last, col(Case.deadline).is_(None), col(Case.deadline).asc()),
        days=lambda c, today: _days_since(c.last_worked_at or c.created_at, today),
        limit=limit,
    )


def flagged_cases(session: Session, *, actor: Actor, limit: int = SHOWN) -> DeskList:
    """挂牌督办 cases still open, with their progress: overdue and nearest deadline first."""
    return case_list(
        session,
        actor,
        [col(Case.flagged), col(Case.stage).in_(OPEN_STAGES)],
        order=(col(Case.deadline).is_(None), col(Case.deadline).asc()),
        days=_left,
        limit=limit,
    )


@dataclass(frozen=True)
class UnitCount:
    """Overdue cases of one unit one level below the reader's: `unit_id` is the ledger's unit
    filter that shows the same cases. The reader's own unit (cases registered at their level)
    and units outside the subtree (cases in scope because a unit of it handles them) have no
    such filter: their unit_id is None and `own` tells which one it is."""

    unit_id: int | None
    unit: str
    count: int
    own: bool = False


def overdue_by_unit(session: Session, *, actor: Actor) -> tuple[int, list[UnitCount]]:
    """Overdue cases in scope (the ledger's 仅超期): the total and the count per unit one level
    below the reader's, most first. One GROUP BY on the case's unit; the units are rolled up to
    their ancestor one level down from the few rows it returns."""
    require(actor.role, Permission.READ_CASES)
    rows = session.exec(
        select(Unit.path, func.count())
        .select_from(Case)
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(case_in_scope(actor), *overdue(local_today()))
        .group_by(Unit.path)
    ).all()
    depth = len(actor.unit_path.strip("/").split("/"))
    children: dict[int, int] = {}
    own = outside = 0
    for path, count in rows:
        if path == actor.unit_path:
            own += count
        elif path.startswith(actor.unit_path):
            child = int(path.strip("/").split("/")[depth])
            children[child] = children.get(child, 0) + count
        else:
            outside += count
    names = dict(
        session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(list(children)))).all()
    )
    counts = [UnitCount(unit_id=i, unit=names.get(i, ""), count=n) for i, n in children.items()]
    if own:
        counts.append(UnitCount(unit_id=None, unit=actor.unit_name, count=own, own=True))
    if outside:
        counts.append(UnitCount(unit_id=None, unit="", count=outside))
    counts.sort(key=lambda u: (-u.count, u.unit))
    return sum(u.count for u in counts), counts
