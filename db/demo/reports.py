"""Demo daily reports and a demo campaign. Reports: every day from the first demo case's day
(at least the last 30 days) up to yesterday, for every unit that must report, so the 上报率 of
any period the dashboard shows cases for reads as the demo means it (not an alarming 8 %); some
missing, most zero, late now and then, a few corrected, and now and then a zero report that a
later-registered case contradicts. Today is left open for the users to report. The units'
reporting start dates (units.reports_from) are set to the first day, where the reports begin."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, update
from sqlmodel import Session, col, func, select

from db.clock import LOCAL_ZONE, local_today
from db.core.settings import report_cutoff
from db.models import Campaign, CampaignPhase, CampaignUnit, Case, DailyReport, Unit, User
from db.reports.campaigns import DEFAULT_PHASES
from db.reports.daily import is_late

DAYS = 30


def generate_reports(session: Session, *, seed: int = 42, today: date | None = None) -> int:
    """Write the demo's reports (once: nothing when reports exist). Returns rows written."""
    if session.exec(select(func.count()).select_from(DailyReport)).one():
        return 0
    rng = random.Random(seed)
    today = today or local_today()
    earliest = session.exec(select(func.min(Case.found_on))).one()
    first = min(earliest or today, today - timedelta(days=DAYS))
    cutoff = report_cutoff()
    reporters = {
        unit_id: user_id
        for unit_id, user_id in session.exec(
            select(Unit.id, func.min(User.id))
            .join(User, col(User.unit_id) == Unit.id)
            .where(col(Unit.must_report))
            .group_by(Unit.id)
            .order_by(Unit.id)
        ).all()
    }
    with_cases = set(
        session.exec(
            select(Case.unit_id, Case.found_on)
            .where(Case.found_on >= first, Case.found_on < today)
            .distinct()
        ).all()
    )
    rows = []
    for offset in range((today - first).days):
        day = first + timedelta(days=offset)
        for unit_id, user_id in reporters.items():
            if rng.random() < 0.08:
                continue  # missing
            found = (unit_id, day) in with_cases
            # A zero report on a day with cases: one registered later (the contradiction).
            zero = not found or rng.random() < 0.05
            hour = rng.choice([8, 9, 10, 11, 14, 15, 16, 17]) if rng.random() < 0.9 else 19
            at = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=LOCAL_ZONE)
            base = {"unit_id": unit_id, "day": day, "zero": zero, "submitted_by_id": user_id}
            late = is_late(day, at, cutoff)
            version = 1
            if rng.random() < 0.03:  # corrected later the same day: the first version kept
                rows.append(base | _version(1, at, late, False, "初报"))
                at, version = at + timedelta(minutes=30), 2
            rows.append(base | _version(version, at, late, True, ""))
    if rows:
        session.exec(insert(DailyReport), params=rows)  # type: ignore[call-overload]
    # The units report from the demo's first day: no period shows the days before as missing.
    session.exec(
        update(Unit)  # type: ignore[call-overload]
        .where(col(Unit.id).in_(reporters), col(Unit.reports_from).is_(None))
        .values(reports_from=first)
    )
    session.commit()
    return len(rows)


def _version(version: int, at: datetime, late: bool, current: bool, note: str) -> dict:
    return {
        "version": version,
        "submitted_at": at.astimezone(UTC),
        "late": late,
        "is_current": current,
        "note": note,
    }


def generate_campaign(session: Session, *, today: date | None = None) -> int:
    """One demo campaign, 百日行动, begun 60 days ago over 青石镇 and 柳湾镇, in four phases
    (once: nothing when a campaign exists). Returns campaigns written."""
    if session.exec(select(func.count()).select_from(Campaign)).one():
        return 0
    today = today or local_today()
    start = today - timedelta(days=60)
    campaign = Campaign(name="百日行动", starts_on=start, ends_on=start + timedelta(days=99))
    session.add(campaign)
    session.flush()
    assert campaign.id is not None
    for i, name in enumerate(DEFAULT_PHASES):
        session.add(
            CampaignPhase(
                campaign_id=campaign.id,
                position=i + 1,
                name=name,
                starts_on=start + timedelta(days=25 * i),
                ends_on=start + timedelta(days=25 * i + 24),
            )
        )
    for unit_id in session.exec(select(Unit.id).where(col(Unit.code).in_(["QSZ", "LWZ"]))):
        session.add(CampaignUnit(campaign_id=campaign.id, unit_id=unit_id))
    session.commit()
    return 1
