"""board orders: indexes the board's columns walk in card order, and its counts read

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-06 04:40:00

The resolved column (longest waiting first: resolved_at, id) sorted every resolved case of the
scope (~35,000 at 1,000,000 cases) for 20 cards; the registered column (highest risk, then the
longest waiting) sorted on an expression no index serves. db.cases.board now walks
(stage, resolved_at, id) and, once per risk, (stage, risk, created_at, id), stopping at the
cards it shows. The resolved, closed and referred counts come from the running tallies
(db.cases.board_counts), summed from ix_case_tallies_board (narrow) instead of the wide rows.
The board's "reported to me" row (db.cases.report_up.reported_to_me) read every case to find the
few reported up (`reported_up_to_unit_id IN (...)`: 2-11 s at 1M, most of the page's rerun);
ix_cases_reported_up holds those cases alone (partial: NOT NULL). bench/README.md has the
measurements.

On SQLite the new indexes are ANALYZEd when the database has statistics: without theirs, the
planner takes a new index on `stage` for more selective than it is and walks it for the stage
counts and the deadline orders too, reading the table instead of the covering indexes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

REPORTED = "reported_up_to_unit_id IS NOT NULL"

revision: str = "0025"
down_revision: str | None = "0024"
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
    op.create_index(
        "ix_case_tallies_board",
        "case_tallies",
        ["unit_id", "responsible_unit_id", "category", "risk", "resolved", "closed", "referred"],
        unique=False,
    )
    op.create_index(
        "ix_cases_reported_up",
        "cases",
        ["reported_up_to_unit_id", "reported_up_at", "id"],
        unique=False,
        sqlite_where=sa.text(REPORTED),
        postgresql_where=sa.text(REPORTED),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first():
        op.execute("ANALYZE ix_cases_stage_resolved")
        op.execute("ANALYZE ix_cases_stage_risk_created")
        op.execute("ANALYZE ix_case_tallies_board")
        op.execute("ANALYZE ix_cases_reported_up")


def downgrade() -> None:
    op.drop_index("ix_cases_reported_up", table_name="cases")
    op.drop_index("ix_case_tallies_board", table_name="case_tallies")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_stage_risk_created")
        batch_op.drop_index("ix_cases_stage_resolved")
