"""The reminders (db.reminders, `python -m db remind`; issue 21) with a fixed day: each kind is
made once for the right people and nobody else; a second run tells nobody again; a run that
stops half-way and is run again loses and repeats nothing; the app's once-a-minute claim lets
one caller through. Both engines."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from db.cli.main import main
from db.core import engine as db_engine
from db.core.actor import Actor
from db.core.engine import write_session
from db.enums import NoticeKind, Role, Stage
from db.models import DailyReport, FollowUp, Notification, Unit
from db.reminders import run
from db.reminders.run import claim, remind
from tests.db.factories import add_user, case_in_stage, current, set_case

TODAY = date(2030, 6, 10)
LOCAL = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2030, 6, 10, 9, 0, tzinfo=LOCAL)  # before the daily reports' cut-off
EVENING = datetime(2030, 6, 10, 19, 0, tzinfo=LOCAL)  # after it (18:00)


def rows(engine: Engine, *kinds: NoticeKind) -> list[tuple[int, NoticeKind, int | None, str]]:
    """The time-driven notifications (or those of `kinds`): reader, kind, case, title."""
    wanted = kinds or tuple(run_kinds())
    with Session(engine) as session:
        found = session.exec(
            select(Notification)
            .where(col(Notification.kind).in_(wanted))
            .order_by(col(Notification.id))
        ).all()
        return [(n.user_id, NoticeKind(n.kind), n.case_id, n.title) for n in found]


def run_kinds() -> list[NoticeKind]:
    return [
        NoticeKind.DUE_SOON,
        NoticeKind.DUE_TOMORROW,
        NoticeKind.DUE_TODAY,
        NoticeKind.OVERDUE,
        NoticeKind.FOLLOW_UP_LATE,
        NoticeKind.REPORT_MISSING,
        NoticeKind.DIGEST,
    ]


def open_case(engine: Engine, actors: dict[str, Actor], deadline: date) -> int:
    """A 东河村 case in mediation, its responsible person the village's mediator."""
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    set_case(engine, case_id, deadline=deadline)
    return case_id


def resolved_case(engine: Engine, actors: dict[str, Actor], days_ago: int) -> int:
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    resolved = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), LOCAL)
    set_case(engine, case_id, resolved_at=(resolved + timedelta(hours=10)).astimezone(UTC))
    return case_id


