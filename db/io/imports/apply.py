"""Importing an office's Excel ledger (台账), step 3: writing the plan of db.io.imports.preview, all of
it or nothing, in one transaction: the cases (the ledger's own numbers kept, new ones given for
the rest, the counters moved past both), their parties and events, the villages the import may
create, and one audit row.

    result = apply(session, actor=actor, plan=plan, filename="台账.xlsx")  # ImportRefused

What each case and its history look like as rows is db.io.imports.records.
"""

import re
import time
from dataclasses import dataclass

from sqlalchemy import text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from db import texts
from db.clock import utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.units import add_unit
from db.enums import AuditAction, UnitKind
from db.io.imports.bulk import insert_rows
from db.io.imports.plan import ImportPlan, PlannedCase
from db.io.imports.preview import existing_numbers, unit_tree
from db.io.imports.records import case_events, case_row, follow_up_row
from db.models import Case, CaseCounter, CaseEvent, FollowUp, Party, Unit


class ImportRefused(Refused):
    """apply() wrote nothing; the message is for the user."""


@dataclass
class ImportResult:
    created: int
    skipped_rows: list[int]
    numbers: list[str]
    units_created: list[str]
    seconds: float
    already_in: int = 0  # rows that are cases already in the database: skipped

    def line(self) -> str:
        done = texts.IMP_DONE.format(
            created=self.created,
            skipped=len(self.skipped_rows),
            units=len(self.units_created),
            seconds=self.seconds,
        )
        return done + (
            texts.IMP_SAME_SKIPPED.format(count=self.already_in) if self.already_in else ""
        )


