"""The weekly meeting's minutes (研判会议纪要, issue 23): one meeting per week and unit (the
scope the pack was read for), with the date held and who attended, and one item per case the
meeting handed out — its decision and the four fixes given, or why the case was refused."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import Move
from db.models.core import code_type


class WeeklyMeeting(SQLModel, table=True):
    """The minutes of one week's meeting (周研判周交办) of a unit; a second round of hand-outs
    in the same week adds its items to the same minutes."""

    __tablename__ = "weekly_meetings"
    __table_args__ = (
        sa.UniqueConstraint("unit_id", "week_start", name="uq_weekly_meetings_unit_week"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="units.id")
    week_start: date  # the Monday of the week studied
    held_on: date
    attendees: str = Field(max_length=500)
    created_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MeetingItem(SQLModel, table=True):
    """One case discussed: the decision (editable afterwards), the move made (交办 or 接收),
    the four fixes as given — or the refusal's reason, the case left as it was."""

    __tablename__ = "weekly_meeting_items"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="weekly_meetings.id", index=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    move: Move = Field(sa_type=code_type(Move))
    assigned: bool
    refusal: str = Field(default="", max_length=500)
    decision: str = Field(default="", max_length=500)
    lead_leader_id: int | None = Field(default=None, foreign_key="users.id")
    lead_leader: str = Field(default="", max_length=50)
    responsible_unit_id: int | None = Field(default=None, foreign_key="units.id")
    responsible_user_id: int | None = Field(default=None, foreign_key="users.id")
    deadline: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: int = Field(foreign_key="users.id")
