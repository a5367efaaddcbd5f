"""coordinator lists, local categories, ledger filters: indexes for what pages read on every rerun

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

The ledger and the intake read the local categories on every rerun, with the number of cases
carrying each: a scan of every case (40 ms at 100,000). They now read the names only
(db.cases.categories.local_categories); the administrator's list counts, on
ix_cases_local_category (partial: the cases that carry one).

The ledger filtered by category and risk counted its total by reading a row of the table for
every case of the category, and walked every case by date for its page. ix_cases_category_risk
leads with both, then the date (the page's order) and what the scope and stage filters read
(the total from the index alone).

On SQLite the new indexes are ANALYZEd when the database has statistics (as in 0025).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

LOCAL = "local_category_id IS NOT NULL"

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
    op.create_index(
        "ix_cases_category_risk",
        "cases",
        [
            "category",
            "risk",
            "found_on",
            "stage",
            "unit_id",
            "responsible_unit_id",
            "responsible_user_id",
        ],
        unique=False,
    )
    op.create_index(
        "ix_cases_local_category",
        "cases",
        ["local_category_id"],
        unique=False,
        sqlite_where=sa.text(LOCAL),
        postgresql_where=sa.text(LOCAL),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first():
        op.execute("ANALYZE ix_cases_spot_settled")
        op.execute("ANALYZE ix_cases_referral_waiting")
        op.execute("ANALYZE ix_cases_local_category")
        op.execute("ANALYZE ix_cases_category_risk")


def downgrade() -> None:
    op.drop_index("ix_cases_local_category", table_name="cases")
    op.drop_index("ix_cases_category_risk", table_name="cases")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_referral_waiting")
        batch_op.drop_index("ix_cases_spot_settled")
