"""What a ledger import would do: the plan the preview makes (db.io.imports.preview) and the apply
step writes (db.io.imports.apply): the cases it would create, row by row, every problem with its
sheet row and column, and the plan's report in Chinese.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from db import texts
from db.enums import PartyRole, Stage


@dataclass(frozen=True, slots=True)  # a file may carry hundreds of thousands
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
    original_number: str | None = None  # the ledger's number, taken: the case gets a new one
    same_as: str | None = None  # the number of the case already in that this row is: skipped
    local_category_id: int | None = None  # a local category named by the cell; category: its base
    local_category: str | None = None  # its name, for the preview


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
    not_imported: list[tuple[str, str, str]] = field(default_factory=list)  # letter, header,
    # an example (db.io.imports.workbook.LedgerFile.not_imported)
    columns: list[tuple[str, str, str, str]] = field(default_factory=list)  # letter, header,
    # field, how it was recognised

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
        """The cases to create: not those already in (same_as), nor, when asked, rows in error."""
        bad = self.error_rows if skip_rows_in_error else set()
        return [c for c in self.cases if c.row not in bad and c.same_as is None]

    @property
    def already_in(self) -> list[PlannedCase]:
        return [c for c in self.cases if c.same_as is not None]

    def table(self) -> list[dict[str, object]]:
        """One line per row of the file: what will be created (for a data frame)."""
        bad = self.error_rows
        return [
            {
                texts.IMP_COL_ROW: c.row,
                texts.FIELDS["number"]: c.number
                or (
                    texts.IMP_NEW_NUMBER_FOR.format(number=c.original_number)
                    if c.original_number
                    else texts.IMP_NEW_NUMBER
                ),
                texts.FIELDS["unit_id"]: c.village,
                texts.FIELDS["category"]: c.local_category or texts.label(c.category),
                texts.FIELDS["found_on"]: c.found_on,
                texts.FIELDS["parties"]: "、".join(p.name for p in c.parties),
                texts.FIELDS["stage"]: texts.label(c.stage),
                texts.IMP_COL_STATUS: texts.IMP_ROW_ERROR
                if c.row in bad
                else (
                    texts.IMP_ROW_SAME.format(number=c.same_as) if c.same_as else texts.IMP_ROW_OK
                ),
            }
            for c in self.cases
        ]


def report_lines(plan: ImportPlan) -> list[str]:
    """The preview in Chinese, as the CLI prints it and the page lists it."""
    return list(iter_report_lines(plan))


def iter_report_lines(plan: ImportPlan) -> Iterator[str]:
    """The report's lines one at a time (a file with many problems has many)."""
    yield texts.IMP_SUMMARY.format(
        file=plan.filename,
        sheet=plan.sheet,
        rows=plan.rows_read,
        errors=len(plan.errors),
        error_rows=len(plan.error_rows),
        warnings=len(plan.warnings),
    )
    if plan.missing_units:
        names = "、".join(plan.missing_units)
        template = (
            texts.IMP_UNITS_TO_CREATE if plan.create_missing_units else texts.IMP_UNITS_MISSING
        )
        yield template.format(names=names)
    for letter, name, key, how in plan.columns:
        yield texts.IMP_COLUMN_MAPPED.format(
            letter=letter,
            name=name,
            field=texts.IMP_FIELD_NAMES.get(key, key),
            how=texts.IMP_MAPPED_HOW.get(how) or texts.IMP_MAPPED_BY_WORD.format(word=how),
        )
    for letter, name, example in plan.not_imported:
        yield texts.IMP_NOT_IMPORTED.format(
            letter=letter,
            name=name or texts.IMP_NO_HEADER_NAME,
            example=example or texts.IMP_NO_EXAMPLE,
        )
    for problem in sorted(plan.problems, key=lambda p: (p.row, not p.error)):
        yield problem.line()
