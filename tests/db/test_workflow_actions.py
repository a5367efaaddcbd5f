"""The actions on a case besides the stage moves (db.cases.actions): follow-up visits (回访) and
the reopening a flare-up brings, closing after them, extending a deadline, and a leader's
supervision flag (挂牌督办). Every test runs on SQLite and PostgreSQL."""

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from db import texts
from db.cases import actions as case_actions
from db.cases import moves
from db.cases.ledger import LedgerFilter, list_cases
from db.cases.lifecycle import Extension, FollowUpCreate, MoveRefused, StaleCase
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.permissions import NotAllowed
from db.enums import AuditAction, EventKind, Level, Move, Satisfaction, Stage
from db.models import Case
from tests.db.factories import (
    RESOLUTION,
    UNSIGNED,
    act,
    audit_rows,
    case_in_stage,
    current,
    events,
    follow_ups,
    plan,
    snapshot,
    unit_id,
    visit,
)

REASON = "当事人外出务工，春节后返乡再调"


def record_visit(engine: Engine, actor: Actor, case_id: int, **changes: object) -> int:
    return act(engine, case_actions.follow_up, actor=actor, case_id=case_id, visit=visit(**changes))


def extend(engine: Engine, actor: Actor, case_id: int, new_deadline: object) -> int:
    extension = Extension.model_validate({"new_deadline": new_deadline, "reason": REASON})
    return act(engine, case_actions.extend, actor=actor, case_id=case_id, extension=extension)


def flag(engine: Engine, actor: Actor, case_id: int, *, on: bool, note: str = "") -> None:
    with write_session(engine) as session:
        case_actions.flag(session, actor=actor, case_id=case_id, on=on, note=note)


def new_rows(engine: Engine, case_id: int, since: int) -> list[tuple[object, ...]]:
    """The audit rows of the case after the first `since`, as (action, user, detail)."""
    return [(a.action, a.user_id, a.detail) for a in audit_rows(engine, case_id)[since:]]


# Follow-ups ------------------------------------------------------------------------------


@pytest.mark.parametrize("flared_up", [False, True], ids=["no-flare-up", "flare-up"])
def test_a_follow_up_is_recorded_only_on_a_resolved_case(
    engine: Engine, actors: dict[str, Actor], flared_up: bool
) -> None:
    outcomes, expected, changed = {}, {}, []
    for stage in Stage:
        case_id = case_in_stage(engine, actors, stage)
        before = snapshot(engine, case_id)
        try:
            record_visit(engine, actors["coordinator"], case_id, flared_up=flared_up)
        except MoveRefused as refused:
            outcomes[stage] = str(refused)
            if snapshot(engine, case_id) != before:
                changed.append(stage)
        else:
            outcomes[stage] = current(engine, case_id).stage
        expected[stage] = texts.E_FOLLOW_UP_STAGE
    expected[Stage.RESOLVED] = Stage.MEDIATING if flared_up else Stage.RESOLVED
    assert outcomes == expected
    assert changed == []


