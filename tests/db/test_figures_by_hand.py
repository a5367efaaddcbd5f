"""Every figure of the plans counted by hand (issue 20's proof), for the county, per town and
per village, on a ledger made here: 27 cases over two periods (March and April 2025) in two
towns, referrals, a reopening, follow-ups with and without satisfaction, late registrations, an
imported case, a case registered at the town itself, daily reports with gaps, a corrected
report, and a village whose reporting started mid-March. Each figure is read from the tallies
and from every case alike (counted_live), on SQLite and PostgreSQL.

The ledger (key: village, found, stage, registered after d days; "imp" = imported today):
  青石镇 QSZ  东河村 QSZ01  a01 03-03 closed d0   a02 03-05 resolved d1 (23:59 the next day)
                           a03 03-07 mediating again (reopened), deadline 03-25, d0
                           a04 03-10 referred, registered 03-12 00:00 (d2: late)
                           a05 03-12 mediating, deadline 03-20, d0   a06 03-20 registered d5
                           a18 03-16 resolved, imp                     b01 04-02 resolved d0
                           b02 04-08 mediating, deadline 04-15, d2     z1 02-27 resolved d0
              南湾村 QSZ02  a07 03-04 resolved d0   a08 03-15 resolved d3
                           a09 03-18 assigned, deadline 03-25, d0     a10 03-25 referred d1
                           b03 04-10 closed d0
              青石镇 itself t1 03-19 resolved d0
  柳湾镇 LWZ  前进村 LWZ01  a11 03-02 closed d0   a12 03-06 closed d0   a13 03-09 resolved d0
                           a14 03-14 mediating, deadline not yet due, d1   a15 03-22 referred d0
                           b04 04-03 referred d0   b05 04-12 resolved d1
              红星村 LWZ02  a16 03-11 resolved d4   a17 03-28 assigned, deadline 03-30, d0
                           b06 04-20 registered d0   b07 04-28 resolved d6
So March: 19 found (a01-a18, t1); April: 7 (b01-b07); z1 in February.
"""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, update
from sqlmodel import Session, col, select

from db.clock import LOCAL_ZONE, local_today
from db.core.actor import Actor
from db.enums import FigureCode as F
from db.enums import Satisfaction, Stage
from db.figures.definitions import PlanRates, TimelyRegistration, plan_rates, timely_registration
from db.figures.headline import headline_figures
from db.figures.reporting import reporting_rate
from db.figures.source import MetricFilter, counted_live
from db.figures.unit_figures import OVERDUE, unit_figure
from db.models import Case, DailyReport, FollowUp, Unit
from tests.db.factories import dated_case, set_case, unit_id
from tests.db.test_metrics import read

S, ST = Stage, Satisfaction
MARCH = MetricFilter(date(2025, 3, 1), date(2025, 3, 31))
APRIL = MetricFilter(date(2025, 4, 1), date(2025, 4, 30))
LATER = local_today() + timedelta(days=30)


def d(month: int, day: int) -> date:
    return date(2025, month, day)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL_ZONE).astimezone(UTC)


