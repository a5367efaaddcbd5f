"""The 单位 sheet checked: each cell, codes repeated or already in the database, each new unit's
parent (an existing unit or any row of the file, above or below; in scope, active, of a kind it
may hang under; no cycle), and the new units put parent first."""

from db import texts
from db.accounts.unit_admin import PARENTS
from db.core.errors import Refused
from db.core.units import checked_code, checked_name
from db.core.validation import clean_text
from db.enums import UnitKind
from db.io.imports.rows import parse_date
from db.io.setup_book.layout import kind_of, kinds_allowed, yes_no
from db.io.setup_book.plan import NewUnit, Sheet, known


def unit_rows(plan, rows, units, by_id) -> dict[str, NewUnit]:  # type: ignore[no-untyped-def]
    """The rows read cell by cell; those whose code exists are compared and counted there."""
    sheet = Sheet(plan, texts.SB_UNIT_SHEET)
    found: dict[str, NewUnit] = {}
    first: dict[str, int] = {}
    for row in rows:
        name = sheet.cell(row, "name", lambda t: checked_name(clean_text(t)))
        kind = sheet.cell(
            row,
            "kind",
            lambda t: known(kind_of(t), texts.SB_BAD_KIND.format(value=t, allowed=kinds_allowed())),
        )
        code = sheet.cell(row, "code", checked_code)
        parent = sheet.cell(row, "parent", lambda t: t.strip().upper(), required=False) or ""
        told = sheet.cell(
            row,
            "must_report",
            lambda t: known(yes_no(t), texts.SB_BAD_YES_NO.format(value=t)),
            required=False,
        )
        start = None
        if row.text("reports_from"):
            try:
                start = parse_date(row.cells["reports_from"])
            except Refused as refused:
                sheet.problem(row, "reports_from", refused.message)
        if told is False and start is not None:
            sheet.problem(row, "reports_from", texts.SB_NO_REPORTS_FROM)
        if code is not None and code in first:
            sheet.problem(row, "code", texts.SB_CODE_REPEATED.format(code=code, first=first[code]))
            continue
        if name is None or kind is None or code is None:
            continue
        first[code] = row.number
        must = told if told is not None else kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY)
        unit = NewUnit(row.number, name, kind, code, parent, must, start if must else None)
        existing = units.get(code)
        if existing is None:
            found[code] = unit
            continue
        parent_code = by_id[existing.parent_id].code if existing.parent_id else ""
        differs = [
            what
            for what, same in (
                (texts.SB_DIFF_NAME, existing.name == name),
                (texts.SB_DIFF_KIND, existing.kind == kind),
                (texts.SB_DIFF_PARENT, parent_code == parent),
                (
                    texts.SB_DIFF_REPORTS,
                    (told is None or told == existing.must_report)
                    and (start is None or start == existing.reports_from),
                ),
            )
            if not same
        ]
        if differs:
            message = texts.SB_CODE_DIFFERS.format(
                code=code, unit=existing.name, what="、".join(differs)
            )
            sheet.problem(row, "code", message)
        else:
            plan.units_there += 1
    return found


def place_units(plan, actor, rows: dict[str, NewUnit], units) -> None:  # type: ignore[no-untyped-def]
    """Check each new unit's parent (known, in scope, active, of a kind it may hang under; no
    cycle) and put the new units in plan.units, parent first."""
    sheet = Sheet(plan, texts.SB_UNIT_SHEET)
    county = next((u for u in units.values() if u.parent_id is None), None)
    for unit in rows.values():
        if unit.kind == UnitKind.COUNTY:
            name = county.name if county else ""
            sheet.problem(unit.row, "kind", texts.SB_NEW_COUNTY.format(county=name))
        elif not unit.parent:
            sheet.problem(unit.row, "parent", texts.SB_EMPTY)
        elif unit.parent in rows:
            _kind_under(sheet, unit, rows[unit.parent].kind, rows[unit.parent].name)
        elif unit.parent in units:
            parent = units[unit.parent]
            if not parent.path.startswith(actor.unit_path):
                message = texts.SB_PARENT_OUT_OF_SCOPE.format(code=unit.parent)
                sheet.problem(unit.row, "parent", message)
            elif not parent.active:
                message = texts.E_UNIT_PARENT_INACTIVE.format(parent=parent.name)
                sheet.problem(unit.row, "parent", message)
            else:
                _kind_under(sheet, unit, parent.kind, parent.name)
        else:
            message = texts.SB_PARENT_UNKNOWN.format(code=unit.parent)
            sheet.problem(unit.row, "parent", message)
    ordered: list[NewUnit] = []
    state: dict[str, int] = {}  # 1: on the current chain, 2: placed
    for code in rows:
        chain: list[str] = []
        at = code
        while at in rows and state.get(at) is None:
            state[at] = 1
            chain.append(at)
            at = rows[at].parent
        if at in rows and state.get(at) == 1:  # the chain came back to itself: a cycle
            loop = chain[chain.index(at) :]
            text = " → ".join([*loop, at])
            for member in loop:
                sheet.problem(rows[member].row, "parent", texts.SB_PARENT_CYCLE.format(chain=text))
        for member in reversed(chain):
            state[member] = 2
            ordered.append(rows[member])
    plan.units = ordered


def _kind_under(sheet: Sheet, unit: NewUnit, parent_kind: UnitKind, parent_name: str) -> None:
    if parent_kind not in PARENTS[unit.kind]:
        allowed = "、".join(texts.label(k) for k in PARENTS[unit.kind]) or texts.UNIT_NO_PARENT
        message = texts.E_UNIT_WRONG_PARENT.format(
            kind=texts.label(unit.kind), parent=parent_name, allowed=allowed
        )
        sheet.problem(unit.row, "parent", message)
