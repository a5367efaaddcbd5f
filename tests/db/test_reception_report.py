"""The reception figures against a hand count on both engines (领导接访下访情况登记表 and the
dashboard's table), the printable workbook and its audit row, and the register's promise: no
history per visitor (no function takes a visitor, nothing finds one)."""

import inspect
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from db import texts
from db.cases import moves
from db.cases.ledger import LedgerFilter, list_cases
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.enums import AuditAction, ReceptionKind, Role
from db.io.exports import receptions as reception_export
from db.models import AuditLog, Reception
from db.receptions import book, counts, reading
from db.receptions.counts import ReceptionCount, monthly_report, reception_counts
from tests.db.factories import act, add_user, form, new_case, plan, unit_id
from tests.db.reception_helpers import VISITOR, VISITOR_PHONE, record_reception

LAST_MONTH = local_today().replace(day=1) - timedelta(days=1)
AT, VISIT, INVITED = ReceptionKind.AT_CENTRE, ReceptionKind.VISIT_WITH_CASES, ReceptionKind.INVITED


def day(n: int, month: date = LAST_MONTH) -> date:
    return month.replace(day=n)


def link(engine: Engine, actor: Actor, reception_id: int, case_id: int) -> None:
    with write_session(engine) as session:
        book.link_case(session, actor=actor, reception_id=reception_id, case_id=case_id)