def test_due_overdue_and_follow_up_reminders_reach_the_responsible_person_once(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"].id
    in_three = open_case(engine, actors, TODAY + timedelta(days=3))
    tomorrow = open_case(engine, actors, TODAY + timedelta(days=1))
    today = open_case(engine, actors, TODAY)
    in_two = open_case(engine, actors, TODAY + timedelta(days=2))  # no offset for 2 days
    late = open_case(engine, actors, TODAY - timedelta(days=2))
    done = resolved_case(engine, actors, days_ago=2)
    set_case(engine, done, deadline=TODAY)  # resolved: not due any more
    forgotten = resolved_case(engine, actors, days_ago=15)
    fortnight = resolved_case(engine, actors, days_ago=14)  # not yet 15 days
    visited = resolved_case(engine, actors, days_ago=20)
    with write_session(engine) as session:
        session.add(
            FollowUp(
                case_id=visited,
                visited_on=TODAY - timedelta(days=5),
                visitor="孙丽",
                satisfaction="satisfied",
                created_at=(MORNING - timedelta(days=5)).astimezone(UTC),
            )
        )
        session.commit()

    made = remind(engine, today=TODAY, at=MORNING)
    assert made == {"due": 3, "overdue": 1, "follow_up_late": 1, "digest": 1}
    found = rows(engine)
    number = {c: current(engine, c).number for c in (in_three, tomorrow, today, late, forgotten)}
    assert sorted(found[:-1]) == sorted(
        [
            (mediator, NoticeKind.DUE_SOON, in_three, f"{number[in_three]} · 3 天后到期"),
            (mediator, NoticeKind.DUE_TOMORROW, tomorrow, f"{number[tomorrow]} · 明天到期"),
            (mediator, NoticeKind.DUE_TODAY, today, f"{number[today]} · 今天到期"),
            (mediator, NoticeKind.OVERDUE, late, f"{number[late]} · 已超期，请尽快办理"),
            (
                mediator,
                NoticeKind.FOLLOW_UP_LATE,
                forgotten,
                f"{number[forgotten]} · 化解已满 15 天，尚未回访",
            ),
        ]
    )
    (digest,) = rows(engine, NoticeKind.DIGEST)
    # overdue 1; due within 3 days: today's, tomorrow's, the 2-day and the 3-day case;
    # follow-ups waiting: the three resolved cases without a visit
    assert digest[0] == mediator
    assert "超期 1 件，即将到期 4 件，待回访 3 件" in digest[3]

    # a second run the same day tells nobody anything
    assert remind(engine, today=TODAY, at=MORNING) == dict.fromkeys(made, 0)
    assert rows(engine) == found
    # the next day: overdue again (once a day until the case moves), the next deadlines, the
    # case resolved 15 days ago now; the 3-day case is 2 days away (no offset); nothing repeats
    made = remind(engine, today=TODAY + timedelta(days=1), at=MORNING + timedelta(days=1))
    assert made == {"due": 2, "overdue": 2, "follow_up_late": 1, "digest": 1}
    assert sorted((r[1], r[2] or 0) for r in rows(engine)[len(found) :]) == sorted(
        [
            (NoticeKind.DUE_TOMORROW, in_two),
            (NoticeKind.DUE_TODAY, tomorrow),
            (NoticeKind.OVERDUE, today),
            (NoticeKind.OVERDUE, late),
            (NoticeKind.FOLLOW_UP_LATE, fortnight),
            (NoticeKind.DIGEST, 0),
        ]
    )


def test_nobody_inactive_or_unassigned_is_reminded(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = open_case(engine, actors, TODAY)
    set_case(engine, case_id, responsible_user_id=None)
    assert remind(engine, today=TODAY, at=MORNING) == {
        "due": 0,
        "overdue": 0,
        "follow_up_late": 0,
        "digest": 0,
    }


def test_missing_daily_reports_make_one_line_for_the_town_after_the_cut_off(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"].id
    other_town = add_user(engine, "lwz_coord", "另一镇综治办", Role.COORDINATOR, "LWZ").id
    with write_session(engine) as session:
        theirs = session.exec(
            select(Unit.name).where(col(Unit.code).startswith("LWZ0")).order_by(Unit.code)
        ).all()
        villages = session.exec(
            select(Unit).where(col(Unit.code).startswith("QSZ0")).order_by(Unit.code)
        ).all()
        reported = villages[0]
        session.add(
            DailyReport(
                unit_id=reported.id or 0,
                day=TODAY,
                zero=True,
                submitted_by_id=actors["mediator"].id,
            )
        )
        session.commit()
        names = [v.name for v in villages[1:]]
    assert "report_missing" not in remind(engine, today=TODAY, at=MORNING)
    assert rows(engine, NoticeKind.REPORT_MISSING) == []
    assert remind(engine, today=TODAY, at=EVENING)["report_missing"] == 2
    # each town's coordinator gets one line with the town's own units; the county's, none
    assert sorted(rows(engine, NoticeKind.REPORT_MISSING)) == sorted(
        [
            (
                coordinator,
                NoticeKind.REPORT_MISSING,
                None,
                f"{TODAY.isoformat()} 日报未报：{'、'.join(names)}",
            ),
            (
                other_town,
                NoticeKind.REPORT_MISSING,
                None,
                f"{TODAY.isoformat()} 日报未报：{'、'.join(theirs)}",
            ),
        ]
    )
    assert all(reported.name not in r[3] for r in rows(engine, NoticeKind.REPORT_MISSING))
    assert remind(engine, today=TODAY, at=EVENING)["report_missing"] == 0


def test_a_run_that_stops_half_way_is_finished_by_the_next_one(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_case(engine, actors, TODAY)
    open_case(engine, actors, TODAY - timedelta(days=1))
    resolved_case(engine, actors, days_ago=30)

    def overdue_then_crash(session: Session, today: date) -> int:
        run.passes.overdue(session, today)  # its rows are written, then the process dies
        raise RuntimeError("killed")

    monkeypatch.setitem(run.PASSES, "overdue", overdue_then_crash)
    with pytest.raises(RuntimeError):
        remind(engine, today=TODAY, at=MORNING)
    # the pass before the crash is kept; the crashed pass left nothing; the rest did not run
    assert [r[1] for r in rows(engine)] == [NoticeKind.DUE_TODAY]
    monkeypatch.undo()
    made = remind(engine, today=TODAY, at=MORNING)
    assert made == {"due": 0, "overdue": 1, "follow_up_late": 1, "digest": 1}
    kinds = [r[1] for r in rows(engine)]
    assert kinds == [
        NoticeKind.DUE_TODAY,
        NoticeKind.OVERDUE,
        NoticeKind.FOLLOW_UP_LATE,
        NoticeKind.DIGEST,
    ]


def test_the_app_claims_the_reminders_at_most_once_a_minute(engine: Engine) -> None:
    start = datetime(2030, 6, 10, 1, 0, tzinfo=UTC)
    assert claim(engine, now=start)
    assert not claim(engine, now=start)  # another process in the same minute
    assert not claim(engine, now=start + timedelta(seconds=59))
    assert claim(engine, now=start + timedelta(seconds=60))


def test_notifications_of_a_deleted_reminder_are_made_again(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    """The key is what makes a run idempotent: without the row, the reminder is made again."""
    open_case(engine, actors, TODAY)
    remind(engine, today=TODAY, at=MORNING)
    with write_session(engine) as session:
        session.exec(delete(Notification).where(Notification.kind == NoticeKind.DUE_TODAY))
        session.commit()
    assert remind(engine, today=TODAY, at=MORNING)["due"] == 1


def test_the_command(
    engine: Engine,
    actors: dict[str, Actor],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m db remind --today …`: exit 0 and the counts; again, nothing new; a day that
    is not a date is refused with exit 1; --help says what it does."""
    case_id = open_case(engine, actors, TODAY + timedelta(days=1))
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    db_engine.engine_for.cache_clear()
    try:
        assert main(["remind", "--today", TODAY.isoformat()]) == 0
        assert "到期提醒 1" in capsys.readouterr().out
        assert [r[2] for r in rows(engine, NoticeKind.DUE_TOMORROW)] == [case_id]
        assert main(["remind", "--today", TODAY.isoformat()]) == 0
        assert "到期提醒 0" in capsys.readouterr().out
        assert len(rows(engine, NoticeKind.DUE_TOMORROW)) == 1
        assert main(["remind", "--today", "2030-02-30"]) == 1
        assert "YYYY-MM-DD" in capsys.readouterr().err
        with pytest.raises(SystemExit) as helped:
            main(["remind", "--help"])
        assert helped.value.code == 0 and "--today" in capsys.readouterr().out
    finally:
        db_engine.engine_for.cache_clear()


def test_every_pass_reads_the_cases_through_an_index(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No pass scans the ledger: SQLite's plan of every statement `remind` runs reads `cases`
    by an index (a deadline range, a stage), never by a full scan."""
    from sqlalchemy import event

    from db.demo.world import build_world
    from tests.conftest import PASSWORD

    with Session(sqlite_engine) as session:
        build_world(session, password=PASSWORD)
    statements: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "cases" in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, parameters))

    event.listen(sqlite_engine, "before_cursor_execute", keep)
    remind(sqlite_engine, today=TODAY, at=EVENING)
    event.remove(sqlite_engine, "before_cursor_execute", keep)
    assert len(statements) >= 6  # three offsets, overdue, follow-up, digest
    with sqlite_engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            steps = [str(row[-1]) for row in plan]
            scans = [s for s in steps if s.startswith("SCAN cases")]
            assert scans == [], (statement, steps)
