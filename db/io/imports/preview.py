"""Importing an office's Excel ledger (台账), step 2: the preview. Every row of the ledger read by
db.io.imports.workbook is checked and planned as a case under the town, with every problem at its
sheet row and column; nothing is written.

    plan = preview(session, actor=actor, ledger=ledger, town_code="QSZ")

Records of the past keep their dates: deadlines already passed and old resolution dates are
history, not decisions made now. Responsible units and people that match no unit or account are
kept as recorded text. Writing the plan is db.io.imports.apply.
"""

from sqlalchemy import or_
from sqlmodel import Session, col, select

from db import texts
from db.cases.categories import local_by_name
from db.clock import local_today
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope
from db.core.validation import plain_search
from db.enums import Role
from db.io.imports.plan import ImportPlan, Problem
from db.io.imports.row_reader import PLAIN_NAME, RowReader
from db.io.imports.rows import (
    text_of,
)
from db.io.imports.words import local_key
from db.io.imports.workbook import COLUMN_SYNONYMS, LedgerFile
from db.models import Case, Party, Unit, User


def unit_tree(session: Session, path: str) -> list[Unit]:
    return list(session.exec(select(Unit).where(col(Unit.path).startswith(path, autoescape=True))))


def preview(
    session: Session,
    *,
    actor: Actor,
    ledger: LedgerFile,
    town_code: str,
    create_missing_units: bool = False,
    renumber_taken: bool = False,
) -> ImportPlan:
    """What importing the ledger under the town would create, and every problem, row by row.
    Writes nothing. A row whose number is already in the database (as a number or as a 原编号)
    is the same case when its parties and found date are the same: it is skipped, so a file
    imported twice, or our own export, creates nothing twice. Otherwise the number is taken: an
    error, or with `renumber_taken` the row gets a new number and keeps its own as 原编号."""
    require(actor.role, Permission.IMPORT)
    town = session.exec(select(Unit).where(Unit.code == town_code)).first()
    if town is None:
        raise Refused(texts.IMP_UNKNOWN_UNIT_CODE.format(code=town_code))
    if not town.path.startswith(actor.unit_path):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    if not town.active:  # imported cases are new cases: a deactivated town takes none
        raise Refused(texts.E_UNIT_INACTIVE.format(unit=town.name))
    plan = ImportPlan(
        filename=ledger.filename,
        sheet=ledger.sheet,
        town_id=town.id or 0,
        town_code=town.code,
        rows_read=len(ledger.rows),
        create_missing_units=create_missing_units and actor.role == Role.ADMIN,
        not_imported=list(ledger.not_imported),
        columns=list(ledger.columns),
    )
    for key in ledger.missing:
        plan.problems.append(
            Problem(
                row=ledger.header_row,
                column=COLUMN_SYNONYMS[key][0],
                message=texts.IMP_MISSING_COLUMN,
                whole_file=True,
            )
        )
    villages = {u.name: u for u in unit_tree(session, town.path) if u.id != town.id}
    in_scope = unit_tree(session, actor.unit_path)
    unit_by_name = {u.name: u.id for u in in_scope}
    scope_ids = {u.id for u in in_scope}
    people: dict[str, list[tuple[int, int]]] = {}
    for user_id, name, unit_id in session.exec(
        select(User.id, User.display_name, User.unit_id).where(col(User.is_active))
    ):
        if unit_id in scope_ids:
            people.setdefault(name, []).append((user_id or 0, unit_id))
    numbers = [plain_search(text_of(r.cells.get("number"))) for r in ledger.rows]
    taken = existing_numbers(session, [n for n in numbers if n])
    known = known_cases(session, [n for n in numbers if n])
    same_rows: set[int] = set()
    first_row_of: dict[str, int] = {}
    today = local_today()
    missing: dict[str, None] = {}
    local = {local_key(name): found for name, found in local_by_name(session).items()}
    for row in ledger.rows:
        reader = RowReader(row, ledger.headers, plan.problems)
        planned = reader.read(
            today=today,
            town=town,
            villages=villages,
            unit_by_name=unit_by_name,
            people=people,
            can_create=plan.create_missing_units,
            missing=missing,
            local=local,
        )
        number = text_of(row.cells.get("number"))
        if number:
            if len(number) > 40 or "\n" in number:
                reader.problem("number", texts.IMP_NUMBER_TOO_LONG, error=False)
                number = ""
            elif not PLAIN_NAME.fullmatch(number):  # a number is shown in titles and links
                reader.problem("number", texts.IMP_NUMBER_ODD, error=False)
                number = ""
            elif number in first_row_of:
                reader.problem("number", texts.IMP_NUMBER_IN_FILE.format(row=first_row_of[number]))
            elif same := _same_case(known.get(number, []), planned, reader.failed_keys):
                reader.problem("number", texts.IMP_SAME_CASE.format(number=same), error=False)
                planned.same_as = same
                same_rows.add(row.number)
            elif number in taken:
                if renumber_taken:
                    reader.problem("number", texts.IMP_RENUMBERED, error=False)
                    planned.original_number = number
                else:
                    reader.problem("number", texts.IMP_NUMBER_EXISTS)
            first_row_of.setdefault(number, row.number)
        planned.number = None if planned.original_number else (number or None)
        plan.cases.append(planned)
    if same_rows:  # a row skipped as a case already in: its cells matter no more (masked IDs...)
        plan.problems[:] = [p for p in plan.problems if not (p.error and p.row in same_rows)]
    plan.missing_units = list(missing)
    return plan


def _same_case(candidates, planned, failed) -> str | None:  # type: ignore[no-untyped-def]
    """The number of a case already in with the row's parties and found date, if one is."""
    if "found_on" in failed or not planned.parties:
        return None
    names = sorted(p.name for p in planned.parties)
    for number, found_on, parties in candidates:
        if found_on == planned.found_on and sorted(parties) == names:
            return number
    return None


def known_cases(session: Session, numbers: list[str]) -> dict[str, list]:  # type: ignore[type-arg]
    """Ledger number → [(case number, found date, its parties' names)] for the cases that have it
    as their number or their 原编号."""
    found: dict[str, list] = {}  # type: ignore[type-arg]
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        rows = session.exec(
            select(Case.id, Case.number, Case.original_number, Case.found_on).where(
                or_(col(Case.number).in_(chunk), col(Case.original_number).in_(chunk))
            )
        ).all()
        names: dict[int, list[str]] = {}
        ids = [r[0] for r in rows]
        for case_id, name in session.exec(
            select(Party.case_id, Party.name).where(col(Party.case_id).in_(ids))
        ):
            names.setdefault(case_id, []).append(name)
        for case_id, number, original, found_on in rows:
            for key in {number, original} - {None}:
                found.setdefault(key, []).append((number, found_on, names.get(case_id, [])))
    return found


def existing_numbers(session: Session, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        found.update(session.exec(select(Case.number).where(col(Case.number).in_(chunk))))
    return found
