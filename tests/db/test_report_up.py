"""上报 from below (db.cases.report_up): the handler reports a case up, it waits at the level
above (上报待接收), a coordinator there takes it (handling moves up) or returns it; the waiting
time at each level is kept. Every test runs on SQLite and PostgreSQL."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db import texts
from db.cases import board, ledger, moves, report_up
from db.cases.lifecycle import MoveRefused, StaleCase, offered_moves
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.scope import OutOfScope
from db.enums import EventKind, Level, Move, ReportAnswer, Role, Stage
from db.figures import tally
from db.models import Case, ReportUp
from tests.db.factories import (
    REPORT_REASON,
    RESOLUTION,
    RETURN_REASON,
    act,
    add_user,
    case_in_stage,
    current,
    events,
    plan,
    register_case,
    reported_up,
    snapshot,
    unit_id,
)


def rows(engine: Engine, case_id: int) -> list[ReportUp]:
    with Session(engine) as session:
        query = select(ReportUp).where(ReportUp.case_id == case_id).order_by(col(ReportUp.id))
        return list(session.exec(query).all())


def backdate(engine: Engine, case_id: int, hours: int) -> None:
    """The report up was sent `hours` ago (what a day of waiting looks like)."""
    with write_session(engine) as session:
        sent = utcnow() - timedelta(hours=hours)
        session.exec(update(ReportUp).where(col(ReportUp.case_id) == case_id).values(sent_at=sent))
        session.exec(update(Case).where(col(Case.id) == case_id).values(reported_up_at=sent))
        session.commit()


def in_step(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return tally.differences(connection)


def moves_of(engine: Engine, actor: Actor, case_id: int) -> list[Move]:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return offered_moves(session, actor, case)


def test_report_up_take_and_resolve_at_the_town_keeps_the_levels_and_the_waiting_time(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    village, town = unit_id(engine, "QSZ01"), unit_id(engine, "QSZ")
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    case = current(engine, case_id)
    assert (case.stage, case.reported_up_to_unit_id, case.handling_unit_id) == (
        Stage.MEDIATING,
        town,
        village,
    )
    # Waiting above: the town's coordinator is offered take and return, the village nothing more.
    assert moves_of(engine, coordinator, case_id) == [Move.TAKE, Move.RETURN]
    assert moves_of(engine, mediator, case_id) == []
    with Session(engine) as session:
        board = report_up.reported_to_me(session, actor=coordinator)
        assert [c.id for c in board] == [case_id]
        assert report_up.reported_to_me(session, actor=mediator) == []
        waiting = report_up.waiting(session, actor=coordinator)
        assert [(w["number"], w["from_unit"], w["to_unit"]) for w in waiting] == [
            (case.number, "东河村", "青石镇")
        ]
    backdate(engine, case_id, hours=30)
    new_plan = plan(town, coordinator.id, lead_leader_id=actors["town_leader"].id)
    act(engine, report_up.take, actor=coordinator, case_id=case_id, plan=new_plan)
    case = current(engine, case_id)
    assert (case.stage, case.handling_unit_id, case.reported_up_to_unit_id) == (
        Stage.ASSIGNED,
        town,
        None,
    )
    assert (case.responsible_unit_id, case.responsible_user_id, case.lead_leader) == (
        town,
        coordinator.id,
        "青石镇党委书记 张伟",
    )
    [row] = rows(engine, case_id)
    assert (row.from_unit_id, row.to_unit_id, row.answer, row.answered_by_id) == (
        village,
        town,
        ReportAnswer.TAKEN,
        coordinator.id,
    )
    assert row.answered_at is not None
    assert 30 <= (row.answered_at - row.sent_at).total_seconds() / 3600 < 31
    taken = events(engine, case_id)[-1]
    assert taken.kind == EventKind.REPORT_TAKEN
    assert 30 <= json.loads(taken.detail)["waited_hours"] < 31
    act(engine, moves.start, actor=coordinator, case_id=case_id)
    act(engine, moves.resolve, actor=coordinator, case_id=case_id, resolution=RESOLUTION)
    assert current(engine, case_id).resolved_level == Level.TOWN
    with Session(engine) as session:
        [seen] = report_up.history(session, actor=mediator, case_id=case_id)
        assert (seen["from_unit"], seen["to_unit"], seen["answer"]) == (
            "东河村",
            "青石镇",
            texts.label(ReportAnswer.TAKEN),
        )
        assert 30 <= seen["waited"] < 31
        assert report_up.waiting(session, actor=coordinator) == []
        answers = report_up.answers_to_me(session, actor=mediator)
        assert [(a["number"], a["answer"]) for a in answers] == [
            (case.number, texts.label(ReportAnswer.TAKEN))
        ]
    assert in_step(engine) == {"case_tallies": 0, "case_resolve_days": 0}


def test_a_case_goes_town_to_county_and_each_level_keeps_its_wait(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator, county = actors["coordinator"], actors["county_coord"]
    town, county_unit = unit_id(engine, "QSZ"), unit_id(engine, "QHX")
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    # The county's coordinator does not answer for the town.
    assert moves_of(engine, county, case_id) == []
    with pytest.raises(MoveRefused) as refused:
        act(engine, report_up.take, actor=county, case_id=case_id, plan=plan(town, county.id))
    assert str(refused.value) == texts.E_REPORT_NOT_ANSWERER
    act(engine, report_up.take, actor=coordinator, case_id=case_id, plan=plan(town, coordinator.id))
    act(engine, report_up.report_up, actor=coordinator, case_id=case_id, reason=REPORT_REASON)
    assert current(engine, case_id).reported_up_to_unit_id == county_unit
    with Session(engine) as session:
        assert [c.id for c in report_up.reported_to_me(session, actor=county)] == [case_id]
    act(engine, report_up.take, actor=county, case_id=case_id, plan=plan(county_unit, county.id))
    act(engine, moves.start, actor=county, case_id=case_id)
    act(engine, moves.resolve, actor=county, case_id=case_id, resolution=RESOLUTION)
    case = current(engine, case_id)
    assert (case.handling_unit_id, case.resolved_level) == (county_unit, Level.COUNTY)
    assert [(r.to_unit_id, r.answer) for r in rows(engine, case_id)] == [
        (town, ReportAnswer.TAKEN),
        (county_unit, ReportAnswer.TAKEN),
    ]
    # At the county there is no level above.
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    act(engine, report_up.take, actor=coordinator, case_id=case_id, plan=plan(town, coordinator.id))
    act(engine, report_up.report_up, actor=coordinator, case_id=case_id, reason=REPORT_REASON)
    act(engine, report_up.take, actor=county, case_id=case_id, plan=plan(county_unit, county.id))
    with pytest.raises(MoveRefused) as refused:
        act(engine, report_up.report_up, actor=county, case_id=case_id, reason=REPORT_REASON)
    assert str(refused.value) == texts.E_ESCALATE_TOP
    assert in_step(engine) == {"case_tallies": 0, "case_resolve_days": 0}


def test_a_returned_report_goes_back_to_the_village_with_the_reason(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    village = unit_id(engine, "QSZ01")
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    act(engine, report_up.return_down, actor=coordinator, case_id=case_id, reason=RETURN_REASON)
    case = current(engine, case_id)
    assert (case.stage, case.handling_unit_id, case.reported_up_to_unit_id) == (
        Stage.MEDIATING,
        village,
        None,
    )
    [row] = rows(engine, case_id)
    assert (row.answer, row.answer_note) == (ReportAnswer.RETURNED, RETURN_REASON.reason)
    returned = events(engine, case_id)[-1]
    assert returned.kind == EventKind.REPORT_RETURNED
    assert json.loads(returned.detail)["reason"] == RETURN_REASON.reason
    with Session(engine) as session:
        [answer] = report_up.answers_to_me(session, actor=mediator)
        assert (answer["answer"], answer["note"]) == (
            texts.label(ReportAnswer.RETURNED),
            RETURN_REASON.reason,
        )
    # The village handles it on (and may report it again).
    assert Move.RESOLVE in moves_of(engine, mediator, case_id)
    assert Move.REPORT_UP in moves_of(engine, mediator, case_id)
    act(engine, moves.resolve, actor=mediator, case_id=case_id, resolution=RESOLUTION)
    assert current(engine, case_id).resolved_level == Level.VILLAGE


def test_while_a_report_waits_the_village_cannot_work_it_on_nor_the_town_pull_it_up(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    before = snapshot(engine, case_id)
    for service, inputs in (
        (moves.resolve, {"resolution": RESOLUTION}),
        (report_up.report_up, {"reason": REPORT_REASON}),
    ):
        with pytest.raises(MoveRefused) as refused:
            act(engine, service, actor=mediator, case_id=case_id, **inputs)
        assert str(refused.value) == texts.E_REPORT_WAITING
    assert snapshot(engine, case_id) == before
    # Nothing waits on another case: nothing to take there.
    other = case_in_stage(engine, actors, Stage.MEDIATING)
    with pytest.raises(MoveRefused) as refused:
        act(engine, report_up.return_down, actor=coordinator, case_id=other, reason=RETURN_REASON)
    assert str(refused.value) == texts.E_REPORT_NOT_WAITING


def test_only_the_handler_reports_up_only_in_scope_and_only_at_the_version_shown(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    colleague = add_user(engine, "dh_second", "东河村调解员 钱二", Role.MEDIATOR, "QSZ01")
    before = snapshot(engine, case_id)
    # Not the responsible person; the town's coordinator is not of the village (the handling unit).
    for who in (colleague, coordinator):
        with pytest.raises(MoveRefused) as refused:
            act(engine, report_up.report_up, actor=who, case_id=case_id, reason=REPORT_REASON)
        assert str(refused.value) == texts.E_REPORT_NOT_HANDLER
    with pytest.raises(OutOfScope):
        act(
            engine,
            report_up.report_up,
            actor=actors["med_lwz01"],
            case_id=case_id,
            reason=REPORT_REASON,
        )
    assert snapshot(engine, case_id) == before
    reported_up(engine, actors, case_id)
    other_town = add_user(engine, "lwz_coord", "柳湾镇综治办 吴六", Role.COORDINATOR, "LWZ")
    with pytest.raises(OutOfScope):
        act(engine, report_up.return_down, actor=other_town, case_id=case_id, reason=RETURN_REASON)
    shown = current(engine, case_id).version
    act(engine, report_up.return_down, actor=coordinator, case_id=case_id, reason=RETURN_REASON)
    with pytest.raises(StaleCase):
        act(
            engine,
            report_up.report_up,
            actor=actors["mediator"],
            case_id=case_id,
            version=shown,
            reason=REPORT_REASON,
        )


def test_a_report_up_needs_a_reason() -> None:
    with pytest.raises(ValueError):
        report_up.ReportReason.model_validate({"reason": "   "})


def test_taking_checks_the_four_fixes_within_the_unit_reported_to(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, case_id)
    before = snapshot(engine, case_id)
    past = plan(unit_id(engine, "QSZ"), coordinator.id, deadline=local_today() - timedelta(days=1))
    with pytest.raises(MoveRefused) as refused:
        act(engine, report_up.take, actor=coordinator, case_id=case_id, plan=past)
    assert str(refused.value) == texts.E_DEADLINE_PAST
    elsewhere = plan(unit_id(engine, "LWZ01"), actors["med_lwz01"].id)
    with pytest.raises(MoveRefused) as refused:
        act(engine, report_up.take, actor=coordinator, case_id=case_id, plan=elsewhere)
    assert str(refused.value) == texts.E_UNIT_NOT_WITHIN
    assert snapshot(engine, case_id) == before


def test_the_ledger_and_the_board_filter_waiting_and_urgent_cases(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    waiting = case_in_stage(engine, actors, Stage.MEDIATING)
    case_in_stage(engine, actors, Stage.MEDIATING)
    reported_up(engine, actors, waiting)
    flagged = register_case(
        engine, actors["mediator"], unit_id(engine, "QSZ01"), facts="村民聚集", group_risk=True
    ).id
    with Session(engine) as session:

        def ledger_ids(**only: bool) -> list[int]:
            page = ledger.list_cases(
                session, actor=coordinator, filters=ledger.LedgerFilter(**only)
            )
            return [row.id for row in page.rows]

        def board_ids(**only: bool) -> set[int]:
            columns = board.board(session, actor=coordinator, filters=board.BoardFilter(**only))
            return {card.id for column in columns for card in column.cards}

        assert ledger_ids(reported_up_only=True) == [waiting]
        assert ledger_ids(urgent_only=True) == [flagged]
        assert board_ids(urgent_only=True) == {flagged}
        cards = {c.id: c for c in report_up.reported_to_me(session, actor=coordinator)}
    assert cards[waiting].reported_up and not cards[waiting].urgent
