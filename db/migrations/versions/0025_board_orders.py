"""board orders: indexes the board's resolved and registered columns walk in card order

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-06 04:40:00

The resolved column (longest waiting first: resolved_at, id) sorted every resolved case of the
scope (~35,000 at 1,000,000 cases) for 20 cards; the registered column (highest risk, then the
longest waiting) sorted on an expression no index serves. db.cases.board now walks
(stage, resolved_at, id) and, once per risk, (stage, risk, created_at, id), stopping at the
cards it shows. bench/README.md has the measurements.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_stage_resolved", ["stage", "resolved_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_cases_stage_risk_created", ["stage", "risk", "created_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_stage_risk_created")
        batch_op.drop_index("ix_cases_stage_resolved")
