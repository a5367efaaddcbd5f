"""The indexes of `cases`, each with the migration that made it and what reads it.

Kept apart from the table (db.models.core) because they are many and each has its reason;
bench/README.md has the measurements behind them.
"""

import sqlalchemy as sa

# The columns the dashboard's figures read, after the unit and the period (see Case's indexes).
FIGURE_COLUMNS = (
    "stage",
    "deadline",
    "responsible_unit_id",
    "responsible_user_id",
    "category",
    "risk",
    "resolved_at",
    "resolved_level",
    "reopened_count",
)
# Where an open case happened, who handles it, and what it is: the overdue count's columns.
LIVE_COLUMNS = ("unit_id", "responsible_unit_id", "responsible_user_id", "category", "risk")

# The covering indexes (migration 0004) let the dashboard, the board and the ledger count
# from an index alone; bench/README.md has the measurements.
CASE_INDEXES = (
    sa.Index("ix_cases_stage_deadline", "stage", "deadline"),
    sa.Index("ix_cases_unit_found", "unit_id", "found_on", *FIGURE_COLUMNS),
    sa.Index("ix_cases_found_cover", "found_on", "unit_id", *FIGURE_COLUMNS),
    sa.Index(
        "ix_cases_stage_scope", "stage", "unit_id", "responsible_unit_id", "responsible_user_id"
    ),
    # Migration 0008: the dashboard's live parts (db.figures.source), led by what they pick.
    sa.Index("ix_cases_stage_found", "stage", "found_on", "deadline", *LIVE_COLUMNS),
    sa.Index(
        "ix_cases_user_found",
        "responsible_user_id",
        "found_on",
        "unit_id",
        "responsible_unit_id",
    ),
    # Migration 0025: the board's card orders (db.cases.board), walked instead of sorted.
    sa.Index("ix_cases_stage_resolved", "stage", "resolved_at", "id"),
    sa.Index("ix_cases_stage_risk_created", "stage", "risk", "created_at", "id"),
    # The board's "reported to me" row (db.cases.report_up): the few reported cases only.
    sa.Index(
        "ix_cases_reported_up",
        "reported_up_to_unit_id",
        "reported_up_at",
        "id",
        sqlite_where=sa.text("reported_up_to_unit_id IS NOT NULL"),
        postgresql_where=sa.text("reported_up_to_unit_id IS NOT NULL"),
    ),
    # Migration 0029: the board's coordinator lists (settled on the spot lately, referrals
    # waiting for an outcome), walked in their order instead of filtered from every case.
    sa.Index("ix_cases_spot_settled", "stage", "settled_on_spot", "resolved_at", "id"),
    sa.Index("ix_cases_referral_waiting", "stage", "referral_outcome", "finished_at", "id"),
    # The ledger filtered by category and risk: its page in date order, its total index-only.
    sa.Index(
        "ix_cases_category_risk",
        "category",
        "risk",
        "found_on",
        "stage",
        "unit_id",
        "responsible_unit_id",
        "responsible_user_id",
    ),
    # The admin's count of the cases carrying each local category (the few that do).
    sa.Index(
        "ix_cases_local_category",
        "local_category_id",
        sqlite_where=sa.text("local_category_id IS NOT NULL"),
        postgresql_where=sa.text("local_category_id IS NOT NULL"),
    ),
)
