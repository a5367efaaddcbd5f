"""The desks' lists (db.dashboard.desk, db.dashboard.desk_tasks): each in the reader's scope,
its count the ledger's count for the same filter, its lines in the order the reader works them.
Every test runs on SQLite and PostgreSQL."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from db.cases import extension_requests, ledger, moves
from db.cases.ledger import LedgerFilter
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.dashboard import desk, desk_tasks
from db.enums import RectificationStatus, RequestStatus, Role, Stage, TickResult
from db.models import Rectification
from db.reports import daily
from db.supervision import rectifications
from tests.db import supervision_helpers as sup
from tests.db.factories import (
    act,
    add_user,
    case_in_stage,
    new_case,
    plan,
    reported_up,
    set_case,
    settle_on_spot,
    unit_id,
)


def ledger_total(engine: Engine, actor: Actor, **filters: object) -> int:
    with Session(engine) as session:
        return ledger.list_cases(session, actor=actor, filters=LedgerFilter(**filters)).total  # type: ignore[arg-type]


def read(engine: Engine, lister, actor: Actor, **kwargs: object):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return lister(session, actor=actor, **kwargs)


def numbers(listed: desk.DeskList) -> list[int]:
    return [line.id for line in listed.lines]


def test_waiting_for_assignment_oldest_first_with_age_and_the_ledgers_count(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    town, mediator = actors["coordinator"], actors["mediator"]
    older, newer = new_case(engine, mediator, "QSZ01"), new_case(engine, town, "QSZ02")
    set_case(engine, older, created_at=utcnow() - timedelta(days=5))
    elsewhere = new_case(engine, actors["county_coord"], "LWZ01")  # another town: not ours
    case_in_stage(engine, actors, Stage.ASSIGNED)  # assigned: not waiting
    waiting = read(engine, desk.waiting_assignment, town)
    assert numbers(waiting) == [older, newer]
    assert [line.days for line in waiting.lines] == [5, 0]
    assert waiting.total == ledger_total(engine, town, stages=[Stage.REGISTERED]) == 2
    county = read(engine, desk.waiting_assignment, actors["county_coord"])
    assert elsewhere in numbers(county) and county.total == 3


def test_a_long_list_shows_its_first_lines_and_counts_them_all(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    made = [new_case(engine, actors["mediator"], "QSZ01") for _ in range(desk.SHOWN + 2)]
    waiting = read(engine, desk.waiting_assignment, actors["coordinator"])
    assert waiting.total == desk.SHOWN + 2
    assert numbers(waiting) == made[: desk.SHOWN]


def test_overdue_by_unit_one_level_down_each_count_the_ledgers(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    town = actors["coordinator"]
    past = local_today() - timedelta(days=3)
    dongh = [case_in_stage(engine, actors, Stage.MEDIATING) for _ in range(2)]  # 东河村
    nanwan = new_case(engine, actors["med_qsz02"], "QSZ02")
    at_town = new_case(engine, town, "QSZ")
    other_town = new_case(engine, actors["county_coord"], "LWZ01")
    case_in_stage(engine, actors, Stage.ASSIGNED)  # deadline in a week: not overdue
    done = case_in_stage(engine, actors, Stage.RESOLVED)  # resolved: never overdue
    for case_id in [*dongh, nanwan, at_town, other_town, done]:
        set_case(engine, case_id, deadline=past)
    total, units = read(engine, desk.overdue_by_unit, town)
    assert total == ledger_total(engine, town, overdue_only=True) == 4
    by_name = {u.unit: (u.count, u.unit_id, u.own) for u in units}
    assert by_name == {
        "东河村": (2, unit_id(engine, "QSZ01"), False),
        "南湾村": (1, unit_id(engine, "QSZ02"), False),
        "青石镇": (1, None, True),
    }
    assert units[0].unit == "东河村"  # most first
    for unit in units:
        if unit.unit_id is not None:
            assert unit.count == ledger_total(engine, town, overdue_only=True, unit_id=unit.unit_id)
    county_total, county_units = read(engine, desk.overdue_by_unit, actors["county_coord"])
    assert county_total == ledger_total(engine, actors["county_coord"], overdue_only=True) == 5
    assert {u.unit: u.count for u in county_units} == {"青石镇": 4, "柳湾镇": 1}


def test_follow_ups_due_in_scope_and_mine(engine: Engine, actors: dict[str, Actor]) -> None:
    resolved = case_in_stage(engine, actors, Stage.RESOLVED)  # the 东河村 mediator's
    case_in_stage(engine, actors, Stage.CLOSED)  # followed up and closed: not due
    town = read(engine, desk.follow_ups_due, actors["coordinator"])
    assert numbers(town) == [resolved]
    assert town.total == ledger_total(engine, actors["coordinator"], stages=[Stage.RESOLVED])
    assert numbers(read(engine, desk.follow_ups_due, actors["mediator"], mine=True)) == [resolved]
    assert read(engine, desk.follow_ups_due, actors["med_qsz02"], mine=True).total == 0
    other_town = add_user(engine, "lwz_coord", "柳湾镇综治办 吴芳", Role.COORDINATOR, "LWZ")
    assert read(engine, desk.follow_ups_due, other_town).total == 0


def test_settled_on_the_spot_this_week(engine: Engine, actors: dict[str, Actor]) -> None:
    town = actors["coordinator"]
    settled = settle_on_spot(engine, actors["mediator"], "QSZ01")
    last_week = settle_on_spot(engine, actors["mediator"], "QSZ01")
    set_case(engine, last_week, resolved_at=desk.week_start(local_today()) - timedelta(hours=1))
    assert numbers(read(engine, desk.settled_this_week, town)) == [settled]
    other_town = add_user(engine, "lwz_coord", "柳湾镇综治办 吴芳", Role.COORDINATOR, "LWZ")
    assert read(engine, desk.settled_this_week, other_town).total == 0


def test_reported_up_to_my_level_only(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    waiting = read(engine, desk.reported_to_my_level, actors["coordinator"])
    assert numbers(waiting) == [case_id] and waiting.lines[0].days == 0
    assert read(engine, desk.reported_to_my_level, actors["county_coord"]).total == 0
    assert ledger_total(engine, actors["coordinator"], reported_up_only=True) == 1


def test_my_open_cases_overdue_first_then_nearest_deadline_others_not_mine(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    later, sooner, late = (case_in_stage(engine, actors, Stage.MEDIATING) for _ in range(3))
    set_case(engine, later, deadline=local_today() + timedelta(days=20))
    set_case(engine, sooner, deadline=local_today() + timedelta(days=2))
    set_case(engine, late, deadline=local_today() - timedelta(days=1))
    case_in_stage(engine, actors, Stage.RESOLVED)  # not open
    nanwan = new_case(engine, actors["med_qsz02"], "QSZ02")
    act(
        engine,
        moves.assign,
        actor=actors["coordinator"],
        case_id=nanwan,
        plan=plan(unit_id(engine, "QSZ02"), actors["med_qsz02"].id),
    )
    mine = read(engine, desk.my_open_cases, mediator)
    assert numbers(mine) == [late, sooner, later]
    assert [(line.days, line.overdue) for line in mine.lines] == [
        (-1, True),
        (2, False),
        (20, False),
    ]
    assert numbers(read(engine, desk.my_open_cases, actors["med_qsz02"])) == [nanwan]


def test_flagged_cases_with_their_progress_in_scope(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    flagged = case_in_stage(engine, actors, Stage.MEDIATING)
    set_case(engine, flagged, flagged=True)
    closed = case_in_stage(engine, actors, Stage.CLOSED)
    set_case(engine, closed, flagged=True)  # finished: off the list
    (line,) = read(engine, desk.flagged_cases, actors["leader"]).lines
    assert (line.id, line.stage, line.flagged) == (flagged, Stage.MEDIATING, True)
    assert line.worked_on == local_today() and line.days == 7
    other_town = add_user(engine, "lwz_coord", "柳湾镇综治办 吴芳", Role.COORDINATOR, "LWZ")
    assert read(engine, desk.flagged_cases, other_town).total == 0


def test_rectifications_due_to_check_and_overdue(engine: Engine, actors: dict[str, Actor]) -> None:
    supervisor, town = actors["supervisor"], actors["coordinator"]
    inspection = sup.start(engine, supervisor, "QSZ02")
    sup.tick_all(engine, supervisor, inspection, {2: TickResult.FAIL, 3: TickResult.FAIL})
    sup.submit(engine, supervisor, inspection)
    first, second = sup.rectifications_of(engine, inspection)
    due = read(engine, desk_tasks.rectifications_due, town)
    assert (due.total, {line.id for line in due.lines}) == (2, {first.id, second.id})
    assert due.lines[0].unit == "南湾村" and not due.lines[0].overdue
    with write_session(engine) as session:
        rectifications.mark_done(
            session, actor=actors["med_qsz02"], rectification_id=first.id or 0, note="已补齐台账"
        )
    with write_session(engine) as session:
        row = session.get(Rectification, second.id)
        assert row is not None and row.status == RectificationStatus.OPEN
        row.deadline = local_today() - timedelta(days=1)
        session.commit()
    to_check = read(engine, desk_tasks.rectifications_to_check, supervisor)
    assert [line.id for line in to_check.lines] == [first.id]
    late = read(engine, desk_tasks.rectifications_overdue, supervisor)
    assert [(line.id, line.overdue) for line in late.lines] == [(second.id, True)]
    assert [line.id for line in read(engine, desk_tasks.rectifications_due, town).lines] == [
        second.id
    ]
    other_town = add_user(engine, "lwz_coord", "柳湾镇综治办 吴芳", Role.COORDINATOR, "LWZ")
    assert read(engine, desk_tasks.rectifications_due, other_town).total == 0
    elsewhere = add_user(engine, "lwz_sup", "柳湾镇督查员", Role.SUPERVISOR, "LWZ")
    assert read(engine, desk_tasks.rectifications_to_check, elsewhere).total == 0


def test_inspections_in_progress_in_scope(engine: Engine, actors: dict[str, Actor]) -> None:
    supervisor = actors["supervisor"]
    draft = sup.start(engine, supervisor, "QSZ01")
    finished = sup.start(engine, supervisor, "QSZ02")
    sup.tick_all(engine, supervisor, finished, {})
    sup.submit(engine, supervisor, finished)
    listed = read(engine, desk_tasks.inspections_in_progress, supervisor)
    assert [(line.id, line.unit) for line in listed.lines] == [(draft, "东河村")]
    elsewhere = add_user(engine, "lwz_sup", "柳湾镇督查员", Role.SUPERVISOR, "LWZ")
    assert read(engine, desk_tasks.inspections_in_progress, elsewhere).total == 0


def test_todays_daily_report_is_missing_until_sent(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    assert read(engine, desk_tasks.daily_report_missing, mediator) is True
    assert read(engine, desk_tasks.daily_report_missing, actors["coordinator"]) is False
    with write_session(engine) as session:
        daily.submit(
            session,
            actor=mediator,
            data=daily.ReportCreate(day=local_today(), zero=True),
            base_version=0,
        )
    assert read(engine, desk_tasks.daily_report_missing, mediator) is False
    assert read(engine, desk_tasks.daily_report_missing, actors["med_qsz02"]) is True


def test_my_extension_requests_with_their_answers(engine: Engine, actors: dict[str, Actor]) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    ask = extension_requests.ExtensionAsk(
        proposed_deadline=local_today() + timedelta(days=20), reason="当事人外出务工"
    )
    with write_session(engine) as session:
        request_id = extension_requests.request_extension(
            session, actor=mediator, case_id=case_id, ask=ask
        )
    (line,) = read(engine, desk_tasks.my_extension_requests, mediator)
    assert (line.case_id, line.status, line.answered_at) == (case_id, RequestStatus.PENDING, None)
    act(
        engine,
        extension_requests.grant,
        actor=actors["coordinator"],
        case_id=case_id,
        request_id=request_id,
    )
    (line,) = read(engine, desk_tasks.my_extension_requests, mediator)
    assert line.status == RequestStatus.GRANTED and line.answered_at is not None
    assert read(engine, desk_tasks.my_extension_requests, actors["med_qsz02"]) == []
