"""One pass per kind of reminder. A pass is one INSERT ... SELECT over an index of the cases
(deadline, stage), never a loop in Python over cases; the digest and the daily reports' line
group in SQL and loop only over people and towns. Every row is keyed (dedupe_key) so that a
repeated pass inserts nothing:

- due_soon / due_tomorrow / due_today: "due:<case>:<deadline>:<days>" (a new deadline, a new
  reminder);
- overdue: "overdue:<case>:<day>", once a day while the case is open past its deadline;
- follow_up_late: "follow_up_late:<case>:<times reopened>", once per resolution;
- report_missing: "report_missing:<town>:<day>", one line to each of the town's coordinators;
- digest: "digest:<day>".

Readers: the case's responsible person (active), the town's coordinators (active)."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import String, cast, exists, func, literal
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db import texts
from db.clock import LOCAL_ZONE, utcnow
from db.core import settings
from db.enums import OPEN_STAGES, NoticeKind, Role, Stage, UnitKind
from db.figures.sql import count_if
from db.inbox.notify import COLUMNS, insert_missing, insert_missing_from
from db.models import Case, DailyReport, FollowUp, Notification, Unit, User

DUE_KIND = {0: NoticeKind.DUE_TODAY, 1: NoticeKind.DUE_TOMORROW}


def _text(value: str):  # type: ignore[no-untyped-def]
    return literal(value, String)


def _case_rows(kind: NoticeKind, what: str, key: tuple, *where):  # type: ignore[no-untyped-def]
    """SELECT (COLUMNS): one notification per matching case, to its active responsible
    person, titled "<number> · what", keyed key[0] + the case's id + key[1:] (strings or
    columns)."""
    table = Notification.__table__  # type: ignore[attr-defined]
    # the title's words around the number, as the catalogue writes them
    before, after = texts.NOTICE_TITLE.format(number="\x00", what=what).split("\x00")
    dedupe = _text(key[0]) + cast(Case.id, String)
    for part in key[1:]:
        dedupe = dedupe + (_text(part) if isinstance(part, str) else cast(part, String))
    query = select(
        Case.responsible_user_id,
        literal(kind.value, String),
        Case.id,
        literal(None, table.c.rectification_id.type),
        _text(before) + Case.number + _text(after),
        literal(utcnow(), table.c.created_at.type),
        dedupe,
    ).join(User, col(User.id) == Case.responsible_user_id)
    assert len(query.selected_columns) == len(COLUMNS)
    return query.where(col(User.is_active), *where)


def due(session: Session, today: date) -> int:
    """Open cases due in each offset's days: one range of ix_cases_stage_deadline per stage."""
    made = 0
    for days in settings.remind_days():
        deadline = today + timedelta(days=days)
        kind = DUE_KIND.get(days, NoticeKind.DUE_SOON)
        what = texts.NOTICE_DUE_SOON.format(days=days) if kind == NoticeKind.DUE_SOON else None
        rows = _case_rows(
            kind,
            what or texts.NOTICE_FIXED[kind.value],
            ("due:", f":{deadline.isoformat()}:{days}"),
            Case.deadline == deadline,
            col(Case.stage).in_(OPEN_STAGES),
        )
        made += insert_missing_from(session, rows)
    return made


def overdue(session: Session, today: date) -> int:
    """Open cases past their deadline: told once a day until the case moves."""
    rows = _case_rows(
        NoticeKind.OVERDUE,
        texts.NOTICE_FIXED["overdue"],
        ("overdue:", f":{today.isoformat()}"),
        col(Case.deadline) < today,
        col(Case.stage).in_(OPEN_STAGES),
    )
    return insert_missing_from(session, rows)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_ZONE)


def _no_follow_up_since_resolution():  # type: ignore[no-untyped-def]
    return ~exists(
        select(FollowUp.id).where(
            FollowUp.case_id == Case.id, col(FollowUp.created_at) >= Case.resolved_at
        )
    )


