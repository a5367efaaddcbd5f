"""case life: settled on the spot, referral outcomes, and the level that really handled a case

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 00:10:00

- cases.settled_on_spot (当场调结 at intake), cases.referral_outcome and referral_outcome_on
  (what came of a referral, and when).
- The handling level follows the responsible unit a case is assigned to (a village case given
  to the town's 司法所 is handled, and resolved, at the town). Recounted from the timeline: for
  every case assigned in the app (an "assigned" event) and never escalated (no "escalated"
  event, whose handling unit is already the level above), the handling unit becomes the
  responsible unit, and a resolved or closed case's level becomes that unit's level, where
  either changes. Imported ledgers (no "assigned" event) keep the level they were brought in
  with. The tally triggers (migration 0008) see the UPDATE of resolved_level and keep
  case_tallies in step in the same transaction. Plain SQL, the same on SQLite and PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The level of a unit: 村 for a village or community, 镇 for a town, 县 for the county (or a
# root); a department counts at the level of the unit it hangs under (a town or the county).
_LEVEL = """
(SELECT CASE
    WHEN u.kind IN ('village', 'community') THEN 'village'
    WHEN u.kind = 'town' THEN 'town'
    WHEN u.kind = 'county' OR u.parent_id IS NULL THEN 'county'
    WHEN p.kind IN ('village', 'community') THEN 'village'
    WHEN p.kind = 'town' THEN 'town'
    ELSE 'county'
 END
 FROM units AS u LEFT JOIN units AS p ON p.id = u.parent_id
 WHERE u.id = cases.responsible_unit_id)
"""
_ASSIGNED_NOT_ESCALATED = """
cases.responsible_unit_id IS NOT NULL
AND EXISTS (SELECT 1 FROM case_events AS e WHERE e.case_id = cases.id AND e.kind = 'assigned')
AND NOT EXISTS (
    SELECT 1 FROM case_events AS e WHERE e.case_id = cases.id AND e.kind = 'escalated'
)
"""


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN: the table is not rebuilt, its triggers stay
    op.add_column(
        "cases",
        sa.Column("settled_on_spot", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "cases",
        sa.Column(
            "referral_outcome",
            sa.Enum(
                "judgment",
                "award",
                "withdrawn",
                "unknown",
                name="referraloutcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
    )
    op.add_column("cases", sa.Column("referral_outcome_on", sa.Date(), nullable=True))
    op.execute(
        f"UPDATE cases SET resolved_level = {_LEVEL} "
        f"WHERE {_ASSIGNED_NOT_ESCALATED} AND stage IN ('resolved', 'closed') "
        f"AND resolved_level IS NOT NULL AND resolved_level <> {_LEVEL}"
    )
    op.execute(
        "UPDATE cases SET handling_unit_id = responsible_unit_id "
        f"WHERE {_ASSIGNED_NOT_ESCALATED} "
        "AND (handling_unit_id IS NULL OR handling_unit_id <> responsible_unit_id)"
    )


def downgrade() -> None:
    # The recounted levels stay: they are what the timeline says. Not batch_alter_table:
    # rebuilding `cases` on SQLite would drop every trigger on it.
    for column in ("referral_outcome_on", "referral_outcome", "settled_on_spot"):
        op.execute(f"ALTER TABLE cases DROP COLUMN {column}")
