"""Any headline figure per unit one level down (issue 20: "the unit chart can show any headline
figure"): 化解率, 调解成功率, 及时上报率, 日报报送率, 满意率 and overdue, each for every unit one
level below the root (f.unit_id, else the reader's unit), counting what happened anywhere in
that unit's subtree, as db.figures.metrics.by_unit does.

Each figure is one SQL statement: the counts of its definition (db.figures.definitions,
db.figures.source, db.figures.reporting) grouped by the unit where a case happened or a report
came from, then summed per unit one level down. What happened on the root unit itself is in
no row. Only the grouped rows (one per unit) come back to Python, which divides."""

from typing import Final

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import and_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from db.clock import local_today
from db.core.actor import Actor
from db.enums import FigureCode
from db.figures.definitions import follow_up_select, share, timely_select
from db.figures.reporting import _due, _reporting_units, _root_path
from db.figures.source import MetricFilter, source
from db.figures.sql import Root, _dialect, unit_root
from db.models import Case, DailyReport, Unit

F = FigureCode
OVERDUE: Final = "overdue"  # a count, not a rate; no target
CHOICES: tuple[str, ...] = (F.RESOLUTION, F.SUCCESS, F.TIMELY, F.REPORTING, F.SATISFACTION, OVERDUE)
COLUMNS = ["unit_id", "unit", "part", "whole", "value"]


def _per_child(session: Session, root: Root, per_place: sa.Subquery) -> list[tuple]:
    """(unit id, name, part, whole) per unit one level below `root`, from `per_place` rows
    (unit_id, part, whole) of its subtree; units whose whole is 0 left out, in unit code order."""
    child, place = aliased(Unit), aliased(Unit)
    whole = func.sum(per_place.c.whole)
    return list(
        session.exec(
            select(child.id, child.name, func.sum(per_place.c.part), whole)
            .select_from(per_place)
            .join(place, col(place.id) == per_place.c.unit_id)
            .join(child, and_(child.parent_id == root.id, col(place.path).startswith(child.path)))
            .group_by(child.id, child.name, child.code)
            .having(whole > 0)
            .order_by(child.code)
        ).all()
    )


def _cases(session: Session, actor: Actor, f: MetricFilter, part: str, whole: str) -> sa.Subquery:
    """化解率 (resolved ÷ registered), 调解成功率 (resolved ÷ resolved + referred) and overdue
    (overdue of registered): sums of db.figures.source, by the unit where each case happened."""
    src = source(session, actor, f, in_root=True)
    wholes = {
        "registered": func.sum(src.c.registered),
        "ended": func.sum(src.c.resolved) + func.sum(src.c.referred),
    }
    return (
        select(src.c.unit_id, func.sum(src.c[part]).label("part"), wholes[whole].label("whole"))
        .group_by(src.c.unit_id)
        .subquery("per_place")
    )


def _timely(session: Session, actor: Actor, f: MetricFilter) -> sa.Subquery:
    """及时上报率: db.figures.definitions.timely_select by the unit where each case happened."""
    query = timely_select(session, actor, f, Case.unit_id, in_root=True).group_by(Case.unit_id)
    counted = query.subquery("timely")
    return select(
        counted.c.unit_id, counted.c.on_time.label("part"), counted.c.found.label("whole")
    ).subquery("per_place")


def _satisfaction(session: Session, actor: Actor, f: MetricFilter) -> sa.Subquery:
    """满意率: db.figures.definitions.follow_up_select by the unit of each visit's case."""
    query = follow_up_select(session, actor, f, Case.unit_id, in_root=True)
    counted = query.group_by(Case.unit_id).subquery("visits")
    return select(
        counted.c.unit_id, counted.c.satisfied.label("part"), counted.c.visits.label("whole")
    ).subquery("per_place")


def _reporting(session: Session, actor: Actor, f: MetricFilter) -> sa.Subquery | None:
    """日报报送率 as db.figures.reporting counts it: per unit that must report (of the campaign,
    when one is chosen), the days it sent a current report (zero reports count) over the days
    it had to, each counted from its reports_from day, days after today left out. None when
    the period has no day up to today."""
    path = _root_path(session, actor, f.unit_id)
    last = min(f.end, local_today())
    if last < f.start:
        return None
    first_due = sa.case(
        (
            and_(col(Unit.reports_from).is_not(None), col(Unit.reports_from) > f.start),
            Unit.reports_from,
        ),
        else_=sa.literal(f.start, sa.Date),
    )
    if _dialect(session) == "postgresql":
        span = sa.literal(last, sa.Date) - first_due + 1
    else:
        span = (
            sa.cast(
                func.julianday(sa.literal(last, sa.Date)) - func.julianday(first_due), sa.Integer
            )
            + 1
        )
    expected = sa.case((span > 0, span), else_=0)
    sent = (
        select(DailyReport.unit_id.label("unit_id"), func.count().label("sent"))  # type: ignore[attr-defined]
        .join(Unit, col(Unit.id) == DailyReport.unit_id)
        .where(
            col(DailyReport.is_current),
            _due(DailyReport.day),
            DailyReport.day >= f.start,
            DailyReport.day <= last,
        )
        .group_by(DailyReport.unit_id)
        .subquery("sent")
    )
    return (
        select(
            col(Unit.id).label("unit_id"),
            func.coalesce(sent.c.sent, 0).label("part"),
            expected.label("whole"),
        )
        .select_from(Unit)
        .outerjoin(sent, sent.c.unit_id == Unit.id)
        .where(col(Unit.id).in_(_reporting_units(path, f.campaign_id)))
        .subquery("per_place")
    )


def unit_figure(session: Session, *, actor: Actor, f: MetricFilter, figure: str) -> pd.DataFrame:
    """One of CHOICES per unit one level down: unit_id, unit (its name), part and whole (the
    figure's numerator and denominator; for overdue, overdue and registered) and value (the
    rate as a fraction; for overdue, the count). Units with nothing to count are left out."""
    if figure not in CHOICES:
        raise ValueError(f"no such unit figure: {figure!r}")
    root = unit_root(session, actor, f.unit_id)
    if figure == F.REPORTING:
        per_place = _reporting(session, actor, f)
    elif figure == F.TIMELY:
        per_place = _timely(session, actor, f)
    elif figure == F.SATISFACTION:
        per_place = _satisfaction(session, actor, f)
    else:
        part, whole = {
            F.RESOLUTION: ("resolved", "registered"),
            F.SUCCESS: ("resolved", "ended"),
            OVERDUE: ("overdue", "registered"),
        }[figure]
        per_place = _cases(session, actor, f, part, whole)
    rows = [] if per_place is None else _per_child(session, root, per_place)
    records = [
        (
            unit,
            name,
            int(part),
            int(whole),
            int(part) if figure == OVERDUE else share(int(part), int(whole)),
        )
        for unit, name, part, whole in rows
    ]
    return pd.DataFrame(records, columns=COLUMNS)
