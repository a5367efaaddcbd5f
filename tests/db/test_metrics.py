"""The dashboard's figures (db.figures.metrics) against counts made by hand on a small ledger.

The ledger (FIGURES below) is mostly March 2025 with a few cases around it. Each expected value
is written out as a literal and the comment beside it names the cases it counts. "Today" is the
real local date; every deadline in the past is in 2025, and LATER is a deadline not yet due.

Calendar: 2025-03-02 is a Sunday (ISO week starting Monday 02-24), 2025-03-03 a Monday.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from db.clock import local_today
from db.core.actor import Actor
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.dashboard import figures as figure_set
from db.enums import Category, Level, Move, Risk, Stage
from db.figures.metrics import (
    MetricFilter,
    Summary,
    by_category,
    by_unit,
    children_of,
    level_kept,
    overdue_by_person,
    overdue_by_unit,
    parent_in_scope,
    risk_mix_open,
    summary,
    trend,
)
from tests.db.factories import case_in_stage, dated_case, make_move, set_case, unit_id

C = Category
LATER = local_today() + timedelta(days=30)  # a deadline not yet due
MARCH = MetricFilter(start=date(2025, 3, 1), end=date(2025, 3, 31))
APRIL = MetricFilter(start=date(2025, 4, 1), end=date(2025, 4, 30))
JAN_TO_APRIL = MetricFilter(start=date(2025, 1, 1), end=date(2025, 4, 30))


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Spec:
    """One case as the records have it; `who` is the responsible person (None: nobody)."""

    unit: str
    found_on: date
    category: Category
    risk: Risk
    stage: Stage
    who: str | None = None
    deadline: date | None = None
    resolved_at: datetime | None = None


V = Level.VILLAGE
S = Stage
FIGURES: dict[str, Spec] = {
    # March 2025. Unit codes: QSZ 青石镇 (01 东河村, 02 南湾村), LWZ 柳湾镇 (01 前进村),
    # DLJ 东岭街道 (01 东岭社区). Days to resolve = local date of resolved_at - found_on.
    # Sunday; closed on its deadline (on time), 10 days.
    "c01": Spec(
        "QSZ01", date(2025, 3, 2), C.NEIGHBOUR, Risk.LOW, S.CLOSED, "mediator",
        date(2025, 3, 12), utc(3, 12, 3),
    ),
    # Monday; resolved 23:30 UTC on its deadline = 03-10 in Shanghai: late, 7 days.
    "c02": Spec(
        "QSZ01", date(2025, 3, 3), C.DEBT, Risk.HIGH, S.RESOLVED, "mediator",
        date(2025, 3, 9), utc(3, 9, 23, 30),
    ),
    # c03: resolved, flared up at the follow-up, mediating again (built by the services), overdue.
    "c04": Spec("QSZ01", date(2025, 3, 10), C.HOMESTEAD, Risk.LOW, S.REGISTERED),
    "c05": Spec("QSZ02", date(2025, 3, 4), C.LABOUR, Risk.HIGH, S.ASSIGNED, "med_qsz02", LATER),
    "c06": Spec(
        "QSZ02", date(2025, 3, 6), C.NEIGHBOUR, Risk.LOW, S.REFERRED, "med_qsz02",
        date(2025, 3, 30),
    ),
    # c07: escalated to 青石镇 and resolved there (by the services) on 03-20, on time, 12 days.
    "c08": Spec(
        "QSZ", date(2025, 3, 11), C.TRAFFIC, Risk.LOW, S.MEDIATING, "coordinator",
        date(2025, 3, 15),
    ),
    # On time, 2 days.
    "c09": Spec(
        "LWZ01", date(2025, 3, 12), C.DEBT, Risk.HIGH, S.RESOLVED, "med_lwz01",
        date(2025, 3, 31), utc(3, 14, 1),
    ),
    "c10": Spec(
        "LWZ01", date(2025, 3, 15), C.NEIGHBOUR, Risk.MEDIUM, S.MEDIATING, "med_lwz01",
        date(2025, 3, 18),
    ),
    # The last day of the period; overdue with nobody responsible.
    "c11": Spec("LWZ01", date(2025, 3, 31), C.LABOUR, Risk.LOW, S.ASSIGNED, None, date(2025, 4, 5)),
    # Resolved in April (a later period), on time, 13 days.
    "c12": Spec(
        "QSZ01", date(2025, 3, 28), C.NEIGHBOUR, Risk.LOW, S.RESOLVED, "mediator",
        date(2025, 4, 15), utc(4, 10, 4),
    ),
    # Closed without a deadline (not in the on-time rate), 0 days.
    "c13": Spec(
        "DLJ01", date(2025, 3, 20), C.OTHER, Risk.LOW, S.CLOSED, "med_dlj01", None, utc(3, 20, 2)
    ),
    # A second overdue case of 前进村's mediator (so the overdue rankings have a clear first).
    "c17": Spec(
        "LWZ01", date(2025, 3, 18), C.DEBT, Risk.LOW, S.MEDIATING, "med_lwz01", date(2025, 3, 25)
    ),
    # Outside March.
    "c14": Spec(
        "QSZ01", date(2025, 2, 28), C.NEIGHBOUR, Risk.LOW, S.RESOLVED, "mediator",
        date(2025, 3, 6), utc(3, 5, 2),
    ),
    "c15": Spec(
        "LWZ01", date(2025, 4, 1), C.DEBT, Risk.HIGH, S.MEDIATING, "med_lwz01", date(2025, 4, 10)
    ),
    "c16": Spec(
        "QSZ02", date(2025, 1, 15), C.NEIGHBOUR, Risk.MEDIUM, S.CLOSED, "med_qsz02",
        date(2025, 1, 25), utc(1, 20, 2),
    ),
}  # fmt: skip
REGISTRAR = {"QSZ": "coordinator", "QSZ01": "mediator"}


@pytest.fixture
def figures(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """The ledger above, by key → case id."""
    made = {}
    for key, s in FIGURES.items():
        who = actors[s.who] if s.who else None
        made[key] = dated_case(
            engine,
            actors[REGISTRAR.get(s.unit, f"med_{s.unit.lower()}")],
            s.unit,
            s.found_on,
            category=s.category,
            risk=s.risk,
            stage=s.stage,
            deadline=s.deadline,
            resolved_at=s.resolved_at,
            resolved_level=V if s.resolved_at else None,
            responsible_user_id=who.id if who else None,
            responsible_unit_id=who.unit_id if who else None,
        )
    coordinator, mediator = actors["coordinator"], actors["mediator"]
    # c03: resolved by 东河村's mediator, then a follow-up found it flared up.
    c03 = case_in_stage(engine, actors, Stage.RESOLVED)
    make_move(Move.REOPEN, engine, actors, c03, mediator)
    set_case(engine, c03, found_on=date(2025, 3, 5), deadline=date(2025, 3, 20), risk=Risk.MEDIUM)
    # c07: escalated by 青石镇's coordinator, who started and resolved it at the town.
    c07 = case_in_stage(engine, actors, Stage.MEDIATING)
    for move in (Move.ESCALATE, Move.START, Move.RESOLVE):
        make_move(move, engine, actors, c07, coordinator)
    set_case(
        engine,
        c07,
        found_on=date(2025, 3, 8),
        deadline=date(2025, 3, 25),
        resolved_at=utc(3, 20, 2),
        category=C.LAND_CONTRACT,
        risk=Risk.MEDIUM,
    )
    return {**made, "c03": c03, "c07": c07}


def rows(frame: pd.DataFrame) -> list[tuple]:
    """The frame's rows as tuples, NaN read as None."""
    return [
        tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row)
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def read(engine: Engine, figure, actor: Actor, **kwargs):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return figure(session, actor=actor, **kwargs)


