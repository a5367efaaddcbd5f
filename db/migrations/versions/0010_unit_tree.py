"""the unit tree set up by an admin: units may be deactivated, and report from a date

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 22:20:00

units.active: a deactivated unit stays in history and figures but is offered for no new case or
account (a unit with cases, users or reports is never deleted). units.reports_from: the day from
which a unit that must report counts in the reporting figures (empty: from its first day).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("reports_from", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_column("reports_from")
        batch_op.drop_column("active")