def apply(
    session: Session,
    *,
    actor: Actor,
    plan: ImportPlan,
    filename: str,
    skip_rows_in_error: bool = False,
) -> ImportResult:
    """Write the plan in one transaction: every case with its parties, its "imported" event and
    the events its stage implies, the numbering counters and one audit row. With any error (and
    rows in error not explicitly left out) nothing is written."""
    started = time.perf_counter()
    require(actor.role, Permission.IMPORT)
    if plan.errors and not (skip_rows_in_error and plan.skippable):
        raise ImportRefused(texts.IMP_REFUSED.format(count=len(plan.errors)))
    chosen = plan.importable(skip_rows_in_error=skip_rows_in_error)
    if not chosen:  # never a success that imported nothing
        reason = texts.IMP_NOTHING_ALL_IN.format(count=len(plan.already_in))
        raise ImportRefused(texts.IMP_NOTHING.format(reason=reason))
    skipped = sorted(plan.error_rows) if skip_rows_in_error else []
    try:
        result = _write(session, actor, plan, chosen, filename)
        audit.record(
            session,
            actor=actor,
            action=AuditAction.IMPORT,
            target=f"import:{filename}",
            detail=texts.IMP_AUDIT.format(
                file=filename,
                rows=plan.rows_read,
                created=len(chosen),
                skipped=len(skipped),
                units=len(result[1]),
            ),
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    numbers, units = result
    return ImportResult(
        created=len(chosen),
        skipped_rows=skipped,
        numbers=numbers,
        units_created=units,
        seconds=time.perf_counter() - started,
        already_in=len(plan.already_in),
    )


def _write(
    session: Session, actor: Actor, plan: ImportPlan, chosen: list[PlannedCase], filename: str
) -> tuple[list[str], list[str]]:
    town = session.get(Unit, plan.town_id)
    assert town is not None
    kept = [c.number for c in chosen if c.number]
    if clash := existing_numbers(session, kept):
        raise ImportRefused(texts.IMP_NUMBERS_TAKEN.format(numbers="、".join(sorted(clash)[:5])))
    created_units = _create_units(session, town, plan, chosen)
    units = {u.id: u for u in unit_tree(session, town.path)}
    numbers = _numbers(session, town, chosen, kept)
    now = utcnow()
    rows = []
    for planned, number in zip(chosen, numbers, strict=True):
        unit_id = planned.unit_id or created_units[planned.village]
        rows.append(case_row(planned, number, unit_id, units[unit_id], actor, now, filename))
    case_ids = _new_case_ids(session, len(rows))
    for case_id, row in zip(case_ids, rows, strict=True):
        row["id"] = case_id
    insert_rows(session, Case.__table__, rows)  # type: ignore[attr-defined]
    parties, events, visits = [], [], []
    for planned, case_id, row in zip(chosen, case_ids, rows, strict=True):
        for party in planned.parties:
            parties.append(
                {
                    "case_id": case_id,
                    "role": party.role,
                    "name": party.name,
                    "id_number": party.id_number,
                    "phone": party.phone,
                    "address": None,
                }
            )
        events.extend(case_events(planned, case_id, row, actor, now, filename))
        if (visit := follow_up_row(planned, case_id)) is not None:
            visits.append(visit)
    insert_rows(session, Party.__table__, parties)  # type: ignore[attr-defined]
    insert_rows(session, CaseEvent.__table__, events)  # type: ignore[attr-defined]
    insert_rows(session, FollowUp.__table__, visits)  # type: ignore[attr-defined]
    session.flush()
    return numbers, list(created_units)


def _new_case_ids(session: Session, count: int) -> list[int]:
    """Ids for the new cases, given up front so that parties and events can name them: from the
    sequence on PostgreSQL (safe beside concurrent registrations), after the largest id on
    SQLite (the write transaction holds the database lock)."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, :n)"
        )
        return [int(i) for i in session.execute(query, {"n": count}).scalars()]
    first = (session.exec(select(func.max(Case.id))).one() or 0) + 1
    return list(range(first, first + count))


def _create_units(
    session: Session, town: Unit, plan: ImportPlan, chosen: list[PlannedCase]
) -> dict[str, int]:
    wanted = list(dict.fromkeys(c.village for c in chosen if c.unit_id is None))
    if not wanted:
        return {}
    if not plan.create_missing_units:
        raise ImportRefused(texts.IMP_UNITS_MISSING.format(names="、".join(wanted)))
    codes = set(session.exec(select(Unit.code)))
    pattern = re.compile(re.escape(town.code) + r"(\d+)")
    serial = max((int(m[1]) for c in codes if (m := pattern.fullmatch(c))), default=0)
    made: dict[str, int] = {}
    for name in wanted:
        serial += 1
        while f"{town.code}{serial:02d}" in codes:
            serial += 1
        kind = UnitKind.COMMUNITY if name.endswith("社区") else UnitKind.VILLAGE
        unit = add_unit(session, code=f"{town.code}{serial:02d}", name=name, kind=kind, parent=town)
        made[name] = unit.id or 0
    session.flush()
    return made


def _numbers(session: Session, town: Unit, chosen: list[PlannedCase], kept: list[str]) -> list[str]:
    """The ledger's own numbers, and new ones (town-year-sequence, by the year found) for the
    rest; the counters move past every number of the town's pattern, so that later
    registrations never collide with an imported number."""
    counters = {
        c.year: c.last
        for c in session.exec(select(CaseCounter).where(CaseCounter.unit_id == town.id))
    }
    pattern = re.compile(re.escape(town.code) + r"-(\d{4})-(\d+)")
    for number in kept:
        if match := pattern.fullmatch(number):
            year, sequence = int(match[1]), int(match[2])
            counters[year] = max(counters.get(year, 0), sequence)
    taken = set(kept)
    numbers = []
    for planned in chosen:
        if planned.number:
            numbers.append(planned.number)
            continue
        year = planned.found_on.year
        prefix = f"{town.code}-{year}-"
        if year not in counters or prefix not in taken:
            taken.update(
                session.exec(select(Case.number).where(col(Case.number).startswith(prefix)))
            )
            taken.add(prefix)
        sequence = counters.get(year, 0) + 1
        while f"{prefix}{sequence:04d}" in taken:
            sequence += 1
        counters[year] = sequence
        numbers.append(f"{prefix}{sequence:04d}")
        taken.add(numbers[-1])
    _save_counters(session, town.id or 0, counters)
    return numbers


def _save_counters(session: Session, town_id: int, counters: dict[int, int]) -> None:
    dialect = session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for year, last in counters.items():
        session.execute(
            upsert(CaseCounter).values(unit_id=town_id, year=year, last=0).on_conflict_do_nothing()
        )
        session.execute(
            update(CaseCounter)
            .where(
                col(CaseCounter.unit_id) == town_id,
                col(CaseCounter.year) == year,
                col(CaseCounter.last) < last,
            )
            .values(last=last)
        )
