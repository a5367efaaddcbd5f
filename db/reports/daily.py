"""Daily reports (日排查日报告): every unit that must report says each day what it found, or that
it found nothing (零报告).

One current report per unit and day; a correction is a new version and the old one is kept.
A report submitted after the day's cut-off (db.core.settings.report_cutoff, default 18:00
Asia/Shanghai) is late. The disputes a report stands for are the unit's cases registered with
that found-date: they are linked by the date, not copied. A zero report for a day on which a
case of the unit was later registered with that found-date is a contradiction, shown on both.

Who submits: a user of the unit itself (its mediator, or a coordinator whose own unit must
report), for their own unit only. Who reads: the units in the reader's subtree.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from pydantic import ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from db import texts
from db.clock import LOCAL_ZONE, to_local, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import NotAllowed, Permission, require
from db.core.scope import OutOfScope, unit_in_scope
from db.core.settings import report_cutoff
from db.core.validation import CleanTextModel
from db.enums import AuditAction
from db.models import Case, DailyReport, Unit, User


class ReportRefused(Refused):
    """The report was not saved; the message is for the user (Chinese)."""


def is_late(day: date, submitted_at: datetime, cutoff: time) -> bool:
    """Submitted after the cut-off of `day` in Asia/Shanghai (so also on any later day)."""
    return submitted_at > datetime.combine(day, cutoff, tzinfo=LOCAL_ZONE)


class ReportCreate(CleanTextModel):
    """What the report form submits."""

    model_config = ConfigDict(str_strip_whitespace=True)

    day: date
    zero: bool
    note: str = Field(default="", max_length=500)


@dataclass(frozen=True)
class ReportView:
    id: int
    unit_id: int
    unit_name: str
    day: date
    version: int
    is_current: bool
    zero: bool
    note: str
    submitted_by: str
    submitted_at: datetime
    late: bool
    cases: int  # the unit's cases registered with this found-date
    contradiction: bool  # a zero report although cases were registered for the day


def may_submit(session: Session, actor: Actor) -> bool:
    """Whether the actor's own unit must report and their role may submit for it."""
    try:
        require(actor.role, Permission.SUBMIT_REPORT)
    except NotAllowed:
        return False
    unit = session.get(Unit, actor.unit_id)
    return unit is not None and unit.must_report


def _current(session: Session, unit_id: int, day: date) -> DailyReport | None:
    return session.exec(
        select(DailyReport).where(
            DailyReport.unit_id == unit_id, DailyReport.day == day, col(DailyReport.is_current)
        )
    ).first()


def cases_found(session: Session, unit_id: int, day: date) -> int:
    return session.exec(
        select(func.count()).where(Case.unit_id == unit_id, Case.found_on == day)
    ).one()


def submit(
    session: Session,
    *,
    actor: Actor,
    data: ReportCreate,
    base_version: int,
    now: datetime | None = None,
) -> ReportView:
    """Save the actor's unit's report for `data.day` as a new version. `base_version` is the
    version the form was shown with (0: none yet); if someone reported since, nothing is saved."""
    require(actor.role, Permission.SUBMIT_REPORT)
    unit = session.get(Unit, actor.unit_id)
    assert unit is not None and unit.id is not None
    if not unit.must_report:
        raise ReportRefused(texts.E_REPORT_NOT_REQUIRED.format(unit=unit.name))
    now = now or utcnow()
    if data.day > to_local(now).date():
        raise ReportRefused(texts.E_REPORT_FUTURE)
    current = _current(session, unit.id, data.day)
    if (current.version if current else 0) != base_version:
        raise ReportRefused(texts.E_REPORT_STALE)
    found = cases_found(session, unit.id, data.day)
    if data.zero and found:
        raise ReportRefused(texts.E_REPORT_ZERO_WITH_CASES.format(count=found))
    late = current.late if current else is_late(data.day, now, report_cutoff())
    if current is not None:
        current.is_current = False
        session.add(current)
        session.flush()
    row = DailyReport(
        unit_id=unit.id,
        day=data.day,
        version=(current.version if current else 0) + 1,
        zero=data.zero,
        note=data.note,
        submitted_by_id=actor.id,
        submitted_at=now,
        late=late,
    )
    session.add(row)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE if current else AuditAction.CREATE,
        target=f"report:{unit.code}:{data.day.isoformat()}",
        detail=texts.REPORT_AUDIT.format(
            unit=unit.name,
            day=data.day.isoformat(),
            version=row.version,
            kind=texts.REPORT_ZERO if data.zero else texts.REPORT_FOUND,
        ),
    )
    try:
        session.commit()
    except IntegrityError:
        # Someone saved the same version a moment earlier (unique unit, day, version).
        session.rollback()
        raise ReportRefused(texts.E_REPORT_STALE) from None
    session.refresh(row)
    return _view(session, row, unit.name)


def _view(session: Session, row: DailyReport, unit_name: str) -> ReportView:
    found = cases_found(session, row.unit_id, row.day)
    by = session.get(User, row.submitted_by_id)
    return ReportView(
        id=row.id or 0,
        unit_id=row.unit_id,
        unit_name=unit_name,
        day=row.day,
        version=row.version,
        is_current=row.is_current,
        zero=row.zero,
        note=row.note,
        submitted_by=by.display_name if by else "",
        submitted_at=row.submitted_at,
        late=row.late,
        cases=found,
        contradiction=row.zero and found > 0,
    )


def _readable_unit(session: Session, actor: Actor, unit_id: int) -> Unit:
    require(actor.role, Permission.READ_REPORTS)
    unit = session.get(Unit, unit_id)
    if unit is None or not unit_in_scope(session, actor, unit_id):
        raise OutOfScope(texts.E_REPORT_OUT_OF_SCOPE)
    return unit


def current_report(session: Session, *, actor: Actor, unit_id: int, day: date) -> ReportView | None:
    """The unit's current report for the day, if any."""
    unit = _readable_unit(session, actor, unit_id)
    row = _current(session, unit_id, day)
    return _view(session, row, unit.name) if row else None


def versions(session: Session, *, actor: Actor, unit_id: int, day: date) -> list[ReportView]:
    """Every version of the unit's report for the day, newest first."""
    unit = _readable_unit(session, actor, unit_id)
    rows = session.exec(
        select(DailyReport)
        .where(DailyReport.unit_id == unit_id, DailyReport.day == day)
        .order_by(col(DailyReport.version).desc())
    ).all()
    return [_view(session, row, unit.name) for row in rows]


def contradicting_report(session: Session, *, case_id: int) -> ReportView | None:
    """The zero report its unit sent for the day this case was found, if there is one. The
    caller has already loaded the case in the actor's scope."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    row = _current(session, case.unit_id, case.found_on)
    if row is None or not row.zero:
        return None
    unit = session.get(Unit, case.unit_id)
    return _view(session, row, unit.name if unit else "")


@dataclass(frozen=True)
class LinkedCase:
    id: int
    number: str
    stage: str


def linked_cases(session: Session, *, actor: Actor, unit_id: int, day: date) -> list[LinkedCase]:
    """The unit's cases registered with this found-date: what its report for the day stands for."""
    _readable_unit(session, actor, unit_id)
    rows = session.exec(
        select(Case.id, Case.number, Case.stage)
        .where(Case.unit_id == unit_id, Case.found_on == day)
        .order_by(col(Case.number))
    ).all()
    return [LinkedCase(id=i or 0, number=n, stage=s) for i, n, s in rows]
