"""Excel out: the ledger in the offices' layout and the two printable forms of one case.

The ledger export takes the same scope and filters as db.ledger.list_cases (all pages), streams
its rows in chunks into a write-only workbook, masks ID numbers and phones unless the actor may
reveal them and gives a reason, and writes text that looks like a formula as text. Every export
is audited. No Streamlit here.
"""

import io
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import UTC, date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, func, select

from db import audit, texts
from db.clock import local_today, to_local
from db.enums import AuditAction
from db.ledger import LedgerFilter, _ledger_query
from db.models import Case, FollowUp, Party, Unit, User
from db.permissions import NotAllowed, Permission, require
from db.scope import Actor, load_case
from db.validation import mask_id_number, mask_phone

CHUNK = 500
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@")
# Column widths of the ledger, in the sample's column order.
WIDTHS = (6, 16, 12, 14, 10, 40, 16, 22, 16, 8, 12, 8, 12, 16, 10, 12, 10, 10, 12, 18, 20)

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _allowed(session: Session, actor: Actor, target: str) -> None:
    """Export needs Permission.EXPORT; a refusal is audited and raised as NotAllowed."""
    try:
        require(actor.role, Permission.READ_CASES)
        require(actor.role, Permission.EXPORT)
    except NotAllowed:
        audit.record_now(session, actor=actor, action=AuditAction.DENIED, target=target)
        raise


def _reveal(actor: Actor, reveal_reason: str | None) -> str | None:
    """The reason, stripped, when the actor may reveal and gave one; else None (mask)."""
    reason = (reveal_reason or "").strip()
    if not reason:
        return None
    require(actor.role, Permission.REVEAL_PERSONAL)
    return reason


