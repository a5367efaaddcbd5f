"""The town's view of daily reports: who reported, who zero-reported, who is missing, and the
reporting rate (上报率): for each day, units that sent a report (zero reports count)
over units that must report; for a period, the sum of the days' numerators over the sum of
their denominators. Counted in SQL, in the reader's subtree.

Which units must report is the unit's `must_report` as it stands now, each counted (expected and
reported) only from its `reports_from` day when it has one. Days after today are no part of a
period (nobody can have reported for them yet); today counts, so before the cut-off today's
rate may still rise.
"""

from datetime import date, timedelta

from sqlalchemy import and_, case, or_
from sqlmodel import Session, col, func, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.campaign_scope import covered_unit_ids
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, unit_in_scope
from db.enums import ReportStatus
from db.figures.reporting_rows import DayRate, ReportingRate, UnitDay, UnitPeriod
from db.models import Case, DailyReport, Unit, User


def _root_path(session: Session, actor: Actor, unit_id: int | None) -> str:
    require(actor.role, Permission.READ_REPORTS)
    if unit_id is None:
        return actor.unit_path
    unit = session.get(Unit, unit_id)
    if unit is None or not unit_in_scope(session, actor, unit_id):
        raise OutOfScope(texts.E_REPORT_OUT_OF_SCOPE)
    return unit.path


def _due(day):  # type: ignore[no-untyped-def]
    """The unit counts on `day` (a date or a column): it has no start day, or it has begun."""
    return or_(col(Unit.reports_from).is_(None), col(Unit.reports_from) <= day)


def _reporting_units(path: str, campaign_id: int | None = None, day: date | None = None):  # type: ignore[no-untyped-def]
    """Units that must report in the subtree (and, for a campaign, among those it covers; for
    a day, among those that count on it)."""
    query = select(Unit.id).where(
        col(Unit.path).startswith(path, autoescape=True), col(Unit.must_report)
    )
    if day is not None:
        query = query.where(_due(day))
    if campaign_id is not None:
        query = query.where(col(Unit.id).in_(covered_unit_ids(campaign_id)))
    return query


def _days(start: date, end: date) -> list[date]:
    end = min(end, local_today())
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def reporting_rate(
    session: Session,
    actor: Actor,
    start: date,
    end: date,
    unit_id: int | None = None,
    campaign_id: int | None = None,
) -> ReportingRate:
    """上报率 per day and for the period, in the subtree of `unit_id` (default: the actor's);
    with `campaign_id`, only the units the campaign covers."""
    path = _root_path(session, actor, unit_id)
    return rate_in_subtree(session, path, start, end, campaign_id)


def rate_in_subtree(
    session: Session, path: str, start: date, end: date, campaign_id: int | None = None
) -> ReportingRate:
    """The reporting rate's SQL for the units under `path`, without a reader: the callers check
    who asks (reporting_rate above; an inspection's evidence, db.supervision.evidence)."""
    days = _days(start, end)
    if not days:
        return ReportingRate(days=[])
    units = _reporting_units(path, campaign_id)
    starts = session.exec(select(Unit.reports_from).where(col(Unit.id).in_(units))).all()
    rows = session.exec(
        select(
            DailyReport.day,
            func.count(),
            func.sum(case((col(DailyReport.zero), 1), else_=0)),
        )
        .join(Unit, col(Unit.id) == DailyReport.unit_id)
        .where(
            col(DailyReport.is_current),
            col(DailyReport.unit_id).in_(units),
            _due(DailyReport.day),
            DailyReport.day >= days[0],
            DailyReport.day <= days[-1],
        )
        .group_by(DailyReport.day)
    ).all()
    by_day = {day: (int(n), int(z or 0)) for day, n, z in rows}
    expected = {d: sum(1 for s in starts if s is None or s <= d) for d in days}
    return ReportingRate(days=[DayRate(d, expected[d], *by_day.get(d, (0, 0))) for d in days])


def _contradiction():  # type: ignore[no-untyped-def]
    """Whether a case of the report's unit was registered with the report's day as found-date."""
    return (
        select(func.count())
        .where(Case.unit_id == DailyReport.unit_id, Case.found_on == DailyReport.day)
        .correlate(DailyReport)
        .scalar_subquery()
    )