# key: (unit, found_on, stage, deadline, registered at (None: imported today))
LEDGER: dict[str, tuple[str, date, Stage, date | None, datetime | None]] = {
    "a01": ("QSZ01", d(3, 3), S.CLOSED, None, local(d(3, 3))),
    "a02": ("QSZ01", d(3, 5), S.RESOLVED, None, local(d(3, 6), 23, 59)),
    "a03": ("QSZ01", d(3, 7), S.MEDIATING, d(3, 25), local(d(3, 7))),
    "a04": ("QSZ01", d(3, 10), S.REFERRED, None, local(d(3, 12), 0, 0)),
    "a05": ("QSZ01", d(3, 12), S.MEDIATING, d(3, 20), local(d(3, 12))),
    "a06": ("QSZ01", d(3, 20), S.REGISTERED, None, local(d(3, 25))),
    "a18": ("QSZ01", d(3, 16), S.RESOLVED, None, None),
    "b01": ("QSZ01", d(4, 2), S.RESOLVED, None, local(d(4, 2))),
    "b02": ("QSZ01", d(4, 8), S.MEDIATING, d(4, 15), local(d(4, 10))),
    "z1": ("QSZ01", d(2, 27), S.RESOLVED, None, local(d(2, 27))),
    "a07": ("QSZ02", d(3, 4), S.RESOLVED, None, local(d(3, 4))),
    "a08": ("QSZ02", d(3, 15), S.RESOLVED, None, local(d(3, 18))),
    "a09": ("QSZ02", d(3, 18), S.ASSIGNED, d(3, 25), local(d(3, 18))),
    "a10": ("QSZ02", d(3, 25), S.REFERRED, None, local(d(3, 26), 23, 30)),
    "b03": ("QSZ02", d(4, 10), S.CLOSED, None, local(d(4, 10))),
    "t1": ("QSZ", d(3, 19), S.RESOLVED, None, local(d(3, 19))),
    "a11": ("LWZ01", d(3, 2), S.CLOSED, None, local(d(3, 2))),
    "a12": ("LWZ01", d(3, 6), S.CLOSED, None, local(d(3, 6))),
    "a13": ("LWZ01", d(3, 9), S.RESOLVED, None, local(d(3, 9))),
    "a14": ("LWZ01", d(3, 14), S.MEDIATING, LATER, local(d(3, 15))),
    "a15": ("LWZ01", d(3, 22), S.REFERRED, None, local(d(3, 22))),
    "b04": ("LWZ01", d(4, 3), S.REFERRED, None, local(d(4, 3))),
    "b05": ("LWZ01", d(4, 12), S.RESOLVED, None, local(d(4, 13))),
    "a16": ("LWZ02", d(3, 11), S.RESOLVED, None, local(d(3, 15))),
    "a17": ("LWZ02", d(3, 28), S.ASSIGNED, d(3, 30), local(d(3, 28))),
    "b06": ("LWZ02", d(4, 20), S.REGISTERED, None, local(d(4, 20))),
    "b07": ("LWZ02", d(4, 28), S.RESOLVED, None, local(d(5, 4))),
}
VISITS = [  # (case, visited_on, satisfaction)
    ("a01", d(3, 10), ST.SATISFIED),
    ("a02", d(3, 12), ST.FAIRLY),  # 基本满意 counts as satisfied
    ("a03", d(3, 14), ST.UNSATISFIED),  # it flared up: mediating again
    ("z1", d(3, 3), ST.FAIRLY),  # a February case visited in March counts in March
    ("a07", d(3, 11), ST.SATISFIED),
    ("a11", d(3, 9), ST.UNSATISFIED),
    ("a13", d(3, 20), ST.SATISFIED),
    ("a08", d(4, 2), ST.UNSATISFIED),  # a March case visited in April counts in April
    ("a12", d(4, 5), ST.SATISFIED),
    ("b01", d(4, 9), ST.SATISFIED),
]


def days(first: date, last: date, *, but: tuple[date, ...] = ()) -> list[date]:
    return [
        first + timedelta(n)
        for n in range((last - first).days + 1)
        if first + timedelta(n) not in but
    ]


# Daily reports (current versions) by village; of all units only 东河村, 南湾村 and 前进村 must
# report here, 红星村 not.
REPORTS = {
    "QSZ01": days(d(3, 1), d(4, 30), but=(d(3, 5), d(3, 12), d(3, 20), d(4, 1))),
    # 南湾村 reports from 03-17: its 03-10 report (a trial) counts nowhere.
    "QSZ02": [d(3, 10), *days(d(3, 17), d(4, 30), but=(d(3, 22), d(3, 23)))],
    "LWZ01": days(d(3, 1), d(4, 10), but=(d(3, 15),)),
    "LWZ02": [d(3, 3)],  # need not report: counts nowhere
}
REPORTS_FROM = {"QSZ02": d(3, 17)}


