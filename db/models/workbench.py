"""The case as a workbench (issue 19): records of work (处置记录). A record is never deleted;
its author may correct it within a day, and the correction's event keeps the old text."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import RecordKind
from db.models.core import code_type


class CaseRecord(SQLModel, table=True):
    """One piece of work on a case: a mediation session, a visit, a call, a meeting... with who
    took part, what was said and agreed, and the next step. Its CaseEvent (kind record) is the
    timeline entry; the row holds the current text (corrected_at set once corrected)."""

    __tablename__ = "case_records"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: RecordKind = Field(sa_type=code_type(RecordKind))
    held_at: datetime
    place: str = Field(default="", max_length=200)
    participants: str = Field(default="", max_length=500)
    content: str = Field(max_length=4000)
    next_step: str = Field(default="", max_length=500)
    next_step_on: date | None = None
    author_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    corrected_at: datetime | None = None
    version: int = 1  # a correction names the version it was opened at
