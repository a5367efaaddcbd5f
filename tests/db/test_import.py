"""Importing Excel ledgers: the shared sample, messy but valid files, and a table of bad files and
bad cells, each with its report (sheet row and column) and the database unchanged afterwards."""

import os
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from db import texts
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.core.settings import PROJECT_DIR
from db.enums import AuditAction, EventKind, Level, PartyRole, Stage, UnitKind
from db.io.imports.apply import ImportRefused, apply
from db.io.imports.plan import ImportPlan, report_lines
from db.io.imports.preview import preview
from db.io.imports.workbook import LedgerUnreadable, read_ledger
from db.models import AuditLog, Case, CaseCounter, CaseEvent, Party, Unit
from tests.data import SAMPLE_LEDGER
from tests.db.factories import person_id, register_case, unit_id

HEADER = [
    "序号",
    "编号",
    "排查日期",
    "所属村（社区）",
    "纠纷类型",
    "纠纷简要情况",
    "当事人",
    "身份证号",
    "联系电话",
    "涉及人数",
    "涉及金额（元）",
    "风险等级",
    "包案领导",
    "责任单位",
    "责任人",
    "化解时限",
    "化解方式",
    "化解情况",
    "办结日期",
    "回访情况",
    "备注",
]


def good_row(serial: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "序号": serial,
        "编号": f"QSZ-2026-{900 + serial:04d}",
        "排查日期": datetime(2026, 5, 21),
        "所属村（社区）": "东河村",
        "纠纷类型": "邻里纠纷",
        "纠纷简要情况": "两户因排水沟走向发生争执。",
        "当事人": "张三、李四",
        "身份证号": person_id(serial),
        "联系电话": "13812345678",
        "涉及人数": 2,
        "涉及金额（元）": 1200,
        "风险等级": "低",
        "包案领导": "赵主席",
        "责任单位": "青石镇司法所",
        "责任人": "罗志强",
        "化解时限": datetime(2026, 6, 5),
        "化解方式": "人民调解",
        "化解情况": "已化解",
        "办结日期": datetime(2026, 6, 1),
        "回访情况": "当事人满意",
        "备注": None,
    }
    row.update(changes)
    return row


