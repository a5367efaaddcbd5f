"""figure targets: the offices' targets per year and per campaign

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 01:25:00

figure_targets (db.models.targets): a target in percent per year (campaign_id NULL) or per
campaign, of a figure code (resolution 化解率, reporting 日报报送率, timely 及时上报率, success
调解成功率, satisfaction 满意率). No rows at first: the built-in defaults hold (化解率 98 %,
日报报送率 100 %, 及时上报率 100 %) until an admin sets a year's target.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column(
            "figure",
            sa.Enum(
                "resolution",
                "reporting",
                "timely",
                "success",
                "satisfaction",
                name="figurecode",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value_pct", sa.Float(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_figure_targets_year", "figure_targets", ["year", "figure"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_figure_targets_year", table_name="figure_targets")
    op.drop_table("figure_targets")