def _text_cell(sheet: Worksheet, value: object, **style: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # written as text, never run as a formula
        cell.quotePrefix = True
    if isinstance(value, date | datetime):
        cell.number_format = DATE_FORMAT
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _yuan(fen: int) -> int | float:
    return fen // 100 if fen % 100 == 0 else fen / 100


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return to_local(moment).date()


def _finished_on(case: Case) -> date | None:
    return _local_date(case.resolved_at) or _local_date(case.finished_at)


def _follow_up_text(visit: FollowUp | None) -> str:
    if visit is None:
        return ""
    flared = texts.EXPORT_FLARED if visit.flared_up else texts.EXPORT_NOT_FLARED
    text = texts.EXPORT_FOLLOW_UP.format(
        satisfaction=texts.label(visit.satisfaction), flared=flared
    )
    return f"{text}；{visit.note}" if visit.note else text


def _recorded(case: Case, name: str) -> str:
    """What an imported old ledger recorded as text (the import's columns, when present)."""
    return getattr(case, name, None) or ""


def _remarks(case: Case) -> str:
    notes = []
    if case.referral_channel is not None:
        notes.append(
            texts.EXPORT_REFERRED_NOTE.format(
                channel=texts.label(case.referral_channel), reason=case.referral_reason or ""
            )
        )
    if case.reopened_count:
        notes.append(texts.EXPORT_REOPENED_NOTE.format(count=case.reopened_count))
    if case.flagged:
        notes.append(texts.EXPORT_FLAG_NOTE.format(note=case.flag_note or ""))
    if recorded := _recorded(case, "recorded_notes"):
        notes.insert(0, recorded)
    return "；".join(notes)


def _filters_text(session: Session, filters: LedgerFilter) -> str:
    parts = []
    for spec in fields(LedgerFilter):
        value = getattr(filters, spec.name)
        if spec.name == "sort" or value in (None, "", [], False):
            continue
        if spec.name == "unit_id":
            unit = session.get(Unit, value)
            value = unit.code if unit else value
        elif isinstance(value, list):
            value = ",".join(str(v) for v in value)
        parts.append(f"{spec.name}={value}")
    return "; ".join(parts) or texts.EXPORT_FILTER_NONE


def _unit_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    query = select(Unit.id, Unit.name).where(col(Unit.id).in_(list(ids)))
    return {i: name for i, name in session.exec(query).all() if i is not None}


def _user_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    query = select(User.id, User.display_name).where(col(User.id).in_(list(ids)))
    return {i: name for i, name in session.exec(query).all() if i is not None}


def _ordered_ids(session: Session, actor: Actor, filters: LedgerFilter) -> list[int]:
    """The ids of the cases as the ledger lists them (ids only: the rows come in chunks)."""
    query = _ledger_query(session, actor, filters)
    if filters.sort == "deadline":
        order = (col(Case.deadline).is_(None), col(Case.deadline).asc(), col(Case.id).desc())
    else:
        order = (col(Case.found_on).desc(), col(Case.id).desc())
    ids = query.with_only_columns(col(Case.id)).order_by(*order)
    return list(session.exec(ids).all())  # type: ignore[call-overload]


def _period(session: Session, actor: Actor, filters: LedgerFilter) -> str:
    start, end = filters.found_from, filters.found_to
    if start is None or end is None:
        bounds = _ledger_query(session, actor, filters).with_only_columns(
            func.min(Case.found_on), func.max(Case.found_on)
        )
        low, high = session.execute(bounds).one()
        start, end = start or low, end or high
    if start is None or end is None:
        return texts.EXPORT_PERIOD_ALL
    return texts.EXPORT_PERIOD.format(
        start=texts.EXPORT_DATE.format(d=start), end=texts.EXPORT_DATE.format(d=end)
    )


def _ledger_rows(
    session: Session, ids: list[int], *, reveal: bool
) -> Iterator[tuple[Case, list[object]]]:
    """Each case's row values in the sample's column order (序号 left out), chunk by chunk."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        cases = {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(chunk)))}
        parties: dict[int, list[Party]] = {}
        for party in session.exec(
            select(Party).where(col(Party.case_id).in_(chunk)).order_by(col(Party.id))
        ):
            parties.setdefault(party.case_id, []).append(party)
        latest: dict[int, FollowUp] = {}
        for visit in session.exec(
            select(FollowUp)
            .where(col(FollowUp.case_id).in_(chunk))
            .order_by(col(FollowUp.visited_on), col(FollowUp.id))
        ):
            latest[visit.case_id] = visit
        unit_ids = {c.unit_id for c in cases.values()} | {
            c.responsible_unit_id for c in cases.values() if c.responsible_unit_id
        }
        units = _unit_names(session, unit_ids)
        user_ids = {c.responsible_user_id for c in cases.values() if c.responsible_user_id}
        people = _user_names(session, user_ids)
        for case_id in chunk:
            case = cases[case_id]
            named = parties.get(case_id, [])
            ids_text = [p.id_number if reveal else mask_id_number(p.id_number) for p in named]
            phones = [p.phone if reveal else mask_phone(p.phone) for p in named]
            yield (
                case,
                [
                    case.number,
                    case.found_on,
                    units.get(case.unit_id, ""),
                    texts.label(case.category),
                    case.facts,
                    "、".join(p.name for p in named),
                    "、".join(v for v in ids_text if v),
                    "、".join(v for v in phones if v),
                    case.people_involved,
                    _yuan(case.amount_fen),
                    texts.label(case.risk),
                    case.lead_leader or "",
                    units.get(case.responsible_unit_id, "")
                    if case.responsible_unit_id
                    else _recorded(case, "recorded_responsible_unit"),
                    people.get(case.responsible_user_id, "")
                    if case.responsible_user_id
                    else _recorded(case, "recorded_responsible_person"),
                    case.deadline,
                    texts.label(case.resolution_method) if case.resolution_method else "",
                    texts.label(case.stage),
                    _finished_on(case),
                    _follow_up_text(latest.get(case_id)) or _recorded(case, "recorded_follow_up"),
                    _remarks(case),
                ],
            )


def ledger_export(
    session: Session,
    *,
    actor: Actor,
    filters: LedgerFilter,
    reveal_reason: str | None = None,
    title_unit: str | None = None,
) -> tuple[bytes, int]:
    """The ledger as the actor sees it with these filters (every page), as the offices' .xlsx.

    ID numbers and phones are masked unless the actor may reveal them and gives a non-empty
    reason (then audited with the reason). Writes an "export" audit row and commits it: pass a
    write session. Returns the workbook and its number of case rows. Raises NotAllowed without Permission.EXPORT, OutOfScope for a unit outside
    the actor's scope."""
    _allowed(session, actor, "ledger")
    reason = _reveal(actor, reveal_reason)
    unit_name = title_unit
    if unit_name is None and filters.unit_id is not None:
        unit = session.get(Unit, filters.unit_id)
        unit_name = unit.name if unit else None
    unit_name = unit_name or actor.unit_name
    ids = _ordered_ids(session, actor, filters)
    period = _period(session, actor, filters)

    book = Workbook(write_only=True)
    sheet = book.create_sheet(texts.EXPORT_SHEET_LEDGER)
    columns = texts.EXPORT_COLUMNS
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "C4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:3"
    last = _letter(len(columns))
    sheet.merged_cells.add(f"A1:{last}1")
    title = texts.EXPORT_LEDGER_TITLE.format(unit=unit_name) + period
    sheet.append(
        [_text_cell(sheet, title, font=Font(bold=True, size=16), alignment=_CENTER)]
        + [None] * (len(columns) - 1)
    )
    line: list[object] = [None] * len(columns)
    line[0] = texts.EXPORT_FILLED_BY.format(unit=unit_name)
    line[-3] = texts.EXPORT_FILLED_ON.format(date=texts.EXPORT_DATE.format(d=local_today()))
    sheet.append([_text_cell(sheet, v) if v is not None else None for v in line])
    sheet.append(
        [
            _text_cell(sheet, name, font=Font(bold=True), alignment=_CENTER, border=_BOX)
            for name in columns
        ]
    )
    count = 0
    for count, (_case, values) in enumerate(_ledger_rows(session, ids, reveal=bool(reason)), 1):
        sheet.append(_row_cells(sheet, [count, *values]))

    buffer = io.BytesIO()
    book.save(buffer)
    detail = texts.EXPORT_AUDIT_LEDGER.format(rows=count, filters=_filters_text(session, filters))
    audit.record(session, actor=actor, action=AuditAction.EXPORT, target="ledger", detail=detail)
    if reason:
        audit.record(
            session,
            actor=actor,
            action=AuditAction.REVEAL,
            target="ledger",
            detail=texts.EXPORT_AUDIT_REVEAL.format(reason=reason),
        )
    session.commit()
    return buffer.getvalue(), count


def ledger_xlsx(
    session: Session,
    *,
    actor: Actor,
    filters: LedgerFilter,
    reveal_reason: str | None = None,
    title_unit: str | None = None,
) -> bytes:
    """The ledger workbook of ledger_export (which also tells the number of rows)."""
    data, _rows = ledger_export(
        session, actor=actor, filters=filters, reveal_reason=reveal_reason, title_unit=title_unit
    )
    return data


def _row_cells(sheet: Worksheet, values: Iterable[object]) -> list[WriteOnlyCell]:
    return [_text_cell(sheet, value, border=_BOX) for value in values]


def _letter(index: int) -> str:
    return get_column_letter(index)


# The two printable forms of one case -------------------------------------------------------


def case_forms_xlsx(
    session: Session, *, actor: Actor, case_id: int, reveal_reason: str | None = None
) -> bytes:
    """One case's registration form (登记表) and closing record (结案备案表), each a sheet
    printed on one A4 page. Needs Permission.EXPORT and the case in scope; audited."""
    _allowed(session, actor, f"case:{case_id}")
    reason = _reveal(actor, reveal_reason)
    case = load_case(session, actor, case_id)
    parties = list(
        session.exec(select(Party).where(Party.case_id == case_id).order_by(col(Party.id)))
    )
    visits = list(
        session.exec(
            select(FollowUp)
            .where(FollowUp.case_id == case_id)
            .order_by(col(FollowUp.visited_on), col(FollowUp.id))
        )
    )
    unit_ids = [i for i in (case.unit_id, case.responsible_unit_id) if i]
    units = _unit_names(session, unit_ids)
    user_ids = [i for i in (case.created_by_id, case.responsible_user_id) if i]
    people = _user_names(session, user_ids)

    book = Workbook()
    register = book.active
    assert register is not None
    register.title = texts.FORM_REGISTER_SHEET
    _register_form(register, case, parties, units, people, reveal=bool(reason))
    closing = book.create_sheet(texts.FORM_CLOSING_SHEET)
    _closing_form(closing, case, parties, visits, units, people)
    for sheet in book.worksheets:
        _one_page(sheet)
        _formulas_as_text(sheet)

    buffer = io.BytesIO()
    book.save(buffer)
    target = f"case:{case_id}"
    audit.record(
        session,
        actor=actor,
        action=AuditAction.EXPORT,
        case_id=case_id,
        target=target,
        detail=texts.EXPORT_AUDIT_FORMS,
    )
    if reason:
        audit.record(
            session,
            actor=actor,
            action=AuditAction.REVEAL,
            case_id=case_id,
            target=target,
            detail=texts.EXPORT_AUDIT_REVEAL.format(reason=reason),
        )
    session.commit()
    return buffer.getvalue()


FORM_COLUMNS = 5  # label + 4 value columns (the parties' table uses all five)
FORM_WIDTHS = (16, 12, 24, 18, 26)


def _title(sheet: Worksheet, title: str) -> None:
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=FORM_COLUMNS)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = _CENTER
    sheet.row_dimensions[1].height = 32
    for index, width in enumerate(FORM_WIDTHS, start=1):
        sheet.column_dimensions[_letter(index)].width = width


