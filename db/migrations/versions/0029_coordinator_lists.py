"""coordinator lists: indexes for the board's two lists a coordinator reads on every rerun

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 09:30:00

Below the board, a coordinator sees the cases settled on the spot in the last days
(db.cases.on_the_spot.recently_settled) and the referrals still waiting for an outcome
(db.cases.aftercare.referrals_waiting). The first walked every case resolved in those days
county-wide to find the few settled on the spot; the second read every referred case of the
scope and sorted them (a temporary B-tree) for its 200 oldest: 15 and 28 ms at 100,000 cases,
growing with the ledger, on every rerun of the board. Each now walks an index in its own order
and stops at its limit. bench/README.md has the measurements.

On SQLite the new indexes are ANALYZEd when the database has statistics (as in 0025).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_spot_settled", ["stage", "settled_on_spot", "resolved_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_cases_referral_waiting",
            ["stage", "referral_outcome", "finished_at", "id"],
            unique=False,
        )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first():
        op.execute("ANALYZE ix_cases_spot_settled")
        op.execute("ANALYZE ix_cases_referral_waiting")


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_referral_waiting")
        batch_op.drop_index("ix_cases_spot_settled")
