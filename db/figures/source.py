"""Where the dashboard's figures (db.figures.metrics) read from: the running tallies (db.figures.tally) for the
whole pieces of the period, the cases themselves for the days around them.

`source()` is one subquery, whatever the filter: a row per tally row or per case, with the
columns of SOURCE_COLUMNS. A figure sums its measures; it cannot tell the two kinds of row apart,
and test_tally.py checks that every figure is the same read either way.

  * the whole pieces inside the period (`covered`): the tally rows whose units or handling units
    lie in the reader's subtree;
  * the other days of the period: the cases in the reader's scope (db.core.scope.case_in_scope);
  * within the whole pieces, the cases the reader sees only because they are the responsible
    person (the third clause of case_in_scope), which no tally row can tell;
  * overdue: open with a deadline before today. It changes with the date, so it is always counted
    from the cases (the open ones, through their stage index), and is 0 on the other rows.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy import ColumnElement, and_, false, not_, or_
from sqlmodel import Session, col, func, select

from db.clock import local_today
from db.core.actor import Actor
from db.core.campaign_scope import campaign_period, covered_unit_ids
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope, subtree_unit_ids
from db.enums import Category, Risk
from db.figures.sql import Root, days_to_resolve, is_overdue, piece_bounds, piece_of, unit_root
from db.figures.tally import MEASURE_NAMES, dated, flag, measures
from db.models import Case, CaseTally, ResolveDays

SOURCE_COLUMNS = (
    "first_day",  # the first day of the case's piece (db.figures.sql.piece_of)
    "unit_id",  # where it happened
    "responsible_unit_id",  # 0 = nobody yet
    "responsible_user_id",  # on the rows counted from the cases only (NULL on tally rows)
    "category",
    "risk",
    *MEASURE_NAMES,  # db.figures.tally.measures
    "overdue",
)

_LIVE = ContextVar("count_live", default=False)


@contextmanager
def counted_live() -> Iterator[None]:
    """Within this block (and this thread), figures count every case and read no tally: to
    check the tallies, and for the benchmark's comparison."""
    token = _LIVE.set(True)
    try:
        yield
    finally:
        _LIVE.reset(token)


@dataclass(frozen=True)
class MetricFilter:
    start: date  # period, inclusive, on found_on: "registered in the period"
    end: date
    unit_id: int | None = None  # subtree root; None = the actor's whole scope
    categories: tuple[Category, ...] = ()
    risks: tuple[Risk, ...] = ()
    campaign_id: int | None = None  # only the cases the campaign counts (db.core.campaign_scope)
    urgent_only: bool = False  # only urgent cases (db.cases.urgent): counted live, no tally has it
    lead_leader_id: int | None = None  # 包案领导's cases only (db.cases.leaders): counted live too


def covered(start: date, end: date) -> tuple[date, date] | None:
    """The whole pieces inside start..end, as one range of days (pieces follow each other), or
    None when there is none (or when counting live)."""
    if _LIVE.get() or start > end:
        return None
    first, last = piece_bounds(start)
    low = start if first == start else last + timedelta(days=1)
    first, last = piece_bounds(end)
    high = end if last == end else first - timedelta(days=1)
    return (low, high) if low <= high else None


@dataclass(frozen=True)
class _Plan:
    """The parts of a reading: the period (after the campaign's), the whole pieces in it, and the
    ranges of days outside them."""

    root: Root
    start: date
    end: date
    whole: tuple[date, date] | None

    def edges(self) -> list[tuple[date, date]]:
        if self.whole is None:
            return [(self.start, self.end)] if self.start <= self.end else []
        low, high = self.whole
        out = [(self.start, low - timedelta(days=1)), (high + timedelta(days=1), self.end)]
        return [(a, b) for a, b in out if a <= b]


def _plan(session: Session, actor: Actor, f: MetricFilter, *, tallied: bool = True) -> _Plan:
    require(actor.role, Permission.READ_CASES)
    root = unit_root(session, actor, f.unit_id)
    start, end = f.start, f.end
    if f.campaign_id is not None:
        period = campaign_period(session, f.campaign_id)
        if period is None:  # no such campaign: nothing counts
            return _Plan(root, start, start - timedelta(days=1), None)
        start, end = max(start, period[0]), min(end, period[1])
    tallied = tallied and not f.urgent_only and f.lead_leader_id is None
    return _Plan(root, start, end, covered(start, end) if tallied else None)


Counted = type[Case] | type[CaseTally] | type[ResolveDays]  # tables with a unit_id column


