"""The figures as the offices' plans define them (issue 20), each one SQL definition here.

  * 化解率 = (resolved + closed) ÷ every case registered (found) in the period, open ones
    included: the plans' "对排查出的矛盾纠纷……化解率达到98%以上", the headline figure.
  * 调解成功率 = (resolved + closed) ÷ (resolved + closed + referred): the 人民调解 statistics'
    success rate, over the cases whose mediation ended.
  * 已移交 = referred (移交) cases, shown beside the two rates.
  * 及时上报率 = cases found in the period registered on the day they were found or the next
    day (the local date of created_at in Asia/Shanghai) ÷ cases found in the period. Imported
    history has no registration date of its own: the ledger recorded it when found, so an
    imported case counts as registered on time.
  * 满意率 = follow-up visits (回访) in the period whose parties were satisfied (满意 or 基本满意)
    ÷ follow-up visits in the period.

The counts of cases come from db.figures.source.source (the running tallies for the whole
pieces of the period, the cases around them), so they agree with the figures of
db.figures.metrics; 及时上报率 is counted from the cases (no tally holds the registration
date); the follow-ups are counted from their table (no tally holds them), by
visited_on, of the cases the reader sees within the same unit, category, risk and campaign
filters."""

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy import ColumnElement, literal_column, or_
from sqlmodel import Session, col, func, select

from db.core.actor import Actor
from db.core.scope import case_in_scope
from db.enums import Satisfaction
from db.figures.source import MetricFilter, _filters, _plan, source
from db.figures.sql import LOCAL_OFFSET, LOCAL_ZONE, Dialect, _dialect
from db.models import Case, FollowUp

SATISFIED = (Satisfaction.SATISFIED, Satisfaction.FAIRLY)  # what 满意率 counts as satisfied


class PlanRates(BaseModel):
    registered: int
    resolved: int  # resolved or closed (化解, whether 销号 yet or not)
    referred: int  # 已移交
    resolution_rate: float | None  # 化解率
    success_rate: float | None  # 调解成功率
    follow_ups: int
    satisfied: int
    satisfaction_rate: float | None  # 满意率


def share(part: int, whole: int) -> float | None:
    """part ÷ whole; None (not 0 % nor 100 %) when there is nothing to count."""
    return part / whole if whole else None


def _sum(column):  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(column), 0)


def follow_up_select(session: Session, actor: Actor, f: MetricFilter, *key, in_root=False):  # type: ignore[no-untyped-def]
    """SELECT *key, visits, satisfied: the follow-up visits (and those whose parties were
    satisfied) with visited_on in the period, of the cases in the reader's scope and the
    filter's unit, categories, risks and campaign; `in_root`: only the root unit's subtree
    even when f.unit_id is None (group it by `key`, as db.figures.unit_figures does)."""
    plan = _plan(session, actor, f, tallied=False)
    return (
        select(
            *key,
            func.count(col(FollowUp.id)).label("visits"),
            _sum(sa.case((col(FollowUp.satisfaction).in_(SATISFIED), 1))).label("satisfied"),
        )
        .select_from(FollowUp)
        .join(Case, col(Case.id) == FollowUp.case_id)
        .where(FollowUp.visited_on >= plan.start, FollowUp.visited_on <= plan.end)
        .where(case_in_scope(actor), *_filters(Case, f, plan.root, in_root))
    )


def follow_up_counts(session: Session, *, actor: Actor, f: MetricFilter) -> tuple[int, int]:
    """(follow-up visits, those whose parties were satisfied) in the period (follow_up_select)."""
    row = session.exec(follow_up_select(session, actor, f)).one()
    return int(row[0]), int(row[1])


def plan_rates(session: Session, *, actor: Actor, f: MetricFilter) -> PlanRates:
    """化解率, 调解成功率, 已移交 and 满意率 for the period (see the module's docstring)."""
    src = source(session, actor, f)
    row = session.exec(
        select(*(_sum(src.c[n]) for n in ("registered", "resolved", "referred")))
    ).one()
    registered, resolved, referred = map(int, row)
    visits, satisfied = follow_up_counts(session, actor=actor, f=f)
    return PlanRates(
        registered=registered,
        resolved=resolved,
        referred=referred,
        resolution_rate=share(resolved, registered),
        success_rate=share(resolved, resolved + referred),
        follow_ups=visits,
        satisfied=satisfied,
        satisfaction_rate=share(satisfied, visits),
    )


class TimelyRegistration(BaseModel):
    found: int  # cases found (排查) in the period
    on_time: int  # of them, registered the day they were found or the next day
    timely_rate: float | None  # 及时上报率


def registered_on(session: Dialect) -> ColumnElement:
    """The date of created_at (stored in UTC) in Asia/Shanghai: the day the case was registered."""
    if _dialect(session) == "postgresql":
        return sa.cast(func.timezone(literal_column(LOCAL_ZONE), Case.created_at), sa.Date)
    return func.date(Case.created_at, literal_column(LOCAL_OFFSET))


def registered_in_time(session: Dialect) -> ColumnElement[bool]:
    """Registered on the day found or the next day; imported history always (see the module)."""
    if _dialect(session) == "postgresql":
        late = registered_on(session) - col(Case.found_on) > 1
    else:
        late = func.julianday(registered_on(session)) - func.julianday(Case.found_on) > 1
    return or_(col(Case.import_source).is_not(None), sa.not_(late))


def timely_select(session: Session, actor: Actor, f: MetricFilter, *key, in_root=False):  # type: ignore[no-untyped-def]
    """SELECT *key, found, on_time: the cases found in the period, in the reader's scope and the
    filter's unit, categories, risks and campaign, and of them those registered in time;
    `in_root` as in follow_up_select."""
    plan = _plan(session, actor, f, tallied=False)
    in_time = sa.case((registered_in_time(session), 1))
    return select(
        *key,
        func.count(col(Case.id)).label("found"),
        func.count(in_time).label("on_time"),
    ).where(
        Case.found_on >= plan.start,
        Case.found_on <= plan.end,
        case_in_scope(actor),
        *_filters(Case, f, plan.root, in_root),
    )


def timely_registration(session: Session, *, actor: Actor, f: MetricFilter) -> TimelyRegistration:
    """及时上报率 for the cases found in the period: one aggregate over the cases."""
    row = session.exec(timely_select(session, actor, f)).one()
    found, on_time = int(row[0]), int(row[1])
    return TimelyRegistration(found=found, on_time=on_time, timely_rate=share(on_time, found))
