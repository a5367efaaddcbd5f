"""Running tallies of the ledger for the dashboard (db.figures.tally keeps them, db.figures.source reads
them): per piece of the calendar, unit, handling unit, category and risk, how many of the cases
found then are open, resolved, closed, ...; and per piece, unit and handling unit, how many
resolved cases took how many days.

A piece (first_day..last_day) is one ISO week cut at month ends: it lies inside one week and one
month, so a week's or a month's figure is a sum of whole pieces. Nobody writes these tables but
the database's own triggers on `cases`, in the same transaction as the change to the case."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.enums import Category, Risk
from db.models.core import code_type


class CaseTally(SQLModel, table=True):
    """The cases found in one piece, in one unit (where it happened), handled by one unit
    (responsible_unit_id, 0 = nobody yet), of one category and risk: one column per measure
    of db.figures.tally.MEASURES, each the number of those cases it holds for."""

    __tablename__ = "case_tallies"
    # Migration 0025: the board's resolved/closed/referred counts scan this, not the rows.
    __table_args__ = (
        sa.Index(
            "ix_case_tallies_board",
            "unit_id",
            "responsible_unit_id",
            "category",
            "risk",
            "resolved",
            "closed",
            "referred",
        ),
    )
    first_day: date = Field(primary_key=True)
    unit_id: int = Field(primary_key=True)
    responsible_unit_id: int = Field(primary_key=True)
    category: Category = Field(sa_type=code_type(Category), primary_key=True)
    risk: Risk = Field(sa_type=code_type(Risk), primary_key=True)
    last_day: date
    registered: int = 0
    open: int = 0
    resolved: int = 0
    closed: int = 0
    referred: int = 0
    reopened: int = 0
    timed: int = 0
    on_time: int = 0
    dated: int = 0
    kept_village: int = 0
    kept_town: int = 0
    kept_county: int = 0


class ResolveDays(SQLModel, table=True):
    """The resolved cases with a resolution time (the `dated` measure) found in one piece, in
    one unit, handled by one unit, that took `days` whole days from found_on to the local date
    of resolution: `cases` of them. Read for the median days to resolve."""

    __tablename__ = "case_resolve_days"
    first_day: date = Field(primary_key=True)
    unit_id: int = Field(primary_key=True)
    responsible_unit_id: int = Field(primary_key=True)
    days: int = Field(primary_key=True)
    last_day: date
    cases: int = 0