def follow_up_late(session: Session, today: date) -> int:
    """Resolved cases with no follow-up visit since their resolution, resolved N days ago or
    more (N the setting): told once per resolution."""
    late = settings.follow_up_late_days()
    resolved_before = _local_midnight(today - timedelta(days=late - 1))
    rows = _case_rows(
        NoticeKind.FOLLOW_UP_LATE,
        texts.NOTICE_FOLLOW_UP_LATE.format(days=late),
        ("follow_up_late:", ":", Case.reopened_count),  # a new resolution, a new reminder
        Case.stage == Stage.RESOLVED,
        col(Case.resolved_at) < resolved_before,
        _no_follow_up_since_resolution(),
    )
    return insert_missing_from(session, rows)


def reports_missing(session: Session, today: date) -> int:
    """Units that must report and have no current report for the day, by town: one line to
    each of the town's active coordinators. (The caller decides whether the cut-off passed.)"""
    town = aliased(Unit)
    sent = exists(
        select(DailyReport.id).where(
            DailyReport.unit_id == Unit.id, DailyReport.day == today, col(DailyReport.is_current)
        )
    )
    missing = session.exec(
        select(town.id, Unit.name)
        .join(town, col(town.id) == Unit.parent_id)
        .where(
            town.kind == UnitKind.TOWN,
            col(Unit.must_report),
            col(Unit.active),
            (col(Unit.reports_from).is_(None)) | (col(Unit.reports_from) <= today),
            ~sent,
        )
        .order_by(town.id, Unit.code)
    ).all()
    by_town: dict[int, list[str]] = {}
    for town_id, name in missing:
        by_town.setdefault(town_id or 0, []).append(name)
    if not by_town:
        return 0
    coordinators = session.exec(
        select(User.id, User.unit_id).where(
            col(User.unit_id).in_(by_town), User.role == Role.COORDINATOR, col(User.is_active)
        )
    ).all()
    rows = [
        {
            "user_id": user_id,
            "kind": NoticeKind.REPORT_MISSING,
            "title": texts.NOTICE_REPORT_MISSING.format(
                day=today.isoformat(), units="、".join(by_town[unit_id])
            ),
            "dedupe_key": f"report_missing:{unit_id}:{today.isoformat()}",
        }
        for user_id, unit_id in coordinators
    ]
    return insert_missing(session, rows)


def digest(session: Session, today: date) -> int:
    """Each active person with work waiting: their overdue cases, cases due within the
    largest offset, follow-ups waiting, and unread notifications; one GROUP BY over the cases
    by responsible person, one over the notifications by reader."""
    horizon = today + timedelta(days=max(settings.remind_days(), default=0))
    is_open = col(Case.stage).in_(OPEN_STAGES)
    counts = session.exec(
        select(
            Case.responsible_user_id,
            count_if(is_open & (col(Case.deadline) < today)),
            count_if(is_open & (col(Case.deadline) >= today) & (col(Case.deadline) <= horizon)),
            count_if((Case.stage == Stage.RESOLVED) & _no_follow_up_since_resolution()),
        )
        .join(User, col(User.id) == Case.responsible_user_id)
        .where(col(User.is_active), col(Case.stage).in_((*OPEN_STAGES, Stage.RESOLVED)))
        .group_by(Case.responsible_user_id)
    ).all()
    unread = dict(
        session.exec(  # type: ignore[arg-type]
            select(Notification.user_id, func.count())
            .where(col(Notification.read_at).is_(None))
            .group_by(Notification.user_id)
        ).all()
    )
    rows = [
        {
            "user_id": user_id,
            "kind": NoticeKind.DIGEST,
            "title": texts.NOTICE_DIGEST.format(
                day=today.isoformat(),
                overdue=late,
                soon=soon,
                follow_ups=follow,
                unread=unread.get(user_id, 0),
            ),
            "dedupe_key": f"digest:{today.isoformat()}",
        }
        for user_id, late, soon, follow in counts
        if late or soon or follow
    ]
    return insert_missing(session, rows)
