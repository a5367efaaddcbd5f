"""job_runs: the app's claim on the reminders (issue 21)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 04:00:00

job_runs (db.models.inbox.JobRun): when a periodic job last started, claimed by one UPDATE so
that of several processes only one runs `remind` in a minute. (The reminders read the cases by
ix_cases_stage_deadline, there since 0001.)
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