# Summary ----------------------------------------------------------------------------------


def test_the_months_summary_for_the_county(engine: Engine, actors, figures) -> None:
    assert read(engine, summary, actors["leader"], f=MARCH) == Summary(
        registered=14,  # c01-c13, c17; not c14 (Feb 28) nor c15 (Apr 1)
        open=7,  # c03 c04 c05 c08 c10 c11 c17
        resolved=6,  # c01 c02 c07 c09 c12 c13 (c01, c13 closed; c12 resolved in April)
        closed=2,  # c01 c13
        referred=1,  # c06
        overdue=5,  # c03 c08 c10 c11 c17 (c05 not yet due, c04 has no deadline)
        reopened=1,  # c03, open again
        resolution_rate=6 / 7,  # 6 resolved of 14 - 7 finished
        on_time_rate=4 / 5,  # c01 c07 c09 c12 of c01 c02 c07 c09 c12 (c02 late, c13 no deadline)
        median_days_to_resolve=8.5,  # 0 2 [7 10] 12 13
    )


def test_an_empty_period_has_no_rate_and_an_open_only_period_shows_its_open(
    engine: Engine, actors, figures
) -> None:
    leader = actors["leader"]
    nothing = MetricFilter(start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert read(engine, summary, leader, f=nothing) == Summary(
        registered=0,
        open=0,
        resolved=0,
        closed=0,
        referred=0,
        overdue=0,
        reopened=0,
        resolution_rate=None,
        on_time_rate=None,
        median_days_to_resolve=None,
    )
    # April: only c15 was registered, still open; c12 was resolved in April but counts in March.
    april = read(engine, summary, leader, f=APRIL)
    assert (april.registered, april.open, april.overdue, april.resolved) == (1, 1, 1, 0)
    assert (april.resolution_rate, april.on_time_rate, april.median_days_to_resolve) == (
        None,
        None,
        None,
    )
    for figure in (by_category, by_unit, level_kept, overdue_by_unit, overdue_by_person):
        assert read(engine, figure, leader, f=nothing).empty
    frame = read(engine, trend, leader, f=nothing, grain="week")
    assert list(frame.columns) == ["period", "registered", "resolved", "finished", "rate"]
    assert frame.empty


def test_filters_by_category_risk_and_unit(engine: Engine, actors, figures) -> None:
    leader = actors["leader"]
    neighbour = MetricFilter(MARCH.start, MARCH.end, categories=(C.NEIGHBOUR,))
    assert read(engine, summary, leader, f=neighbour) == Summary(
        registered=5,  # c01 c03 c06 c10 c12
        open=2,  # c03 c10
        resolved=2,  # c01 c12
        closed=1,  # c01
        referred=1,  # c06
        overdue=2,  # c03 c10
        reopened=1,  # c03
        resolution_rate=2 / 3,
        on_time_rate=1.0,  # c01 c12
        median_days_to_resolve=11.5,  # 10 13
    )
    # The local date decides: c02 resolved 23:30 UTC on its deadline is late and took 7 days.
    debt_high = MetricFilter(MARCH.start, MARCH.end, categories=(C.DEBT,), risks=(Risk.HIGH,))
    got = read(engine, summary, leader, f=debt_high)
    assert (got.registered, got.resolved, got.on_time_rate) == (2, 2, 0.5)  # c02 late, c09
    assert got.median_days_to_resolve == 4.5  # 2 7
    lwz01 = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "LWZ01"))
    got = read(engine, summary, leader, f=lwz01)
    assert (got.registered, got.open, got.resolved, got.overdue) == (4, 3, 1, 3)  # c09 c10 c11 c17


