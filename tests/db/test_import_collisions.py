"""Numbers that collide: a ledger's number already in the database is either the same case (same
number, parties and found date: skipped, so nothing comes in twice) or another case (refused, or
given a new number keeping the ledger's own as 原编号, which the ledger search finds)."""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.cases.ledger import LedgerFilter
from db.cases.search import matching_case_ids
from db.core.actor import Actor
from db.core.engine import write_session
from db.demo.cases import generate_cases
from db.demo.world import load_world
from db.io.exports.ledger import ledger_xlsx
from db.io.imports.apply import ImportRefused, apply
from db.io.imports.preview import preview
from db.io.imports.workbook import read_ledger
from db.models import Case
from tests.data import SAMPLE_LEDGER
from tests.db.test_import import state


def plan(engine: Engine, actor: Actor, data: bytes, **options: object):  # type: ignore[no-untyped-def]
    ledger = read_ledger(data, filename="台账.xlsx")
    with Session(engine) as session:
        return preview(session, actor=actor, ledger=ledger, town_code="QSZ", **options)  # type: ignore[arg-type]


def write(engine: Engine, actor: Actor, planned):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return apply(session, actor=actor, plan=planned, filename="台账.xlsx")


def demo_cases(engine: Engine, count: int) -> None:
    with Session(engine) as session:
        generate_cases(session, world=load_world(session), count=count, seed=7)


def test_the_sample_into_the_demo_gets_new_numbers_keeping_its_own_and_never_twice(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    demo_cases(engine, 600)  # the demo's QSZ-2026-0001... are the sample's numbers too
    coordinator = actors["coordinator"]
    data = SAMPLE_LEDGER.read_bytes()
    refused = plan(engine, coordinator, data)
    assert [p.message for p in refused.errors] == [texts.IMP_NUMBER_EXISTS] * 40
    renumbered = plan(engine, coordinator, data, renumber_taken=True)
    assert renumbered.ok and len(renumbered.importable(skip_rows_in_error=False)) == 40
    assert [p.message for p in renumbered.warnings if p.column == "编号"] == [
        texts.IMP_RENUMBERED
    ] * 40
    result = write(engine, coordinator, renumbered)
    assert result.created == 40 and result.already_in == 0
    with Session(engine) as session:
        imported = session.exec(select(Case).where(col(Case.original_number).is_not(None))).all()
        assert sorted(c.original_number for c in imported) == [
            f"QSZ-2026-{n:04d}" for n in range(1, 41)
        ]
        assert all(c.number != c.original_number for c in imported)
        first = next(c for c in imported if c.original_number == "QSZ-2026-0001")
        found = set(session.exec(matching_case_ids(session, "QSZ-2026-0001")).scalars())
        assert first.id in found  # the ledger search finds it by its 原编号
        scan = matching_case_ids(session, "QSZ-2026-0001", use_index=False)
        assert first.id in set(session.exec(scan).scalars())  # and by the LIKE scan
    before = state(engine)
    again = plan(engine, coordinator, data, renumber_taken=True)
    assert len(again.already_in) == 40 and not again.importable(skip_rows_in_error=True)
    with pytest.raises(ImportRefused) as nothing:
        write(engine, coordinator, again)
    assert str(nothing.value).startswith(texts.IMP_NOTHING.split("{")[0])
    assert state(engine) == before


def test_our_own_export_back_in_creates_nothing_twice(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    demo_cases(engine, 120)
    coordinator = actors["coordinator"]
    with write_session(engine) as session:  # ID numbers and phones masked, as exported by default
        data = ledger_xlsx(session, actor=coordinator, filters=LedgerFilter(unit_id=None))
    before = state(engine)
    planned = plan(engine, coordinator, data)
    assert planned.errors == [] and planned.already_in
    assert not planned.importable(skip_rows_in_error=True)
    with pytest.raises(ImportRefused):
        write(engine, coordinator, planned)
    assert state(engine) == before
