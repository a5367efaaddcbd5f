"""Case numbers: <town code>-<year>-<sequence>, per registering town and year.

The counter row is bumped with UPDATE ... RETURNING inside the registering transaction: on
PostgreSQL the row lock, on SQLite the write lock taken by BEGIN IMMEDIATE, makes concurrent
registrations queue, so a number is never given twice. A rolled-back registration gives its
number back with the rollback; gaps could only come from deleted cases, which the app never
deletes."""

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from db.clock import local_today
from db.core.units import town_of
from db.models import CaseCounter, Unit


def next_number(session: Session, unit: Unit) -> str:
    town = town_of(session, unit)
    year = local_today().year
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(CaseCounter).values(unit_id=town.id, year=year, last=0).on_conflict_do_nothing()
    )
    sequence = session.execute(
        update(CaseCounter)
        .where(CaseCounter.unit_id == town.id, CaseCounter.year == year)  # type: ignore[arg-type]
        .values(last=CaseCounter.last + 1)
        .returning(CaseCounter.last)
    ).scalar_one()
    return f"{town.code}-{year}-{sequence:04d}"
