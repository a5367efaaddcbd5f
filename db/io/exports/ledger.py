"""The ledger (台账) to Excel in the offices' layout: the same scope and filters as
db.cases.ledger.list_cases (all pages), its rows streamed in chunks into a write-only workbook, ID
numbers and phones masked unless the actor may reveal them and gives a reason, text that looks
like a formula written as text, and the export audited. No Streamlit here.

Printed as the offices print 台账: A3 landscape, fitted to the page width, the header row
repeated on every page, long text wrapped in columns sized for it, and several parties (their ID
numbers, phones) one per line in a cell, so that 21 columns stay readable (about 10 pt, not the
5 pt of 21 columns squeezed onto one A4 width).
"""

import io
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, func, select

from db import texts
from db.cases.categories import local_names
from db.cases.ledger import LedgerFilter, _ledger_query
from db.clock import local_today
from db.core import audit
from db.core.actor import Actor
from db.core.validation import mask_id_number, mask_in_text, mask_phone
from db.io.exports.common import (
    BOX,
    CENTER,
    DATE_FORMAT,
    FORMULA_STARTS,
    checked_reveal_reason,
    finished_on,
    require_export,
    unit_names,
    user_names,
    yuan,
)
from db.models import Case, FollowUp, Party, Unit

CHUNK = 500
# Column widths of the ledger (characters), in the sample's column order: together about one A3
# width at 90 %; Chinese text wraps within them (a Chinese character takes two).
WIDTHS = (5, 14, 11, 10, 9, 36, 10, 20, 13, 6, 10, 6, 10, 10, 9, 11, 9, 8, 11, 14, 14)
# Body cells: wrapped, from the top of the row (a long facts cell sets the row's height).
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
LINES = "\n"  # several parties, ID numbers or phones in one cell: one per line


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


def _follow_up_text(visit: FollowUp | None) -> str:
    if visit is None:
        return ""
    if visit.created_by_id is None and visit.note:  # brought in from a ledger: its own words
        return visit.note
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


def filters_text(session: Session, filters: LedgerFilter) -> str:
    """The filters as written into the audit (unit codes, not names; an ID or phone number typed
    as the search term masked)."""
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
        elif spec.name == "search":
            value = mask_in_text(value)
        parts.append(f"{spec.name}={value}")
    return "; ".join(parts) or texts.EXPORT_FILTER_NONE


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
        units = unit_names(session, unit_ids)
        user_ids = {c.responsible_user_id for c in cases.values() if c.responsible_user_id}
        people = user_names(session, user_ids)
        local = local_names(session, {c.local_category_id for c in cases.values()})
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
                    # a local category by its name, which an import reads back
                    local.get(case.local_category_id or 0) or texts.label(case.category),
                    case.facts,
                    LINES.join(p.name for p in named),
                    LINES.join(v for v in ids_text if v),
                    LINES.join(v for v in phones if v),
                    case.people_involved,
                    yuan(case.amount_fen),
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
                    finished_on(case),
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
    require_export(session, actor, "ledger")
    reason = checked_reveal_reason(actor, reveal_reason)
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
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C4"
    _print_setup(sheet)
    last = get_column_letter(len(columns))
    sheet.merged_cells.add(f"A1:{last}1")
    title = texts.EXPORT_LEDGER_TITLE.format(unit=unit_name) + period
    sheet.append(
        [_text_cell(sheet, title, font=Font(bold=True, size=16), alignment=CENTER)]
        + [None] * (len(columns) - 1)
    )
    line: list[object] = [None] * len(columns)
    line[0] = texts.EXPORT_FILLED_BY.format(unit=unit_name)
    line[-3] = texts.EXPORT_FILLED_ON.format(date=texts.EXPORT_DATE.format(d=local_today()))
    sheet.append([_text_cell(sheet, v) if v is not None else None for v in line])
    sheet.append(
        [
            _text_cell(sheet, name, font=Font(bold=True), alignment=CENTER, border=BOX)
            for name in columns
        ]
    )
    count = 0
    for count, (_case, values) in enumerate(_ledger_rows(session, ids, reveal=bool(reason)), 1):
        sheet.append(_row_cells(sheet, [count, *values]))

    buffer = io.BytesIO()
    book.save(buffer)
    detail = texts.EXPORT_AUDIT_LEDGER.format(rows=count, filters=filters_text(session, filters))
    audit.record_export(session, actor=actor, target="ledger", detail=detail, reveal_reason=reason)
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


def _print_setup(sheet: Worksheet) -> None:
    """A3 landscape, as wide as the page and as many pages long as it takes, narrow margins,
    the header row on every page and the page number in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.3, right=0.3, top=0.5, bottom=0.6)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = "3:3"
    sheet.oddFooter.center.text = texts.EXPORT_PAGE_FOOTER


def _row_cells(sheet: Worksheet, values: Iterable[object]) -> list[WriteOnlyCell]:
    return [_text_cell(sheet, value, border=BOX, alignment=TOP_WRAP) for value in values]
