"""The ledger's tables: units, users, cases with their parties, follow-ups and timeline, the
case counters, the audit log and sign-in attempts.

Input is validated by the non-table models in db.cases.schemas: a table model does not validate on
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
    EventKind,
    FoundVia,
    Level,
    PartyRole,
    ReferralChannel,
    ReferralOutcome,
    ResolutionMethod,
    Risk,
    Role,
    Satisfaction,
    Stage,
    UnitKind,
)
from db.models.case_indexes import CASE_INDEXES


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
    # Migration 0010. A deactivated unit stays in history and figures, offered for nothing new;
    # a unit that must report counts in the reporting figures from `reports_from` (None: always).
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    reports_from: date | None = None


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
    # Migration 0014: a work phone given at bulk set-up (db.io.setup_book), shown masked.
    phone: str | None = Field(default=None, max_length=20)
    # Migration 0022: the work e-mail address the outbox mails chosen notifications to (issue
    # 21), set by the user in 我的账号 (db.accounts.outside).
    email: str | None = Field(default=None, max_length=254)
    # Sign-in sessions (web_sessions) started before this instant are no longer honoured: set
    # whenever all of the user's sessions are ended (db.accounts.sessions.end_all), a backstop.
    sessions_valid_after: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)


class Case(SQLModel, table=True):
    """One dispute in the ledger."""

    __tablename__ = "cases"  # "case" is an SQL keyword
    __table_args__ = CASE_INDEXES  # db.models.case_indexes
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    category: Category = Field(sa_type=code_type(Category), index=True)
    # Migration 0023: the office's own category (db.cases.categories); category holds its base.
    local_category_id: int | None = Field(default=None, foreign_key="local_categories.id")
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
    # Migration 0026: the leader's account (db.cases.leaders); lead_leader keeps the name as given.
    lead_leader: str | None = Field(default=None, max_length=50)
    lead_leader_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    lead_team: str | None = Field(default=None, max_length=500)  # 五个一: the team's names
    responsible_unit_id: int | None = Field(default=None, foreign_key="units.id", index=True)
    responsible_user_id: int | None = Field(default=None, foreign_key="users.id")
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
    # Migration 0012: what came of the referral and when (db.cases.aftercare).
    referral_outcome: ReferralOutcome | None = Field(
        default=None, sa_type=code_type(ReferralOutcome)
    )
    referral_outcome_on: date | None = None
    # Migration 0012: registered, assigned and resolved at once at intake (当场调结).
    settled_on_spot: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    reopened_count: int = 0  # follow-ups that found the dispute flared up
    # Migration 0013. 上报待接收: reported up by its handler, waiting at this unit (db.cases.report_up);
    # urgent (紧急报告): group event, 民转刑 or high risk with many people (db.cases.urgent).
    reported_up_to_unit_id: int | None = Field(default=None, foreign_key="units.id")
    reported_up_at: datetime | None = None
    urgent: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # 挂牌督办: a leader's flag, shown everywhere the case appears.
    flagged: bool = False
    flag_note: str | None = Field(default=None, max_length=500)
    # Migration 0016. 化解方案 (measures and steps), given at assignment and revised by a record;
    # the last record or move (a trigger on case_events keeps it): the ledger's 最近办理.
    resolution_plan: str | None = Field(default=None, max_length=2000)
    last_worked_at: datetime | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id")
    finished_at: datetime | None = None  # when the case was closed or referred
    version: int = 1
    # One per intake form shown: a second submit of the same form finds the first case.
    intake_token: str | None = Field(default=None, max_length=64, unique=True)
    # Brought in from an old Excel ledger (db.io.imports.apply): the names it gave that match no unit or
    # account, its follow-up and remarks columns, and where the row came from. Shown as recorded.
    recorded_responsible_unit: str | None = Field(default=None, max_length=100)
    recorded_responsible_person: str | None = Field(default=None, max_length=50)
    recorded_follow_up: str | None = Field(default=None, max_length=500)
    recorded_notes: str | None = Field(default=None, max_length=1000)
    import_source: str | None = Field(default=None, max_length=200)
    # the ledger's own number when the case had to get a new one (it was taken): searchable
    original_number: str | None = Field(default=None, max_length=40)


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


class WebSession(SQLModel, table=True):
    """One sign-in: what the "remember me" cookie names. The cookie carries a random token; only
    its SHA-256 is stored, so the table cannot sign anyone in. Live while not ended, the account
    active and the last visit within the idle timeout (db.accounts.sessions)."""

    __tablename__ = "web_sessions"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    ended_reason: str = Field(default="", max_length=32)


class LoginAttempt(SQLModel, table=True):
    """Failed logins per username and client address, for sign-in throttling (db.accounts.throttle)."""

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_who", "username", "client", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    client: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)