def _filters(
    table: Counted, f: MetricFilter, root: Root, in_root: bool
) -> list[ColumnElement[bool]]:
    """The unit, category, risk and campaign filters, on Case or on a tally table alike
    (case_resolve_days has no category or risk: days_source never reads it with those)."""
    out = []
    if f.unit_id is not None or in_root:
        out.append(col(table.unit_id).in_(subtree_unit_ids(root.path)))
    if f.categories:
        out.append(col(table.category).in_(f.categories))
    if f.risks:
        out.append(col(table.risk).in_(f.risks))
    if f.campaign_id is not None:
        out.append(col(table.unit_id).in_(covered_unit_ids(f.campaign_id)))
    if f.urgent_only:  # never with a tally table (see _plan)
        out.append(col(Case.urgent))
    if f.lead_leader_id is not None:  # never with a tally table either
        out.append(Case.lead_leader_id == f.lead_leader_id)
    return out


def _tally_scope(table: type[CaseTally] | type[ResolveDays], actor: Actor) -> ColumnElement[bool]:
    """case_in_scope's first two clauses, on a tally table."""
    units = subtree_unit_ids(actor.unit_path)
    return or_(col(table.unit_id).in_(units), col(table.responsible_unit_id).in_(units))


def _only_as_person(actor: Actor) -> ColumnElement[bool]:
    """In scope by case_in_scope's third clause alone: the actor is the responsible person of a
    case that neither happened nor is handled in their subtree."""
    units = subtree_unit_ids(actor.unit_path)
    handled = func.coalesce(Case.responsible_unit_id, 0).in_(units)
    return and_(
        Case.responsible_user_id == actor.id, not_(or_(col(Case.unit_id).in_(units), handled))
    )


def _found_within(days: tuple[date, date]) -> list[ColumnElement[bool]]:
    return [Case.found_on >= days[0], Case.found_on <= days[1]]


def source(
    session: Session, actor: Actor, f: MetricFilter, *, in_root: bool = False
) -> sa.Subquery:
    """The rows a figure sums (see the module's docstring), for this reader and filter;
    `in_root`: only what happened in the root unit's subtree even when f.unit_id is None."""
    plan = _plan(session, actor, f)
    dialect = session.get_bind().dialect.name
    first_day = piece_of(dialect)[0].label("first_day")
    case_key = [
        first_day,
        Case.unit_id,
        func.coalesce(Case.responsible_unit_id, 0).label("responsible_unit_id"),
        Case.responsible_user_id,
        Case.category,
        Case.risk,
    ]
    case_filters = _filters(Case, f, plan.root, in_root)
    counted = [flag(cond).label(name) for name, cond in measures(dialect).items()]
    zeros = [sa.literal(0).label(name) for name in MEASURE_NAMES]
    overdue = is_overdue(local_today())
    parts = [
        select(*case_key, *counted, flag(overdue).label("overdue")).where(
            case_in_scope(actor), *_found_within(days), *case_filters
        )
        for days in plan.edges()
    ]
    if plan.whole is not None:
        t = CaseTally
        tallied = [col(getattr(t, name)).label(name) for name in MEASURE_NAMES]
        nobody = sa.cast(sa.null(), sa.Integer).label("responsible_user_id")
        parts += [
            select(t.first_day, t.unit_id, t.responsible_unit_id, nobody, t.category, t.risk)
            .add_columns(*tallied, sa.literal(0).label("overdue"))
            .where(t.first_day >= plan.whole[0], t.last_day <= plan.whole[1])
            .where(_tally_scope(t, actor), *_filters(t, f, plan.root, in_root)),
            select(*case_key, *counted, sa.literal(0).label("overdue")).where(
                _only_as_person(actor), *_found_within(plan.whole), *case_filters
            ),
            select(*case_key, *zeros, sa.literal(1).label("overdue")).where(
                overdue, case_in_scope(actor), *_found_within(plan.whole), *case_filters
            ),
        ]
    if not parts:  # an empty period: one row of nothing
        parts = [select(*case_key, *zeros, sa.literal(0).label("overdue")).where(false())]
    return sa.union_all(*parts).subquery("counted")


def days_source(session: Session, actor: Actor, f: MetricFilter) -> sa.Subquery:
    """For the median: (days, cases) rows, the resolved cases with a resolution time by how many
    whole days they took, from case_resolve_days for the whole pieces (which know no category
    or risk: with those filters every case is counted) and from the cases for the rest."""
    plan = _plan(session, actor, f, tallied=not (f.categories or f.risks))
    dialect = session.get_bind().dialect.name
    days = days_to_resolve(dialect).label("days")
    one = sa.literal(1).label("cases")
    case_filters = _filters(Case, f, plan.root, False)
    parts = [
        select(days, one).where(dated(), case_in_scope(actor), *_found_within(d), *case_filters)
        for d in plan.edges()
    ]
    if plan.whole is not None:
        r = ResolveDays
        parts += [
            select(r.days, r.cases)
            .where(r.first_day >= plan.whole[0], r.last_day <= plan.whole[1])
            .where(_tally_scope(r, actor), *_filters(r, f, plan.root, False)),
            select(days, one).where(
                dated(), _only_as_person(actor), *_found_within(plan.whole), *case_filters
            ),
        ]
    if not parts:
        parts = [select(days, one).where(false())]
    return sa.union_all(*parts).subquery("resolve_days")
