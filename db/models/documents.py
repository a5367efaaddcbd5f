"""Documents attached to a case (附件, 立卷归档): the file lives on disk under the data folder
with a random name (never served as a static file; `path` is relative to that folder), the row
says what it is. A removal is a withdrawal mark with a reason; the row and the file are kept."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import DocumentKind
from db.models.core import code_type


class CaseDocument(SQLModel, table=True):
    """One file attached to a case: its kind, the name it was uploaded under (checked, shown
    only), the type read from its content, and who uploaded or withdrew it, when and why."""

    __tablename__ = "case_documents"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: DocumentKind = Field(sa_type=code_type(DocumentKind))
    note: str = Field(default="", max_length=500)
    file_name: str = Field(max_length=120)
    path: str = Field(max_length=255)
    mime: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_at: datetime = Field(default_factory=utcnow)
    uploaded_by_id: int = Field(foreign_key="users.id")
    withdrawn_at: datetime | None = None
    withdrawn_by_id: int | None = Field(default=None, foreign_key="users.id")
    withdrawn_reason: str | None = Field(default=None, max_length=500)
