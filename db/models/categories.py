"""Local categories (本地分类, issue 20): an office's own names for disputes, each counted under
one of the Ministry's 人民调解 categories (official) in the 人民调解统计表 and under one built-in
category (base) everywhere else. A case with one keeps the base in cases.category, so every
other figure, chart and filter keeps its meaning; cases.local_category_id names it.

A local category in use is deactivated, never deleted; its name is unique among the active
ones (a partial unique index), so a retired name may be given again."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import Category, OfficialCategory
from db.models.core import code_type

NAME_MAX = 30


class LocalCategory(SQLModel, table=True):
    __tablename__ = "local_categories"
    __table_args__ = (
        sa.Index(
            "uq_local_categories_active_name",
            "name",
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_MAX)
    official: OfficialCategory = Field(sa_type=code_type(OfficialCategory))
    base: Category = Field(sa_type=code_type(Category))
    active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
