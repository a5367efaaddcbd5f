"""Importing an office's Excel ledger (台账): read the file, preview every row and every problem
(sheet row and column), then write all of it, or nothing, in one transaction.

    ledger = read_ledger(path_or_bytes, filename="台账.xlsx")      # LedgerUnreadable if it can't
    plan = preview(session, actor=actor, ledger=ledger, town_code="QSZ")
    result = apply(session, actor=actor, plan=plan, filename="台账.xlsx")  # ImportRefused

Records of the past keep their dates: deadlines already passed and old resolution dates are
history, not decisions made now. Responsible units and people that match no unit or account are
kept as recorded text on the case. Cell parsing lives in db.import_rows.
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from db import audit, texts
from db.clock import LOCAL_ZONE, local_today, utcnow
from db.enums import AuditAction, EventKind, Level, PartyRole, Role, Stage, UnitKind
from db.import_rows import (
    COLUMN_SYNONYMS,
    REQUIRED_FIELDS,
    SYNONYM_FIELD,
    CellProblem,
    header_key,
    is_total_row,
    parse_amount_fen,
    parse_category,
    parse_count,
    parse_date,
    parse_id_numbers,
    parse_method,
    parse_outcome,
    parse_phones,
    parse_risk,
    referral_channel,
    split_cell,
    text_of,
)
from db.models import Case, CaseCounter, CaseEvent, Party, Unit, User
from db.permissions import Permission, require
from db.scope import Actor, OutOfScope
from db.units import add_unit

MAX_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 3
MAX_PARTIES = 20


class LedgerUnreadable(Exception):
    """The file is not a ledger this app can read; the message is for the user."""


class ImportRefused(Exception):
    """apply() wrote nothing; the message is for the user."""


# Reading -----------------------------------------------------------------------------------


@dataclass
class LedgerRow:
    number: int  # the row number in the sheet, as Excel shows it
    cells: dict[str, object]  # field key → the raw cell value


@dataclass
class LedgerFile:
    filename: str
    sheet: str
    sheets: list[str]
    header_row: int
    headers: dict[str, str]  # field key → the column's name in the file
    unmapped: list[str]  # columns of the file no field took
    rows: list[LedgerRow]

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED_FIELDS if f not in self.headers]


def sheet_names(data: bytes) -> list[str]:
    """The workbook's sheet names, or none when it cannot be read (for a sheet picker)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # any unreadable file simply offers no sheets
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _load_bytes(source: str | Path | bytes) -> bytes:
    if isinstance(source, bytes):
        return source
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LedgerUnreadable(texts.IMP_FILE_TOO_BIG)
        return path.read_bytes()
    except OSError as error:
        raise LedgerUnreadable(texts.IMP_FILE_MISSING.format(error=error.strerror)) from None


def _check_container(data: bytes, filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if not data:
        raise LedgerUnreadable(texts.IMP_FILE_EMPTY)
    if len(data) > MAX_BYTES:
        raise LedgerUnreadable(texts.IMP_FILE_TOO_BIG)
    if suffix == ".xlsm":
        raise LedgerUnreadable(texts.IMP_FILE_XLSM)
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise LedgerUnreadable(texts.IMP_FILE_XLS)
    if suffix != ".xlsx" or data[:4] != b"PK\x03\x04":
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX)
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise LedgerUnreadable(texts.IMP_FILE_XLSM)


