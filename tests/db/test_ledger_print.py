"""The printed ledger (issue 21): the exported workbook opened as an office suite opens it —
A3 landscape, one page wide, the header row on every page, long facts wrapped, one party (ID
number, phone) per line, ID numbers and phones masked as before."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine

from db import texts
from db.cases.ledger import LedgerFilter
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.io.exports.ledger import ledger_xlsx
from db.io.imports.rows import split_cell
from tests.db.factories import person_id, register_case, unit_id

HEADER_ROW = 3
IDS = [person_id(11), person_id(12), person_id(13)]
PHONES = ["13812345678", "13987654321"]
LONG_FACTS = "两户因宅基地边界发生争执，" * 40  # 520 characters: many lines on paper


@pytest.fixture
def sheet(engine: Engine, actors: dict[str, Actor]) -> Worksheet:
    register_case(
        engine,
        actors["coordinator"],
        unit_id(engine, "QSZ01"),
        facts=LONG_FACTS,
        found_on=local_today() - timedelta(days=2),
        parties=[
            {"role": "applicant", "name": "张三", "id_number": IDS[0], "phone": PHONES[0]},
            {"role": "respondent", "name": "李四", "id_number": IDS[1]},
            {"role": "other", "name": "王五", "id_number": IDS[2], "phone": PHONES[1]},
        ],
    )
    with write_session(engine) as session:
        data = ledger_xlsx(session, actor=actors["coordinator"], filters=LedgerFilter())
    return load_workbook(io.BytesIO(data)).worksheets[0]


def _cell(sheet: Worksheet, name: str):  # type: ignore[no-untyped-def]
    return sheet.cell(row=HEADER_ROW + 1, column=texts.EXPORT_COLUMNS.index(name) + 1)


def test_the_ledger_prints_on_a3_landscape_one_page_wide_with_the_header_on_each_page(
    sheet: Worksheet,
) -> None:
    setup = sheet.page_setup
    assert setup.paperSize == 8  # A3 in the paper sizes of Office Open XML (A4 is 9)
    assert setup.orientation == "landscape"
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert "&P" in sheet.oddFooter.center.text
    # 21 columns at about one A3 width: at most ~250 characters wide in all, so that fitting
    # them to the page keeps the text near its size (A4 at 300 characters gave ~5 pt).
    widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, 22)]
    assert len(widths) == len(texts.EXPORT_COLUMNS) == 21
    assert sum(widths) <= 250
    assert sheet.column_dimensions["F"].width >= 30  # 纠纷简要情况: the widest


def test_long_facts_wrap_in_full(sheet: Worksheet) -> None:
    facts = _cell(sheet, "纠纷简要情况")
    assert facts.value == LONG_FACTS  # nothing cut
    assert facts.alignment.wrap_text
    assert facts.alignment.vertical == "top"
    header = sheet.cell(row=HEADER_ROW, column=6)
    assert header.alignment.wrap_text


def test_one_party_per_line_and_id_numbers_masked(sheet: Worksheet) -> None:
    assert _cell(sheet, "当事人").value == "张三\n李四\n王五"
    ids = _cell(sheet, "身份证号").value.split("\n")
    assert ids == [i[:3] + "*" * 11 + i[-4:] for i in IDS]
    assert not any(i in str(_cell(sheet, "身份证号").value) for i in IDS)
    assert _cell(sheet, "联系电话").value == "138****5678\n139****4321"
    for name in ("当事人", "身份证号", "联系电话"):
        assert _cell(sheet, name).alignment.wrap_text, name


def test_a_cell_of_one_party_per_line_reads_back_as_several_parties() -> None:
    assert split_cell("张三\n李四\r\n王五") == ["张三", "李四", "王五"]
    assert split_cell("张三、李四") == ["张三", "李四"]
