"""The dashboard's figures (DESIGN §4), each defined once here and computed in the database.

Every figure counts the cases *registered in the period*: found_on (排查日期) between
MetricFilter.start and .end inclusive, in the reader's scope (db.scope.case_in_scope), within
the chosen unit's subtree (by where the case happened) and the chosen categories and risks. A
case resolved after the period still counts in the period it was registered in. Stages: open =
registered/assigned/mediating; resolved = resolved or closed (化解, whether 销号 yet or not);
finished = no longer open (resolved, closed or referred). Overdue = open with a deadline before
today in Asia/Shanghai. The local date of resolved_at is its date in Asia/Shanghai.

Aggregates run as GROUP BYs in SQL; only the grouped rows (a handful) come back to Python.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from db import texts
from db.campaign_scope import campaign_case_conditions
from db.clock import local_today
from db.enums import Category, Risk, Stage, UnitKind
from db.metrics_sql import (
    LEVEL_ORDER,
    RISK_ORDER,
    Root,
    as_date,
    count_if,
    days_to_resolve,
    is_open,
    is_overdue,
    is_resolved,
    local_resolved_on,
    period_of,
    unit_root,
)
from db.models import Case, Unit, User
from db.permissions import Permission, require
from db.scope import Actor, case_in_scope, subtree_unit_ids


@dataclass(frozen=True)
class MetricFilter:
    start: date  # period, inclusive, on found_on: "registered in the period"
    end: date
    unit_id: int | None = None  # subtree root; None = the actor's whole scope
    categories: tuple[Category, ...] = ()
    risks: tuple[Risk, ...] = ()
    campaign_id: int | None = None  # only the cases the campaign counts (db.campaign_scope)


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


def _where(
    session: Session, actor: Actor, f: MetricFilter, *, in_root: bool = False
) -> tuple[list[ColumnElement], Root]:
    """The cases a figure counts (see the module's docstring), and the unit it is read at;
    `in_root`: only those that happened in the root's subtree even when f.unit_id is None."""
    require(actor.role, Permission.READ_CASES)
    root = unit_root(session, actor, f.unit_id)
    conditions = [case_in_scope(actor), Case.found_on >= f.start, Case.found_on <= f.end]
    if f.unit_id is not None or in_root:
        conditions.append(col(Case.unit_id).in_(subtree_unit_ids(root.path)))
    if f.categories:
        conditions.append(col(Case.category).in_(f.categories))
    if f.risks:
        conditions.append(col(Case.risk).in_(f.risks))
    if f.campaign_id is not None:
        conditions.extend(campaign_case_conditions(session, f.campaign_id))
    return conditions, root


def rate(resolved: int, finished: int) -> float | None:
    """化解率: resolved over finished; None (not 100 %) when nothing is finished."""
    return resolved / finished if finished else None


def summary(session: Session, *, actor: Actor, f: MetricFilter) -> Summary:
    """The headline counts of the cases registered in the period.

    registered: all of them; open: still registered/assigned/mediating; resolved: in resolved or
    closed; closed: closed (销号); referred: referred (移交); overdue: open with a deadline before
    today; reopened: flared up after a resolution at least once (reopened_count > 0), whatever
    their stage now. resolution_rate (化解率) = resolved / (registered - open), None when none is
    finished. on_time_rate = resolved cases whose local resolution date is on or before their
    deadline, over resolved cases that have a deadline; None when there are none.
    median_days_to_resolve = the median, over resolved cases, of days from found_on to the local
    date of resolved_at; None when there are none."""
    where, _root = _where(session, actor, f)
    dated = and_(is_resolved(), col(Case.resolved_at).is_not(None))
    timed = and_(dated, col(Case.deadline).is_not(None))
    row = session.exec(
        select(
            func.count(),
            count_if(is_open()),
            count_if(is_resolved()),
            count_if(Case.stage == Stage.CLOSED),
            count_if(Case.stage == Stage.REFERRED),
            count_if(is_overdue(local_today())),
            count_if(col(Case.reopened_count) > 0),
            count_if(timed),
            count_if(and_(timed, local_resolved_on(session) <= Case.deadline)),
            count_if(dated),
        ).where(*where)
    ).one()
    registered, open_, resolved, closed, referred, overdue, reopened, timed_n, on_time, n = row
    median = None
    if n:  # the middle one (odd n) or the mean of the middle two (even n), sorted in SQL
        days = days_to_resolve(session).label("days")
        middle = (
            select(days)
            .where(*where, dated)
            .order_by(days)
            .offset((n - 1) // 2)
            .limit(2 - n % 2)
            .subquery()
        )
        median = float(session.exec(select(func.avg(middle.c.days))).one())
    return Summary(
        registered=registered,
        open=open_,
        resolved=resolved,
        closed=closed,
        referred=referred,
        overdue=overdue,
        reopened=reopened,
        resolution_rate=rate(resolved, registered - open_),
        on_time_rate=on_time / timed_n if timed_n else None,
        median_days_to_resolve=median,
    )


def trend(
    session: Session, *, actor: Actor, f: MetricFilter, grain: Literal["week", "month"]
) -> pd.DataFrame:
    """Per week (its Monday) or month (its 1st) of found_on, the cases registered in it:
    registered, resolved (resolved or closed), finished (registered - open) and rate = resolved
    / finished (NaN when none is finished). Only buckets with cases, oldest first."""
    where, _root = _where(session, actor, f)
    period = period_of(session, grain).label("period")
    rows = session.exec(
        select(period, func.count(), count_if(is_resolved()), count_if(is_open()))
        .where(*where)
        .group_by(period)
        .order_by(period)
    ).all()
    records = [
        {
            "period": as_date(bucket),
            "registered": registered,
            "resolved": resolved,
            "finished": registered - open_,
            "rate": rate(resolved, registered - open_),
        }
        for bucket, registered, resolved, open_ in rows
    ]
    return pd.DataFrame(records, columns=["period", "registered", "resolved", "finished", "rate"])


def by_category(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Per category (its code): registered, resolved (resolved or closed) and open; the most
    registered first."""
    where, _root = _where(session, actor, f)
    registered = func.count()
    rows = session.exec(
        select(Case.category, registered, count_if(is_resolved()), count_if(is_open()))
        .where(*where)
        .group_by(Case.category)
        .order_by(registered.desc(), Case.category)
    ).all()
    records = [(str(category), *counts) for category, *counts in rows]
    return pd.DataFrame(records, columns=["category", "registered", "resolved", "open"])


def by_unit(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Per unit one level below the root (f.unit_id, else the actor's unit), counting the cases
    that happened anywhere in that unit's subtree: registered, resolved, open, overdue and rate =
    resolved / (registered - open) (None when none is finished). Units without cases are left
    out; cases that happened on the root unit itself are in no row. The most registered first
    (ties in unit code order)."""
    # Only cases of the root's subtree can fall in a child's row; saying so up front lets the
    # (unit_id, found_on) index drive the query.
    where, root = _where(session, actor, f, in_root=True)
    child, place = aliased(Unit), aliased(Unit)
    registered = func.count()
    rows = session.exec(
        select(
            child.id,
            child.name,
            registered,
            count_if(is_resolved()),
            count_if(is_open()),
            count_if(is_overdue(local_today())),
        )
        .select_from(Case)
        .join(place, col(place.id) == Case.unit_id)
        .join(child, and_(child.parent_id == root.id, col(place.path).startswith(child.path)))
        .where(*where)
        .group_by(child.id, child.name)
        .order_by(registered.desc(), child.code)
    ).all()
    records = [
        (unit, name, n, resolved, open_, overdue, rate(resolved, n - open_))
        for unit, name, n, resolved, open_, overdue in rows
    ]
    columns = ["unit_id", "unit", "registered", "resolved", "open", "overdue", "rate"]
    return pd.DataFrame(records, columns=columns)


def level_kept(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """不出村/不出镇/不出县: resolved (or closed) cases by the level of the unit that resolved
    them (village, town, county). Cases without a recorded level are left out."""
    where, _root = _where(session, actor, f)
    rows = session.exec(
        select(Case.resolved_level, func.count())
        .where(*where, is_resolved(), col(Case.resolved_level).is_not(None))
        .group_by(Case.resolved_level)
        .order_by(LEVEL_ORDER)
    ).all()
    return pd.DataFrame([(str(lv), n) for lv, n in rows], columns=["level", "resolved"])


def risk_mix_open(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """The open cases by risk (high, medium, low)."""
    where, _root = _where(session, actor, f)
    rows = session.exec(
        select(Case.risk, func.count())
        .where(*where, is_open())
        .group_by(Case.risk)
        .order_by(RISK_ORDER)
    ).all()
    return pd.DataFrame([(str(risk), n) for risk, n in rows], columns=["risk", "open"])


def overdue_by_unit(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Overdue cases (open, deadline before today) by the unit where the case happened; the
    most first (ties in unit code order)."""
    where, _root = _where(session, actor, f)
    overdue = func.count()
    rows = session.exec(
        select(Unit.name, overdue)
        .select_from(Case)
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(*where, is_overdue(local_today()))
        .group_by(Unit.id, Unit.name)
        .order_by(overdue.desc(), Unit.code)
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["unit", "overdue"])


def overdue_by_person(session: Session, *, actor: Actor, f: MetricFilter) -> pd.DataFrame:
    """Overdue cases (open, deadline before today) by responsible person (their display name;
    未定责任人 when nobody is named); the most first, ties in account order, nobody last."""
    where, _root = _where(session, actor, f)
    overdue = func.count()
    nobody = col(Case.responsible_user_id).is_(None)
    rows = session.exec(
        select(User.display_name, overdue)
        .select_from(Case)
        .join(User, col(User.id) == Case.responsible_user_id, isouter=True)
        .where(*where, is_overdue(local_today()))
        .group_by(Case.responsible_user_id, User.display_name)
        .order_by(overdue.desc(), nobody, Case.responsible_user_id)
    ).all()
    records = [(name or texts.BOARD_NOBODY, n) for name, n in rows]
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
