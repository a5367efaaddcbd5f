"""Supervision (督查) tables: versioned checklist templates and their items, inspections with one
result per item, the rectifications failed items become, and the photos taken for either."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import Conclusion, EvidenceFigure, InspectionStatus, RectificationStatus, TickResult
from db.models.core import code_type


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
