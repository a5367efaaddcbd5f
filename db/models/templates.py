"""Document templates (issue 19): an office's own Word layout for the 人民调解协议书 or the
调解笔录, uploaded in 系统管理 and checked before it is accepted (db.io.documents.templates).
Every upload is kept; the newest active one of its kind for the county is used, and the
built-in layout when there is none (an admin switches back by deactivating them)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow


class DocumentTemplate(SQLModel, table=True):
    __tablename__ = "document_templates"
    __table_args__ = (sa.Index("ix_document_templates_kind", "county_id", "kind", "active"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "agreement" (调解协议书) or "record" (调解笔录)
    county_id: int = Field(foreign_key="units.id")  # the root of the unit tree
    file_name: str = Field(max_length=200)
    data: bytes = Field(sa_type=sa.LargeBinary)
    sha256: str = Field(max_length=64)
    uploaded_by_id: int = Field(foreign_key="users.id")
    uploaded_at: datetime = Field(default_factory=utcnow)
    active: bool = True