def test_a_follow_up_that_finds_a_flare_up_puts_the_case_back_to_mediating(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    version, timeline = current(engine, case_id).version, events(engine, case_id)
    trail = len(audit_rows(engine, case_id))
    record_visit(engine, mediator, case_id, flared_up=True, note="对方又在边界堆放杂物")
    case = current(engine, case_id)
    assert (case.stage, case.reopened_count, case.version) == (Stage.MEDIATING, 1, version + 1)
    assert (case.resolved_at, case.resolved_level) == (None, None)
    assert [
        (v.visited_on, v.visitor, v.satisfaction, v.flared_up, v.note, v.created_by_id)
        for v in follow_ups(engine, case_id)
    ] == [
        (local_today(), "孙丽", Satisfaction.UNSATISFIED, True, "对方又在边界堆放杂物", mediator.id)
    ]
    new_events = events(engine, case_id)[len(timeline) :]
    assert [(e.kind, e.actor_id, e.stage_from, e.stage_to) for e in new_events] == [
        (EventKind.FOLLOW_UP, mediator.id, Stage.RESOLVED, Stage.MEDIATING)
    ]
    assert json.loads(new_events[0].detail) == {
        "visited_on": local_today().isoformat(),
        "visitor": "孙丽",
        "satisfaction": texts.label(Satisfaction.UNSATISFIED),
        "flared_up": True,
        "note": "对方又在边界堆放杂物",
    }
    assert new_rows(engine, case_id, trail) == [
        (AuditAction.UPDATE, mediator.id, texts.label(EventKind.FOLLOW_UP))
    ]
    # Resolved again, and flared up again: counted twice.
    act(engine, moves.resolve, actor=mediator, case_id=case_id, resolution=RESOLUTION)
    assert current(engine, case_id).resolved_level == Level.VILLAGE
    record_visit(engine, mediator, case_id, flared_up=True)
    assert current(engine, case_id).reopened_count == 2


def test_a_good_follow_up_keeps_the_case_resolved(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    before, timeline = current(engine, case_id), events(engine, case_id)
    trail = len(audit_rows(engine, case_id))
    record_visit(engine, actors["mediator"], case_id)
    case = current(engine, case_id)
    assert (case.stage, case.reopened_count, case.version) == (
        Stage.RESOLVED,
        0,
        before.version + 1,
    )
    assert (case.resolved_at, case.resolved_level) == (before.resolved_at, Level.VILLAGE)
    assert [(v.flared_up, v.satisfaction) for v in follow_ups(engine, case_id)] == [
        (False, Satisfaction.SATISFIED)
    ]
    new_events = events(engine, case_id)[len(timeline) :]
    assert [(e.kind, e.stage_from, e.stage_to) for e in new_events] == [
        (EventKind.FOLLOW_UP, None, None)
    ]
    assert json.loads(new_events[0].detail)["flared_up"] is False
    assert new_rows(engine, case_id, trail) == [
        (AuditAction.UPDATE, actors["mediator"].id, texts.label(EventKind.FOLLOW_UP))
    ]


@pytest.mark.parametrize(("days", "valid"), [(1, False), (30, False), (0, True), (-3, True)])
def test_a_follow_up_cannot_be_dated_in_the_future(days: int, valid: bool) -> None:
    data = {
        "visited_on": local_today() + timedelta(days=days),
        "visitor": "孙丽",
        "satisfaction": "satisfied",
    }
    if valid:
        assert FollowUpCreate.model_validate(data).visited_on == data["visited_on"]
        return
    with pytest.raises(ValidationError) as error:
        FollowUpCreate.model_validate(data)
    assert [e["loc"] for e in error.value.errors()] == [("visited_on",)]
    assert texts.V_FUTURE_DATE in str(error.value)


@pytest.mark.parametrize(
    "changes",
    [{"visitor": ""}, {"visitor": "  "}, {"satisfaction": "happy"}],
    ids=["no-visitor", "blank-visitor", "unknown-satisfaction"],
)
def test_a_follow_up_names_the_visitor_and_the_parties_satisfaction(
    changes: dict[str, object],
) -> None:
    data = {"visited_on": local_today(), "visitor": "孙丽", "satisfaction": "satisfied"}
    with pytest.raises(ValidationError) as error:
        FollowUpCreate.model_validate({**data, **changes})
    assert [e["loc"] for e in error.value.errors()] == [(next(iter(changes)),)]


# Closing ---------------------------------------------------------------------------------


def test_a_resolved_case_cannot_be_closed_without_a_follow_up(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.close, actor=actors["coordinator"], case_id=case_id)
    assert (str(refused.value), snapshot(engine, case_id)) == (
        texts.E_CLOSE_NEEDS_FOLLOW_UP,
        before,
    )


def test_after_a_follow_up_that_found_a_flare_up_the_case_cannot_be_closed(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    record_visit(engine, actors["mediator"], case_id, flared_up=True)
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.close, actor=actors["coordinator"], case_id=case_id)
    assert str(refused.value) == texts.E_MOVE.format(
        move=texts.label(Move.CLOSE),
        stage=texts.label(Stage.MEDIATING),
        allowed=texts.label(Stage.RESOLVED),
    )
    assert snapshot(engine, case_id) == before


def test_after_a_good_follow_up_the_case_is_closed_and_finished(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    record_visit(engine, actors["mediator"], case_id, satisfaction="fairly")
    started = utcnow()
    act(engine, moves.close, actor=actors["coordinator"], case_id=case_id, why=UNSIGNED)
    case = current(engine, case_id)
    assert case.stage == Stage.CLOSED
    assert case.finished_at is not None and started <= case.finished_at <= utcnow()


def test_a_case_resolved_again_after_a_flare_up_needs_a_new_follow_up_to_close(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    record_visit(engine, mediator, case_id)  # all well at first ...
    record_visit(engine, mediator, case_id, flared_up=True)  # ... then it flared up
    act(engine, moves.resolve, actor=mediator, case_id=case_id, resolution=RESOLUTION)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.close, actor=coordinator, case_id=case_id)
    assert str(refused.value) == texts.E_CLOSE_NEEDS_FOLLOW_UP
    record_visit(engine, mediator, case_id)
    act(engine, moves.close, actor=coordinator, case_id=case_id, why=UNSIGNED)
    assert current(engine, case_id).stage == Stage.CLOSED


# Extending the deadline ------------------------------------------------------------------


IN_A_MONTH = (local_today() + timedelta(days=30)).isoformat()  # within MAX_DEADLINE_DAYS


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": REASON}, "new_deadline"),
        ({"new_deadline": IN_A_MONTH}, "reason"),
        ({"new_deadline": IN_A_MONTH, "reason": ""}, "reason"),
        ({"new_deadline": IN_A_MONTH, "reason": "   "}, "reason"),
    ],
    ids=["no-date", "no-reason", "empty-reason", "blank-reason"],
)
def test_an_extension_needs_a_new_date_and_a_reason(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        Extension.model_validate(data)
    assert [e["loc"] for e in error.value.errors()] == [(field,)]


@pytest.mark.parametrize(
    ("stage", "days_later", "refused_with"),
    [
        (Stage.ASSIGNED, 10, None),
        (Stage.MEDIATING, 1, None),
        (Stage.ASSIGNED, 0, texts.E_EXTEND_LATER),
        (Stage.MEDIATING, -2, texts.E_EXTEND_LATER),
    ],
    ids=["assigned-later", "mediating-a-day-later", "same-day", "earlier"],
)
def test_a_deadline_is_extended_only_to_a_later_date_and_the_timeline_keeps_both(
    engine: Engine,
    actors: dict[str, Actor],
    stage: Stage,
    days_later: int,
    refused_with: str | None,
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, stage)
    before = snapshot(engine, case_id)
    old = current(engine, case_id)
    assert old.deadline is not None
    new_deadline = old.deadline + timedelta(days=days_later)
    if refused_with is not None:
        with pytest.raises(MoveRefused) as refused:
            extend(engine, coordinator, case_id, new_deadline)
        assert (str(refused.value), snapshot(engine, case_id)) == (refused_with, before)
        return
    timeline, trail = events(engine, case_id), len(audit_rows(engine, case_id))
    extend(engine, coordinator, case_id, new_deadline)
    case = current(engine, case_id)
    assert (case.deadline, case.stage, case.version) == (new_deadline, stage, old.version + 1)
    new_events = events(engine, case_id)[len(timeline) :]
    assert [(e.kind, e.actor_id, e.stage_from, e.stage_to) for e in new_events] == [
        (EventKind.EXTENDED, coordinator.id, None, None)
    ]
    assert json.loads(new_events[0].detail) == {
        "old_deadline": old.deadline.isoformat(),
        "new_deadline": new_deadline.isoformat(),
        "reason": REASON,
    }
    assert new_rows(engine, case_id, trail) == [
        (AuditAction.UPDATE, coordinator.id, texts.label(EventKind.EXTENDED))
    ]


def test_a_case_not_in_hand_cannot_be_extended(engine: Engine, actors: dict[str, Actor]) -> None:
    outcomes, changed = {}, []
    not_in_hand = (Stage.REGISTERED, Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED)
    for stage in not_in_hand:
        case_id = case_in_stage(engine, actors, stage)
        before = snapshot(engine, case_id)
        try:
            extend(engine, actors["coordinator"], case_id, local_today() + timedelta(days=60))
        except MoveRefused as refused:
            outcomes[stage] = str(refused)
        else:
            outcomes[stage] = "extended"
        if snapshot(engine, case_id) != before:
            changed.append(stage)
    assert outcomes == {stage: texts.E_EXTEND_CLOSED for stage in not_in_hand}
    assert changed == []


def test_an_overdue_case_is_extended_to_today_or_later_but_not_to_another_past_date(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    overdue = local_today() - timedelta(days=10)
    with Session(engine) as session:  # as an old ledger brought it in
        case = session.get(Case, case_id)
        assert case is not None
        case.deadline = overdue
        session.add(case)
        session.commit()
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        extend(engine, actors["coordinator"], case_id, local_today() - timedelta(days=1))
    assert (str(refused.value), snapshot(engine, case_id)) == (texts.E_DEADLINE_PAST, before)
    extend(engine, actors["coordinator"], case_id, local_today())
    assert current(engine, case_id).deadline == local_today()
    assert json.loads(events(engine, case_id)[-1].detail)["old_deadline"] == overdue.isoformat()


@pytest.mark.parametrize("username", ["mediator", "leader", "supervisor"])
def test_only_coordinators_extend_deadlines(
    engine: Engine, actors: dict[str, Actor], username: str
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    before = snapshot(engine, case_id)
    with pytest.raises(NotAllowed) as refused:
        extend(engine, actors[username], case_id, local_today() + timedelta(days=60))
    assert (str(refused.value), snapshot(engine, case_id)) == (texts.E_NOT_ALLOWED, before)


# The supervision flag --------------------------------------------------------------------


def ledger_row_flag(engine: Engine, actor: Actor, case_id: int) -> bool:
    number = current(engine, case_id).number
    with read_session(engine) as session:
        page = list_cases(session, actor=actor, filters=LedgerFilter(search=number))
    return next(row.flagged for row in page.rows if row.id == case_id)


def test_a_leader_flags_a_case_with_a_note_and_takes_the_flag_off_again(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    leader = actors["leader"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    version, timeline = current(engine, case_id).version, events(engine, case_id)
    trail = len(audit_rows(engine, case_id))
    flag(engine, leader, case_id, on=True, note="  涉及群体性风险，限期化解  ")
    case = current(engine, case_id)
    assert (case.flagged, case.flag_note, case.version) == (
        True,
        "涉及群体性风险，限期化解",
        version,
    )
    assert ledger_row_flag(engine, actors["coordinator"], case_id) is True
    flag(engine, leader, case_id, on=False)
    case = current(engine, case_id)
    assert (case.flagged, case.flag_note, case.version) == (False, None, version)
    assert ledger_row_flag(engine, actors["coordinator"], case_id) is False
    new_events = events(engine, case_id)[len(timeline) :]
    assert [(e.kind, e.actor_id, e.stage_from, e.stage_to) for e in new_events] == [
        (EventKind.FLAGGED, leader.id, None, None),
        (EventKind.FLAGGED, leader.id, None, None),
    ]
    assert [json.loads(e.detail)["flagged"] for e in new_events] == [True, False]
    assert json.loads(new_events[0].detail)["note"] == "涉及群体性风险，限期化解"
    assert new_rows(engine, case_id, trail) == 2 * [
        (AuditAction.UPDATE, leader.id, texts.label(EventKind.FLAGGED))
    ]


@pytest.mark.parametrize("note", ["", "   "], ids=["empty", "blank"])
def test_a_flag_needs_a_note(engine: Engine, actors: dict[str, Actor], note: str) -> None:
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        flag(engine, actors["leader"], case_id, on=True, note=note)
    assert (str(refused.value), snapshot(engine, case_id)) == (texts.E_FLAG_NOTE, before)


@pytest.mark.parametrize("username", ["coordinator", "mediator", "supervisor"])
def test_only_leaders_flag_cases(engine: Engine, actors: dict[str, Actor], username: str) -> None:
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    before = snapshot(engine, case_id)
    with pytest.raises(NotAllowed) as refused:
        flag(engine, actors[username], case_id, on=True, note="请限期化解")
    assert (str(refused.value), snapshot(engine, case_id)) == (texts.E_NOT_ALLOWED, before)


def test_a_flag_does_not_make_a_form_opened_before_it_stale(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.REGISTERED)
    opened_at = current(engine, case_id).version
    flag(engine, actors["leader"], case_id, on=True, note="请限期化解")
    five = {"team": "王刚、李梅", "measures": "召集双方当面协商"}  # 五个一: a flagged case is hard
    the_plan = plan(unit_id(engine, "QSZ01"), actors["mediator"].id, **five)
    act(
        engine,
        moves.assign,
        actor=actors["coordinator"],
        case_id=case_id,
        version=opened_at,
        plan=the_plan,
    )
    case = current(engine, case_id)
    assert (case.stage, case.version, case.flagged) == (Stage.ASSIGNED, opened_at + 1, True)


def test_a_stale_refusal_names_who_changed_the_case_not_a_leader_who_flagged_it_since(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    opened_at = current(engine, case_id).version
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    act(
        engine,
        moves.resolve,
        actor=mediator,
        case_id=case_id,
        version=opened_at,
        resolution=RESOLUTION,
    )
    flag(engine, actors["leader"], case_id, on=True, note="请尽快回访")
    with pytest.raises(StaleCase) as stale:
        act(
            engine,
            moves.resolve,
            actor=coordinator,
            case_id=case_id,
            version=opened_at,
            resolution=RESOLUTION,
        )
    assert mediator.display_name in str(stale.value)
    assert actors["leader"].display_name not in str(stale.value)
