"""The ledger import at speed (issue 17): python-calamine reads exactly what openpyxl reads (values
and their types, row numbers, columns, what is not imported), the census sends every sheet it
would read differently or hold too much of to openpyxl instead, and the bulk inserts of many rows
a statement keep the tallies, the search index and each case's rows as single inserts would, on
both engines."""

import functools
import random
import re
import shutil
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from db import texts
from db.core.actor import Actor
from db.enums import PartyRole, Stage
from db.io.imports import bulk, census, workbook
from db.io.imports.container import MAX_COLUMNS, SHARED_STRINGS_TYPE, check_workbook
from db.io.imports.fast_sheet import calamine_rows
from db.io.imports.workbook import LedgerFile, LedgerUnreadable, read_ledger
from db.models import Case, CaseEvent, CaseTally, FollowUp, Party
from tests.data import SAMPLE_LEDGER
from tests.db.hostile_files import far_row_workbook, ledger_workbook
from tests.db.test_import import HEADER, do_import, good_row, ledger_file, plan_for
from tests.db.test_search import assert_index_sound, found
from tests.db.test_tally import IN_STEP, in_step


def takes_calamine(path: Path) -> bool:
    data = path.read_bytes()
    return calamine_rows(data, None, check_workbook(data, path.name)) is not None


def read_by_openpyxl(path: Path, monkeypatch: pytest.MonkeyPatch) -> LedgerFile:
    with monkeypatch.context() as patched:
        patched.setattr(workbook, "calamine_rows", lambda *_args: None)
        return read_ledger(path, filename=path.name)


def typed_rows(ledger: LedgerFile) -> list[tuple[int, list[tuple[str, str, str]]]]:
    """Each row's cells with their types: 2 and 2.0 are equal, but not the same read."""
    return [
        (row.number, [(k, type(v).__name__, repr(v)) for k, v in sorted(row.cells.items())])
        for row in ledger.rows
    ]


def _messy(path: Path) -> Path:
    """A ledger as offices keep them: a merged title, a 填报单位 line, hidden rows and columns,
    whole numbers and fractions, dates with and without a time, a date-only value, a time, a
    boolean, an empty text, blank and 合计 rows, a column of our own past the ledger's, another
    sheet after it."""
    rows = [
        good_row(1),
        good_row(
            2, 涉及金额=None, **{"涉及金额（元）": 1200.5, "排查日期": datetime(2026, 5, 22, 9, 30)}
        ),
        good_row(3, 编号=None, 身份证号=None, 备注=True, **{"化解时限": date(2026, 6, 9)}),
        {},
        good_row(4, 编号="", 备注=time(9, 30), 联系电话=13812345678, 涉及人数=2.0),
        good_row(
            5, 身份证号=130521198506150, 回访情况="  满意  ", 化解情况="调处中", 办结日期=None
        ),
        {"编号": "合计", "涉及金额（元）": 9999},
    ]
    path = ledger_file(path, rows, header=[*HEADER, "内部备注"])
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["台账"]
    sheet.merge_cells("A1:U1")
    sheet.row_dimensions[6].hidden = True
    sheet.column_dimensions["U"].hidden = True
    sheet["V5"] = "只在本镇用的标记"
    book.create_sheet("说明").append(["编号", "排查日期", "纠纷类型", "这张表不导入"])
    book.save(path)
    return path


def _from_column_b(path: Path) -> Path:
    """The ledger one column to the right: column A is empty all the way down."""
    book = Workbook()
    sheet = book.active
    sheet.append([None, "青石镇矛盾纠纷排查化解工作台账"])
    sheet.append([None, *HEADER])
    for serial in (1, 2, 3):
        sheet.append([None, *good_row(serial).values()])
    book.save(path)
    return path