def _item(sheet: Worksheet, key: str, value: object, *, height: float | None = None) -> None:
    """A labelled line: the label in A, the value merged over B..E."""
    sheet.append([texts.FORM_ITEMS[key], value])
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=FORM_COLUMNS)
    sheet.cell(row, 1).font = Font(bold=True)
    sheet.cell(row, 1).alignment = _CENTER
    sheet.cell(row, 2).alignment = _WRAP
    if isinstance(value, date):
        sheet.cell(row, 2).number_format = DATE_FORMAT
        sheet.cell(row, 2).alignment = Alignment(horizontal="left", vertical="center")
    if height:
        sheet.row_dimensions[row].height = height


def _table(sheet: Worksheet, key: str, head: tuple[str, ...], rows: list[list[object]]) -> None:
    """A section title, a header line and one line per entry (or 无)."""
    sheet.append([texts.FORM_ITEMS[key]])
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=FORM_COLUMNS)
    sheet.cell(row, 1).font = Font(bold=True)
    sheet.append(list(head))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = _CENTER
    for values in rows or [[texts.FORM_NONE]]:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAP
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT


def _yes_no(flag: bool) -> str:
    return texts.YES if flag else texts.NO


def _register_form(
    sheet: Worksheet,
    case: Case,
    parties: list[Party],
    units: dict[int, str],
    people: dict[int, str],
    *,
    reveal: bool,
) -> None:
    _title(sheet, texts.FORM_REGISTER_TITLE)
    _item(sheet, "number", case.number)
    _item(sheet, "found_on", case.found_on)
    _item(sheet, "found_via", texts.label(case.found_via))
    _item(sheet, "unit", units.get(case.unit_id, ""))
    _item(sheet, "category", texts.label(case.category))
    _item(sheet, "risk", texts.label(case.risk))
    _item(sheet, "people_involved", case.people_involved)
    _item(sheet, "amount", _yuan(case.amount_fen))
    _item(sheet, "group_risk", _yes_no(case.group_risk))
    _item(sheet, "violence_risk", _yes_no(case.violence_risk))
    _item(sheet, "facts", case.facts, height=120)
    _table(
        sheet,
        "parties",
        texts.FORM_PARTY_HEAD,
        [
            [
                texts.label(p.role),
                p.name,
                (p.id_number or "") if reveal else mask_id_number(p.id_number),
                (p.phone or "") if reveal else mask_phone(p.phone),
                p.address or "",
            ]
            for p in parties
        ],
    )
    created = _local_date(case.created_at)
    who = people.get(case.created_by_id, "") if case.created_by_id else ""
    _item(sheet, "created", f"{who} / {created.isoformat() if created else ''}")
    sheet.append([])
    sheet.append([texts.FORM_SIGN_HANDLER, None, None, texts.FORM_SIGN_HEAD])


