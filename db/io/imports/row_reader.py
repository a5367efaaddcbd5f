"""Importing an office's Excel ledger, one row: its cells read into a planned case, with every
problem at its sheet row and column (db.io.imports.preview reads the whole file with it)."""

import re
from datetime import datetime

from db import texts
from db.core.errors import Invalid
from db.core.validation import check_past_date, clean_text, mask_id_number
from db.enums import PartyRole, Risk, Stage
from db.io.imports.plan import PlannedCase, PlannedParty, Problem
from db.io.imports.rows import (
    CellProblem,
    looks_damaged_by_excel,
    parse_amount_fen,
    parse_count,
    parse_date,
    parse_id_numbers,
    parse_phones,
    split_cell,
    text_of,
)
from db.io.imports.words import (
    parse_category,
    parse_local_category,
    parse_method,
    parse_outcome,
    parse_risk,
)
from db.io.imports.workbook import COLUMN_SYNONYMS, LedgerRow

MAX_PARTIES = 20

# A ledger's own number is kept, and a new village made, when it holds letters, digits, CJK and
# the usual separators only: no markup (< > [ ] * ` ...), which would be read as Markdown where
# numbers and unit names are titles, captions or links.
PLAIN_NAME = re.compile(r"[\w\-/.()（）〔〕【】#＃·、 ]+")


class RowReader:
    """Reads one row into a PlannedCase, adding each cell's problem with row and column."""

    def __init__(self, row: LedgerRow, headers: dict[str, str], problems: list[Problem]) -> None:
        self.row, self.headers, self.problems = row, headers, problems
        self.failed = False
        self.failed_keys: set[str] = set()

    def problem(
        self, key: str, message: str, *, error: bool = True, shown: str | None = None
    ) -> None:
        value = self.row.cells.get(key)
        if shown is None:
            shown = (
                ""
                if value is None
                else str(text_of(value) if isinstance(value, datetime) else value)
            )
        self.problems.append(
            Problem(
                row=self.row.number,
                column=self.headers.get(key, COLUMN_SYNONYMS[key][0]),
                message=message,
                value=shown,
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
            self.problem(key, refused.message)
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

    def clean_cells(self) -> None:
        """Text cells as free text is stored (db.core.validation.clean_text): bidirectional controls
        removed; a cell with a control character is a problem and read as empty."""
        for key, value in list(self.row.cells.items()):
            if isinstance(value, str):
                try:
                    self.row.cells[key] = clean_text(value)
                except Invalid as refused:
                    self.problem(key, refused.message)
                    self.row.cells[key] = None

    def read(  # type: ignore[no-untyped-def]
        self, *, today, town, villages, unit_by_name, people, can_create, missing, local=None
    ) -> PlannedCase | None:
        """`local`: the active local categories, by words.local_key of their names."""
        self.clean_cells()
        found_on = self.cell("found_on", parse_date)
        if found_on is None and "found_on" in self.headers and "found_on" not in self.failed_keys:
            self.problem("found_on", texts.V_REQUIRED)
        elif found_on is not None:
            try:
                check_past_date(found_on, today=today)
            except Invalid as refused:
                self.problem("found_on", refused.message)
                found_on = None
        village_name = text_of(self.row.cells.get("village"))
        unit_id: int | None = town.id
        if village_name:
            unit = next(
                (villages[n] for n in (village_name, village_name + "村") if n in villages), None
            )
            if unit is not None:
                unit_id, village_name = unit.id, unit.name
            elif not PLAIN_NAME.fullmatch(village_name):  # a new unit's name is shown everywhere
                unit_id = None
                self.problem("village", texts.IMP_UNIT_NAME_ODD)
            else:
                missing[village_name] = None
                unit_id = None
                if not can_create:
                    self.problem("village", texts.IMP_UNKNOWN_VILLAGE.format(town=town.name))
        else:
            village_name = town.name
        named = parse_local_category(self.row.cells.get("category"), local or {})
        category = named[1] if named else self.cell("category", parse_category)
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
        for number in filter(looks_damaged_by_excel, ids):
            self.problem(
                "id_number", texts.IMP_ID_LOOKS_DAMAGED, error=False, shown=mask_id_number(number)
            )
        phones = self.cell("phone", parse_phones, [])
        for key, values, attr in (("id_number", ids, "id_number"), ("phone", phones, "phone")):
            if parties and len(values) > len(parties):
                self.problem(key, texts.IMP_MORE_THAN_PARTIES)
                continue
            for party, value in zip(parties, values, strict=False):
                setattr(party, attr, value)
        risk = self.cell("risk", parse_risk)
        if risk is None and "risk" not in self.failed_keys:
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
            local_category_id=named[0] if named else None,
            local_category=text_of(self.row.cells.get("category")) if named else None,
        )
        return planned


def _role(index: int) -> PartyRole:
    return (PartyRole.APPLICANT, PartyRole.RESPONDENT)[index] if index < 2 else PartyRole.OTHER