@pytest.fixture
def ledger(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    registrar = actors["county_coord"]
    made = {}
    for key, (unit, found, stage, deadline, at) in LEDGER.items():
        made[key] = dated_case(engine, registrar, unit, found)
        resolved = stage in (S.RESOLVED, S.CLOSED)
        set_case(
            engine,
            made[key],
            stage=stage,
            deadline=deadline,
            resolved_at=local(found + timedelta(days=3)) if resolved else None,
            reopened_count=1 if key == "a03" else 0,
            **({"created_at": at} if at else {"import_source": "台账.xlsx 第 4 行"}),
        )
    with Session(engine) as session:
        for key, day, satisfaction in VISITS:
            session.add(
                FollowUp(
                    case_id=made[key],
                    visited_on=day,
                    visitor="孙丽",
                    satisfaction=satisfaction,
                    flared_up=key == "a03",
                )
            )
        session.exec(update(Unit).values(must_report=False))  # only these three here:
        for code in ("QSZ01", "QSZ02", "LWZ01"):
            session.exec(
                update(Unit)
                .where(col(Unit.code) == code)
                .values(must_report=True, reports_from=REPORTS_FROM.get(code))
            )
        rows = [
            {
                "unit_id": unit_id(engine, code),
                "day": day,
                "zero": day.day % 2 == 0,
                "submitted_by_id": registrar.id,
                "submitted_at": local(day, 17),
                "version": 1,
                "is_current": True,
            }
            for code, sent in REPORTS.items()
            for day in sent
        ]
        # 东河村's 03-02 report was corrected: two versions, one day reported.
        rows.append({**rows[1], "version": 2, "is_current": False})
        assert rows[1]["day"] == d(3, 2)
        session.exec(insert(DailyReport), params=rows)
        session.commit()
    return made


def both_ways(engine: Engine, reader, actor: Actor, **kwargs):  # type: ignore[no-untyped-def]
    """The figure read from the tallies, checked against every case counted live."""

    def once():  # type: ignore[no-untyped-def]
        with Session(engine) as session:
            return reader(session, actor=actor, **kwargs)

    fast = once()
    with counted_live():
        live = once()
    if hasattr(fast, "equals"):
        assert fast.equals(live), (fast, live)
    else:
        assert fast == live
    return fast


def per_unit(engine: Engine, actor: Actor, f: MetricFilter, figure: str) -> list[tuple]:
    frame = both_ways(engine, unit_figure, actor, f=f, figure=figure)
    return [(u, p, w) for u, p, w in frame[["unit", "part", "whole"]].itertuples(index=False)]


@pytest.mark.usefixtures("ledger")
def test_the_county_in_march_and_april(engine: Engine, actors: dict[str, Actor]) -> None:
    leader = actors["leader"]
    assert both_ways(engine, plan_rates, leader, f=MARCH) == PlanRates(
        registered=19,  # a01-a18, t1
        resolved=10,  # a01 a02 a07 a08 a11 a12 a13 a16 a18 t1 (a03 flared up: open again)
        referred=3,  # a04 a10 a15
        resolution_rate=10 / 19,  # the 6 open ones count: a03 a05 a06 a09 a14 a17
        success_rate=10 / 13,  # of the 13 whose mediation ended
        follow_ups=7,  # a01 a02 a03 z1 a07 a11 a13
        satisfied=5,  # a01 a02(基本满意) z1(基本满意) a07 a13
        satisfaction_rate=5 / 7,
    )
    assert both_ways(engine, plan_rates, leader, f=APRIL) == PlanRates(
        registered=7,  # b01-b07
        resolved=4,  # b01 b03 b05 b07
        referred=1,  # b04
        resolution_rate=4 / 7,
        success_rate=4 / 5,
        follow_ups=3,  # a08 a12 b01
        satisfied=2,  # a12 b01
        satisfaction_rate=2 / 3,
    )
    # Late: a04 (00:00 two days on), a06 (5 days), a08 (3), a16 (4); a18 imported today
    # counts by its recorded dates (on time); a02 at 23:59 and a10 at 23:30 the next day are on time.
    assert both_ways(engine, timely_registration, leader, f=MARCH) == TimelyRegistration(
        found=19, on_time=15, timely_rate=15 / 19
    )
    assert both_ways(engine, timely_registration, leader, f=APRIL) == TimelyRegistration(
        found=7,
        on_time=5,
        timely_rate=5 / 7,  # b02 (2 days) and b07 (6 days) late
    )
    # 日报报送率: 东河村 28 of 31 (03-05, 03-12, 03-20 missing; 03-02 corrected, once),
    # 南湾村 13 of 15 (from 03-17; 03-22, 03-23 missing), 前进村 30 of 31 (03-15 missing).
    march = read(engine, reporting_rate, leader, start=MARCH.start, end=MARCH.end)
    assert (sum(x.reported for x in march.days), sum(x.expected for x in march.days)) == (71, 77)
    # April: 东河村 29 of 30 (04-01), 南湾村 30 of 30, 前进村 10 of 30 (stopped after 04-10).
    april = read(engine, reporting_rate, leader, start=APRIL.start, end=APRIL.end)
    assert april.rate == 69 / 90


@pytest.mark.usefixtures("ledger")
def test_the_towns_each_figure(engine: Engine, actors: dict[str, Actor]) -> None:
    """Per town (what happened anywhere below it, t1 at 青石镇 itself included)."""
    leader = actors["leader"]
    assert per_unit(engine, leader, MARCH, F.RESOLUTION) == [
        ("柳湾镇", 4, 7),  # a11 a12 a13 a16 of a11-a17
        ("青石镇", 6, 12),  # a01 a02 a07 a08 a18 t1 of a01-a10 a18 t1
    ]
    assert per_unit(engine, leader, MARCH, F.SUCCESS) == [
        ("柳湾镇", 4, 5),  # + a15
        ("青石镇", 6, 8),  # + a04 a10 referred
    ]
    assert per_unit(engine, leader, MARCH, F.TIMELY) == [
        ("柳湾镇", 6, 7),  # a16 late
        ("青石镇", 9, 12),  # a04 a06 a08 late
    ]
    assert per_unit(engine, leader, MARCH, F.SATISFACTION) == [
        ("柳湾镇", 1, 2),  # a13 of a11 a13
        ("青石镇", 4, 5),  # a01 a02 z1 a07 of those and a03
    ]
    assert per_unit(engine, leader, MARCH, F.REPORTING) == [
        ("柳湾镇", 30, 31),  # 前进村; 红星村 need not report
        ("青石镇", 41, 46),  # 东河村 28/31 + 南湾村 13/15
    ]
    assert per_unit(engine, leader, MARCH, OVERDUE) == [
        ("柳湾镇", 1, 7),  # a17 (a14's deadline not yet due)
        ("青石镇", 3, 12),  # a03 a05 a09
    ]
    assert per_unit(engine, leader, APRIL, F.RESOLUTION) == [
        ("柳湾镇", 2, 4),  # b05 b07 of b04-b07
        ("青石镇", 2, 3),  # b01 b03 of b01 b02 b03
    ]
    assert per_unit(engine, leader, APRIL, F.REPORTING) == [
        ("柳湾镇", 10, 30),  # 前进村 stopped after 04-10
        ("青石镇", 59, 60),  # 东河村 29/30 + 南湾村 30/30
    ]
    rates = both_ways(engine, unit_figure, leader, f=MARCH, figure=F.RESOLUTION)
    assert list(rates["value"]) == [4 / 7, 6 / 12]  # in unit code order: LWZ, QSZ
    overdue = both_ways(engine, unit_figure, leader, f=MARCH, figure=OVERDUE)
    assert list(overdue["value"]) == [1, 3]  # a count, not a share


@pytest.mark.usefixtures("ledger")
def test_the_villages_of_a_town(engine: Engine, actors: dict[str, Actor]) -> None:
    """Drilled into 青石镇: its villages; t1, registered at the town itself, is in no row."""
    qsz = MetricFilter(MARCH.start, MARCH.end, unit_id=unit_id(engine, "QSZ"))
    leader = actors["leader"]
    assert per_unit(engine, leader, qsz, F.RESOLUTION) == [
        ("东河村", 3, 7),  # a01 a02 a18 of a01-a06 a18
        ("南湾村", 2, 4),  # a07 a08 of a07-a10
    ]
    assert per_unit(engine, leader, qsz, F.SUCCESS) == [("东河村", 3, 4), ("南湾村", 2, 3)]
    assert per_unit(engine, leader, qsz, F.TIMELY) == [
        ("东河村", 5, 7),  # a04 a06 late
        ("南湾村", 3, 4),  # a08 late
    ]
    assert per_unit(engine, leader, qsz, F.SATISFACTION) == [
        ("东河村", 3, 4),  # a01 a02 z1 of those and a03
        ("南湾村", 1, 1),  # a07
    ]
    assert per_unit(engine, leader, qsz, F.REPORTING) == [
        ("东河村", 28, 31),
        ("南湾村", 13, 15),  # from 03-17 only
    ]
    assert per_unit(engine, leader, qsz, OVERDUE) == [("东河村", 2, 7), ("南湾村", 1, 4)]
    # The town's coordinator sees the same; a village's mediator only its own village.
    coordinator = actors["coordinator"]
    assert per_unit(engine, coordinator, MARCH, F.RESOLUTION) == [
        ("东河村", 3, 7),
        ("南湾村", 2, 4),
    ]


@pytest.mark.usefixtures("ledger")
def test_the_headline_reads_the_same_figures(engine: Engine, actors: dict[str, Actor]) -> None:
    got = {h.figure: h for h in read(engine, headline_figures, actors["leader"], f=APRIL)}
    assert got[F.RESOLUTION].value == 4 / 7
    assert got[F.RESOLUTION].previous == 10 / 19  # 03-02..03-31: every March case
    assert got[F.SUCCESS].value == 4 / 5
    assert got[F.TIMELY].value == 5 / 7
    assert got[F.SATISFACTION].value == 2 / 3
    assert got[F.REPORTING].value == 69 / 90
    # 03-02..03-31: 东河村 27 of 30, 南湾村 13 of 15, 前进村 29 of 30.
    assert got[F.REPORTING].previous == 69 / 75


def test_an_imported_ledger_counts_by_its_recorded_dates(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    """及时上报率 of imported history: the ledger's 排查/登记日期 is the day it was recorded, so its
    cases count in the period they were found and as registered on time, not at the import."""
    from tests.db.test_import import do_import, good_row, ledger_file, plan_for

    coordinator = actors["coordinator"]
    rows = [good_row(1, 排查日期=datetime(2025, 3, 3)), good_row(2, 排查日期=datetime(2025, 3, 20))]
    do_import(
        engine, coordinator, plan_for(engine, coordinator, ledger_file(tmp_path / "l.xlsx", rows))
    )
    with Session(engine) as session:
        imported = session.exec(select(Case.found_on, Case.created_at)).all()
    assert sorted(found for found, _at in imported) == [d(3, 3), d(3, 20)]
    assert all(at.date() >= local_today() - timedelta(days=1) for _found, at in imported)
    leader = actors["leader"]
    assert read(engine, timely_registration, leader, f=MARCH) == TimelyRegistration(
        found=2, on_time=2, timely_rate=1.0
    )
    today = MetricFilter(local_today(), local_today())
    assert read(engine, timely_registration, leader, f=today).found == 0