def read_ledger(
    source: str | Path | bytes,
    *,
    filename: str,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
) -> LedgerFile:
    """Read the first sheet (or `sheet`): find the header row under title rows, map its columns
    by name (synonyms; `mapping` = {column name in the file: field key, or None to ignore}),
    keep the rows that hold something and are not totals."""
    from openpyxl import load_workbook

    data = _load_bytes(source)
    _check_container(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise LedgerUnreadable(texts.IMP_FILE_NOT_XLSX) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise LedgerUnreadable(texts.IMP_NO_SHEET.format(sheet=sheet))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        all_rows = list(worksheet.iter_rows(values_only=True))
    finally:
        book.close()
    overrides = {header_key(k): v for k, v in (mapping or {}).items()}

    def field_of(cell: object) -> str | None:
        key = header_key(cell)
        if key in overrides:
            return overrides[key]
        return SYNONYM_FIELD.get(key)

    best, best_score = -1, 0
    for index, values in enumerate(all_rows[:HEADER_SEARCH_ROWS]):
        score = len({field_of(v) for v in values if field_of(v)})
        if score > best_score:
            best, best_score = index, score
    if best_score < MIN_HEADER_MATCHES:
        raise LedgerUnreadable(texts.IMP_NO_HEADER)
    headers: dict[str, str] = {}
    columns: dict[str, int] = {}
    unmapped: list[str] = []
    for column, value in enumerate(all_rows[best]):
        name = "" if value is None else str(value).strip()
        key = field_of(value)
        if key and key not in columns:
            columns[key], headers[key] = column, name
        elif name:
            unmapped.append(name)
    rows = []
    for index in range(best + 1, len(all_rows)):
        values = list(all_rows[index])
        cells = {key: values[c] if c < len(values) else None for key, c in columns.items()}
        if all(text_of(v) == "" for v in cells.values()) or is_total_row(values):
            continue
        rows.append(LedgerRow(number=index + 1, cells=cells))
    return LedgerFile(
        filename=filename,
        sheet=worksheet.title,
        sheets=list(book.sheetnames),
        header_row=best + 1,
        headers=headers,
        unmapped=unmapped,
        rows=rows,
    )


# Preview -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # as the file names it
    message: str
    value: str = ""
    error: bool = True  # False: a warning, imported anyway
    whole_file: bool = False

    def line(self) -> str:
        where = texts.IMP_WHERE.format(row=self.row, column=self.column)
        value = texts.IMP_VALUE.format(value=self.value[:40]) if self.value else ""
        kind = texts.IMP_ERROR if self.error else texts.IMP_WARNING
        return f"{kind} {where}：{self.message}{value}"


@dataclass
class PlannedParty:
    role: PartyRole
    name: str
    id_number: str | None = None
    phone: str | None = None


@dataclass
class PlannedCase:
    row: int
    number: str | None  # the ledger's own number, kept; None: a new one is given
    village: str
    unit_id: int | None  # None: the village is created by the import
    category: object
    found_on: date
    facts: str
    parties: list[PlannedParty]
    stage: Stage
    people_involved: int = 0
    amount_fen: int = 0
    risk: object = None
    deadline: date | None = None
    lead_leader: str | None = None
    responsible_unit_id: int | None = None
    responsible_user_id: int | None = None
    recorded_unit: str | None = None
    recorded_person: str | None = None
    method: object = None
    outcome: str | None = None
    finished_on: date | None = None
    follow_up: str | None = None
    notes: str | None = None


@dataclass
class ImportPlan:
    filename: str
    sheet: str
    town_id: int
    town_code: str
    rows_read: int
    cases: list[PlannedCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)
    create_missing_units: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    @property
    def error_rows(self) -> set[int]:
        return {p.row for p in self.errors if not p.whole_file}

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skippable(self) -> bool:
        """Errors only in rows (which may be left out), none in the file as a whole."""
        return not any(p.whole_file for p in self.errors)

    def importable(self, *, skip_rows_in_error: bool) -> list[PlannedCase]:
        bad = self.error_rows
        return [c for c in self.cases if c.row not in bad] if skip_rows_in_error else self.cases

    def table(self) -> list[dict[str, object]]:
        """One line per row of the file: what will be created (for a data frame)."""
        bad = self.error_rows
        return [
            {
                texts.IMP_COL_ROW: c.row,
                texts.FIELDS["number"]: c.number or texts.IMP_NEW_NUMBER,
                texts.FIELDS["unit_id"]: c.village,
                texts.FIELDS["category"]: texts.label(c.category),
                texts.FIELDS["found_on"]: c.found_on,
                texts.FIELDS["parties"]: "、".join(p.name for p in c.parties),
                texts.FIELDS["stage"]: texts.label(c.stage),
                texts.IMP_COL_STATUS: texts.IMP_ROW_ERROR if c.row in bad else texts.IMP_ROW_OK,
            }
            for c in self.cases
        ]


def _unit_tree(session: Session, path: str) -> list[Unit]:
    return list(session.exec(select(Unit).where(col(Unit.path).startswith(path, autoescape=True))))


def preview(
    session: Session,
    *,
    actor: Actor,
    ledger: LedgerFile,
    town_code: str,
    create_missing_units: bool = False,
) -> ImportPlan:
    """What importing the ledger under the town would create, and every problem, row by row.
    Writes nothing."""
    require(actor.role, Permission.IMPORT)
    town = session.exec(select(Unit).where(Unit.code == town_code)).first()
    if town is None:
        raise ValueError(texts.IMP_UNKNOWN_UNIT_CODE.format(code=town_code))
    if not town.path.startswith(actor.unit_path):
        raise OutOfScope(texts.E_UNIT_OUT_OF_SCOPE)
    plan = ImportPlan(
        filename=ledger.filename,
        sheet=ledger.sheet,
        town_id=town.id or 0,
        town_code=town.code,
        rows_read=len(ledger.rows),
        create_missing_units=create_missing_units and actor.role == Role.ADMIN,
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
    villages = {u.name: u for u in _unit_tree(session, town.path) if u.id != town.id}
    in_scope = _unit_tree(session, actor.unit_path)
    unit_by_name = {u.name: u.id for u in in_scope}
    scope_ids = {u.id for u in in_scope}
    people: dict[str, list[tuple[int, int]]] = {}
    for user_id, name, unit_id in session.exec(
        select(User.id, User.display_name, User.unit_id).where(col(User.is_active))
    ):
        if unit_id in scope_ids:
            people.setdefault(name, []).append((user_id or 0, unit_id))
    numbers = [text_of(r.cells.get("number")) for r in ledger.rows]
    taken = _existing_numbers(session, [n for n in numbers if n])
    first_row_of: dict[str, int] = {}
    today = local_today()
    missing: dict[str, None] = {}
    for row in ledger.rows:
        reader = _RowReader(row, ledger.headers, plan.problems)
        planned = reader.read(
            today=today,
            town=town,
            villages=villages,
            unit_by_name=unit_by_name,
            people=people,
            can_create=plan.create_missing_units,
            missing=missing,
        )
        number = text_of(row.cells.get("number"))
        if number:
            if len(number) > 40 or "\n" in number:
                reader.problem("number", texts.IMP_NUMBER_TOO_LONG, error=False)
                number = ""
            elif number in first_row_of:
                reader.problem("number", texts.IMP_NUMBER_IN_FILE.format(row=first_row_of[number]))
            elif number in taken:
                reader.problem("number", texts.IMP_NUMBER_EXISTS)
            first_row_of.setdefault(number, row.number)
        if planned is not None:
            planned.number = number or None
            plan.cases.append(planned)
    plan.missing_units = list(missing)
    return plan


def _existing_numbers(session: Session, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        found.update(session.exec(select(Case.number).where(col(Case.number).in_(chunk))))
    return found


class _RowReader:
    """Reads one row into a PlannedCase, adding each cell's problem with row and column."""

    def __init__(self, row: LedgerRow, headers: dict[str, str], problems: list[Problem]) -> None:
        self.row, self.headers, self.problems = row, headers, problems
        self.failed = False
        self.failed_keys: set[str] = set()

    def problem(self, key: str, message: str, *, error: bool = True) -> None:
        value = self.row.cells.get(key)
        self.problems.append(
            Problem(
                row=self.row.number,
                column=self.headers.get(key, COLUMN_SYNONYMS[key][0]),
                message=message,
                value=""
                if value is None
                else str(text_of(value) if isinstance(value, datetime) else value),
                error=error,
            )
        )
        self.failed = self.failed or error
        if error:
            self.failed_keys.add(key)

    def cell(self, key: str, parse, default=None):  # type: ignore[no-untyped-def]
        if key not in self.headers:  # a missing column is reported once, for the file
            return default
        try:
            return parse(self.row.cells.get(key))
        except CellProblem as refused:
            self.problem(key, str(refused))
            return default

    def text(self, key: str, limit: int) -> str | None:
        value = self.row.cells.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > limit:
            self.problem(key, texts.V_TOO_LONG.format(max=limit))
            return None
        return text or None

    def read(  # type: ignore[no-untyped-def]
        self, *, today, town, villages, unit_by_name, people, can_create, missing
    ) -> PlannedCase | None:
        found_on = self.cell("found_on", parse_date)
        if found_on is None and "found_on" in self.headers and "found_on" not in self.failed_keys:
            self.problem("found_on", texts.V_REQUIRED)
        elif found_on is not None and found_on > today:
            self.problem("found_on", texts.V_FUTURE_DATE)
            found_on = None
        village_name = text_of(self.row.cells.get("village"))
        unit_id: int | None = town.id
        if village_name:
            unit = next(
                (villages[n] for n in (village_name, village_name + "村") if n in villages), None
            )
            if unit is not None:
                unit_id, village_name = unit.id, unit.name
            else:
                missing[village_name] = None
                unit_id = None
                if not can_create:
                    self.problem("village", texts.IMP_UNKNOWN_VILLAGE.format(town=town.name))
        else:
            village_name = town.name
        category = self.cell("category", parse_category)
        facts = self.text("facts", 2000)
        if not facts and "facts" in self.headers and "facts" not in self.failed_keys:
            self.problem("facts", texts.V_REQUIRED)
        parties = [
            PlannedParty(role=_role(i), name=name)
            for i, name in enumerate(split_cell(self.row.cells.get("parties")))
        ]
        if not parties and "parties" in self.headers:
            self.problem("parties", texts.V_NO_PARTY)
        elif len(parties) > MAX_PARTIES:
            self.problem("parties", texts.V_TOO_MANY_PARTIES.format(max=MAX_PARTIES))
        elif any(len(p.name) > 50 for p in parties):
            self.problem("parties", texts.V_TOO_LONG.format(max=50))
        ids = self.cell("id_number", lambda v: parse_id_numbers(v, today=today), [])
        phones = self.cell("phone", parse_phones, [])
        for key, values, attr in (("id_number", ids, "id_number"), ("phone", phones, "phone")):
            if parties and len(values) > len(parties):
                self.problem(key, texts.IMP_MORE_THAN_PARTIES)
                continue
            for party, value in zip(parties, values, strict=False):
                setattr(party, attr, value)
        risk = self.cell("risk", parse_risk)
        if risk is None and "risk" not in self.failed_keys:
            from db.enums import Risk

            risk = Risk.LOW
            if "risk" in self.headers:
                self.problem("risk", texts.IMP_RISK_DEFAULT, error=False)
        deadline = self.cell("deadline", parse_date)
        finished_on = self.cell("finished_on", parse_date)
        if finished_on and finished_on > today:
            self.problem("finished_on", texts.V_FUTURE_DATE)
        elif finished_on and found_on and finished_on < found_on:
            self.problem("finished_on", texts.IMP_FINISHED_BEFORE_FOUND)
        lead_leader = self.text("lead_leader", 50)
        unit_text = self.text("responsible_unit", 100)
        person_text = self.text("responsible_person", 50)
        responsible_unit_id = unit_by_name.get(unit_text) if unit_text else None
        responsible_user_id = None
        if person_text and person_text in people:
            matches = people[person_text]
            chosen = [m for m in matches if m[1] == responsible_unit_id] or matches
            if len(chosen) == 1:
                responsible_user_id = chosen[0][0]
        outcome_text = self.text("outcome", 2000)
        stage = self.cell("outcome", parse_outcome)
        if stage is None and "outcome" not in self.failed_keys:
            if finished_on:
                stage = Stage.RESOLVED
            elif deadline or unit_text or person_text or lead_leader:
                stage = Stage.ASSIGNED
            else:
                stage = Stage.REGISTERED
        if (
            stage in (Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED)
            and not finished_on
            and "finished_on" not in self.failed_keys
        ):
            self.problem("finished_on", texts.IMP_NO_FINISH_DATE, error=False)
        planned = PlannedCase(
            row=self.row.number,
            number=None,
            village=village_name,
            unit_id=unit_id,
            category=category,
            found_on=found_on or today,
            facts=facts or "",
            parties=parties,
            stage=stage or Stage.REGISTERED,
            people_involved=self.cell("people_involved", parse_count, 0),
            amount_fen=self.cell("amount", parse_amount_fen, 0),
            risk=risk,
            deadline=deadline,
            lead_leader=lead_leader,
            responsible_unit_id=responsible_unit_id,
            responsible_user_id=responsible_user_id,
            recorded_unit=None if responsible_unit_id else unit_text,
            recorded_person=None if responsible_user_id else person_text,
            method=self.cell("method", parse_method),
            outcome=outcome_text,
            finished_on=finished_on,
            follow_up=self.text("follow_up", 500),
            notes=self.text("notes", 1000),
        )
        return planned


def _role(index: int) -> PartyRole:
    return (PartyRole.APPLICANT, PartyRole.RESPONDENT)[index] if index < 2 else PartyRole.OTHER


def report_lines(plan: ImportPlan) -> list[str]:
    """The preview in Chinese, as the CLI prints it and the page lists it."""
    lines = [
        texts.IMP_SUMMARY.format(
            file=plan.filename,
            sheet=plan.sheet,
            rows=plan.rows_read,
            errors=len(plan.errors),
            error_rows=len(plan.error_rows),
            warnings=len(plan.warnings),
        )
    ]
    if plan.missing_units:
        names = "、".join(plan.missing_units)
        template = (
            texts.IMP_UNITS_TO_CREATE if plan.create_missing_units else texts.IMP_UNITS_MISSING
        )
        lines.append(template.format(names=names))
    lines.extend(p.line() for p in sorted(plan.problems, key=lambda p: (p.row, not p.error)))
    return lines


# Apply -------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int
    skipped_rows: list[int]
    numbers: list[str]
    units_created: list[str]
    seconds: float

    def line(self) -> str:
        return texts.IMP_DONE.format(
            created=self.created,
            skipped=len(self.skipped_rows),
            units=len(self.units_created),
            seconds=self.seconds,
        )


def _moment(day: date) -> datetime:
    """A day of the records as an instant: noon in the offices' zone."""
    return datetime.combine(day, clock_time(12), LOCAL_ZONE).astimezone(UTC)


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
    )


def _write(
    session: Session, actor: Actor, plan: ImportPlan, chosen: list[PlannedCase], filename: str
) -> tuple[list[str], list[str]]:
    town = session.get(Unit, plan.town_id)
    assert town is not None
    kept = [c.number for c in chosen if c.number]
    if clash := _existing_numbers(session, kept):
        raise ImportRefused(texts.IMP_NUMBERS_TAKEN.format(numbers="、".join(sorted(clash)[:5])))
    created_units = _create_units(session, town, plan, chosen)
    units = {u.id: u for u in _unit_tree(session, town.path)}
    numbers = _numbers(session, town, chosen, kept)
    now = utcnow()
    rows = []
    for planned, number in zip(chosen, numbers, strict=True):
        unit_id = planned.unit_id or created_units[planned.village]
        rows.append(_case_row(planned, number, unit_id, units[unit_id], actor, now, filename))
    case_ids = _new_case_ids(session, len(rows))
    for case_id, row in zip(case_ids, rows, strict=True):
        row["id"] = case_id
    for start in range(0, len(rows), 5000):
        session.execute(Case.__table__.insert(), rows[start : start + 5000])  # type: ignore[attr-defined]
    parties, events = [], []
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
        events.extend(_events(planned, case_id, row, actor, now, filename))
    # Core inserts (no ORM bookkeeping): executemany batches of many rows per statement.
    for table, values in ((Party.__table__, parties), (CaseEvent.__table__, events)):
        for start in range(0, len(values), 5000):
            session.execute(table.insert(), values[start : start + 5000])  # type: ignore[attr-defined]
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


def _level(unit: Unit) -> Level:
    if unit.kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
        return Level.VILLAGE
    if unit.kind == UnitKind.COUNTY:
        return Level.COUNTY
    return Level.TOWN  # a town, or a department under it


def _case_row(  # type: ignore[no-untyped-def]
    planned: PlannedCase, number: str, unit_id: int, unit: Unit, actor: Actor, now, filename
) -> dict[str, object]:
    stage = planned.stage
    finished = planned.finished_on or planned.found_on
    done = stage in (Stage.RESOLVED, Stage.CLOSED)
    referred = stage == Stage.REFERRED
    return {
        "number": number,
        "category": planned.category,
        "found_via": "screening",
        "found_on": planned.found_on,
        "unit_id": unit_id,
        "facts": planned.facts,
        "people_involved": planned.people_involved,
        "amount_fen": planned.amount_fen,
        "risk": planned.risk,
        "group_risk": False,
        "violence_risk": False,
        "stage": stage,
        "lead_leader": planned.lead_leader,
        "responsible_unit_id": planned.responsible_unit_id,
        "responsible_user_id": planned.responsible_user_id,
        "deadline": planned.deadline,
        "handling_unit_id": unit_id,
        "resolved_at": _moment(finished) if done else None,
        "resolved_level": _level(unit) if done else None,
        "resolution_method": planned.method if done else None,
        "resolution_summary": planned.outcome if done else None,
        "agreement_signed": False,
        "court_confirmed": False,
        "referral_channel": referral_channel(planned.outcome) if referred else None,
        "referral_reason": planned.outcome if referred else None,
        "reopened_count": 0,
        "flagged": False,
        "flag_note": None,
        "created_at": now,
        "created_by_id": actor.id,
        "updated_at": now,
        "updated_by_id": actor.id,
        "finished_at": _moment(finished) if stage in (Stage.CLOSED, Stage.REFERRED) else None,
        "version": 1,
        "intake_token": None,
        "recorded_responsible_unit": planned.recorded_unit,
        "recorded_responsible_person": planned.recorded_person,
        "recorded_follow_up": planned.follow_up,
        "recorded_notes": planned.notes,
        "import_source": texts.IMP_SOURCE.format(file=filename, row=planned.row)[:200],
    }


def _events(  # type: ignore[no-untyped-def]
    planned: PlannedCase, case_id: int, row: dict, actor: Actor, now, filename
) -> list[dict[str, object]]:
    """The "imported" event, and the history the stage implies, dated as the ledger has it."""
    import json

    def event(kind, at, stage_from, stage_to, detail) -> dict[str, object]:  # type: ignore[no-untyped-def]
        return {
            "case_id": case_id,
            "kind": kind,
            "at": at,
            "actor_id": actor.id,
            "stage_from": stage_from,
            "stage_to": stage_to,
            "detail": json.dumps(detail, ensure_ascii=False, default=str)[:4000],
        }

    stage = planned.stage
    found = _moment(planned.found_on)
    ended = _moment(planned.finished_on or planned.found_on)
    made = [
        event(
            EventKind.IMPORTED,
            now,
            None,
            stage,
            {"file": filename, "row": planned.row, "number": row["number"]},
        )
    ]
    if stage != Stage.REGISTERED:
        made.append(
            event(
                EventKind.ASSIGNED,
                found,
                Stage.REGISTERED,
                Stage.ASSIGNED,
                {
                    "lead_leader": planned.lead_leader,
                    "responsible_unit": planned.recorded_unit or "",
                    "responsible_user": planned.recorded_person or "",
                    "deadline": planned.deadline,
                },
            )
        )
    if stage in (Stage.MEDIATING, Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED):
        made.append(event(EventKind.STAGE_CHANGED, found, Stage.ASSIGNED, Stage.MEDIATING, {}))
    if stage in (Stage.RESOLVED, Stage.CLOSED):
        detail = {"method": texts.label(planned.method) if planned.method else ""}
        detail["summary"] = planned.outcome or ""
        made.append(event(EventKind.STAGE_CHANGED, ended, Stage.MEDIATING, Stage.RESOLVED, detail))
    if stage == Stage.CLOSED:
        made.append(event(EventKind.STAGE_CHANGED, ended, Stage.RESOLVED, Stage.CLOSED, {}))
    if stage == Stage.REFERRED:
        channel = row["referral_channel"]
        detail = {"channel": texts.label(channel) if channel else "", "reason": planned.outcome}
        made.append(event(EventKind.STAGE_CHANGED, ended, Stage.MEDIATING, Stage.REFERRED, detail))
    if planned.follow_up:
        made.append(event(EventKind.NOTE, ended, None, None, {"note": planned.follow_up}))
    return made
