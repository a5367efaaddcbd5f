"""The two printable forms of one case in Excel: the registration form (登记表) and the closing
record (结案备案表), each a sheet printed on one A4 page, ID numbers and phones masked unless
the actor may reveal them and gives a reason, text that looks like a formula kept as text, and
the export audited. No Streamlit here.
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from db import texts
from db.cases.documents import printable_case
from db.core import audit
from db.core.actor import Actor
from db.core.validation import mask_id_number, mask_phone
from db.io.exports.common import (
    BOX,
    CENTER,
    DATE_FORMAT,
    WRAP,
    checked_reveal_reason,
    finished_on,
    formulas_as_text,
    local_date,
    unit_names,
    user_names,
    yuan,
)
from db.models import Case, FollowUp, Party


def case_forms_xlsx(
    session: Session, *, actor: Actor, case_id: int, reveal_reason: str | None = None
) -> bytes:
    """One case's registration form (登记表) and closing record (结案备案表), each a sheet
    printed on one A4 page. For those who may export in scope and for a mediator who handles
    the case (db.cases.documents.printable_case); audited."""
    reason = checked_reveal_reason(actor, reveal_reason)
    case = printable_case(session, actor, case_id)
    data = forms_workbook(session, case, reveal=bool(reason))
    target = f"case:{case_id}"
    audit.record_export(
        session,
        actor=actor,
        case_id=case_id,
        target=target,
        detail=texts.EXPORT_AUDIT_FORMS,
        reveal_reason=reason,
    )
    session.commit()
    return data


def forms_workbook(session: Session, case: Case, *, reveal: bool) -> bytes:
    """The two forms' workbook for a case the caller may print (no check, no audit here)."""
    case_id = case.id
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
    units = unit_names(session, unit_ids)
    user_ids = [i for i in (case.created_by_id, case.responsible_user_id) if i]
    people = user_names(session, user_ids)

    book = Workbook()
    register = book.active
    assert register is not None
    register.title = texts.FORM_REGISTER_SHEET
    _register_form(register, case, parties, units, people, reveal=reveal)
    closing = book.create_sheet(texts.FORM_CLOSING_SHEET)
    _closing_form(closing, case, parties, visits, units, people)
    for sheet in book.worksheets:
        _one_page(sheet)
        formulas_as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORM_COLUMNS = 5  # label + 4 value columns (the parties' table uses all five)
FORM_WIDTHS = (16, 12, 24, 18, 26)


def _title(sheet: Worksheet, title: str) -> None:
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=FORM_COLUMNS)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = CENTER
    sheet.row_dimensions[1].height = 32
    for index, width in enumerate(FORM_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _item(sheet: Worksheet, key: str, value: object, *, height: float | None = None) -> None:
    """A labelled line: the label in A, the value merged over B..E."""
    sheet.append([texts.FORM_ITEMS[key], value])
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=FORM_COLUMNS)
    sheet.cell(row, 1).font = Font(bold=True)
    sheet.cell(row, 1).alignment = CENTER
    sheet.cell(row, 2).alignment = WRAP
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
        cell.alignment = CENTER
    for values in rows or [[texts.FORM_NONE]]:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
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
    _item(sheet, "amount", yuan(case.amount_fen))
    _item(sheet, "group_risk", _yes_no(case.group_risk))
    _item(sheet, "violence_risk", _yes_no(case.violence_risk))
    _item(sheet, "facts", case.facts, height=120)
    _item(sheet, "plan", case.resolution_plan or texts.FORM_NONE, height=60)  # 四定三包
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
    created = local_date(case.created_at)
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
    _item(sheet, "finished_on", finished_on(case) or "")
    sheet.append([])
    sheet.append([texts.FORM_SIGN_HANDLER, None, None, texts.FORM_SIGN_HEAD])


def _one_page(sheet: Worksheet) -> None:
    """Printed on one A4 page, portrait, the table's lines drawn."""
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 2):
        for cell in row:
            cell.border = BOX
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(FORM_COLUMNS)}{sheet.max_row}"
