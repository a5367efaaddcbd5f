"""The dashboard's figures, each defined once here and computed in the database.

Every figure counts the cases *registered in the period*: found_on (排查日期) between
MetricFilter.start and .end inclusive, in the reader's scope (db.core.scope.case_in_scope), within
the chosen unit's subtree (by where the case happened) and the chosen categories and risks. A
case resolved after the period still counts in the period it was registered in. What each
count means of a case is stated once, in db.figures.tally.measures: open = registered/assigned/
mediating; resolved = resolved or closed (化解, whether 销号 yet or not); finished = no longer
open (resolved, closed or referred). Overdue = open with a deadline before today in
Asia/Shanghai. The local date of resolved_at is its date in Asia/Shanghai.

Each figure is one aggregate over db.figures.source.source: the running tallies for the whole
weeks and months of the period, the cases themselves around them and for what changes with the
date (overdue). Only the grouped rows (a handful) come back to Python.
"""

from typing import Literal

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import and_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from db import texts
from db.core.actor import Actor
from db.enums import Level, Risk, UnitKind
from db.figures.source import MetricFilter, days_source, source
from db.figures.sql import as_date, period_of, unit_root
from db.models import Unit, User


class Summary(BaseModel):
    registered: int
    open: int
    resolved: int
    closed: int
    referred: int
    overdue: int
    reopened: int
    resolution_rate: float | None
    on_time_rate: float | None
    median_days_to_resolve: float | None


def rate(resolved: int, finished: int) -> float | None:
    """化解率: resolved over finished; None (not 100 %) when nothing is finished."""
    return resolved / finished if finished else None


def _sum(column):  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(column), 0)


