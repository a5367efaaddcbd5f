"""The case life from below (issue 18, part B): reports up (上报) waiting at the level above,
a mediator's requests for a deadline extension, and the acknowledgements of urgent cases
(紧急报告). Each row is history: kept after its answer, never deleted by the app."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow


class ReportUp(SQLModel, table=True):
    """One report up (上报) of a case from the unit handling it to the level above, and the
    answer there: taken (接收, the handling moves up) or returned (退回) with a reason. The time
    it waited is answered_at - sent_at (still waiting while answered_at is empty)."""

    __tablename__ = "report_ups"
    __table_args__ = (sa.Index("ix_report_ups_to_unit_open", "to_unit_id", "answered_at"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    from_unit_id: int = Field(foreign_key="units.id")
    to_unit_id: int = Field(foreign_key="units.id")
    reason: str = Field(max_length=1000)
    sent_at: datetime = Field(default_factory=utcnow)
    sent_by_id: int = Field(foreign_key="users.id")
    answered_at: datetime | None = None
    answer: str | None = Field(default=None, max_length=16)  # "taken" / "returned"
    answer_note: str = Field(default="", max_length=1000)
    answered_by_id: int | None = Field(default=None, foreign_key="users.id")


class ExtensionRequest(SQLModel, table=True):
    """A mediator's request for a later deadline (申请延期); a coordinator of the handling unit
    grants it (the extend rule applies) or refuses it with a reason."""

    __tablename__ = "extension_requests"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    requested_by_id: int = Field(foreign_key="users.id")
    requested_at: datetime = Field(default_factory=utcnow)
    reason: str = Field(max_length=500)
    old_deadline: date
    proposed_deadline: date
    status: str = Field(default="pending", max_length=16)  # pending / granted / refused
    answered_by_id: int | None = Field(default=None, foreign_key="users.id")
    answered_at: datetime | None = None
    answer_note: str = Field(default="", max_length=500)


class UrgentAck(SQLModel, table=True):
    """A coordinator's acknowledgement (已知悉) of an urgent case: who, at which level, and how
    many minutes after the case was registered."""

    __tablename__ = "urgent_acks"
    __table_args__ = (sa.UniqueConstraint("case_id", "user_id", name="uq_urgent_acks_case_user"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    unit_id: int = Field(foreign_key="units.id")
    level: str = Field(max_length=16)
    acked_at: datetime = Field(default_factory=utcnow)
    minutes: int  # after registration
