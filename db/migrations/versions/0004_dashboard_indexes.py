"""dashboard indexes: covering indexes for the figures, the board and the ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 13:40:00

Measured at 1,000,000 cases (bench/README.md, "Candidate indexes"): the dashboard's figures read
every column they touch from an index led by the period (found_on) or by the unit, instead of
the table; the board's and the ledger's stage counts read one narrow index. Figures 1.7-2.8x,
board 6-11x, ledger's first page 2-3x faster; +11 % on the file and +5-19 % on a bulk write.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns the figures read (db/figures/metrics.py), after the leading ones.
_FIGURE_COLUMNS = [
    "stage",
    "deadline",
    "responsible_unit_id",
    "responsible_user_id",
    "category",
    "risk",
    "resolved_at",
    "resolved_level",
    "reopened_count",
]


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_unit_found")
        batch_op.create_index(
            "ix_cases_unit_found", ["unit_id", "found_on", *_FIGURE_COLUMNS], unique=False
        )
        batch_op.create_index(
            "ix_cases_found_cover", ["found_on", "unit_id", *_FIGURE_COLUMNS], unique=False
        )
        batch_op.create_index(
            "ix_cases_stage_scope",
            ["stage", "unit_id", "responsible_unit_id", "responsible_user_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_stage_scope")
        batch_op.drop_index("ix_cases_found_cover")
        batch_op.drop_index("ix_cases_unit_found")
        batch_op.create_index("ix_cases_unit_found", ["unit_id", "found_on"], unique=False)
