"""SQL building blocks of the dashboard figures (db.figures.metrics): the unit a figure is read at,
what "open", "resolved" and "overdue" mean as SQL conditions, counting the rows that meet a
condition, and the expressions that differ between SQLite and PostgreSQL (local dates, week
and month buckets).

Dialect strings are written as SQL literals, not bound parameters, so that an expression grouped
by renders the same in SELECT and GROUP BY (PostgreSQL compares them textually)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy import ColumnElement, and_, literal_column
from sqlmodel import Session, col, func

from db import texts
from db.core.actor import Actor
from db.core.scope import OutOfScope
from db.enums import OPEN_STAGES, Stage
from db.models import Case, Unit

LOCAL_OFFSET = "'+8 hours'"  # Asia/Shanghai keeps no daylight saving time
LOCAL_ZONE = "'Asia/Shanghai'"
RESOLVED_STAGES = (Stage.RESOLVED, Stage.CLOSED)


@dataclass(frozen=True)
class Root:
    """The unit a figure is read at."""

    id: int
    path: str


def unit_root(session: Session, actor: Actor, unit_id: int | None) -> Root:
    """The chosen unit (in the actor's scope, else OutOfScope), or the actor's own unit."""
    if unit_id is None:
        return Root(actor.unit_id, actor.unit_path)
    unit = session.get(Unit, unit_id)
    if unit is None or unit.id is None or not unit.path.startswith(actor.unit_path):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    return Root(unit.id, unit.path)


def is_open() -> ColumnElement[bool]:
    """Still being worked on: registered, assigned or mediating."""
    return col(Case.stage).in_(OPEN_STAGES)


def is_resolved() -> ColumnElement[bool]:
    """Resolved (化解), whether or not closed (销号) since."""
    return col(Case.stage).in_(RESOLVED_STAGES)


def is_overdue(today: date) -> ColumnElement[bool]:
    """Open and its deadline is before today."""
    return and_(is_open(), col(Case.deadline).is_not(None), col(Case.deadline) < today)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """The number of rows of the group that meet the condition (0 for none)."""
    return func.count(sa.case((condition, 1)))


Dialect = Session | str  # a session, or the dialect's name ("sqlite", "postgresql")


def _dialect(session: Dialect) -> str:
    return session if isinstance(session, str) else session.get_bind().dialect.name


def local_resolved_on(session: Dialect) -> ColumnElement:
    """The date of resolved_at (stored in UTC) in Asia/Shanghai."""
    if _dialect(session) == "postgresql":
        return sa.cast(func.timezone(literal_column(LOCAL_ZONE), Case.resolved_at), sa.Date)
    return func.date(Case.resolved_at, literal_column(LOCAL_OFFSET))


def days_to_resolve(session: Dialect) -> ColumnElement:
    """Whole days from found_on to the local date of resolved_at."""
    if _dialect(session) == "postgresql":
        return local_resolved_on(session) - col(Case.found_on)
    days = func.julianday(local_resolved_on(session)) - func.julianday(Case.found_on)
    return sa.cast(days, sa.Integer)


def period_of(
    session: Dialect, grain: Literal["week", "month"], day: ColumnElement | None = None
) -> ColumnElement:
    """The first day of the bucket of `day` (default found_on): the Monday of its ISO week, or
    the 1st of its month."""
    if grain not in ("week", "month"):
        raise ValueError(f"grain must be 'week' or 'month', not {grain!r}")
    day = col(Case.found_on) if day is None else day
    if _dialect(session) == "postgresql":
        moment = sa.cast(day, sa.DateTime)
        return sa.cast(func.date_trunc(literal_column(f"'{grain}'"), moment), sa.Date)
    if grain == "week":  # on to Sunday (or stay), then back six days: that week's Monday
        return func.date(day, literal_column("'weekday 0'"), literal_column("'-6 days'"))
    return func.date(day, literal_column("'start of month'"))


def piece_of(session: Dialect) -> tuple[ColumnElement, ColumnElement]:
    """The first and last day of found_on's piece: its ISO week cut at month ends, so that a
    piece lies in one week and one month (db.models.tallies)."""
    monday, first = period_of(session, "week"), period_of(session, "month")
    if _dialect(session) == "postgresql":
        sunday = monday + 6
        month_end = sa.cast(
            first + literal_column("interval '1 month - 1 day'", sa.Interval), sa.Date
        )
        return func.greatest(monday, first), func.least(sunday, month_end)
    sunday = func.date(Case.found_on, literal_column("'weekday 0'"))
    month_end = func.date(
        Case.found_on,
        literal_column("'start of month'"),
        literal_column("'+1 month'"),
        literal_column("'-1 day'"),
    )
    return func.max(monday, first), func.min(sunday, month_end)


def piece_bounds(day: date) -> tuple[date, date]:
    """piece_of in Python: the first and last day of the piece that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    first = day.replace(day=1)
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return max(monday, first), min(monday + timedelta(days=6), month_end)


def as_date(value: date | str) -> date:
    """SQLite's date() gives text; PostgreSQL gives a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)
