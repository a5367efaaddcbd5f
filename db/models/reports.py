"""Daily reports (日报, 零报告) and campaigns (专项活动) with their phases and covered units."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow


class DailyReport(SQLModel, table=True):
    """One version of a unit's daily report (日报) for one day: disputes found (the cases of the
    unit registered with that found-date) or a zero report (零报告). A correction is a new
    version; the old one is kept with is_current off. The unique (unit, day, version) makes two
    simultaneous submissions of the same version fail instead of both becoming current."""

    __tablename__ = "daily_reports"
    __table_args__ = (
        sa.UniqueConstraint("unit_id", "day", "version", name="uq_daily_reports_unit_day_version"),
        sa.Index("ix_daily_reports_day_unit", "day", "unit_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="units.id")
    day: date
    version: int = 1
    is_current: bool = True
    zero: bool  # True: 今日无矛盾纠纷
    note: str = Field(default="", max_length=500)
    submitted_by_id: int = Field(foreign_key="users.id")
    submitted_at: datetime = Field(default_factory=utcnow)
    # After the cut-off of its day (see db.reports.daily.report_cutoff); a correction keeps the flag of
    # the first version: the unit reported that day on time or it did not.
    late: bool = False


class Campaign(SQLModel, table=True):
    """A dated drive (专项活动, e.g. 百日行动) with targets. Cases found (found_on) in its period
    in the units it covers count in it (db.core.campaign_scope)."""

    __tablename__ = "campaigns"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    starts_on: date
    ends_on: date
    # Targets as shares (0.98 = 98 %): resolution rate (化解率) and reporting rate (上报率).
    target_resolution: float = 0.98
    target_reporting: float = 1.0
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class CampaignPhase(SQLModel, table=True):
    """One phase of a campaign (动员部署, 全面排查, 集中化解, 巩固提高...), in order."""

    __tablename__ = "campaign_phases"
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaigns.id", index=True)
    position: int
    name: str = Field(max_length=50)
    starts_on: date
    ends_on: date


class CampaignUnit(SQLModel, table=True):
    """A unit a campaign covers, with every unit below it."""

    __tablename__ = "campaign_units"
    campaign_id: int = Field(foreign_key="campaigns.id", primary_key=True)
    unit_id: int = Field(foreign_key="units.id", primary_key=True)
