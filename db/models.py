"""All database tables of Dispute Desk (SQLModel table models).

Input is validated by the non-table models in db.schemas: a table model does not validate on
construction. Enumerations are stored as short English codes in VARCHAR columns (never native
PostgreSQL ENUMs, which Alembic cannot follow), and timestamps as timezone-aware UTC.
"""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import (
    AuditAction,
    Category,
    Conclusion,
    EventKind,
    EvidenceFigure,
    FoundVia,
    InspectionStatus,
    Level,
    PartyRole,
    RectificationStatus,
    ReferralChannel,
    ResolutionMethod,
    Risk,
    Role,
    Satisfaction,
    Stage,
    TickResult,
    UnitKind,
)


def code_type(enum: type[StrEnum]) -> sa.Enum:
    """A VARCHAR column holding the member's value (its code), not its Python name."""
    return sa.Enum(
        enum,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Unit(SQLModel, table=True):
    """A node of the tree county → town → village/community; departments hang under a town or
    county. `path` ("/1/4/17/") makes a subtree one indexed prefix match."""

    __tablename__ = "units"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    kind: UnitKind = Field(sa_type=code_type(UnitKind))
    parent_id: int | None = Field(default=None, foreign_key="units.id", index=True)
    path: str = Field(default="", max_length=255, index=True)
    must_report: bool = False


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=50)
    password_hash: str = Field(max_length=100)
    role: Role = Field(sa_type=code_type(Role))
    unit_id: int = Field(foreign_key="units.id", index=True)
    is_active: bool = True
    must_change_password: bool = True
    # Sessions and cookies issued before this instant are no longer honoured (revocation).
    sessions_valid_after: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)


# The columns the dashboard's figures read, after the unit and the period (see Case's indexes).
FIGURE_COLUMNS = (
    "stage",
    "deadline",
    "responsible_unit_id",
    "responsible_user_id",
    "category",
    "risk",
    "resolved_at",
    "resolved_level",
    "reopened_count",
)