def _closing_form(
    sheet: Worksheet,
    case: Case,
    parties: list[Party],
    visits: list[FollowUp],
    units: dict[int, str],
    people: dict[int, str],
) -> None:
    _title(sheet, texts.FORM_CLOSING_TITLE)
    _item(sheet, "number", case.number)
    _item(sheet, "unit", units.get(case.unit_id, ""))
    _item(sheet, "category", texts.label(case.category))
    _item(sheet, "parties", "、".join(p.name for p in parties))
    _item(sheet, "facts", case.facts, height=60)
    _item(sheet, "stage", texts.label(case.stage))
    _item(sheet, "lead_leader", case.lead_leader or "")
    responsible_unit = units.get(case.responsible_unit_id, "") if case.responsible_unit_id else ""
    _item(sheet, "responsible_unit", responsible_unit)
    user = people.get(case.responsible_user_id, "") if case.responsible_user_id else ""
    _item(sheet, "responsible_user", user)
    _item(sheet, "deadline", case.deadline or "")
    method = texts.label(case.resolution_method) if case.resolution_method else ""
    _item(sheet, "method", method)
    _item(sheet, "level", texts.label(case.resolved_level) if case.resolved_level else "")
    _item(sheet, "summary", case.resolution_summary or "", height=80)
    _item(sheet, "agreement", _yes_no(case.agreement_signed))
    _item(sheet, "court", _yes_no(case.court_confirmed))
    if case.referral_channel is not None:
        referral = f"{texts.label(case.referral_channel)}：{case.referral_reason or ''}"
        _item(sheet, "referral", referral)
    _table(
        sheet,
        "follow_ups",
        texts.FORM_VISIT_HEAD,
        [
            [
                v.visited_on,
                v.visitor,
                texts.label(v.satisfaction),
                _yes_no(v.flared_up),
                v.note,
            ]
            for v in visits
        ],
    )
    _item(sheet, "finished_on", _finished_on(case) or "")
    sheet.append([])
    sheet.append([texts.FORM_SIGN_HANDLER, None, None, texts.FORM_SIGN_HEAD])


def _one_page(sheet: Worksheet) -> None:
    """Printed on one A4 page, portrait, the table's lines drawn."""
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 2):
        for cell in row:
            cell.border = _BOX
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{_letter(FORM_COLUMNS)}{sheet.max_row}"


def _formulas_as_text(sheet: Worksheet) -> None:
    """Cells whose text a spreadsheet would run as a formula (=, +, -, @) stay text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