def ledger_file(
    path: Path,
    rows: list[dict[str, object]],
    *,
    header: list[str] = HEADER,
    title: bool = True,
) -> Path:
    """An office's ledger: a title row and a 填报单位 line above the header (so the first data
    row is sheet row 4), then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    if title:
        sheet.append(["青石镇矛盾纠纷排查化解工作台账"])
        sheet.append(["填报单位：青石镇综治中心", None, None, None, "填报日期：2026年9月30日"])
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    book.save(path)
    return path


def state(engine: Engine) -> tuple[int, int, int, int, int]:
    """What an import would change: cases, parties, events, audit rows, units."""
    with Session(engine) as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Case, Party, CaseEvent, AuditLog, Unit)
        )


def plan_for(engine: Engine, actor: Actor, path: Path, **options: object) -> ImportPlan:
    ledger = read_ledger(path, filename=path.name)
    with Session(engine) as session:
        return preview(session, actor=actor, ledger=ledger, town_code="QSZ", **options)  # type: ignore[arg-type]


def do_import(engine: Engine, actor: Actor, plan: ImportPlan, **options: object):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return apply(session, actor=actor, plan=plan, filename=plan.filename, **options)  # type: ignore[arg-type]


# The sample ledger --------------------------------------------------------------------------


def test_the_shared_sample_imports_cleanly(engine: Engine, actors: dict[str, Actor]) -> None:
    coordinator = actors["coordinator"]
    plan = plan_for(engine, coordinator, SAMPLE_LEDGER)
    assert plan.ok, report_lines(plan)
    assert plan.rows_read == 40 and not plan.warnings
    result = do_import(engine, coordinator, plan)
    assert result.created == 40
    assert result.numbers == [f"QSZ-2026-{n:04d}" for n in range(1, 41)]
    with Session(engine) as session:
        cases = {c.number: c for c in session.exec(select(Case))}
        assert len(cases) == 40
        stages = {stage: sum(c.stage == stage for c in cases.values()) for stage in Stage}
        assert stages[Stage.RESOLVED] == 28 and stages[Stage.MEDIATING] == 12
        first = cases["QSZ-2026-0001"]
        assert first.found_on == date(2026, 6, 12)
        assert first.deadline == date(2026, 6, 27)  # past deadlines are history, kept
        assert first.unit_id == first.handling_unit_id == unit_id(engine, "QSZ01")
        assert first.resolved_level == Level.VILLAGE
        assert first.resolved_at is not None
        assert first.resolved_at.astimezone(tz=None).date() == date(2026, 7, 22)
        assert first.amount_fen == 86000 * 100 and first.risk == "low"
        assert first.lead_leader == "赵主席"
        assert first.responsible_unit_id == unit_id(engine, "QSZD1")  # 青石镇司法所 exists
        assert first.recorded_responsible_person == "罗志强"  # no such account: recorded
        assert first.recorded_follow_up == "当事人满意，无反弹"
        parties = session.exec(
            select(Party).where(Party.case_id == first.id).order_by(col(Party.id))
        ).all()
        assert [(p.role, p.name) for p in parties] == [
            (PartyRole.APPLICANT, "胡丽娟"),
            (PartyRole.RESPONDENT, "郭桂兰"),
        ]
        assert parties[0].id_number == "990000196707300004"
        assert parties[0].phone == "18700000001"
        open_case = cases["QSZ-2026-0003"]
        assert open_case.stage == Stage.MEDIATING and open_case.resolved_at is None
        counter = session.exec(select(CaseCounter).where(CaseCounter.year == 2026)).one()
        assert counter.last == 40
    # Registration continues after the imported numbers instead of colliding with them.
    again = register_case(engine, coordinator, unit_id(engine, "QSZ01"))
    assert again.number == "QSZ-2026-0041"


def test_import_writes_imported_events_and_one_audit_row(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    do_import(engine, coordinator, plan_for(engine, coordinator, SAMPLE_LEDGER))
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.number == "QSZ-2026-0001")).one()
        events = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))
        ).all()
        kinds = [e.kind for e in events]
        assert kinds[0] == EventKind.IMPORTED and events[0].stage_to == Stage.RESOLVED
        assert '"row": 4' in events[0].detail
        assert EventKind.ASSIGNED in kinds
        assert [e.stage_to for e in events if e.kind == EventKind.STAGE_CHANGED] == [
            Stage.MEDIATING,
            Stage.RESOLVED,
        ]
        # The importer did the import, not the ledger's past steps (issue 17): those are the
        # office's, recorded as 导入（原台账）, with no account credited.
        assert events[0].actor_id == coordinator.id
        assert all(e.actor_id is None for e in events[1:])
        assert all(texts.IMP_RECORDED_BY in e.detail for e in events[1:])
        imported = session.exec(
            select(func.count()).where(CaseEvent.kind == EventKind.IMPORTED)
        ).one()
        assert imported == 40
        rows = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.IMPORT)).all()
        assert len(rows) == 1
        assert rows[0].user_id == coordinator.id
        assert "ledger_qingshi_2026.xlsx" in rows[0].detail and "导入 40 件" in rows[0].detail
    assert texts.label(EventKind.IMPORTED) == "导入"


def test_a_mediator_may_not_import(engine: Engine, actors: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed):
        plan_for(engine, actors["mediator"], SAMPLE_LEDGER)
    plan = plan_for(engine, actors["coordinator"], SAMPLE_LEDGER)
    before = state(engine)
    with pytest.raises(NotAllowed):
        do_import(engine, actors["mediator"], plan)
    assert state(engine) == before


def test_a_deactivated_town_takes_no_import(engine: Engine, actors: dict[str, Actor]) -> None:
    """Imported cases are new cases: a town that was deactivated (merged, renamed away) is
    refused by name, like any new case there, and nothing is written."""
    with write_session(engine) as session:
        town = session.exec(select(Unit).where(Unit.code == "QSZ")).one()
        town.active = False
        session.add(town)
        session.commit()
    before = state(engine)
    with pytest.raises(Refused) as refused:
        plan_for(engine, actors["admin"], SAMPLE_LEDGER)
    assert refused.value.message == texts.E_UNIT_INACTIVE.format(unit="青石镇")
    assert state(engine) == before


# Bad files ----------------------------------------------------------------------------------


def _xlsm(path: Path) -> bytes:
    ledger_file(path, [good_row(1)])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    return path.read_bytes()


def _no_header(path: Path) -> bytes:
    book = Workbook()
    book.active.append(["青石镇矛盾纠纷排查化解工作台账"])
    book.active.append(["甲", "乙", "丙"])
    book.active.append([1, 2, 3])
    book.save(path)
    return path.read_bytes()


BAD_FILES = {
    "not an xlsx": (
        "ledger.xlsx",
        lambda p: b"just some text, not a workbook",
        "IMP_FILE_NOT_XLSX",
    ),
    "a csv named xlsx": ("ledger.xlsx", lambda p: "编号,排查日期\n".encode(), "IMP_FILE_NOT_XLSX"),
    "an xlsm": ("ledger.xlsm", _xlsm, "IMP_FILE_XLSM"),
    "an xlsm renamed xlsx": ("ledger.xlsx", _xlsm, "IMP_FILE_XLSM"),
    "a renamed xls": (
        "ledger.xlsx",
        lambda p: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "IMP_FILE_XLS",
    ),
    "an xls": (
        "ledger.xls",
        lambda p: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "IMP_FILE_XLS",
    ),
    "an empty file": ("ledger.xlsx", lambda p: b"", "IMP_FILE_EMPTY"),
    "a damaged zip": ("ledger.xlsx", lambda p: b"PK\x03\x04broken", "IMP_FILE_NOT_XLSX"),
    "a sheet with no header": ("ledger.xlsx", _no_header, "IMP_NO_HEADER"),
    "too big": (
        "ledger.xlsx",
        lambda p: b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024),
        "IMP_FILE_TOO_BIG",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, kind: str) -> None:
    name, build, message = BAD_FILES[kind]
    data = build(tmp_path / ("build" + Path(name).suffix))
    with pytest.raises(LedgerUnreadable) as refused:
        read_ledger(data, filename=name)
    assert str(refused.value) == getattr(texts, message)


# Bad cells ----------------------------------------------------------------------------------

# column → bad value → the message; the bad row is the second data row (sheet row 5).
BAD_CELLS = [
    ("身份证号", 130521198506150000, texts.IMP_ID_AS_NUMBER),
    ("身份证号", "130521198506151000", texts.IMP_ID_AS_NUMBER),
    ("身份证号", "1.30521E+17", texts.IMP_ID_AS_NUMBER),
    (
        "身份证号",
        person_id(5)[:17] + ("1" if person_id(5)[17] != "1" else "2"),
        texts.V_ID_CHECKSUM,
    ),
    ("身份证号", "13052119850615", texts.V_ID_FORMAT),
    ("排查日期", "2026-02-30", texts.IMP_IMPOSSIBLE_DATE),
    ("排查日期", "2026年13月1日", texts.IMP_IMPOSSIBLE_DATE),
    ("排查日期", "上周三", texts.IMP_BAD_DATE),
    ("排查日期", None, texts.V_REQUIRED),
    ("排查日期", "2099-01-01", texts.V_FUTURE_DATE),
    ("化解时限", "2026/4/31", texts.IMP_IMPOSSIBLE_DATE),
    ("办结日期", "2026-05-01", texts.IMP_FINISHED_BEFORE_FOUND),
    ("纠纷类型", "外星人入侵", texts.IMP_UNKNOWN_CATEGORY),
    ("纠纷类型", None, texts.V_REQUIRED),
    ("所属村（社区）", "不存在村", texts.IMP_UNKNOWN_VILLAGE.format(town="青石镇")),
    ("编号", "QSZ-2026-0901", texts.IMP_NUMBER_IN_FILE.format(row=4)),
    ("风险等级", "极高极高", texts.IMP_UNKNOWN_RISK),
    ("化解情况", "不知道", texts.IMP_UNKNOWN_OUTCOME),
    ("联系电话", "12345", texts.V_PHONE),
    ("涉及人数", "很多", texts.V_NOT_INTEGER),
    ("涉及金额（元）", "一千", texts.V_NOT_NUMBER),
    ("当事人", None, texts.V_NO_PARTY),
    ("纠纷简要情况", "", texts.V_REQUIRED),
    ("纠纷简要情况", "很" * 2001, texts.V_TOO_LONG.format(max=2000)),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_CELLS)
def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_written(
    engine: Engine,
    actors: dict[str, Actor],
    tmp_path: Path,
    column: str,
    value: object,
    message: str,
) -> None:
    path = ledger_file(tmp_path / "bad.xlsx", [good_row(1), good_row(2, **{column: value})])
    coordinator = actors["coordinator"]
    plan = plan_for(engine, coordinator, path)
    errors = [(p.row, p.column, p.message) for p in plan.errors]
    assert errors == [(5, column, message)], report_lines(plan)
    assert any(f"第 5 行「{column}」" in line for line in report_lines(plan))
    before = state(engine)
    with pytest.raises(ImportRefused):
        do_import(engine, coordinator, plan)
    assert state(engine) == before


VALID_ENDING_000 = "130521198506157000"  # the checksum holds: a real number, not Excel's damage


def test_a_valid_id_number_ending_in_000_is_imported_with_a_warning(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    """About 1 in 1,100 real numbers end in 000: the checksum decides, the look only warns, and
    the warning shows the number masked. The same digits with a wrong checksum stay refused."""
    coordinator = actors["coordinator"]
    path = ledger_file(
        tmp_path / "zeros.xlsx",
        [good_row(1, 身份证号=VALID_ENDING_000), good_row(2, 身份证号="130521198506151000")],
    )
    plan = plan_for(engine, coordinator, path)
    assert [(p.row, p.message) for p in plan.errors] == [(5, texts.IMP_ID_AS_NUMBER)]
    warning = next(p for p in plan.warnings if p.column == "身份证号")
    assert (warning.row, warning.message) == (4, texts.IMP_ID_LOOKS_DAMAGED)
    assert VALID_ENDING_000 not in "\n".join(report_lines(plan))
    assert "130***********7000" in warning.line()
    do_import(engine, coordinator, plan, skip_rows_in_error=True)
    with Session(engine) as session:
        case = session.exec(select(Case).where(Case.number == "QSZ-2026-0901")).one()
        numbers = session.exec(select(Party.id_number).where(Party.case_id == case.id)).all()
        assert VALID_ENDING_000 in numbers
        assert session.exec(select(Case).where(Case.number == "QSZ-2026-0902")).first() is None


def test_no_column_is_dropped_without_a_word(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    """Every column of the file is mapped or listed as not imported, with its header (or its
    letter when it has none) and an example value, ID numbers and phones in it masked."""
    header = [*HEADER, "经办人电话", "证件号", "跟踪说明", None]
    extra = {"经办人电话": "13912345678", "证件号": person_id(7), "跟踪说明": "已回访两次"}
    rows = [good_row(1, 经办人电话=None), good_row(2, **extra)]
    path = ledger_file(tmp_path / "extra.xlsx", rows, header=header)
    book = load_workbook(path)
    book.active.cell(row=5, column=len(header), value="无名列的值")
    book.save(path)
    plan = plan_for(engine, actors["coordinator"], path)
    lines = report_lines(plan)
    listed = [line for line in lines if line.startswith("[未导入]")]
    assert listed == [
        texts.IMP_NOT_IMPORTED.format(letter=letter, name=name, example=example)
        for letter, name, example in [
            ("A", "序号", "1"),
            ("V", "经办人电话", "139****5678"),
            ("W", "证件号", person_id(7)[:3] + "*" * 11 + person_id(7)[-4:]),
            ("X", "跟踪说明", "已回访两次"),
            ("Y", texts.IMP_NO_HEADER_NAME, "无名列的值"),
        ]
    ], lines
    report = "\n".join(lines)
    assert person_id(7) not in report and "13912345678" not in report
    assert plan.ok  # listed, not refused: the user decides


def test_a_number_already_in_the_database_is_an_error(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    coordinator = actors["coordinator"]
    taken = register_case(engine, coordinator, unit_id(engine, "QSZ01")).number
    path = ledger_file(tmp_path / "dup.xlsx", [good_row(1, 编号=taken)])
    plan = plan_for(engine, coordinator, path)
    assert [(p.row, p.column, p.message) for p in plan.errors] == [
        (4, "编号", texts.IMP_NUMBER_EXISTS)
    ]


def test_a_missing_required_column_cannot_be_skipped(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    header = [h for h in HEADER if h != "纠纷类型"]
    path = ledger_file(tmp_path / "cols.xlsx", [good_row(1)], header=header)
    plan = plan_for(engine, actors["coordinator"], path)
    assert [(p.row, p.column) for p in plan.errors] == [(3, "纠纷类型")]
    before = state(engine)
    with pytest.raises(ImportRefused):
        do_import(engine, actors["coordinator"], plan, skip_rows_in_error=True)
    assert state(engine) == before


def test_a_mapping_fixes_a_column_the_app_cannot_guess(tmp_path: Path) -> None:
    header = ["编号", "发现日期", "村", "属性", "描述", "当事人"]  # nothing says what 属性 is
    path = ledger_file(tmp_path / "odd.xlsx", [], header=header)
    with pytest.raises(LedgerUnreadable):
        read_ledger(path, filename="odd.xlsx", mapping={"编号": None, "村": None})
    ledger = read_ledger(
        path,
        filename="odd.xlsx",
        mapping={"发现日期": "found_on", "属性": "category", "描述": "facts"},
    )
    assert not ledger.missing
    assert ledger.headers["found_on"] == "发现日期"


# Each office's own words for the columns: (header → the field it is), in file order.
OFFICE_WORDINGS = {
    # the town: its village, amount and follow-up columns were once dropped
    "town_a": {
        "序号": None,
        "案件编号": "number",
        "登记日期": "found_on",
        "所在村组": "village",
        "纠纷类别": "category",
        "纠纷概况": "facts",
        "当事人姓名": "parties",
        "身份证号码": "id_number",
        "联系方式": "phone",
        "争议金额": "amount",
        "风险等级": "risk",
        "化解情况": "outcome",
        "结案日期": "finished_on",
        "回访记录": "follow_up",
    },
    "town_b": {
        "受理时间": "found_on",
        "村居委": "village",
        "类型": "category",
        "主要诉求": "facts",
        "申请人": "parties",
        "手机": "phone",
        "标的额（元）": "amount",
        "承办人": "responsible_person",
        "调处情况": "outcome",
        "办结时间": "finished_on",
        "回访": "follow_up",
    },
    "town_c": {
        "排查时间": "found_on",
        "村居": "village",
        "纠纷种类": "category",
        "案由": "facts",
        "事由": None,  # the facts are taken by 案由, to its left: listed as not imported
        "当事人": "parties",
        "涉及金额": "amount",
        "办理结果": "outcome",
        "办结时限": "deadline",
        "回访情况": "follow_up",
    },
}
VALUES = {
    "number": "QSZ-2026-0951",
    "found_on": datetime(2026, 5, 21),
    "village": "东河村",
    "category": "邻里纠纷",
    "facts": "两户因排水沟走向发生争执。",
    "parties": "张三、李四",
    "id_number": person_id(3),
    "phone": "13812345678",
    "amount": "8.6万",
    "risk": "中",
    "outcome": "已化解",
    "finished_on": datetime(2026, 6, 1),
    "deadline": datetime(2026, 6, 10),
    "responsible_person": "罗志强",
    "follow_up": "2026-06-20 电话回访，当事人满意",
}


@pytest.mark.parametrize("office", sorted(OFFICE_WORDINGS))
def test_each_office_s_own_headers_are_recognised_and_the_match_shown(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path, office: str
) -> None:
    wording = OFFICE_WORDINGS[office]
    header = list(wording)
    row = {name: VALUES.get(key or "", "说明文字") for name, key in wording.items()}
    path = ledger_file(tmp_path / f"{office}.xlsx", [row], header=header)
    ledger = read_ledger(path, filename=path.name)
    assert ledger.headers == {key: name for name, key in wording.items() if key}
    plan = plan_for(engine, actors["coordinator"], path)
    assert plan.ok, report_lines(plan)
    lines = report_lines(plan)
    for name, key in wording.items():
        if key:
            assert any(f"「{name}」→ {texts.IMP_FIELD_NAMES[key]}" in line for line in lines)
        else:
            assert any(line.startswith("[未导入]") and f"「{name}」" in line for line in lines)
    do_import(engine, actors["coordinator"], plan)
    with Session(engine) as session:
        case = session.exec(select(Case).order_by(col(Case.id).desc())).first()
        assert case is not None and case.unit_id == unit_id(engine, "QSZ01")  # 东河村
        assert case.amount_fen == 86_000 * 100
        assert case.found_on == date(2026, 5, 21)


def test_the_match_is_shown_and_the_user_may_correct_any_column(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    header = [*HEADER, "领导批示"]  # read by its words as 包案领导, after that one is taken
    path = ledger_file(tmp_path / "fix.xlsx", [good_row(1, 领导批示="请尽快化解")], header=header)
    plan = plan_for(engine, actors["coordinator"], path)
    lines = report_lines(plan)
    assert (
        texts.IMP_COLUMN_MAPPED.format(
            letter="M", name="包案领导", field="包案领导", how=texts.IMP_MAPPED_HOW["synonym"]
        )
        in lines
    )
    fixed = read_ledger(
        path, filename=path.name, mapping={"领导批示": "notes", "备注": None, "回访情况": None}
    )
    assert fixed.headers["notes"] == "领导批示" and "follow_up" not in fixed.headers
    assert ("V", "领导批示", "notes", "user") in fixed.columns
    assert [(letter, name) for letter, name, _ in fixed.not_imported] == [
        ("A", "序号"),
        ("T", "回访情况"),
        ("U", "备注"),
    ]


# Messy but valid ----------------------------------------------------------------------------


def test_synonyms_and_values_as_people_type_them(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    header = [
        "纠纷编号",
        "登记时间",
        "村",
        "纠纷类别",
        "简要情况",
        "当事人姓名",
        "身份证号码",
        "电话",
        "涉及金额",
        "风险等级",
        "办结时限",
        "化解结果",
        "结案时间",
    ]
    rows = [
        {
            "纠纷编号": "ＱＳＺ-2025-0007",  # full-width letters are kept as the ledger wrote them
            "登记时间": "２０２６年５月２１日",
            "村": "东河",
            "纠纷类别": "邻里",
            "简要情况": "=SUM(A1:A3) 看起来像公式",
            "当事人姓名": "张三，李四/王五",
            "身份证号码": f"{person_id(1).lower()}、{person_id(2)}",
            "电话": "138-1234 5678",
            "涉及金额": "1.5万",
            "风险等级": "高",
            "办结时限": "2026.6.1",
            "化解结果": "已销号",
            "结案时间": "2026/6/3",
        },
        {"纠纷编号": None, "登记时间": 46163, "村": "南湾村", "纠纷类别": "劳资纠纷"},
        {},  # a blank row
        {
            "登记时间": "2026-05-22",
            "村": "石桥社区",
            "纠纷类别": "婚姻家庭",
            "简要情况": "夫妻争吵",
            "当事人姓名": "赵六",
            "化解结果": "调解不成，引导诉讼",
            "结案时间": "2026-05-30",
        },
        {
            "登记时间": datetime(2026, 5, 23),
            "村": "西岭村",
            "纠纷类别": "土地承包",
            "简要情况": "地界争议",
            "当事人姓名": "钱七、孙八",
            "化解结果": "已交办",
        },
        {"纠纷编号": "合计", "简要情况": None},
    ]
    rows[1].update({"简要情况": "拖欠工资", "当事人姓名": "周九", "化解结果": "调处中"})
    path = ledger_file(tmp_path / "messy.xlsx", rows, header=header)
    book = load_workbook(path)
    book.create_sheet("说明").append(["编号", "排查日期", "纠纷类型", "这张表不导入"])
    book.save(path)
    coordinator = actors["coordinator"]
    plan = plan_for(engine, coordinator, path)
    assert plan.ok, report_lines(plan)
    assert [c.row for c in plan.cases] == [4, 5, 7, 8]
    do_import(engine, coordinator, plan)
    with Session(engine) as session:
        cases = session.exec(select(Case).order_by(col(Case.id))).all()
        first, second, referred, assigned = cases
        assert first.number == "QSZ-2025-0007"  # NFKC: the number as the app writes numbers
        assert first.found_on == date(2026, 5, 21)
        assert first.facts == "=SUM(A1:A3) 看起来像公式"
        assert first.amount_fen == 1_500_000 and first.risk == "high"
        assert first.stage == Stage.CLOSED and first.finished_at is not None
        assert first.resolved_level == Level.VILLAGE
        assert first.deadline == date(2026, 6, 1)
        parties = session.exec(
            select(Party).where(Party.case_id == first.id).order_by(col(Party.id))
        ).all()
        assert [p.name for p in parties] == ["张三", "李四", "王五"]
        assert [p.role for p in parties][2] == PartyRole.OTHER
        assert [p.id_number for p in parties] == [person_id(1), person_id(2), None]
        assert parties[0].phone == "13812345678"
        assert second.number == "QSZ-2026-0001"  # a new number from the counter
        assert second.found_on == date(2026, 5, 21)  # Excel serial 46163
        assert second.stage == Stage.MEDIATING
        assert referred.stage == Stage.REFERRED and referred.referral_channel == "litigation"
        assert referred.finished_at is not None and referred.resolved_at is None
        assert assigned.stage == Stage.ASSIGNED
        assert len(cases) == 4


# Leaving out rows, creating villages --------------------------------------------------------


def test_rows_in_error_may_be_left_out_explicitly(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    rows = [good_row(1), good_row(2, 纠纷类型="外星人"), good_row(3)]
    path = ledger_file(tmp_path / "skip.xlsx", rows)
    coordinator = actors["coordinator"]
    plan = plan_for(engine, coordinator, path)
    assert plan.error_rows == {5}
    before = state(engine)
    with pytest.raises(ImportRefused):
        do_import(engine, coordinator, plan)
    assert state(engine) == before
    result = do_import(engine, coordinator, plan, skip_rows_in_error=True)
    assert result.created == 2 and result.skipped_rows == [5]
    with Session(engine) as session:
        numbers = session.exec(select(Case.number).order_by(col(Case.number))).all()
        assert numbers == ["QSZ-2026-0901", "QSZ-2026-0903"]
        row = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.IMPORT)).one()
        assert "跳过 1 行" in row.detail


def test_an_admin_may_create_the_missing_villages(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    rows = [
        good_row(1, **{"所属村（社区）": "新建村"}),
        good_row(2, **{"所属村（社区）": "新建村"}),
    ]
    path = ledger_file(tmp_path / "new.xlsx", rows)
    coordinator_plan = plan_for(engine, actors["coordinator"], path, create_missing_units=True)
    assert coordinator_plan.missing_units == ["新建村"]
    assert len(coordinator_plan.errors) == 2  # only an admin may create units
    plan = plan_for(engine, actors["admin"], path, create_missing_units=True)
    assert plan.ok and plan.missing_units == ["新建村"]
    assert any("新建村" in line for line in report_lines(plan))
    result = do_import(engine, actors["admin"], plan)
    assert result.units_created == ["新建村"]
    with Session(engine) as session:
        unit = session.exec(select(Unit).where(Unit.name == "新建村")).one()
        town = session.exec(select(Unit).where(Unit.code == "QSZ")).one()
        assert unit.parent_id == town.id and unit.kind == UnitKind.VILLAGE
        assert unit.path == f"{town.path}{unit.id}/"
        assert unit.code not in {"QSZ01", "QSZ07"}
        assert session.exec(select(func.count()).where(Case.unit_id == unit.id)).one() == 2


# Speed --------------------------------------------------------------------------------------


def test_a_large_ledger_imports_quickly(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    count = int(os.environ.get("IMPORT_ROWS", "3000"))
    villages = ["东河村", "南湾村", "西岭村", "北坡村", "石桥社区", "柳园社区"]
    rows = [
        good_row(
            i % 900,
            编号=None,
            身份证号=None,
            **{"所属村（社区）": villages[i % 6], "化解情况": ["已化解", "调处中"][i % 2]},
        )
        for i in range(count)
    ]
    path = ledger_file(tmp_path / "big.xlsx", rows)
    import time

    started = time.perf_counter()
    plan = plan_for(engine, actors["coordinator"], path)
    assert plan.ok
    result = do_import(engine, actors["coordinator"], plan)
    elapsed = time.perf_counter() - started
    assert result.created == count
    assert elapsed < 60 * count / 20000 + 5
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == count


# CLI ----------------------------------------------------------------------------------------


def cli(engine: Engine, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    return subprocess.run(
        [sys.executable, "-m", "db", "import-ledger", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_exit_codes(engine: Engine, world: object, tmp_path: Path) -> None:
    before = state(engine)
    dry = cli(engine, str(SAMPLE_LEDGER), "--unit", "QSZ", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "读取 40 行" in dry.stdout and state(engine) == before
    assert "[未导入] A 列「序号」" in dry.stdout  # the CLI's report names every column left out
    mapped = cli(engine, str(SAMPLE_LEDGER), "--unit", "QSZ", "--dry-run", "--map", "备注=不导入")
    assert mapped.returncode == 0, mapped.stderr
    assert "[对应] C 列「排查日期」→ 排查日期（按列名识别）" in mapped.stdout  # the mapping used
    assert "[未导入] U 列「备注」" in mapped.stdout
    wrong = cli(engine, str(SAMPLE_LEDGER), "--unit", "QSZ", "--map", "备注=不存在的字段")
    assert wrong.returncode == 1 and "无法识别的 --map 备注=不存在的字段" in wrong.stderr
    bad = ledger_file(tmp_path / "bad.xlsx", [good_row(1), good_row(2, 纠纷类型="外星人")])
    refused = cli(engine, str(bad), "--unit", "QSZ")
    assert refused.returncode == 1
    assert "第 5 行「纠纷类型」" in refused.stdout and state(engine) == before
    assert cli(engine, str(bad), "--unit", "QSZ", "--dry-run").returncode == 1
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    unreadable = cli(engine, str(junk), "--unit", "QSZ")
    assert unreadable.returncode == 2 and texts.IMP_FILE_NOT_XLSX in unreadable.stderr
    assert cli(engine, str(tmp_path / "absent.xlsx"), "--unit", "QSZ").returncode == 2
    assert state(engine) == before
    done = cli(engine, str(SAMPLE_LEDGER), "--unit", "QSZ")
    assert done.returncode == 0, done.stderr
    assert "已导入 40 件案件" in done.stdout
    imported = state(engine)
    twice = cli(engine, str(SAMPLE_LEDGER), "--unit", "QSZ", "--renumber")
    assert twice.returncode == 1 and "没有导入任何案件" in twice.stderr  # the same file twice
    assert "已导入" not in twice.stdout and state(engine) == imported
    with Session(engine) as session:
        row = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.IMPORT)).one()
        assert row.username == "admin"
    skipped = cli(engine, str(bad), "--unit", "QSZ", "--skip-errors")
    assert skipped.returncode == 0, skipped.stderr + skipped.stdout
    assert "跳过 1 行" in skipped.stdout
