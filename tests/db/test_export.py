"""Excel out (db.io.exports.ledger, db.io.exports.forms, `python -m db export-ledger`): the ledger in
the offices' layout, in scope and filter, masked unless revealed with a reason, formula text
kept as text, every export audited; the two one-page forms of a case; the command's exit
status."""

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db import texts
from db.cases.ledger import LedgerFilter
from db.cli.main import main
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import AuditAction, Role, Stage
from db.io.exports.forms import case_forms_xlsx
from db.io.exports.ledger import ledger_xlsx
from db.models import AuditLog, User
from tests.data import SAMPLE_LEDGER
from tests.db.factories import add_user, case_in_stage, person_id, register_case, unit_id

ID_NUMBER = person_id(7)
PHONE = "13812345678"
FORMULA = '=HYPERLINK("http://example.com","点我")'
HEADER_ROW = 3


def parties(name: str = "张三") -> list[dict[str, object]]:
    return [
        {"role": "applicant", "name": name, "id_number": ID_NUMBER, "phone": PHONE},
        {"role": "respondent", "name": "李四"},
    ]


@pytest.fixture
def ledger(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """Cases in two villages of 青石镇 and one of 柳湾镇, by name."""
    coordinator = actors["coordinator"]
    lwz = add_user(engine, "lwz_coord", "柳湾镇综治办 钱多", Role.COORDINATOR, "LWZ")
    today = local_today()
    made = {
        "donghe": register_case(
            engine,
            coordinator,
            unit_id(engine, "QSZ01"),
            parties=parties(),
            found_on=today - timedelta(days=3),
        ).id,
        "formula": register_case(
            engine,
            coordinator,
            unit_id(engine, "QSZ01"),
            facts=FORMULA,
            parties=parties("王五"),
            found_on=today - timedelta(days=2),
        ).id,
        "nanwan": register_case(
            engine,
            coordinator,
            unit_id(engine, "QSZ02"),
            facts="两户因排水沟走向发生争执",
            found_on=today - timedelta(days=40),
        ).id,
        "liuwan": register_case(
            engine,
            lwz,
            unit_id(engine, "LWZ01"),
            facts="拖欠工资三个月",
            found_on=today - timedelta(days=1),
        ).id,
    }
    return made


def export(engine: Engine, actor: Actor, **options: object) -> Worksheet:
    filters = options.pop("filters", LedgerFilter())
    with write_session(engine) as session:
        data = ledger_xlsx(session, actor=actor, filters=filters, **options)  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(data)).worksheets[0]