def day_board(
    session: Session, *, actor: Actor, day: date, unit_id: int | None = None
) -> list[UnitDay]:
    """Every unit that must report, in the subtree, with its report for the day: missing units
    first, then zero reports, then the others; by name within each."""
    path = _root_path(session, actor, unit_id)
    parent = Unit.__table__.alias("parent")  # type: ignore[attr-defined]
    found = _contradiction()
    rows = session.exec(
        select(
            Unit.id,
            Unit.name,
            parent.c.name,
            DailyReport.zero,
            DailyReport.late,
            DailyReport.version,
            DailyReport.note,
            User.display_name,
            found,
        )
        .select_from(Unit)
        .outerjoin(parent, parent.c.id == Unit.parent_id)
        .outerjoin(
            DailyReport,
            and_(
                DailyReport.unit_id == Unit.id,
                DailyReport.day == day,
                col(DailyReport.is_current),
            ),
        )
        .outerjoin(User, col(User.id) == DailyReport.submitted_by_id)
        .where(col(Unit.id).in_(_reporting_units(path, day=day)))
    ).all()
    board = []
    for uid, name, parent_name, zero, late, version, note, by, cases in rows:
        if version is None:
            board.append(UnitDay(uid, name, parent_name or "", ReportStatus.MISSING))
            continue
        status = ReportStatus.ZERO if zero else ReportStatus.REPORTED
        board.append(
            UnitDay(
                uid, name, parent_name or "", status, bool(late), version, note, by or "",
                int(cases or 0), bool(zero) and bool(cases),
            )
        )  # fmt: skip
    order = {ReportStatus.MISSING: 0, ReportStatus.ZERO: 1, ReportStatus.REPORTED: 2}
    return sorted(board, key=lambda u: (order[u.status], u.parent_name, u.unit_name))


def period_by_unit(
    session: Session,
    *,
    actor: Actor,
    start: date,
    end: date,
    unit_id: int | None = None,
    campaign_id: int | None = None,
) -> list[UnitPeriod]:
    """Each unit that must report over the period (up to today), most days missing first;
    with `campaign_id`, only the units the campaign covers."""
    path = _root_path(session, actor, unit_id)
    days = _days(start, end)
    if not days:
        return []
    found = _contradiction()
    counts = (
        select(
            DailyReport.unit_id.label("unit_id"),  # type: ignore[attr-defined]
            func.count().label("reported"),
            func.sum(case((col(DailyReport.zero), 1), else_=0)).label("zero"),
            func.sum(case((col(DailyReport.late), 1), else_=0)).label("late"),
            func.sum(case((and_(col(DailyReport.zero), found > 0), 1), else_=0)).label("contra"),
        )
        .join(Unit, col(Unit.id) == DailyReport.unit_id)
        .where(
            col(DailyReport.is_current),
            DailyReport.day >= days[0],
            DailyReport.day <= days[-1],
            _due(DailyReport.day),
        )
        .group_by(DailyReport.unit_id)
        .subquery()
    )
    rows = session.exec(
        select(Unit.id, Unit.name, Unit.reports_from, counts.c.reported, counts.c.zero)
        .add_columns(counts.c.late, counts.c.contra)
        .outerjoin(counts, counts.c.unit_id == Unit.id)
        .where(col(Unit.id).in_(_reporting_units(path, campaign_id, day=days[-1])))
    ).all()
    result = [
        UnitPeriod(
            unit_id=uid,
            unit_name=name,
            reported=int(n or 0),
            zero=int(z or 0),
            missing=sum(1 for d in days if since is None or since <= d) - int(n or 0),
            late=int(lt or 0),
            contradictions=int(c or 0),
        )
        for uid, name, since, n, z, lt, c in rows
    ]
    return sorted(result, key=lambda u: (-u.missing, u.unit_name))


def calendar(
    session: Session, *, actor: Actor, start: date, end: date, unit_id: int | None = None
) -> list[tuple[str, date, ReportStatus]]:
    """(unit name, day, status) for every unit that must report and every day up to today: the
    heat map's cells. Units × days is small (tens × tens); missing cells are the absent rows."""
    path = _root_path(session, actor, unit_id)
    days = _days(start, end)
    if not days:
        return []
    units = session.exec(
        select(Unit.id, Unit.name, Unit.reports_from).where(
            col(Unit.id).in_(_reporting_units(path, day=days[-1]))
        )
    ).all()
    sent = session.exec(
        select(DailyReport.unit_id, DailyReport.day, DailyReport.zero).where(
            col(DailyReport.is_current),
            col(DailyReport.unit_id).in_(_reporting_units(path)),
            DailyReport.day >= days[0],
            DailyReport.day <= days[-1],
        )
    ).all()
    status = {
        (uid, d): ReportStatus.ZERO if zero else ReportStatus.REPORTED for uid, d, zero in sent
    }
    return [
        (name, d, status.get((uid, d), ReportStatus.MISSING))
        for uid, name, since in sorted(units, key=lambda u: u[1])
        for d in days
        if since is None or since <= d
    ]