def test_scope_bounds_every_figure(engine: Engine, actors, figures) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    # 东河村's mediator: c01 c02 c03 c04 c07 c12 (c07 is now handled by the town: still theirs).
    assert read(engine, summary, mediator, f=MARCH) == Summary(
        registered=6,
        open=2,  # c03 c04
        resolved=4,  # c01 c02 c07 c12
        closed=1,
        referred=0,
        overdue=1,  # c03
        reopened=1,
        resolution_rate=1.0,
        on_time_rate=3 / 4,  # c02 late
        median_days_to_resolve=11.0,  # 7 [10 12] 13
    )
    assert rows(read(engine, by_unit, mediator, f=MARCH)) == []  # a village has no units below
    # 青石镇's coordinator sees none of 柳湾镇 or 东岭街道.
    assert read(engine, summary, coordinator, f=MARCH).registered == 9  # c01-c08, c12
    assert rows(read(engine, overdue_by_unit, coordinator, f=MARCH)) == [
        ("青石镇", 1),
        ("东河村", 1),
    ]
    assert rows(read(engine, overdue_by_person, coordinator, f=MARCH)) == [
        ("青石镇综治办 赵强", 1),
        ("东河村调解员 孙丽", 1),
    ]
    outside = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "LWZ"))
    for figure in (summary, by_unit, overdue_by_unit):
        with pytest.raises(OutOfScope):
            read(engine, figure, coordinator, f=outside)
    up = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "QSZ"))
    with pytest.raises(OutOfScope):
        read(engine, summary, mediator, f=up)
    with pytest.raises(OutOfScope):
        read(engine, children_of, coordinator, unit_id=unit_id(engine, "LWZ"))
    with pytest.raises(NotAllowed):  # the administrator reads no cases
        read(engine, summary, actors["admin"], f=MARCH)


# Breakdowns -------------------------------------------------------------------------------


