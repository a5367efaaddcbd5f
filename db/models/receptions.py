"""The reception register (领导接访下访登记, issue 23): a leader's receptions of the people and
the cases each concerns. Visitors' names and phones are kept on the reception only, never
indexed: the register is about the leaders' work, not about who came how often."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import ReceptionKind, ReceptionStatus
from db.models.core import code_type


class Reception(SQLModel, table=True):
    """One reception: planned ahead or held. The unit is where it concerns (the scope it is read
    in); the leader is an account with the leader role whose scope holds that unit."""

    __tablename__ = "receptions"
    __table_args__ = (sa.Index("ix_receptions_leader_held", "leader_id", "held_on"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: ReceptionKind = Field(sa_type=code_type(ReceptionKind))
    status: ReceptionStatus = Field(sa_type=code_type(ReceptionStatus))
    held_on: date = Field(index=True)
    place: str = Field(max_length=200)
    unit_id: int = Field(foreign_key="units.id", index=True)
    leader_id: int = Field(foreign_key="users.id")
    accompanied: str = Field(default="", max_length=200)  # 陪同人员
    visitors: int = 0  # how many came (来访人数)
    raised: str = Field(default="", max_length=2000)  # 反映问题
    decided: str = Field(default="", max_length=2000)  # 领导批示/处理意见
    visitor_names: str = Field(default="", max_length=200)  # optional; shown on the reception only
    visitor_phones: str = Field(default="", max_length=200)  # optional, cleaned; shown masked
    recorded_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1  # completing or changing it names the version the form was opened at


class ReceptionCase(SQLModel, table=True):
    """A case a reception concerns: linked by number, or opened from the reception (`opened`)."""

    __tablename__ = "reception_cases"
    reception_id: int = Field(foreign_key="receptions.id", primary_key=True)
    case_id: int = Field(foreign_key="cases.id", primary_key=True, index=True)
    opened: bool = False  # the case was registered from this reception
    linked_at: datetime = Field(default_factory=utcnow)
    linked_by_id: int = Field(foreign_key="users.id")
