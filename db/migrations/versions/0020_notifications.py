"""notifications: the inbox (issue 21)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 03:20:00

notifications (db.models.inbox): one row per reader and thing to tell, with the case's number
and a short title only; read_at set when read; dedupe_key unique per reader, so a time-driven
reminder (`python -m db remind`) run twice, or repeated after a crash, tells nobody twice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "assigned",
    "extended",
    "flagged",
    "reopened",
    "report_returned",
    "report_taken",
    "reported_to_you",
    "urgent",
    "rectification",
    "rectification_answered",
    "extension_answered",
    "due_soon",
    "due_tomorrow",
    "due_today",
    "overdue",
    "follow_up_late",
    "report_missing",
    "digest",
)


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="noticekind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("rectification_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["rectification_id"], ["rectifications.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_dedupe"),
    )
    op.create_index("ix_notifications_case_id", "notifications", ["case_id"], unique=False)
    op.create_index(
        "ix_notifications_reader", "notifications", ["user_id", "read_at", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_notifications_reader", table_name="notifications")
    op.drop_index("ix_notifications_case_id", table_name="notifications")
    op.drop_table("notifications")