class Case(SQLModel, table=True):
    """One dispute in the ledger."""

    __tablename__ = "cases"  # "case" is an SQL keyword
    # The covering indexes (migration 0004) let the dashboard, the board and the ledger count
    # from an index alone; bench/README.md has the measurements.
    __table_args__ = (
        sa.Index("ix_cases_stage_deadline", "stage", "deadline"),
        sa.Index("ix_cases_unit_found", "unit_id", "found_on", *FIGURE_COLUMNS),
        sa.Index("ix_cases_found_cover", "found_on", "unit_id", *FIGURE_COLUMNS),
        sa.Index(
            "ix_cases_stage_scope", "stage", "unit_id", "responsible_unit_id", "responsible_user_id"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    category: Category = Field(sa_type=code_type(Category), index=True)
    found_via: FoundVia = Field(sa_type=code_type(FoundVia))
    found_on: date = Field(index=True)
    unit_id: int = Field(foreign_key="units.id")
    facts: str = Field(max_length=2000)
    people_involved: int = 0
    # Money at stake in fen (1/100 yuan), so sums stay exact; 64-bit: up to 10 billion yuan.
    amount_fen: int = Field(default=0, sa_type=sa.BigInteger)
    risk: Risk = Field(sa_type=code_type(Risk))
    group_risk: bool = False
    violence_risk: bool = False
    stage: Stage = Field(default=Stage.REGISTERED, sa_type=code_type(Stage), index=True)
    # The four fixes (四定), filled by assignment.
    lead_leader: str | None = Field(default=None, max_length=50)
    responsible_unit_id: int | None = Field(default=None, foreign_key="units.id", index=True)
    responsible_user_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    deadline: date | None = None
    # The unit now handling the case; escalation (上报) moves it one level up.
    handling_unit_id: int | None = Field(default=None, foreign_key="units.id")
    # Resolution (化解) or referral (移交).
    resolved_at: datetime | None = None
    resolved_level: Level | None = Field(default=None, sa_type=code_type(Level))
    resolution_method: ResolutionMethod | None = Field(
        default=None, sa_type=code_type(ResolutionMethod)
    )
    resolution_summary: str | None = Field(default=None, max_length=2000)
    agreement_signed: bool = False
    court_confirmed: bool = False
    referral_channel: ReferralChannel | None = Field(
        default=None, sa_type=code_type(ReferralChannel)
    )
    referral_reason: str | None = Field(default=None, max_length=1000)
    reopened_count: int = 0  # follow-ups that found the dispute flared up
    # 挂牌督办: a leader's flag, shown everywhere the case appears.
    flagged: bool = False
    flag_note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id")
    finished_at: datetime | None = None  # when the case was closed or referred
    version: int = 1
    # One per intake form shown: a second submit of the same form finds the first case.
    intake_token: str | None = Field(default=None, max_length=64, unique=True)
    # Brought in from an old Excel ledger (db.import_apply): the names it gave that match no unit or
    # account, its follow-up and remarks columns, and where the row came from. Shown as recorded.
    recorded_responsible_unit: str | None = Field(default=None, max_length=100)
    recorded_responsible_person: str | None = Field(default=None, max_length=50)
    recorded_follow_up: str | None = Field(default=None, max_length=500)
    recorded_notes: str | None = Field(default=None, max_length=1000)
    import_source: str | None = Field(default=None, max_length=200)


class Party(SQLModel, table=True):
    __tablename__ = "parties"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    role: PartyRole = Field(sa_type=code_type(PartyRole))
    name: str = Field(max_length=50)
    id_number: str | None = Field(default=None, max_length=18, index=True)
    phone: str | None = Field(default=None, max_length=20, index=True)
    address: str | None = Field(default=None, max_length=200)


class FollowUp(SQLModel, table=True):
    """A visit after resolution (回访): did the parties stay satisfied, did it flare up?"""

    __tablename__ = "follow_ups"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    visited_on: date
    visitor: str = Field(max_length=50)
    satisfaction: Satisfaction = Field(sa_type=code_type(Satisfaction))
    flared_up: bool = False
    note: str = Field(default="", max_length=1000)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class CaseEvent(SQLModel, table=True):
    """One entry of a case's timeline; append-only."""

    __tablename__ = "case_events"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: EventKind = Field(sa_type=code_type(EventKind))
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    stage_from: Stage | None = Field(default=None, sa_type=code_type(Stage))
    stage_to: Stage | None = Field(default=None, sa_type=code_type(Stage))
    detail: str = Field(default="", max_length=4000)


class CaseCounter(SQLModel, table=True):
    """The last sequence number given per registering town and year."""

    __tablename__ = "case_counters"
    unit_id: int = Field(foreign_key="units.id", primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0


class AuditLog(SQLModel, table=True):
    """Who read or changed what, and when. The app only ever inserts here."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    username: str = Field(default="", max_length=64)
    action: AuditAction = Field(sa_type=code_type(AuditAction), index=True)
    case_id: int | None = Field(default=None, index=True)
    target: str = Field(default="", max_length=100)
    detail: str = Field(default="", max_length=1000)
    client: str = Field(default="", max_length=64)


class LoginAttempt(SQLModel, table=True):
    """Failed logins per username and client address, for our own lockout."""

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_who", "username", "client", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    client: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)


# Supervision (督查) ------------------------------------------------------------------------


class ChecklistTemplate(SQLModel, table=True):
    """One version of a checklist (督查清单). Editing a template writes a new version with the
    same `key`; inspections keep pointing at the version they were made with."""

    __tablename__ = "checklist_templates"
    __table_args__ = (sa.UniqueConstraint("key", "version", name="uq_checklist_key_version"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, index=True)
    name: str = Field(max_length=100)
    version: int = 1
    is_current: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")


class ChecklistItem(SQLModel, table=True):
    __tablename__ = "checklist_items"
    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_templates.id", index=True)
    position: int
    section: str = Field(max_length=50)
    text: str = Field(max_length=200)
    weight: int = 1
    guidance: str = Field(default="", max_length=500)
    evidence_required_on_fail: bool = False
    evidence_figure: EvidenceFigure | None = Field(default=None, sa_type=code_type(EvidenceFigure))


class Inspection(SQLModel, table=True):
    """One visit of a supervision team to a unit with a checklist version."""

    __tablename__ = "inspections"
    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_templates.id")
    unit_id: int = Field(foreign_key="units.id", index=True)
    visited_on: date = Field(index=True)
    team: str = Field(max_length=200)
    status: InspectionStatus = Field(
        default=InspectionStatus.DRAFT, sa_type=code_type(InspectionStatus)
    )
    score: float | None = None  # passed weight / applicable weight, 0..1
    conclusion: Conclusion | None = Field(default=None, sa_type=code_type(Conclusion))
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    submitted_at: datetime | None = None
    submitted_by_id: int | None = Field(default=None, foreign_key="users.id")


class InspectionResult(SQLModel, table=True):
    """What the inspection found for one item; a row per item from the start, ticked one by
    one. The ledger's figure for the item is stored as it stood when the inspection began."""

    __tablename__ = "inspection_results"
    __table_args__ = (sa.UniqueConstraint("inspection_id", "item_id", name="uq_result_item"),)
    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspections.id", index=True)
    item_id: int = Field(foreign_key="checklist_items.id")
    result: TickResult | None = Field(default=None, sa_type=code_type(TickResult))
    note: str = Field(default="", max_length=1000)
    figure_value: float | None = None
    figure_text: str = Field(default="", max_length=200)
    ticked_at: datetime | None = None
    ticked_by_id: int | None = Field(default=None, foreign_key="users.id")


class Rectification(SQLModel, table=True):
    """A failed item turned into a task (限期整改) for the inspected unit."""

    __tablename__ = "rectifications"
    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspections.id", index=True)
    item_id: int = Field(foreign_key="checklist_items.id")
    unit_id: int = Field(foreign_key="units.id", index=True)
    requirement: str = Field(max_length=1300)
    deadline: date
    status: RectificationStatus = Field(
        default=RectificationStatus.OPEN, sa_type=code_type(RectificationStatus), index=True
    )
    done_note: str = Field(default="", max_length=1000)
    done_at: datetime | None = None
    done_by_id: int | None = Field(default=None, foreign_key="users.id")
    verification_note: str = Field(default="", max_length=1000)
    closed_at: datetime | None = None
    closed_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class SupervisionPhoto(SQLModel, table=True):
    """A photo taken for an inspection item or a rectification. The file lives on disk under
    the data folder (never served as a static file); `path` is relative to that folder."""

    __tablename__ = "supervision_photos"
    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspections.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="checklist_items.id")
    rectification_id: int | None = Field(default=None, foreign_key="rectifications.id")
    path: str = Field(max_length=255)
    mime: str = Field(max_length=40)
    size: int
    uploaded_at: datetime = Field(default_factory=utcnow)
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id")


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
    # After the cut-off of its day (see db.reports.report_cutoff); a correction keeps the flag of
    # the first version: the unit reported that day on time or it did not.
    late: bool = False


class Campaign(SQLModel, table=True):
    """A dated drive (专项活动, e.g. 百日行动) with targets. Cases found (found_on) in its period
    in the units it covers count in it (db.campaign_scope)."""

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