def with_shared_strings(path: Path) -> Path:
    """The workbook as Excel and WPS write one: its texts in a shared-string table, each cell
    naming its string by number (openpyxl writes them inline, in the cells)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        return f'<c{match[1]} t="s"><v>{strings.setdefault(match[2], len(strings))}</v></c>'

    inline = re.compile(r'<c([^>]*?) t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>')
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = inline.sub(shared, parts[name].decode()).encode()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
        + "</sst>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
        "</Types>".encode(),
    )
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Type="{kind}" Target="sharedStrings.xml" Id="rIdShared"/>'
        "</Relationships>".encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


SAME_READ = {
    "the shared sample": lambda p: SAMPLE_LEDGER,
    "a messy ledger": _messy,
    "a ledger from column B": _from_column_b,
    "a streaming writer's": lambda p: ledger_workbook(p, rows=60, facts=30),
    "the messy ledger with shared strings": lambda p: with_shared_strings(_messy(p)),
    "the sample with shared strings": lambda p: with_shared_strings(
        Path(shutil.copy(SAMPLE_LEDGER, p))
    ),
}


@pytest.mark.parametrize("kind", SAME_READ)
def test_calamine_reads_what_openpyxl_reads(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = SAME_READ[kind](tmp_path / "ledger.xlsx")
    assert takes_calamine(path)
    fast = read_ledger(path, filename=path.name)
    slow = read_by_openpyxl(path, monkeypatch)
    assert typed_rows(fast) == typed_rows(slow)
    assert fast == slow
    assert fast.rows


def test_the_messy_ledger_s_values_are_read_as_typed(tmp_path: Path) -> None:
    ledger = read_ledger(_messy(tmp_path / "ledger.xlsx"), filename="ledger.xlsx")
    assert [row.number for row in ledger.rows] == [4, 5, 6, 8, 9]
    first, second, third, fourth, fifth = (row.cells for row in ledger.rows)
    assert first["found_on"] == datetime(2026, 5, 21) and first["people_involved"] == 2
    assert second["found_on"] == datetime(2026, 5, 22, 9, 30) and second["amount"] == 1200.5
    assert third["deadline"] == datetime(2026, 6, 9) and third["notes"] is True
    assert fourth["notes"] == time(9, 30) and fourth["number"] is None
    assert fourth["phone"] == 13812345678 and type(fourth["people_involved"]) is int
    assert fifth["id_number"] == 130521198506150
    assert ("V", "内部备注", "只在本镇用的标记") in ledger.not_imported
    assert ledger.sheets == ["台账", "说明"]


def _with(path: Path, **cells: object) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(list(good_row(1).values()))
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def _long_number(path: Path) -> Path:
    """The sheet's number 1.3052119850615e+17 (as openpyxl writes it) spelled out in 18 digits."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<v>1.3052119850615e+17</v>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"<v>1.3052119850615e+17</v>", b"<v>130521198506150001</v>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@functools.cache
def _varied_text(length: int) -> str:
    """CJK text that does not compress much (a zip of one letter repeated would be refused)."""
    chance = random.Random(17)
    return "".join(chr(0x4E00 + chance.randrange(20_000)) for _ in range(length))


DECLINED = {
    # calamine would give the cached value (none here), openpyxl the formula's text
    "a formula": lambda p: _with(p, F2="=SUM(A1:A3) 看起来像公式"),
    "an error value": lambda p: _with(p, U2="#N/A"),  # calamine: empty; openpyxl: "#N/A"
    # as another program may write an ID number typed as a number: calamine would round it
    "more than 15 digits": lambda p: _long_number(_with(p, H2=130521198506150000)),
    # Excel spells some characters out (a pasted CR as _x000D_): calamine decodes, openpyxl not
    "a spelled-out character": lambda p: _with(p, F2="第一行_x000D_\n第二行"),
    "a spelled-out character, shared": lambda p: with_shared_strings(
        _with(p, F2="第一行_x000D_\n第二行")
    ),
    "a cell past the column cap": lambda p: _with(p, **{"BI2": "第61列"}),
    "a row past the sheet cap": lambda p: far_row_workbook(p, row=50_001),
}


