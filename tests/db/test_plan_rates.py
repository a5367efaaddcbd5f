"""The figures as the plans define them (db.figures.definitions), counted by hand on the ledger of
test_metrics.py (FIGURES; its comments name each case) plus follow-up visits made here, read
from the tallies and from every case alike.

March 2025 by town (where the case happened):
  青石镇 QSZ: c01 closed, c02 resolved, c03 mediating again (reopened), c04 registered,
    c05 assigned, c06 referred, c07 resolved (at the town), c08 mediating, c12 resolved in April
    → 9 registered, 4 resolved (c01 c02 c07 c12), 1 referred (c06).
  柳湾镇 LWZ: c09 resolved, c10 mediating, c11 assigned, c17 mediating → 4, 1 resolved, 0 referred.
  东岭街道 DLJ: c13 closed → 1, 1 resolved.
April 2025: c15 (mediating) alone.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.core.actor import Actor
from db.core.engine import write_session
from db.enums import FigureCode as F
from db.enums import Satisfaction
from db.figures.definitions import PlanRates, TimelyRegistration, plan_rates, timely_registration
from db.figures.headline import headline_figures
from db.figures.ranking import unit_ranking
from db.figures.source import MetricFilter, counted_live
from db.figures.targets import set_targets
from db.models import FollowUp
from tests.db.factories import set_case, unit_id
from tests.db.test_metrics import APRIL, MARCH, figures, read  # noqa: F401  (figures: the fixture)

S = Satisfaction
VISITS = [  # (case, visited_on, satisfaction)
    ("c01", date(2025, 3, 15), S.SATISFIED),  # 青石镇, March
    ("c02", date(2025, 3, 20), S.UNSATISFIED),  # 青石镇, March
    ("c14", date(2025, 3, 6), S.UNSATISFIED),  # 青石镇 (found in February), visited in March
    ("c09", date(2025, 3, 25), S.FAIRLY),  # 柳湾镇, March: 基本满意 counts as satisfied
    ("c13", date(2025, 4, 2), S.SATISFIED),  # 东岭街道, April
]  # c03's follow-up (it flared up) is dated today: in neither period


@pytest.fixture
def visited(engine: Engine, figures: dict[str, int]) -> dict[str, int]:  # noqa: F811
    with Session(engine) as session:
        for key, day, satisfaction in VISITS:
            session.add(
                FollowUp(
                    case_id=figures[key], visited_on=day, visitor="孙丽", satisfaction=satisfaction
                )
            )
        session.commit()
    return figures


def both_ways(engine: Engine, actor: Actor, f: MetricFilter) -> PlanRates:
    """The figures read from the tallies, checked against every case counted live."""
    fast = read(engine, plan_rates, actor, f=f)
    with counted_live():
        assert read(engine, plan_rates, actor, f=f) == fast
    return fast


@pytest.mark.usefixtures("visited")
def test_the_counties_march_and_april(engine: Engine, actors: dict[str, Actor]) -> None:
    assert both_ways(engine, actors["leader"], MARCH) == PlanRates(
        registered=14,
        resolved=6,  # c01 c02 c07 c09 c12 c13
        referred=1,  # c06
        resolution_rate=6 / 14,  # open cases count: not 6 / 7 as the old rate had it
        success_rate=6 / 7,  # 6 resolved of 6 resolved + 1 referred
        follow_ups=4,  # c01 c02 c14 c09
        satisfied=2,  # c01 满意, c09 基本满意
        satisfaction_rate=2 / 4,
    )
    assert both_ways(engine, actors["leader"], APRIL) == PlanRates(
        registered=1,  # c15, mediating
        resolved=0,
        referred=0,
        resolution_rate=0.0,  # an open case found in April: 0 %, not "nothing to show"
        success_rate=None,  # no mediation ended
        follow_ups=1,  # c13
        satisfied=1,
        satisfaction_rate=1.0,
    )


@pytest.mark.usefixtures("visited")
def test_each_town_and_the_readers_scope(engine: Engine, actors: dict[str, Actor]) -> None:
    leader = actors["leader"]
    qsz = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "QSZ"))
    assert both_ways(engine, leader, qsz) == PlanRates(
        registered=9,
        resolved=4,  # c01 c02 c07 c12
        referred=1,  # c06
        resolution_rate=4 / 9,
        success_rate=4 / 5,
        follow_ups=3,  # c01 c02 c14
        satisfied=1,  # c01
        satisfaction_rate=1 / 3,
    )
    lwz = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "LWZ"))
    assert both_ways(engine, leader, lwz) == PlanRates(
        registered=4,  # c09 c10 c11 c17
        resolved=1,  # c09
        referred=0,
        resolution_rate=1 / 4,
        success_rate=1.0,
        follow_ups=1,  # c09
        satisfied=1,
        satisfaction_rate=1.0,
    )
    # 柳湾镇's mediator sees none of 青石镇's follow-ups, whatever the filter.
    seen = both_ways(engine, actors["med_lwz01"], MARCH)
    assert (seen.follow_ups, seen.satisfied) == (1, 1)  # c09


def test_nothing_registered_shows_no_rate(engine: Engine, actors: dict[str, Actor]) -> None:
    empty = both_ways(engine, actors["leader"], MARCH)
    assert (empty.resolution_rate, empty.success_rate, empty.satisfaction_rate) == (
        None,
        None,
        None,
    )


# 及时上报率 ---------------------------------------------------------------------------------
# Every case of the ledger was registered today (years after it was found), so late, except:
REGISTERED = {
    "c01": datetime(2025, 3, 2, 16, 30, tzinfo=UTC),  # found 03-02, registered 03-03 00:30 local
    "c02": datetime(2025, 3, 4, 15, 59, tzinfo=UTC),  # found 03-03, registered 03-04 23:59 local
    "c04": datetime(2025, 3, 11, 16, 0, tzinfo=UTC),  # found 03-10, registered 03-12 00:00: late
    "c09": datetime(2025, 3, 12, 1, 0, tzinfo=UTC),  # found 03-12, registered the same day
}


@pytest.fixture
def registered(engine: Engine, figures: dict[str, int]) -> dict[str, int]:  # noqa: F811
    for key, at in REGISTERED.items():
        set_case(engine, figures[key], created_at=at)
    set_case(engine, figures["c13"], import_source="台账.xlsx 第 3 行")  # imported history
    set_case(engine, figures["c15"], created_at=datetime(2025, 4, 1, 2, 0, tzinfo=UTC))
    return figures


@pytest.mark.usefixtures("registered")
def test_registered_on_the_day_found_or_the_next(engine: Engine, actors: dict[str, Actor]) -> None:
    leader = actors["leader"]
    assert read(engine, timely_registration, leader, f=MARCH) == TimelyRegistration(
        found=14,
        on_time=4,
        timely_rate=4 / 14,  # c01 c02 c09, and c13 imported; c04 two days
    )
    assert read(engine, timely_registration, leader, f=APRIL) == TimelyRegistration(
        found=1,
        on_time=1,
        timely_rate=1.0,  # c15, the same day
    )
    qsz = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "QSZ"))
    assert read(engine, timely_registration, leader, f=qsz) == TimelyRegistration(
        found=9,
        on_time=2,
        timely_rate=2 / 9,  # c01 c02
    )
    seen = read(engine, timely_registration, actors["med_lwz01"], f=MARCH)
    assert (seen.found, seen.on_time) == (4, 1)  # c09 c10 c11 c17; c09
    nothing = MetricFilter(date(2024, 3, 1), date(2024, 3, 31))
    assert read(engine, timely_registration, leader, f=nothing).timely_rate is None


# The headline against targets and the previous period ------------------------------------
# The period before March (31 days: 01-29 to 02-28) holds c14 alone: found 02-28, resolved,
# registered today (late), no follow-up in it.


@pytest.mark.usefixtures("registered", "visited")
def test_the_headline_against_its_targets_and_the_previous_period(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    got = {h.figure: h for h in read(engine, headline_figures, actors["leader"], f=MARCH)}
    assert list(got) == [F.RESOLUTION, F.SUCCESS, F.TIMELY, F.REPORTING, F.SATISFACTION]
    r = got[F.RESOLUTION]
    assert (r.value, r.previous, r.target) == (6 / 14, 1.0, 0.98)
    assert (r.standing, r.gap_points) == ("missed", 55.1)  # 98 - 42.86 points
    s = got[F.SUCCESS]
    assert (s.value, s.previous, s.target, s.standing) == (6 / 7, 1.0, None, None)
    t = got[F.TIMELY]
    assert (t.value, t.previous, t.target) == (4 / 14, 0.0, 1.0)
    assert (t.standing, t.gap_points) == ("missed", 71.4)
    m = got[F.SATISFACTION]
    assert (m.value, m.previous, m.target) == (0.5, None, None)
    assert got[F.REPORTING].target == 1.0


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize(("target", "standing", "gap"), [(44.0, "near", 1.1), (42.0, "met", -0.9)])
def test_near_is_less_than_two_points_below_the_target(
    engine: Engine,
    actors: dict[str, Actor],
    target: float,
    standing: str,
    gap: float,
) -> None:
    with write_session(engine) as session:
        set_targets(session, actors["admin"], year=2025, values={F.RESOLUTION: target})
    got = read(engine, headline_figures, actors["leader"], f=MARCH)[0]
    assert (got.figure, got.standing, got.gap_points) == (F.RESOLUTION, standing, gap)


@pytest.mark.usefixtures("figures")
def test_the_towns_ranked_by_resolution_rate_and_by_overdue(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    leader = actors["leader"]
    by_rate = read(engine, unit_ranking, leader, f=MARCH, by="resolution")
    assert [tuple(r) for r in by_rate[["rank", "unit", "registered", "resolved"]].values] == [
        (1, "东岭街道", 1, 1),  # c13: 100 %
        (2, "青石镇", 9, 4),  # c01 c02 c07 c12 of 9: 44.4 %
        (3, "柳湾镇", 4, 1),  # c09 of 4: 25 %
    ]
    by_overdue = read(engine, unit_ranking, leader, f=MARCH, by="overdue")
    assert [tuple(r) for r in by_overdue[["rank", "unit", "overdue"]].values] == [
        (1, "柳湾镇", 3),  # c10 c11 c17
        (2, "青石镇", 2),  # c03 c08
        (3, "东岭街道", 0),
    ]
    empty = MetricFilter(date(2024, 3, 1), date(2024, 3, 31))
    assert read(engine, unit_ranking, leader, f=empty, by="overdue").empty
