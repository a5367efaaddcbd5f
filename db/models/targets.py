"""Targets (目标) of the figures (issue 20): per year for the whole county, and optionally for a
campaign (专项活动), in percent; an admin edits them in 系统管理 (db.figures.targets). A figure
without a row of its year falls back to the built-in default (db.figures.targets.DEFAULTS)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import FigureCode
from db.models.core import code_type


class FigureTarget(SQLModel, table=True):
    __tablename__ = "figure_targets"
    __table_args__ = (sa.Index("ix_figure_targets_year", "year", "figure"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id")  # None: the year's
    figure: FigureCode = Field(sa_type=code_type(FigureCode))
    value_pct: float
    updated_by_id: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow)