@pytest.mark.parametrize("kind", DECLINED)
def test_the_census_leaves_to_openpyxl_what_calamine_would_read_otherwise(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DECLINED[kind](tmp_path / "ledger.xlsx")
    assert not takes_calamine(path)
    if kind == "a row past the sheet cap":
        with pytest.raises(LedgerUnreadable, match=texts.IMP_SHEET_TOO_LONG.format(max=50000)):
            read_ledger(path, filename=path.name)
        return
    ledger = read_ledger(path, filename=path.name)
    assert ledger == read_by_openpyxl(path, monkeypatch)
    assert (
        len(ledger.rows[0].cells) == len(ledger.headers) and len(ledger.header_names) <= MAX_COLUMNS
    )


def test_the_census_counts_what_calamine_would_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ledger_file(tmp_path / "ledger.xlsx", [good_row(i) for i in range(1, 41)])
    assert takes_calamine(path)
    with monkeypatch.context() as patched:
        patched.setattr(census, "FAST_READ_BYTES", 40 * 21 * census.CELL_BYTES)
        assert not takes_calamine(path)  # over the bound: openpyxl's stream reads it
        assert len(read_ledger(path, filename=path.name).rows) == 40
    # One long text (Excel's longest: 96 KB) in many cells of a column not imported. The shared-
    # string table holds it once, but calamine would copy it into each cell: 200 copies (19 MB)
    # are let through, 1,200 (113 MB) are not.
    for cells, fast in ((200, True), (1200, False)):
        text = {f"V{row}": _varied_text(32_767) for row in range(2, 2 + cells)}
        path = with_shared_strings(_with(tmp_path / f"long-{cells}.xlsx", **text))
        assert takes_calamine(path) is fast
        assert read_ledger(path, filename=path.name) == read_by_openpyxl(path, monkeypatch)


# Bulk inserts -------------------------------------------------------------------------------

OUTCOMES = ["已化解", "调处中", "已销号", "调解不成，引导诉讼", "已交办", None]


def test_a_bulk_import_keeps_tallies_search_and_each_case_s_rows_in_step(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite: a few rows a statement, so that every table takes several (PostgreSQL: one COPY)
    monkeypatch.setattr(bulk, "MAX_PARAMETERS", 300)
    villages = ["东河村", "南湾村", "西岭村", "石桥社区"]
    rows = []
    for i in range(60):
        outcome = OUTCOMES[i % 6]
        finished = outcome in ("已化解", "已销号", "调解不成，引导诉讼")
        row = good_row(
            i,
            编号=None,
            身份证号=None,
            当事人=f"甲{i}、乙{i}",
            纠纷简要情况=f"第{i}号批量导入的纠纷，两户因院墙发生争执。",
            **{
                "排查日期": datetime(2026, 1 + i % 5, 1 + i % 27),
                "所属村（社区）": villages[i % 4],
                "风险等级": ["低", "中", "高"][i % 3],
                "化解情况": outcome,
                "办结日期": datetime(2026, 7, 1) if finished else None,
            },
        )
        if outcome is None:  # registered only: nothing of the handling recorded
            row.update(
                {
                    k: None
                    for k in ("包案领导", "责任单位", "责任人", "化解时限", "化解方式", "回访情况")
                }
            )
        rows.append(row)
    coordinator = actors["coordinator"]
    plan = plan_for(engine, coordinator, ledger_file(tmp_path / "ledger.xlsx", rows))
    assert plan.ok, plan.errors[:3]
    with Session(engine) as session:
        registered_before = session.exec(select(func.sum(CaseTally.registered))).one() or 0
    result = do_import(engine, coordinator, plan)
    assert result.created == 60
    assert in_step(engine) == IN_STEP
    with Session(engine) as session:
        assert session.exec(select(func.sum(CaseTally.registered))).one() == registered_before + 60
        cases = session.exec(
            select(Case).where(col(Case.number).in_(result.numbers)).order_by(col(Case.id))
        ).all()
        assert [c.number for c in cases] == result.numbers
        stages = [c.stage for c in cases]
        assert stages[:6] == [Stage.RESOLVED, Stage.MEDIATING, Stage.CLOSED, Stage.REFERRED,
                              Stage.ASSIGNED, Stage.REGISTERED]  # fmt: skip
        for index, case in enumerate(cases):
            parties = session.exec(
                select(Party).where(Party.case_id == case.id).order_by(col(Party.id))
            ).all()
            assert [(p.role, p.name) for p in parties] == [
                (PartyRole.APPLICANT, f"甲{index}"),
                (PartyRole.RESPONDENT, f"乙{index}"),
            ]
            assert case.facts.startswith(f"第{index}号")
        events = session.exec(select(func.count()).select_from(CaseEvent)).one()
        visits = session.exec(select(func.count()).select_from(FollowUp)).one()
    # imported + the history each stage implies (assigned, mediating, resolved, closed, referred)
    per_stage = {Stage.RESOLVED: 4, Stage.MEDIATING: 3, Stage.CLOSED: 5, Stage.REFERRED: 4,
                 Stage.ASSIGNED: 2, Stage.REGISTERED: 1}  # fmt: skip
    assert events >= sum(per_stage[s] for s in stages)
    assert visits == 20  # 满意 on the resolved and the closed ones: a follow-up each
    assert found(engine, coordinator, "第37号批量导入") == {cases[37].id}
    assert_index_sound(engine)
