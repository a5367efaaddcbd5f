"""Evidence from the ledger for checklist items: figures for the inspected unit (its subtree, by
where the cases happened) on the day an inspection starts. The inspector confirms or overrules
them with a note; the figure is stored with the item's result and never recomputed.

- overdue_open: open cases whose deadline is before today (as on the dashboard).
- follow_up_share: of the cases resolved (化解, closed or not) in the last WINDOW_DAYS days,
  the share with at least one follow-up visit (回访) recorded.
- no_contact: cases found in the last WINDOW_DAYS days where no party has a phone number.
- daily_reports: daily-report completeness over the 30 days before the visit: reports sent
  (zero reports count) over reporting units × days, as the reporting rate (db.figures.reporting).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists
from sqlmodel import Session, col, func, select

from db import texts
from db.clock import LOCAL_ZONE
from db.core.scope import subtree_unit_ids
from db.enums import EvidenceFigure
from db.figures.reporting import rate_in_subtree
from db.figures.sql import count_if, is_overdue, is_resolved
from db.models import Case, FollowUp, Party, Unit

WINDOW_DAYS = 365
REPORT_DAYS = 30


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: not available
    text: str  # as shown and stored, e.g. "3 件", "8/10（80%）", "暂无数据"


def _in_unit(unit: Unit):  # type: ignore[no-untyped-def]
    return col(Case.unit_id).in_(subtree_unit_ids(unit.path))


def overdue_open(session: Session, unit: Unit, today: date) -> Figure:
    count = session.exec(
        select(func.count()).select_from(Case).where(_in_unit(unit), is_overdue(today))
    ).one()
    return Figure(float(count), texts.SUP_FIG_COUNT.format(count=count))


def follow_up_share(session: Session, unit: Unit, today: date) -> Figure:
    since = datetime.combine(today - timedelta(days=WINDOW_DAYS), time(), tzinfo=LOCAL_ZONE)
    visited = exists().where(FollowUp.case_id == Case.id)
    resolved, followed = session.exec(
        select(func.count(), count_if(visited)).where(
            _in_unit(unit), is_resolved(), col(Case.resolved_at) >= since
        )
    ).one()
    if not resolved:
        return Figure(None, texts.SUP_FIG_NONE_RESOLVED)
    share = followed / resolved
    return Figure(
        share, texts.SUP_FIG_SHARE.format(part=followed, whole=resolved, percent=share * 100)
    )


def no_contact(session: Session, unit: Unit, today: date) -> Figure:
    with_phone = exists().where(
        and_(Party.case_id == Case.id, col(Party.phone).is_not(None), Party.phone != "")
    )
    count = session.exec(
        select(func.count())
        .select_from(Case)
        .where(
            _in_unit(unit),
            Case.found_on >= today - timedelta(days=WINDOW_DAYS),
            ~with_phone,
        )
    ).one()
    return Figure(float(count), texts.SUP_FIG_COUNT.format(count=count))


def daily_report_completeness(session: Session, unit: Unit, today: date) -> Figure:
    """Of the 30 days before today, the share of (reporting unit, day) pairs in the unit's
    subtree with a daily report, zero reports included: the reporting rate (上报率) of
    db.figures.reporting over those days. None when no unit there must report."""
    start, end = today - timedelta(days=REPORT_DAYS), today - timedelta(days=1)
    rate = rate_in_subtree(session, unit.path, start, end)
    if rate.rate is None:
        return Figure(None, texts.SUP_FIG_NO_REPORTERS)
    return Figure(
        rate.rate,
        texts.SUP_FIG_SHARE.format(
            part=rate.reported, whole=rate.expected, percent=rate.rate * 100
        ),
    )


COMPUTE = {
    EvidenceFigure.OVERDUE_OPEN: overdue_open,
    EvidenceFigure.FOLLOW_UP_SHARE: follow_up_share,
    EvidenceFigure.NO_CONTACT: no_contact,
    EvidenceFigure.DAILY_REPORTS: daily_report_completeness,
}


def figure(session: Session, kind: EvidenceFigure, unit: Unit, today: date) -> Figure:
    return COMPUTE[kind](session, unit, today)