def body(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [row for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def column(name: str) -> int:
    return texts.EXPORT_COLUMNS.index(name)


def audits(engine: Engine, action: AuditAction) -> list[AuditLog]:
    with Session(engine) as session:
        query = select(AuditLog).where(AuditLog.action == action).order_by(col(AuditLog.id))
        return list(session.exec(query).all())


def test_the_offices_layout(engine: Engine, actors: dict[str, Actor], ledger: dict) -> None:
    sheet = export(engine, actors["coordinator"])
    title = sheet["A1"].value
    assert title.startswith("青石镇矛盾纠纷排查化解工作台账（")
    assert "A1:U1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位：青石镇"
    today = local_today()
    assert sheet["S2"].value == f"填报日期：{today.year}年{today.month}月{today.day}日"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == list(texts.EXPORT_COLUMNS)
    sample = load_workbook(SAMPLE_LEDGER, read_only=True).worksheets[0]
    sample_header = next(sample.iter_rows(min_row=3, max_row=3, values_only=True))
    assert header == list(sample_header)


def test_one_row_per_case_in_scope_and_filter(
    engine: Engine, actors: dict[str, Actor], ledger: dict
) -> None:
    numbers = {name: _number(engine, case_id) for name, case_id in ledger.items()}
    town = body(export(engine, actors["coordinator"]))
    assert sorted(r[1] for r in town) == sorted(numbers[n] for n in ("donghe", "formula", "nanwan"))
    assert [r[0] for r in town] == [1, 2, 3]
    county = body(export(engine, actors["leader"]))
    assert sorted(r[1] for r in county) == sorted(numbers.values())
    # A coordinator of one village sees only that village's cases.
    village = add_user(engine, "dh_coord", "东河村 周平", Role.COORDINATOR, "QSZ01")
    rows = body(export(engine, village))
    assert sorted(r[1] for r in rows) == sorted([numbers["donghe"], numbers["formula"]])
    assert {r[column("所属村（社区）")] for r in rows} == {"东河村"}
    # Filters as in the ledger: a unit subtree and a period.
    only = LedgerFilter(unit_id=unit_id(engine, "QSZ02"))
    assert [r[1] for r in body(export(engine, actors["leader"], filters=only))] == [
        numbers["nanwan"]
    ]
    recent = LedgerFilter(found_from=local_today() - timedelta(days=10))
    assert len(body(export(engine, actors["coordinator"], filters=recent))) == 2
    with pytest.raises(OutOfScope):
        export(engine, actors["coordinator"], filters=LedgerFilter(unit_id=unit_id(engine, "LWZ")))


def _number(engine: Engine, case_id: int) -> str:
    from db.models import Case

    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.number


def test_dates_are_dates_and_codes_are_words(
    engine: Engine, actors: dict[str, Actor], ledger: dict
) -> None:
    closed = case_in_stage(engine, actors, Stage.CLOSED)
    sheet = export(engine, actors["coordinator"])
    rows = {r[1]: r for r in body(sheet)}
    row = rows[_number(engine, closed)]
    assert isinstance(row[column("排查日期")], datetime)
    assert isinstance(row[column("化解时限")], datetime)
    assert row[column("办结日期")].date() == local_today()
    assert row[column("化解情况")] == "已销号"
    assert row[column("化解方式")] == "人民调解"
    assert row[column("回访情况")].startswith("当事人满意，无反弹")
    assert row[column("纠纷类型")] == "邻里纠纷"
    assert row[column("责任人")] == "东河村调解员 孙丽"
    donghe = rows[_number(engine, ledger["donghe"])]
    assert donghe[column("当事人")] == "张三\n李四"
    assert donghe[column("化解情况")] == "受理登记"
    assert donghe[column("涉及金额（元）")] == 1200.5
    found = next(c for c in sheet[HEADER_ROW + 1] if c.column == column("排查日期") + 1)
    assert found.is_date and found.number_format == "yyyy-mm-dd"


def test_personal_data_masked_unless_revealed_with_a_reason(
    engine: Engine, actors: dict[str, Actor], ledger: dict
) -> None:
    coordinator = actors["coordinator"]
    number = _number(engine, ledger["donghe"])
    masked = {r[1]: r for r in body(export(engine, coordinator))}[number]
    assert masked[column("身份证号")] == ID_NUMBER[:3] + "*" * 11 + ID_NUMBER[-4:]
    assert masked[column("联系电话")] == "138****5678"
    blank = {r[1]: r for r in body(export(engine, coordinator, reveal_reason="  "))}[number]
    assert blank[column("身份证号")] != ID_NUMBER
    assert audits(engine, AuditAction.REVEAL) == []
    full = {r[1]: r for r in body(export(engine, coordinator, reveal_reason="核对当事人身份"))}
    assert full[number][column("身份证号")] == ID_NUMBER
    assert full[number][column("联系电话")] == PHONE
    (reveal,) = audits(engine, AuditAction.REVEAL)
    assert "核对当事人身份" in reveal.detail and reveal.user_id == coordinator.id
    # A leader may export but not reveal.
    with pytest.raises(NotAllowed):
        export(engine, actors["leader"], reveal_reason="想看看")


def test_formula_text_stays_text(engine: Engine, actors: dict[str, Actor], ledger: dict) -> None:
    sheet = export(engine, actors["coordinator"])
    facts = [
        row[column("纠纷简要情况")]
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1)
        if row[column("纠纷简要情况")].value == FORMULA
    ]
    assert len(facts) == 1
    assert facts[0].data_type == "s"


def test_every_export_is_audited(engine: Engine, actors: dict[str, Actor], ledger: dict) -> None:
    export(engine, actors["coordinator"])
    export(engine, actors["leader"], filters=LedgerFilter(unit_id=unit_id(engine, "QSZ02")))
    first, second = audits(engine, AuditAction.EXPORT)
    assert first.user_id == actors["coordinator"].id and "3" in first.detail
    assert second.user_id == actors["leader"].id
    assert "1" in second.detail and "QSZ02" in second.detail


def test_an_id_or_phone_typed_as_the_search_is_masked_in_the_audit(
    engine: Engine, actors: dict[str, Actor], ledger: dict
) -> None:
    term = "990000196707300004 13812345678"
    export(engine, actors["coordinator"], filters=LedgerFilter(search=term))
    (row,) = audits(engine, AuditAction.EXPORT)
    assert "990000196707300004" not in row.detail and "13812345678" not in row.detail
    assert "990***********0004" in row.detail and "138****5678" in row.detail


@pytest.mark.parametrize("who", ["supervisor", "mediator", "admin"])
def test_roles_without_export_are_refused(
    engine: Engine, actors: dict[str, Actor], ledger: dict, who: str
) -> None:
    with pytest.raises(NotAllowed):
        export(engine, actors[who])
    with pytest.raises(NotAllowed), write_session(engine) as session:
        case_forms_xlsx(session, actor=actors[who], case_id=ledger["donghe"])
    assert audits(engine, AuditAction.EXPORT) == []


def test_case_forms_two_one_page_sheets(
    engine: Engine, actors: dict[str, Actor], ledger: dict
) -> None:
    closed = case_in_stage(engine, actors, Stage.CLOSED)
    with write_session(engine) as session:
        data = case_forms_xlsx(session, actor=actors["coordinator"], case_id=closed)
    book: Workbook = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["登记表", "结案备案表"]
    for sheet in book.worksheets:
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
    register, closing = book.worksheets
    assert register["A1"].value == texts.FORM_REGISTER_TITLE
    values = [c for row in closing.iter_rows(values_only=True) for c in row if c is not None]
    assert "双方达成调解协议，边界以原界桩为准" in values
    assert "孙丽" in values and "已销号" in values
    (audit_row,) = audits(engine, AuditAction.EXPORT)
    assert audit_row.case_id == closed
    # Out of scope: refused.
    with pytest.raises(OutOfScope), write_session(engine) as session:
        case_forms_xlsx(session, actor=actors["coordinator"], case_id=ledger["liuwan"])


def test_case_form_masks_and_formula_text(
    engine: Engine, actors: dict[str, Actor], ledger: dict
) -> None:
    with write_session(engine) as session:
        data = case_forms_xlsx(session, actor=actors["coordinator"], case_id=ledger["formula"])
    register = load_workbook(io.BytesIO(data))["登记表"]
    cells = [c for row in register.iter_rows() for c in row if c.value is not None]
    assert ID_NUMBER not in [c.value for c in cells]
    (facts,) = [c for c in cells if c.value == FORMULA]
    assert facts.data_type == "s"


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_command_exit_status(
    engine: Engine,
    actors: dict[str, Actor],
    ledger: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", _url(engine))
    out = tmp_path / "台账.xlsx"
    base = ["export-ledger", "--out", str(out)]
    assert main([*base, "--user", "coordinator", "--unit", "QSZ01"]) == 0
    assert "2" in capsys.readouterr().out
    sheet = load_workbook(out).worksheets[0]
    assert len(body(sheet)) == 2
    first = date.today() - timedelta(days=10)
    assert main([*base, "--user", "leader", "--from", first.isoformat()]) == 0
    assert len(body(load_workbook(out).worksheets[0])) == 3
    assert main([*base, "--user", "nobody"]) == 1
    assert main([*base, "--user", "coordinator", "--unit", "NOPE"]) == 1
    assert main([*base, "--user", "coordinator", "--unit", "LWZ"]) == 1
    assert main([*base, "--user", "coordinator", "--from", "2026/13/45"]) == 1
    assert main([*base, "--user", "mediator"]) == 1
    with Session(engine) as session:  # the leader's password was reset: one-time for now
        session.execute(
            update(User).where(col(User.username) == "leader").values(must_change_password=True)
        )
        session.commit()
    capsys.readouterr()
    assert main([*base, "--user", "leader"]) == 1
    assert texts.E_MUST_CHANGE_PASSWORD in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "dir" / "x.xlsx"
    assert main(["export-ledger", "--out", str(missing), "--user", "coordinator"]) == 2
    assert len(audits(engine, AuditAction.EXPORT)) == 2
