"""local categories: an office's own categories, each under an official 人民调解 category

Revision ID: 0023
Revises: 0020
Create Date: 2026-12-06 03:30:00

local_categories (db.models.categories): a name (unique among the active ones), the Ministry's
category it counts under in the 人民调解统计表 (official) and the built-in category it counts
under everywhere else (base); deactivated, never deleted, once in use. cases.local_category_id
names a case's local category (NULL for every existing case: cases.category keeps its meaning,
so no tally changes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = (
    "marriage_family",
    "neighbour",
    "homestead",
    "land_contract",
    "labour",
    "property_mgmt",
    "traffic",
    "debt",
    "land_requisition",
    "medical",
    "consumer",
    "other",
)
OFFICIAL = (
    "marriage_family",
    "neighbour",
    "housing_homestead",
    "contract",
    "business",
    "damages",
    "forest_land",
    "village_affairs",
    "land_requisition",
    "environment",
    "labour",
    "medical",
    "property_mgmt",
    "traffic",
    "consumer",
    "other",
)


def upgrade() -> None:
    op.create_table(
        "local_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column(
            "official",
            sa.Enum(*OFFICIAL, name="officialcategory", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "base",
            sa.Enum(*CATEGORIES, name="category", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "uq_local_categories_active_name",
        "local_categories",
        ["name"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    # ALTER TABLE ... ADD COLUMN: on SQLite the table is not rebuilt, so its triggers stay.
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a reference only with the column
        op.execute(
            "ALTER TABLE cases ADD COLUMN local_category_id INTEGER REFERENCES local_categories(id)"
        )
    else:
        op.add_column("cases", sa.Column("local_category_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_cases_local_category_id",
            "cases",
            "local_categories",
            ["local_category_id"],
            ["id"],
        )

def downgrade() -> None:
    # not batch_alter_table: rebuilding `cases` on SQLite would drop every trigger on it
    op.execute("ALTER TABLE cases DROP COLUMN local_category_id")
    op.drop_index("uq_local_categories_active_name", table_name="local_categories")
    op.drop_table("local_categories")