def median_days_to_resolve(session: Session, *, actor: Actor, f: MetricFilter) -> float | None:
    """The median, over resolved cases with a resolution time, of whole days from found_on to
    the local date of resolved_at: the middle one (odd n) or the mean of the middle two (even
    n); None when there are none. Counted in SQL by days (a few hundred rows at most)."""
    src = days_source(session, actor, f)
    rows = session.exec(
        select(src.c.days, func.sum(src.c.cases)).group_by(src.c.days).order_by(src.c.days)
    ).all()
    n = sum(int(count) for _days, count in rows)
    if not n:
        return None
    middle, seen = [], 0  # the days of the cases at sorted positions (n-1)//2 and n//2
    for days, count in rows:
        for position in {(n - 1) // 2, n // 2}:
            if seen <= position < seen + int(count):
                middle.append(int(days))
        seen += int(count)
    return sum(middle) / len(middle)


def summary(session: Session, *, actor: Actor, f: MetricFilter) -> Summary:
    """The headline counts of the cases registered in the period.

    registered: all of them; open, resolved, closed, referred, reopened: the measures of
    db.figures.tally.measures; overdue: open with a deadline before today. resolution_rate (化解率) =
    resolved / (registered - open), None when none is finished. on_time_rate = on_time / timed
    (resolved cases resolved on or before their deadline, over resolved cases that have one);
    None when there are none. median_days_to_resolve: see that function."""
    src = source(session, actor, f)
    names = ("registered", "open", "resolved", "closed", "referred", "overdue", "reopened")
    row = session.exec(select(*(_sum(src.c[n]) for n in (*names, "timed", "on_time")))).one()
    counts = dict(zip(names, map(int, row[:7]), strict=True))
    timed, on_time = int(row[7]), int(row[8])
    return Summary(
        **counts,
        resolution_rate=rate(counts["resolved"], counts["registered"] - counts["open"]),
        on_time_rate=on_time / timed if timed else None,
        median_days_to_resolve=median_days_to_resolve(session, actor=actor, f=f),
    )


def trend(
    session: Session, *, actor: Actor, f: MetricFilter, grain: Literal["week", "month"]
) -> pd.DataFrame:
    """Per week (its Monday) or month (its 1st) of found_on, the cases registered in it:
    registered, resolved (resolved or closed), finished (registered - open) and rate = 化解率 as
    the plans define it, resolved / registered (open cases included). Only buckets with cases,
    oldest first."""
    src = source(session, actor, f)
    period = period_of(session, grain, src.c.first_day).label("period")
    registered = func.sum(src.c.registered)
    rows = session.exec(
        select(period, registered, func.sum(src.c.resolved), func.sum(src.c.open))
        .group_by(period)
        .having(registered > 0)
        .order_by(period)
    ).all()
    records = []
    for bucket, *sums in rows:
        n, resolved, open_ = map(int, sums)
        records.append(
            {
                "period": as_date(bucket),
                "registered": n,
                "resolved": resolved,
                "finished": n - open_,
                "rate": resolved / n,  # 化解率 (db.figures.definitions); n > 0 here
            }
        )
    return pd.DataFrame(records, columns=["period", "registered", "resolved", "finished", "rate"])


def by_category(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Per category (its code): registered, resolved (resolved or closed) and open; the most
    registered first."""
    src = source(session, actor, f)
    registered = func.sum(src.c.registered)
    rows = session.exec(
        select(src.c.category, registered, func.sum(src.c.resolved), func.sum(src.c.open))
        .group_by(src.c.category)
        .having(registered > 0)
        .order_by(registered.desc(), src.c.category)
    ).all()
    records = [(str(category), *map(int, counts)) for category, *counts in rows]
    return pd.DataFrame(records, columns=["category", "registered", "resolved", "open"])


def by_unit(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Per unit one level below the root (f.unit_id, else the actor's unit), counting the cases
    that happened anywhere in that unit's subtree: registered, resolved, open, overdue and rate =
    化解率 as the plans define it, resolved / registered (open cases included; db.figures.
    definitions). Units without cases are left out; cases that happened on the root unit itself are in no row. The most registered first
    (ties in unit code order)."""
    root = unit_root(session, actor, f.unit_id)
    src = source(session, actor, f, in_root=True)
    counts = ("registered", "resolved", "open", "overdue")
    per_place = (
        select(src.c.unit_id, *(func.sum(src.c[n]).label(n) for n in counts))
        .group_by(src.c.unit_id)
        .subquery("per_place")
    )
    child, place = aliased(Unit), aliased(Unit)
    registered = func.sum(per_place.c.registered)
    rows = session.exec(
        select(child.id, child.name, registered, *(func.sum(per_place.c[n]) for n in counts[1:]))
        .select_from(per_place)
        .join(place, col(place.id) == per_place.c.unit_id)
        .join(child, and_(child.parent_id == root.id, col(place.path).startswith(child.path)))
        .group_by(child.id, child.name, child.code)
        .having(registered > 0)
        .order_by(registered.desc(), child.code)
    ).all()
    records = []
    for unit, name, *sums in rows:
        n, resolved, open_, overdue = map(int, sums)
        records.append((unit, name, n, resolved, open_, overdue, resolved / n))  # n > 0 here
    columns = ["unit_id", "unit", "registered", "resolved", "open", "overdue", "rate"]
    return pd.DataFrame(records, columns=columns)


LEVEL_MEASURES = {
    Level.VILLAGE: "kept_village",
    Level.TOWN: "kept_town",
    Level.COUNTY: "kept_county",
}


def level_kept(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """不出村/不出镇/不出县: resolved (or closed) cases by the level of the unit that resolved
    them (village, town, county); levels without such cases and cases without a recorded level
    are left out."""
    src = source(session, actor, f)
    row = session.exec(select(*(_sum(src.c[m]) for m in LEVEL_MEASURES.values()))).one()
    records = [(str(lv), int(n)) for lv, n in zip(LEVEL_MEASURES, row, strict=True) if n]
    return pd.DataFrame(records, columns=["level", "resolved"])


RISK_ORDER = (Risk.HIGH, Risk.MEDIUM, Risk.LOW)


def risk_mix_open(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """The open cases by risk (high, medium, low); risks without open cases left out."""
    src = source(session, actor, f)
    open_ = func.sum(src.c.open)
    rows = dict(
        session.exec(select(src.c.risk, open_).group_by(src.c.risk).having(open_ > 0)).all()
    )
    records = [(str(risk), int(rows[risk])) for risk in RISK_ORDER if risk in rows]
    return pd.DataFrame(records, columns=["risk", "open"])


def overdue_by_unit(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Overdue cases (open, deadline before today) by the unit where the case happened; the
    most first (ties in unit code order)."""
    src = source(session, actor, f)
    overdue = func.sum(src.c.overdue)
    rows = session.exec(
        select(Unit.name, overdue)
        .select_from(src)
        .join(Unit, col(Unit.id) == src.c.unit_id)
        .group_by(Unit.id, Unit.name, Unit.code)
        .having(overdue > 0)
        .order_by(overdue.desc(), Unit.code)
    ).all()
    return pd.DataFrame([(name, int(n)) for name, n in rows], columns=["unit", "overdue"])


def overdue_by_person(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Overdue cases (open, deadline before today) by responsible person (their display name;
    未定责任人 when nobody is named); the most first, ties in account order, nobody last."""
    src = source(session, actor, f)
    overdue = func.sum(src.c.overdue)
    person = src.c.responsible_user_id
    rows = session.exec(
        select(User.display_name, overdue)
        .select_from(src)
        .join(User, col(User.id) == person, isouter=True)
        .group_by(person, User.display_name)
        .having(overdue > 0)
        .order_by(overdue.desc(), person.is_(None), person)
    ).all()
    records = [(name or texts.BOARD_NOBODY, int(n)) for name, n in rows]
    return pd.DataFrame(records, columns=["person", "overdue"])


def children_of(session: Session, *, actor: Actor, unit_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of the units one level below the unit (None: the actor's unit), for drilling
    down; departments last. A unit outside the actor's scope raises OutOfScope."""
    root = unit_root(session, actor, unit_id)
    rows = session.exec(
        select(Unit.id, Unit.name)
        .where(Unit.parent_id == root.id)
        .order_by(Unit.kind == UnitKind.DEPARTMENT, Unit.code)
    ).all()
    return [(unit or 0, name) for unit, name in rows]


def parent_in_scope(session: Session, *, actor: Actor, unit_id: int) -> int | None:
    """The unit one level up, if it is still within the actor's scope (for going back up);
    None at the top of the scope. A unit outside the actor's scope raises OutOfScope."""
    unit_root(session, actor, unit_id)
    unit = session.get(Unit, unit_id)
    if unit is None or unit.parent_id is None or unit.id == actor.unit_id:
        return None
    parent = session.get(Unit, unit.parent_id)
    return parent.id if parent is not None and parent.path.startswith(actor.unit_path) else None