@pytest.fixture
def month(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """Last month's receptions, counted by hand in the tests below:
    刘明 (county): R1 接访 at 青石镇 day 3, 2 visitors, case A opened from it, case B linked;
                  R2 接访 at 东河村 day 10, 3 visitors; R3 带案下访 at 青石镇 day 20, 5 visitors,
                  case B again; R5 接访 at 柳湾镇 day 12, 4 visitors (outside 青石镇).
    王刚 (青石镇): R4 约访 at 南湾村 day 5, 1 visitor, case C.
    Not counted: R6 two months ago; R7 planned (still not held) on day 15.
    Case B is assigned after its links (moved); A and C have not moved."""
    leader, coordinator = actors["leader"], actors["coordinator"]
    wang = add_user(engine, "qsz_leader", "青石镇 王刚", Role.LEADER, "QSZ")
    qsz, village = unit_id(engine, "QSZ"), unit_id(engine, "QSZ01")
    r1 = record_reception(engine, leader, qsz, held_on=day(3), visitors=2)
    record_reception(engine, leader, village, held_on=day(10), visitors=3)
    r3 = record_reception(engine, leader, qsz, kind="visit_with_cases", held_on=day(20), visitors=5)
    r4 = record_reception(
        engine, coordinator, unit_id(engine, "QSZ02"), wang.id, kind="invited", held_on=day(5),
        visitors=1,
    )  # fmt: skip
    record_reception(engine, leader, unit_id(engine, "LWZ"), held_on=day(12), visitors=4)
    record_reception(engine, leader, qsz, held_on=day(1) - timedelta(days=20), visitors=7)
    r7 = record_reception(engine, leader, qsz, status="planned", held_on=local_today())
    with write_session(engine) as session:
        session.execute(update(Reception).where(Reception.id == r7).values(held_on=day(15)))  # type: ignore[arg-type]
        session.commit()
        case_a = book.open_case(session, actor=leader, reception_id=r1, data=form(village)).id
    case_b = new_case(engine, coordinator, "QSZ01")
    case_c = new_case(engine, coordinator, "QSZ02")
    link(engine, leader, r1, case_b)
    link(engine, leader, r3, case_b)
    link(engine, coordinator, r4, case_c)
    link(engine, leader, r7, case_c)
    act(
        engine,
        moves.assign,
        actor=coordinator,
        case_id=case_b,
        plan=plan(village, actors["mediator"].id),
    )
    return {"qsz": qsz, "county": actors["leader"].unit_id, "wang": wang.id, "case_a": case_a}


def figures(rows: list[ReceptionCount]) -> list[tuple]:
    return [(r.leader, r.kind, r.receptions, r.visitors, r.cases, r.opened, r.moved) for r in rows]


def test_the_monthly_counts_match_a_hand_count(
    engine: Engine, actors: dict[str, Actor], month: dict[str, int]
) -> None:
    with Session(engine) as session:
        town = monthly_report(
            session, actors["coordinator"], year=LAST_MONTH.year, month=LAST_MONTH.month
        )
        county = monthly_report(
            session, actors["county_coord"], year=LAST_MONTH.year, month=LAST_MONTH.month
        )
    assert town.unit == "青石镇"
    assert figures(list(town.rows)) == [
        ("县领导 刘明", AT, 2, 5, 2, 1, 1),  # R1 (A opened, B moved) and R2
        ("县领导 刘明", VISIT, 1, 5, 1, 0, 1),  # R3 (B moved)
        ("青石镇 王刚", INVITED, 1, 1, 1, 0, 0),  # R4 (C)
    ]
    assert figures([town.total]) == [("", None, 4, 11, 4, 1, 2)]
    assert figures(list(county.rows))[0] == ("县领导 刘明", AT, 3, 9, 2, 1, 1)  # R5 too
    assert figures([county.total]) == [("", None, 5, 15, 4, 1, 2)]


def test_the_dashboards_counts_per_leader_are_the_same_definition(
    engine: Engine, actors: dict[str, Actor], month: dict[str, int]
) -> None:
    start, end = counts.month_bounds(LAST_MONTH.year, LAST_MONTH.month)
    with Session(engine) as session:
        rows = reception_counts(session, actors["coordinator"], start=start, end=end, by_kind=False)
    assert figures(rows) == [
        ("县领导 刘明", None, 3, 10, 3, 1, 2),
        ("青石镇 王刚", None, 1, 1, 1, 0, 0),
    ]


def test_the_register_lists_by_date_leader_kind_and_status(
    engine: Engine, actors: dict[str, Actor], month: dict[str, int]
) -> None:
    start, end = counts.month_bounds(LAST_MONTH.year, LAST_MONTH.month)
    with Session(engine) as session:
        every = reading.list_receptions(session, actors["coordinator"], start=start, end=end)
        wang = reading.list_receptions(
            session, actors["coordinator"], start=start, end=end, leader_id=month["wang"]
        )
        planned = reading.list_receptions(
            session, actors["coordinator"], start=start, end=end, status="planned"
        )
    assert [r.held_on.day for r in every] == [20, 15, 10, 5, 3]  # newest first, 青石镇 only
    assert [(r.kind, r.cases, r.opened) for r in wang] == [(INVITED, 1, 0)]
    assert [(r.held_on.day, r.cases) for r in planned] == [(15, 1)]
    assert [(r.cases, r.opened) for r in every if r.held_on.day == 3] == [(2, 1)]


def test_the_printable_report_is_a4_landscape_audited_and_names_no_visitor(
    engine: Engine, actors: dict[str, Actor], month: dict[str, int]
) -> None:
    coordinator = actors["coordinator"]
    with write_session(engine) as session:
        report = monthly_report(session, coordinator, year=LAST_MONTH.year, month=LAST_MONTH.month)
        data = reception_export.reception_report_xlsx(session, actor=coordinator, report=report)
    book_ = load_workbook(io.BytesIO(data))
    sheet = book_[texts.RC_SHEET]
    assert sheet["A1"].value == texts.RC_TITLE
    assert sheet["A2"].value == texts.RC_UNIT.format(unit="青石镇")
    assert sheet["A3"].value == texts.RC_MONTH.format(year=LAST_MONTH.year, month=LAST_MONTH.month)
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert [c.value for c in sheet[4]] == list(texts.RC_COLUMNS)
    assert [c.value for c in sheet[8]] == [texts.RC_TOTAL, None, 4, 11, 4, 1, 2]
    listed = book_[texts.RC_SHEET_LIST]
    assert listed.max_row == 4 + 4  # title, unit, month, header and the four held receptions
    cells = " ".join(str(c.value) for s in book_ for row in s.iter_rows() for c in row)
    assert VISITOR not in cells and VISITOR_PHONE[-4:] not in cells
    with Session(engine) as session:
        exported = session.exec(
            select(AuditLog.detail).where(AuditLog.action == AuditAction.EXPORT)
        ).all()
    assert exported == [
        texts.RC_AUDIT.format(unit="青石镇", year=LAST_MONTH.year, month=LAST_MONTH.month)
    ]


def test_a_role_without_the_register_is_refused_the_report_and_audited(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    with write_session(engine) as session, pytest.raises(NotAllowed):
        monthly_report(session, actors["mediator"], year=2026, month=1)
    with write_session(engine) as session, pytest.raises(NotAllowed):
        reception_export.reception_report_xlsx(
            session, actor=actors["mediator"], report=counts.MonthlyReport(
                unit_id=1, unit="", year=2026, month=1, start=date(2026, 1, 1),
                end=date(2026, 1, 31), rows=(), total=ReceptionCount(None, "", None),
            ),
        )  # fmt: skip
    with Session(engine) as session:
        denied = session.exec(
            select(AuditLog.target).where(AuditLog.action == AuditAction.DENIED)
        ).all()
    assert denied == ["reception_report"]


# No history per visitor -----------------------------------------------------------------------

PUBLIC_MODULES = [book, counts, reading, reception_export]
PERSONAL = ("visitor", "name", "phone", "person", "who", "people")


def test_no_public_function_of_the_register_takes_a_visitor() -> None:
    """Nothing lists, filters, searches or counts receptions by a visitor's name or phone."""
    taken = {
        f"{module.__name__}.{name}": sorted(inspect.signature(function).parameters)
        for module in PUBLIC_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }
    assert len(taken) >= 10
    offenders = {
        where: [p for p in params if any(word in p for word in PERSONAL)]
        for where, params in taken.items()
    }
    assert {where: found for where, found in offenders.items() if found} == {}
    listed = reading.ReceptionRow.__dataclass_fields__  # what the register shows per line
    assert "visitors" in listed  # how many came: a count, nobody's name
    assert [f for f in listed if "name" in f or "phone" in f] == []


def test_a_visitors_name_or_phone_finds_nothing(
    engine: Engine, actors: dict[str, Actor], month: dict[str, int]
) -> None:
    leader = actors["leader"]
    with Session(engine) as session:
        for term in (VISITOR, VISITOR_PHONE, VISITOR_PHONE[-4:]):
            page = list_cases(session, actor=leader, filters=LedgerFilter(search=term))
            assert page.rows == [] and page.total == 0, term
            assert reading.cases_by_number(session, leader, term) == []
        indexes = {ix.name for ix in Reception.__table__.indexes}  # type: ignore[attr-defined]
    assert not [ix for ix in indexes if "visitor" in str(ix)]