def test_trend_by_week_puts_a_sunday_and_the_next_monday_in_different_weeks(
    engine: Engine, actors, figures
) -> None:
    frame = read(engine, trend, actors["leader"], f=MARCH, grain="week")
    assert rows(frame) == [
        # period, registered, resolved, finished, rate (化解率 = resolved / registered)
        (date(2025, 2, 24), 1, 1, 1, 1.0),  # c01 (Sunday 03-02)
        (date(2025, 3, 3), 5, 2, 3, 2 / 5),  # c02 (Monday) c03 c05 c06 c07
        (date(2025, 3, 10), 4, 1, 1, 1 / 4),  # c04 c08 c09 c10
        (date(2025, 3, 17), 2, 1, 1, 1 / 2),  # c13 c17
        (date(2025, 3, 24), 1, 1, 1, 1.0),  # c12
        (date(2025, 3, 31), 1, 0, 0, 0.0),  # c11, still open: 化解率 counts it
    ]
    assert all(type(p) is date for p in frame["period"])
    assert all(type(n) is int for n in frame["registered"].tolist())


def test_trend_by_month_counts_a_case_where_it_was_registered(
    engine: Engine, actors, figures
) -> None:
    assert rows(read(engine, trend, actors["leader"], f=JAN_TO_APRIL, grain="month")) == [
        (date(2025, 1, 1), 1, 1, 1, 1.0),  # c16
        (date(2025, 2, 1), 1, 1, 1, 1.0),  # c14, resolved in March
        (date(2025, 3, 1), 14, 6, 7, 6 / 14),  # c12 resolved in April counts here
        (date(2025, 4, 1), 1, 0, 0, 0.0),  # c15
    ]


def test_by_category(engine: Engine, actors, figures) -> None:
    leader = actors["leader"]
    assert rows(read(engine, by_category, leader, f=MARCH)) == [
        # category, registered, resolved, open
        ("neighbour", 5, 2, 2),  # c01 c03 c06 c10 c12
        ("debt", 3, 2, 1),  # c02 c09 c17
        ("labour", 2, 0, 2),  # c05 c11
        ("homestead", 1, 0, 1),  # c04
        ("land_contract", 1, 1, 0),  # c07
        ("other", 1, 1, 0),  # c13
        ("traffic", 1, 0, 1),  # c08
    ]
    high = MetricFilter(MARCH.start, MARCH.end, risks=(Risk.HIGH,))
    assert rows(read(engine, by_category, leader, f=high)) == [
        ("debt", 2, 2, 0),  # c02 c09
        ("labour", 1, 0, 1),  # c05
    ]


def test_by_unit_drills_from_the_county_to_towns_to_villages(
    engine: Engine, actors, figures
) -> None:
    leader = actors["leader"]
    qsz, lwz, dlj, qsz01, qsz02 = (
        unit_id(engine, c) for c in ("QSZ", "LWZ", "DLJ", "QSZ01", "QSZ02")
    )
    county = read(engine, by_unit, leader, f=MARCH)
    assert list(county.columns) == ["unit_id", "unit", "registered", "resolved", "open", "overdue", "rate"]  # fmt: skip
    # rate: 化解率 = resolved / registered, open cases included.
    assert rows(county) == [
        (qsz, "青石镇", 9, 4, 4, 2, 4 / 9),  # c01-c08 c12; open c03 c04 c05 c08; overdue c03 c08
        (lwz, "柳湾镇", 4, 1, 3, 3, 1 / 4),  # c09 c10 c11 c17
        (dlj, "东岭街道", 1, 1, 0, 0, 1.0),  # c13
    ]
    # c08 happened at 青石镇 itself: in the county's town row, in no village row of the town.
    town = MetricFilter(MARCH.start, MARCH.end, unit_id=qsz)
    assert rows(read(engine, by_unit, leader, f=town)) == [
        (qsz01, "东河村", 6, 4, 2, 1, 4 / 6),  # c01 c02 c03 c04 c07 c12
        (qsz02, "南湾村", 2, 0, 1, 0, 0.0),  # c05 open, c06 referred
    ]
    village = MetricFilter(MARCH.start, MARCH.end, unit_id=qsz01)
    assert rows(read(engine, by_unit, leader, f=village)) == []
    # The selector's choices and the way back up.
    towns = read(engine, children_of, leader, unit_id=None)
    assert [name for _id, name in towns] == ["东岭街道", "柳湾镇", "青石镇", "县司法局"]
    qsz_children = read(engine, children_of, leader, unit_id=qsz)
    assert qsz_children[:2] == [(qsz01, "东河村"), (qsz02, "南湾村")]
    assert [n for _i, n in qsz_children][-2:] == ["青石镇司法所", "青石镇派出所"]
    assert read(engine, children_of, leader, unit_id=qsz01) == []
    assert read(engine, parent_in_scope, leader, unit_id=qsz01) == qsz
    assert read(engine, parent_in_scope, leader, unit_id=qsz) == leader.unit_id
    assert read(engine, parent_in_scope, leader, unit_id=leader.unit_id) is None
    assert read(engine, parent_in_scope, actors["coordinator"], unit_id=qsz01) == qsz
    assert read(engine, parent_in_scope, actors["coordinator"], unit_id=qsz) is None


