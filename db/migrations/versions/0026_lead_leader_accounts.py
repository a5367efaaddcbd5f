"""lead leader accounts: 包案领导 as a user account, and the team of a hard case (五个一)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 06:20:00

cases.lead_leader_id names the lead leader's account (db.cases.leaders); cases.lead_leader keeps
the name as a snapshot, and alone for history imported from an old ledger. cases.lead_team holds
the names of a hard case's team (专班). ix_cases_lead_leader serves a leader's "my cases".
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN: on SQLite the table is not rebuilt, so its triggers stay.
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a reference only with the column
        op.execute("ALTER TABLE cases ADD COLUMN lead_leader_id INTEGER REFERENCES users(id)")
    else:
        op.add_column("cases", sa.Column("lead_leader_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_cases_lead_leader_id", "cases", "users", ["lead_leader_id"], ["id"]
        )
    op.add_column(
        "cases",
        sa.Column("lead_team", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    )
    op.create_index("ix_cases_lead_leader_id", "cases", ["lead_leader_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_lead_leader_id", table_name="cases")
    # not batch_alter_table: rebuilding `cases` on SQLite would drop every trigger on it
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_cases_lead_leader_id", "cases", type_="foreignkey")
    for column in ("lead_team", "lead_leader_id"):
        op.execute(f"ALTER TABLE cases DROP COLUMN {column}")
