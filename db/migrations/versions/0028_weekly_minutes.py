"""weekly minutes: the weekly meeting's minutes (研判会议纪要) and the cases it handed out

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 06:30:00

weekly_meetings (db.models.meetings): one per unit and week (the Monday), with the date held and
the attendees. weekly_meeting_items: one per case the meeting handed out (交办, or 接收 of a case
reported up) — the decision, the four fixes given, or the refusal's reason.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVES = (
    "assign",
    "start",
    "resolve",
    "refer",
    "close",
    "escalate",
    "reopen",
    "revisit",
    "recall",
    "report_up",
    "take",
    "return",
)


def upgrade() -> None:
    op.create_table(
        "weekly_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "week_start", name="uq_weekly_meetings_unit_week"),
    )
    op.create_table(
        "weekly_meeting_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "move", sa.Enum(*MOVES, name="move", native_enum=False, length=32), nullable=False
        ),
        sa.Column("assigned", sa.Boolean(), nullable=False),
        sa.Column("refusal", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("lead_leader_id", sa.Integer(), nullable=True),
        sa.Column("lead_leader", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("responsible_unit_id", sa.Integer(), nullable=True),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["lead_leader_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["weekly_meetings.id"]),
        sa.ForeignKeyConstraint(["responsible_unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["responsible_user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_weekly_meeting_items_meeting_id", "weekly_meeting_items", ["meeting_id"], unique=False
    )
    op.create_index(
        "ix_weekly_meeting_items_case_id", "weekly_meeting_items", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_weekly_meeting_items_case_id", table_name="weekly_meeting_items")
    op.drop_index("ix_weekly_meeting_items_meeting_id", table_name="weekly_meeting_items")
    op.drop_table("weekly_meeting_items")
    op.drop_table("weekly_meetings")
