"""Daily reports (db.reports.daily, db.figures.reporting) against a small hand-made record.

QSZ 青石镇 has seven units that must report (QSZ01 东河村 ... QSZ07 枣林村); its two departments
do not. The demo gives each village a mediator (`mediator` for QSZ01, `med_qsz02` ...).
Calendar: 2025-03-03 is a Monday. 18:00 in Shanghai is 10:00 UTC.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.core.settings import REPORT_CUTOFF, report_cutoff
from db.enums import AuditAction, ReportStatus
from db.figures import reporting as report_figures
from db.models import AuditLog, DailyReport, Unit
from db.reports import daily as reports
from db.reports.daily import ReportCreate, ReportRefused
from tests.db.factories import dated_case, unit_id

D1, D2 = date(2025, 3, 3), date(2025, 3, 4)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def send(
    engine: Engine,
    actor: Actor,
    day: date,
    *,
    zero: bool = True,
    base: int = 0,
    at: datetime | None = None,
    note: str = "",
) -> reports.ReportView:
    """Submit as the page does; by default at 09:00 Shanghai of the day (on time)."""
    at = at or datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
    with write_session(engine) as session:
        return reports.submit(
            session,
            actor=actor,
            data=ReportCreate(day=day, zero=zero, note=note),
            base_version=base,
            now=at,
        )


def rows(engine: Engine, unit_code: str, day: date) -> list[tuple[int, bool, bool]]:
    """(version, current, zero) of every stored version, oldest first."""
    with Session(engine) as session:
        found = session.exec(
            select(DailyReport.version, DailyReport.is_current, DailyReport.zero)
            .where(DailyReport.unit_id == unit_id(engine, unit_code), DailyReport.day == day)
            .order_by(col(DailyReport.version))
        ).all()
        return [tuple(r) for r in found]  # type: ignore[misc]


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(engine, actors) -> None:
    first = send(engine, actors["mediator"], D1, zero=True, note="全村排查无纠纷")
    second = send(engine, actors["mediator"], D1, zero=False, base=1, note="补报：发现一起")
    assert (first.version, second.version) == (1, 2)
    assert rows(engine, "QSZ01", D1) == [(1, False, True), (2, True, False)]
    with Session(engine) as session:
        now = reports.current_report(
            session, actor=actors["coordinator"], unit_id=unit_id(engine, "QSZ01"), day=D1
        )
        history = reports.versions(
            session, actor=actors["coordinator"], unit_id=unit_id(engine, "QSZ01"), day=D1
        )
        audits = session.exec(
            select(AuditLog.action).where(col(AuditLog.target).startswith("report:QSZ01"))
        ).all()
    assert now is not None and (now.version, now.zero, now.note) == (2, False, "补报：发现一起")
    assert [(v.version, v.note) for v in history] == [(2, "补报：发现一起"), (1, "全村排查无纠纷")]
    assert audits == [AuditAction.CREATE, AuditAction.UPDATE]


def test_a_second_report_from_a_stale_form_is_refused_and_nothing_changes(engine, actors) -> None:
    send(engine, actors["mediator"], D1)
    with pytest.raises(ReportRefused, match="刚刚已由他人报送"):
        send(engine, actors["mediator"], D1, base=0, zero=False)
    assert rows(engine, "QSZ01", D1) == [(1, True, True)]


def test_a_zero_report_is_refused_when_the_day_already_has_cases(engine, actors) -> None:
    dated_case(engine, actors["mediator"], "QSZ01", D1)
    with pytest.raises(ReportRefused, match="已登记 1 件"):
        send(engine, actors["mediator"], D1, zero=True)
    assert rows(engine, "QSZ01", D1) == []
    assert send(engine, actors["mediator"], D1, zero=False).cases == 1


@pytest.mark.parametrize(
    ("submitted_at", "late"),
    [
        (utc(2, 16, 30), False),  # 03-03 00:30 in Shanghai, still 03-02 in UTC
        (utc(3, 9, 59), False),  # 17:59 in Shanghai
        (utc(3, 10, 0), False),  # 18:00 exactly: not after the cut-off
        (utc(3, 10, 1), True),  # 18:01
        (utc(3, 15, 59), True),  # 23:59, still 03-03 in Shanghai
        (utc(3, 16, 30), True),  # 03-04 00:30 in Shanghai
    ],
)
def test_late_marking_follows_the_shanghai_clock(engine, actors, submitted_at, late) -> None:
    assert send(engine, actors["mediator"], D1, at=submitted_at).late is late


def test_a_report_for_a_day_not_yet_begun_in_shanghai_is_refused(engine, actors) -> None:
    # 15:30 UTC on 03-02 is 23:30 in Shanghai: 03-03 has not begun there yet.
    with pytest.raises(ReportRefused, match="今天以后"):
        send(engine, actors["mediator"], D1, at=utc(2, 15, 30))
    assert rows(engine, "QSZ01", D1) == []


def test_the_cut_off_comes_from_the_environment(engine, actors, monkeypatch) -> None:
    monkeypatch.setenv(REPORT_CUTOFF.name, "20:30")
    assert send(engine, actors["mediator"], D1, at=utc(3, 12, 29)).late is False
    assert send(engine, actors["med_qsz02"], D1, at=utc(3, 12, 31)).late is True
    monkeypatch.setenv(REPORT_CUTOFF.name, "half past six")
    with pytest.raises(ValueError, match="DISPUTE_DESK_REPORT_CUTOFF"):
        report_cutoff()


def test_a_late_correction_keeps_the_on_time_mark_of_the_first_report(engine, actors) -> None:
    send(engine, actors["mediator"], D1, at=utc(3, 2))
    corrected = send(engine, actors["mediator"], D1, base=1, zero=False, at=utc(4, 2))
    assert (corrected.version, corrected.late) == (2, False)


def test_only_a_user_of_a_unit_that_must_report_submits_for_it(engine, actors) -> None:
    with pytest.raises(ReportRefused, match="青石镇无需报送"):
        send(engine, actors["coordinator"], D1)
    with pytest.raises(NotAllowed):
        send(engine, actors["leader"], D1)
    assert rows(engine, "QSZ", D1) == []


def _qsz_record(engine: Engine, actors: dict[str, Actor]) -> None:
    """D1: 东河村 zero, 南湾村 found, 西岭村 zero then corrected twice; D2: 东河村 only."""
    send(engine, actors["mediator"], D1, zero=True)
    send(engine, actors["med_qsz02"], D1, zero=False)
    send(engine, actors["med_qsz03"], D1, zero=True)
    send(engine, actors["med_qsz03"], D1, zero=False, base=1)
    send(engine, actors["med_qsz03"], D1, zero=True, base=2)
    send(engine, actors["mediator"], D2, zero=True, at=utc(4, 11))  # late
    send(engine, actors["med_lwz01"], D1, zero=True)  # another town


def test_reporting_rate_counts_missing_units_per_day_and_for_the_period(engine, actors) -> None:
    _qsz_record(engine, actors)
    with Session(engine) as session:
        town = report_figures.reporting_rate(session, actors["coordinator"], D1, D2)
        county = report_figures.reporting_rate(session, actors["leader"], D1, D2)
        one = report_figures.reporting_rate(
            session, actors["leader"], D1, D1, unit_id=unit_id(engine, "QSZ02")
        )
    assert [(d.day, d.expected, d.reported, d.zero) for d in town.days] == [
        (D1, 7, 3, 2),  # 东河村 zero, 南湾村, 西岭村 (zero in its third version)
        (D2, 7, 1, 1),
    ]
    assert town.rate == pytest.approx(4 / 14)
    assert [(d.expected, d.reported) for d in county.days] == [(20, 4), (20, 1)]
    assert (one.expected, one.reported, one.rate) == (1, 1, 1.0)


def test_a_unit_that_need_not_report_is_not_expected(engine, actors) -> None:
    _qsz_record(engine, actors)
    with write_session(engine) as session:
        session.exec(update(Unit).where(col(Unit.code) == "QSZ07").values(must_report=False))
        session.commit()
    with Session(engine) as session:
        rate = report_figures.reporting_rate(session, actors["coordinator"], D1, D1)
    assert (rate.expected, rate.reported, rate.rate) == (6, 3, 0.5)


def test_a_period_with_no_unit_to_report_has_no_rate(engine, actors) -> None:
    with write_session(engine) as session:
        session.exec(update(Unit).values(must_report=False))
        session.commit()
    with Session(engine) as session:
        rate = report_figures.reporting_rate(session, actors["coordinator"], D1, D2)
    assert (rate.expected, rate.rate) == (0, None)


def test_the_day_board_lists_reported_zero_and_missing_units(engine, actors) -> None:
    _qsz_record(engine, actors)
    with Session(engine) as session:
        board = report_figures.day_board(session, actor=actors["coordinator"], day=D1)
        period = report_figures.period_by_unit(
            session, actor=actors["coordinator"], start=D1, end=D2
        )
    assert [(u.unit_name, u.status, u.version) for u in board] == [
        ("北坡村", ReportStatus.MISSING, 0),
        ("枣林村", ReportStatus.MISSING, 0),
        ("柳园社区", ReportStatus.MISSING, 0),
        ("石桥社区", ReportStatus.MISSING, 0),
        ("东河村", ReportStatus.ZERO, 1),
        ("西岭村", ReportStatus.ZERO, 3),
        ("南湾村", ReportStatus.REPORTED, 1),
    ]
    counts = {p.unit_name: (p.reported, p.zero, p.missing, p.late) for p in period}
    assert counts["东河村"] == (2, 2, 0, 1)
    assert counts["南湾村"] == (1, 0, 1, 0)
    assert counts["北坡村"] == (0, 0, 2, 0)
    assert len(counts) == 7 and period[0].missing == 2


def test_a_later_case_contradicts_the_zero_report_of_its_unit_and_day(engine, actors) -> None:
    send(engine, actors["mediator"], D1, zero=True)
    send(engine, actors["med_qsz02"], D1, zero=True)
    case_id = dated_case(engine, actors["mediator"], "QSZ01", D1)
    other_day = dated_case(engine, actors["mediator"], "QSZ01", D2)
    with Session(engine) as session:
        board = report_figures.day_board(session, actor=actors["coordinator"], day=D1)
        flagged = reports.contradicting_report(session, case_id=case_id)
        not_flagged = reports.contradicting_report(session, case_id=other_day)
        period = report_figures.period_by_unit(
            session, actor=actors["coordinator"], start=D1, end=D1
        )
    by_name = {u.unit_name: (u.contradiction, u.cases) for u in board}
    assert by_name["东河村"] == (True, 1)
    assert by_name["南湾村"] == (False, 0)
    assert flagged is not None and (flagged.unit_name, flagged.day) == ("东河村", D1)
    assert not_flagged is None
    assert {p.unit_name: p.contradictions for p in period}["东河村"] == 1


def test_reports_outside_the_readers_subtree_are_refused(engine, actors) -> None:
    send(engine, actors["mediator"], D1)
    with Session(engine) as session, pytest.raises(OutOfScope):
        report_figures.day_board(
            session, actor=actors["med_qsz02"], day=D1, unit_id=unit_id(engine, "QSZ01")
        )
    with Session(engine) as session, pytest.raises(OutOfScope):
        reports.versions(
            session, actor=actors["med_lwz01"], unit_id=unit_id(engine, "QSZ01"), day=D1
        )
    with Session(engine) as session:
        own = report_figures.day_board(session, actor=actors["med_qsz02"], day=D1)
    assert [(u.unit_name, u.status) for u in own] == [("南湾村", ReportStatus.MISSING)]
