"""The plan a set-up workbook makes: the units and accounts it would create, how many of its rows
are already there, and every problem, named by sheet, row and column."""

from dataclasses import dataclass, field
from datetime import date

from db import texts
from db.core.errors import Refused
from db.enums import Role, UnitKind
from db.io.setup_book.reader import Problem, SheetRow

MAX_DISPLAY_NAME = 50
H = {**texts.SB_UNIT_HEADERS, **texts.SB_ACCOUNT_HEADERS}  # column key → its header


@dataclass(frozen=True)
class NewUnit:
    row: int
    name: str
    kind: UnitKind
    code: str
    parent: str  # the parent's code
    must_report: bool
    reports_from: date | None


@dataclass(frozen=True)
class NewAccount:
    row: int
    username: str
    display_name: str
    role: Role
    unit: str  # the unit's code
    phone: str | None


@dataclass
class SetupPlan:
    filename: str
    units: list[NewUnit] = field(default_factory=list)  # parent first
    accounts: list[NewAccount] = field(default_factory=list)
    units_there: int = 0
    accounts_there: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return texts.SB_PREVIEW_LINE.format(
            units=len(self.units),
            accounts=len(self.accounts),
            units_there=self.units_there,
            accounts_there=self.accounts_there,
        )


class Sheet:
    """Collects the problems of one sheet's rows."""

    def __init__(self, plan: SetupPlan, title: str) -> None:
        self.plan, self.title = plan, title

    def problem(self, row: SheetRow | int, key: str, message: str) -> None:
        number = row if isinstance(row, int) else row.number
        self.plan.problems.append(Problem(self.title, number, H.get(key, ""), message))

    def cell(self, row: SheetRow, key: str, check, *, required: bool = True):  # type: ignore[no-untyped-def]
        """The cell read by `check`, or None with its problem noted (empty and required too; a
        column missing from the sheet is named once, at the header)."""
        text = row.text(key)
        if not text:
            if required and key in row.cells:
                self.problem(row, key, texts.SB_EMPTY)
            return None
        try:
            return check(text)
        except Refused as refused:
            self.problem(row, key, refused.message)
            return None


def known(value, message: str):  # type: ignore[no-untyped-def]
    if value is None:
        raise Refused(message)
    return value
