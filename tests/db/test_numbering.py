"""Case numbers: <town code>-<year>-<4-digit sequence>, one sequence per town and year, never
given twice even when many people register at the same moment."""

import threading
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.cases import numbering
from db.cases.register import Registered, register
from db.clock import local_today
from db.core import audit
from db.core.actor import Actor
from db.core.engine import write_session
from db.demo.cases import generate_cases
from db.demo.world import World
from db.models import Case, CaseCounter
from tests.db.factories import form, register_case, unit_id

YEAR = local_today().year


def sequence_of(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def test_first_case_of_a_town_is_number_one(engine: Engine, actors: dict[str, Actor]) -> None:
    registered = register_case(engine, actors["mediator"], unit_id(engine, "QSZ01"))
    assert registered.number == f"QSZ-{YEAR}-0001"


def test_cases_of_villages_take_their_towns_code_and_share_its_sequence(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    numbers = [
        register_case(engine, actors["mediator"], unit_id(engine, "QSZ01")).number,
        register_case(engine, actors["med_qsz02"], unit_id(engine, "QSZ02")).number,
        register_case(engine, actors["coordinator"], unit_id(engine, "QSZ")).number,
        register_case(
            engine, actors["coordinator"], unit_id(engine, "QSZ05"), facts="另一件"
        ).number,
    ]
    assert numbers == [f"QSZ-{YEAR}-{n:04d}" for n in (1, 2, 3, 4)]


def test_each_town_keeps_its_own_sequence(engine: Engine, actors: dict[str, Actor]) -> None:
    qsz = [
        register_case(engine, actors["mediator"], unit_id(engine, "QSZ01"), facts=f"第{i}件")
        for i in range(3)
    ]
    lwz = [
        register_case(engine, actors["med_lwz01"], unit_id(engine, "LWZ01"), facts=f"第{i}件")
        for i in range(2)
    ]
    assert [r.number for r in qsz] == [f"QSZ-{YEAR}-{n:04d}" for n in (1, 2, 3)]
    assert [r.number for r in lwz] == [f"LWZ-{YEAR}-{n:04d}" for n in (1, 2)]


def test_a_new_year_starts_a_new_sequence(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    village = unit_id(engine, "QSZ01")
    register_case(engine, actors["mediator"], village, facts="去年的一件")
    register_case(engine, actors["mediator"], village, facts="去年的又一件")
    next_year = date(YEAR + 1, 1, 1)
    monkeypatch.setattr(numbering, "local_today", lambda: next_year)
    assert register_case(engine, actors["mediator"], village).number == f"QSZ-{YEAR + 1}-0001"


def test_a_registration_that_fails_midway_gives_its_number_back(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    village = unit_id(engine, "QSZ01")
    with monkeypatch.context() as patch:
        patch.setattr(audit, "record", failing)
        with pytest.raises(RuntimeError), write_session(engine) as session:
            register(session, actor=actors["mediator"], data=form(village, facts="失败的一件"))
    assert register_case(engine, actors["mediator"], village).number == f"QSZ-{YEAR}-0001"


def test_registration_after_demo_data_continues_the_demo_sequence(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=80, seed=3)
        existing = set(session.exec(select(Case.number)).all())
    this_year = [n for n in existing if n.startswith(f"QSZ-{YEAR}-")]
    registered = register_case(engine, actors["mediator"], unit_id(engine, "QSZ01"))
    assert registered.number not in existing
    assert sequence_of(registered.number) == max(map(sequence_of, this_year), default=0) + 1


def test_concurrent_registrations_get_distinct_gapless_numbers(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    threads_count, per_thread = 8, 5
    villages = [unit_id(engine, f"QSZ{i:02d}") for i in range(1, 8)]
    coordinator = actors["coordinator"]
    barrier = threading.Barrier(threads_count)
    results: list[Registered] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(per_thread):
                data = form(villages[(worker + i) % len(villages)], facts=f"并发登记 {worker}-{i}")
                with write_session(engine) as session:
                    registered = register(session, actor=coordinator, data=data)
                with lock:
                    results.append(registered)
        except BaseException as error:  # reported below, in the test's thread
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = [r.number for r in results]
    assert len(set(numbers)) == threads_count * per_thread
    assert sorted(map(sequence_of, numbers)) == list(range(1, threads_count * per_thread + 1))
    assert all(n.startswith(f"QSZ-{YEAR}-") for n in numbers)
    with Session(engine) as session:
        stored = session.exec(select(Case.number)).all()
        counter = session.exec(select(CaseCounter)).one()
    assert sorted(stored) == sorted(numbers)
    assert counter.last == threads_count * per_thread
