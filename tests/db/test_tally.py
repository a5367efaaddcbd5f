"""The dashboard's running tallies (db.figures.tally, db.figures.source): kept in step with the ledger by
every way a case is written, read for the whole weeks and months of a period, and giving the same
figures as counting every case.

The ledger is test_metrics.py's hand-counted one (its `figures` fixture): the figures there are
already checked against hand counts through the tallies; here they are checked against the
cases themselves, over periods cut every way a piece can be cut.
"""

import threading
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.demo.cases import generate_cases
from db.demo.world import load_world
from db.enums import Category, Move, Risk, Stage
from db.figures import tally
from db.figures.metrics import (
    by_category,
    by_unit,
    level_kept,
    overdue_by_person,
    overdue_by_unit,
    risk_mix_open,
    summary,
    trend,
)
from db.figures.source import MetricFilter, counted_live, covered
from db.figures.sql import piece_bounds
from db.models import Case, CaseTally
from tests.db.factories import case_in_stage, make_move, set_case, unit_id
from tests.db.test_metrics import MARCH, figures, read  # noqa: F401  (figures: the fixture)

D = date


def in_step(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return tally.differences(connection)


IN_STEP = {"case_tallies": 0, "case_resolve_days": 0}


# Pieces -----------------------------------------------------------------------------------


def test_a_piece_is_a_week_cut_at_the_month_end() -> None:
    # 2025-03-01 is a Saturday: its week began in February, its piece on the 1st.
    assert piece_bounds(D(2025, 3, 1)) == (D(2025, 3, 1), D(2025, 3, 2))
    assert piece_bounds(D(2025, 3, 5)) == (D(2025, 3, 3), D(2025, 3, 9))
    # 2025-03-31 is a Monday: the piece is that one day, April takes the rest of the week.
    assert piece_bounds(D(2025, 3, 31)) == (D(2025, 3, 31), D(2025, 3, 31))
    assert piece_bounds(D(2025, 4, 2)) == (D(2025, 4, 1), D(2025, 4, 6))
    assert piece_bounds(D(2024, 12, 31)) == (D(2024, 12, 30), D(2024, 12, 31))


def test_the_whole_pieces_of_a_period() -> None:
    assert covered(D(2025, 3, 1), D(2025, 3, 31)) == (D(2025, 3, 1), D(2025, 3, 31))
    assert covered(D(2025, 1, 1), D(2025, 12, 31)) == (D(2025, 1, 1), D(2025, 12, 31))
    # Wednesday to Thursday: the days before Monday 03-10 and after Sunday 03-16 are counted live.
    assert covered(D(2025, 3, 5), D(2025, 3, 20)) == (D(2025, 3, 10), D(2025, 3, 16))
    assert covered(D(2025, 3, 5), D(2025, 3, 7)) is None  # inside one piece
    assert covered(D(2025, 3, 3), D(2025, 3, 9)) == (D(2025, 3, 3), D(2025, 3, 9))
    assert covered(D(2025, 3, 9), D(2025, 3, 3)) is None  # an empty period
    with counted_live():
        assert covered(D(2025, 3, 1), D(2025, 3, 31)) is None


# Kept in step -----------------------------------------------------------------------------


@pytest.mark.usefixtures("figures")
def test_the_tallies_follow_registrations_moves_follow_ups_and_edits(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    """The fixture registers through the service, moves cases (escalate, resolve, reopen after
    a follow-up) and edits found dates, deadlines, categories and risks in SQL."""
    assert in_step(engine) == IN_STEP
    case = case_in_stage(engine, actors, Stage.RESOLVED)
    make_move(Move.REOPEN, engine, actors, case, actors["mediator"])
    set_case(engine, case, category=Category.DEBT, risk=Risk.HIGH, found_on=D(2025, 3, 31))
    assert in_step(engine) == IN_STEP
    with Session(engine) as session:
        assert session.exec(select(CaseTally)).first() is not None


@pytest.mark.usefixtures("figures")
def test_a_rolled_back_change_leaves_the_tallies_as_they_were(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    def tallies() -> list[tuple]:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT * FROM case_tallies ORDER BY 1, 2, 3, 4, 5"))
            return [tuple(r) for r in rows]

    before = tallies()
    with Session(engine) as session:
        for case in session.exec(select(Case)).all():
            case.stage = Stage.CLOSED
            case.category = Category.OTHER
        session.flush()
        session.rollback()
    assert tallies() == before and in_step(engine) == IN_STEP


def bare_case(engine: Engine, unit_code: str, **values: object) -> Case:
    """A case row written directly (no parties, events or audit), as a SQL client would."""
    fields: dict[str, object] = {
        "number": f"X-{unit_code}-{len(values)}",
        "category": Category.DEBT,
        "found_via": "visit",
        "found_on": D(2025, 3, 5),
        "unit_id": unit_id(engine, unit_code),
        "facts": "欠款",
        "risk": Risk.LOW,
    }
    return Case(**{**fields, **values})  # type: ignore[arg-type]


@pytest.mark.usefixtures("world")
def test_concurrent_moves_between_two_tally_rows_neither_deadlock_nor_miscount(
    engine: Engine,
) -> None:
    """Each transaction moves one case of each of two rows to the other row (its category), in
    two threads at once: every statement touches both rows, and they lock them in one order."""
    with Session(engine) as session:
        for i in range(8):
            category = Category.DEBT if i % 2 else Category.NEIGHBOUR
            session.add(bare_case(engine, "QSZ01", number=f"X-{i}", category=category))
        session.commit()
        ids = session.exec(select(Case.id).order_by(Case.id)).all()
    swap = (
        "UPDATE cases SET category = CASE category WHEN 'debt' THEN 'neighbour' ELSE 'debt' END "
        "WHERE id IN ({}, {})"
    )
    errors: list[BaseException] = []

    def work(pair: tuple[int, int]) -> None:
        try:
            for _ in range(15):
                with write_session(engine) as session:
                    session.connection().exec_driver_sql(swap.format(*pair))
                    session.commit()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(ids[2 * w : 2 * w + 2],)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert in_step(engine) == IN_STEP
    with Session(engine) as session:
        rows = session.exec(select(CaseTally.category, CaseTally.registered)).all()
    assert sorted(rows) == [(Category.DEBT, 4), (Category.NEIGHBOUR, 4)]


@pytest.mark.usefixtures("world")
def test_deleting_a_case_takes_it_out(engine: Engine) -> None:
    with Session(engine) as session:
        case = bare_case(engine, "QSZ01")
        session.add(case)
        session.commit()
        assert session.exec(select(CaseTally.registered)).all() == [1]
        session.delete(case)
        session.commit()
        assert session.exec(select(CaseTally)).all() == []  # the emptied row is gone too
    assert in_step(engine) == IN_STEP


def test_the_demo_generators_bulk_inserts_are_tallied(engine: Engine, world) -> None:
    with Session(engine) as session:
        generate_cases(session, world=load_world(session), count=400, seed=7)
        session.commit()
        registered = session.exec(select(CaseTally.registered)).all()
    assert sum(registered) == 400 and in_step(engine) == IN_STEP


def test_the_installed_triggers_are_the_ones_the_definitions_make(engine: Engine) -> None:
    """A change to db.figures.tally.measures or the pieces without a migration that reinstalls the
    triggers fails here."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            installed = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'case_tallies%' ORDER BY name"
            ).scalars()
            assert sorted(installed) == sorted(tally.trigger_statements("sqlite"))
        else:
            body = connection.exec_driver_sql(
                "SELECT prosrc FROM pg_proc WHERE proname = 'case_tallies_sync'"
            ).scalar_one()
            assert body.strip() == tally._postgres_body().strip()


@pytest.mark.usefixtures("figures")
def test_a_rebuild_recounts_the_same(engine: Engine, actors: dict[str, Actor]) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE case_tallies SET registered = registered + 5")
        assert tally.differences(connection)["case_tallies"] > 0
        tally.rebuild(connection)
    assert in_step(engine) == IN_STEP


# Read the same as counting the cases ----------------------------------------------------

FIGURES = (summary, by_category, by_unit, level_kept, risk_mix_open, overdue_by_unit)
PERIODS = (
    MARCH,  # whole pieces only
    MetricFilter(D(2025, 1, 1), D(2025, 4, 30)),
    MetricFilter(D(2025, 3, 5), D(2025, 3, 20)),  # live days on both sides
    MetricFilter(D(2025, 2, 26), D(2025, 3, 4)),  # across a month end inside one week
    MetricFilter(D(2025, 3, 6), D(2025, 3, 7)),  # inside one piece: all live
    MetricFilter(D(2025, 3, 31), D(2025, 3, 1)),  # empty
)


def same(a, b) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        return True
    return a == b


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("period", PERIODS, ids=lambda f: f"{f.start}..{f.end}")
def test_every_figure_from_the_tallies_equals_the_count_of_the_cases(
    engine: Engine, actors: dict[str, Actor], period: MetricFilter
) -> None:
    qsz = unit_id(engine, "QSZ")
    filters = [
        period,
        replace(period, unit_id=qsz),
        replace(period, categories=(Category.NEIGHBOUR, Category.DEBT)),
        replace(period, risks=(Risk.HIGH,)),
    ]
    for who in ("leader", "coordinator", "mediator"):
        for f in filters:
            if who == "mediator" and f.unit_id == qsz:
                continue  # above a mediator's village
            calls = [(fig, {}) for fig in FIGURES]
            calls += [(overdue_by_person, {}), (trend, {"grain": "week"})]
            calls += [(trend, {"grain": "month"})]
            for fig, extra in calls:
                fast = read(engine, fig, actors[who], f=f, **extra)
                with counted_live():
                    live = read(engine, fig, actors[who], f=f, **extra)
                assert same(fast, live), (who, f, fig.__name__)


@pytest.mark.usefixtures("figures")
def test_a_case_seen_only_as_its_responsible_person_counts_in_whole_pieces(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    """A case of 柳湾镇 handled by 柳湾镇 but with 东河村's mediator named: the mediator's
    figures count it (db.core.scope.case_in_scope), in whole pieces too."""
    mediator = actors["mediator"]
    lwz01 = unit_id(engine, "LWZ01")
    before = read(engine, summary, mediator, f=MARCH)
    with Session(engine) as session:
        session.add(
            bare_case(
                engine,
                "LWZ01",
                found_on=D(2025, 3, 12),
                responsible_unit_id=lwz01,
                responsible_user_id=mediator.id,
                stage=Stage.MEDIATING,
                deadline=local_today() - timedelta(days=3),
            )
        )
        session.commit()
    after = read(engine, summary, mediator, f=MARCH)
    assert (after.registered, after.open, after.overdue) == (
        before.registered + 1,
        before.open + 1,
        before.overdue + 1,
    )
    with counted_live():
        assert read(engine, summary, mediator, f=MARCH) == after


@pytest.mark.usefixtures("figures")
def test_whole_pieces_are_read_from_the_tallies(engine: Engine, actors: dict[str, Actor]) -> None:
    """Not a silent fall back to counting: a tally changed by hand shows in a whole-month figure
    and not in one counted from the cases, nor in days outside the whole pieces."""
    leader = actors["leader"]
    march = read(engine, summary, leader, f=MARCH).registered
    inside_one_piece = MetricFilter(D(2025, 3, 4), D(2025, 3, 6))
    few = read(engine, summary, leader, f=inside_one_piece).registered
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE case_tallies SET registered = registered + 100 "
            "WHERE first_day >= '2025-03-01' AND last_day <= '2025-03-31'"
        )
    assert read(engine, summary, leader, f=MARCH).registered > march + 99
    assert read(engine, summary, leader, f=inside_one_piece).registered == few
    with counted_live():
        assert read(engine, summary, leader, f=MARCH).registered == march