def test_level_kept_and_the_open_risk_mix(engine: Engine, actors, figures) -> None:
    leader = actors["leader"]
    assert rows(read(engine, level_kept, leader, f=MARCH)) == [
        ("village", 5),  # c01 c02 c09 c12 c13
        ("town", 1),  # c07, escalated and resolved at 青石镇
    ]
    assert rows(read(engine, risk_mix_open, leader, f=MARCH)) == [
        ("high", 1),  # c05
        ("medium", 2),  # c03 (reopened) c10
        ("low", 4),  # c04 c08 c11 c17
    ]


def test_overdue_by_unit_and_by_person(engine: Engine, actors, figures) -> None:
    leader = actors["leader"]
    assert rows(read(engine, overdue_by_unit, leader, f=MARCH)) == [
        ("前进村", 3),  # c10 c11 c17
        ("青石镇", 1),  # c08; ties in unit code order
        ("东河村", 1),  # c03
    ]
    assert rows(read(engine, overdue_by_person, leader, f=MARCH)) == [
        ("前进村调解员", 2),  # c10 c17
        ("青石镇综治办 赵强", 1),  # c08; ties in account order, nobody last
        ("东河村调解员 孙丽", 1),  # c03
        ("未定责任人", 1),  # c11
    ]


# In the database --------------------------------------------------------------------------


def test_every_figure_is_a_few_aggregate_statements(engine: Engine, actors, figures) -> None:
    """No figure loads case rows: each runs at most four statements (the unit it is read at, the
    aggregate; the summary also its median's), every statement that reads cases or their tallies
    aggregates (sum), and each returns a handful of rows."""
    leader = actors["leader"]
    town = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "QSZ"))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):  # not SQLite's BEGIN
            statements.append(statement)

    figures_ = [summary, by_category, by_unit, level_kept, risk_mix_open, overdue_by_unit]
    calls = [(figure, {"f": town}) for figure in [*figures_, overdue_by_person]]
    calls += [(trend, {"f": town, "grain": "week"}), (trend, {"f": town, "grain": "month"})]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for figure, kwargs in calls:
            statements.clear()
            result = read(engine, figure, leader, **kwargs)
            on_cases = [s for s in statements if "cases" in s]
            assert 1 <= len(statements) <= 4, (figure.__name__, statements)
            assert all("sum(" in s.lower() for s in on_cases), on_cases
            assert isinstance(result, Summary) or len(result) <= 12
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_the_pages_figure_set_read_on_threads_matches_the_figures_one_by_one(
    engine: Engine, actors, figures
) -> None:
    """The dashboard reads its eight figures on a thread pool, one session each (db.dashboard.figures);
    the result is the same as reading them one after the other, and the scope still holds."""
    coordinator, mediator = actors["coordinator"], actors["mediator"]
    together = figure_set.read_figures(engine, actor=coordinator, f=MARCH, grain="week", workers=2)
    assert together.keys() == figure_set.FIGURES.keys()
    assert together["summary"].registered == 9  # c01-c08, c12, as the hand count above
    assert rows(together["overdue_unit"]) == [("青石镇", 1), ("东河村", 1)]
    one_by_one = figure_set.read_figures(
        engine, actor=coordinator, f=MARCH, grain="week", workers=1
    )
    for name, value in together.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, one_by_one[name])
        else:
            assert value == one_by_one[name], name
    assert together["supervision"] == figure_set.Supervision(None, 0, 0)  # no inspections yet
    village = figure_set.read_figures(
        engine, actor=mediator, f=MARCH, grain="month", workers=2, names=figure_set.CASE_FIGURES
    )
    assert village["summary"].registered == 6  # 东河村's cases only
    outside = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "LWZ"))
    with pytest.raises(OutOfScope):
        figure_set.read_figures(engine, actor=coordinator, f=outside, grain="week", workers=2)
