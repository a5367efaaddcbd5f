"""Who may move which case (role and unit scope, checked in the services) and two people saving
the same case (optimistic locking). Every test runs on SQLite and PostgreSQL."""

import threading

import pytest
from sqlalchemy import Engine

from db import texts
from db.cases import moves
from db.cases.lifecycle import Resolution, StaleCase
from db.clock import format_local
from db.core.actor import Actor
from db.enums import AuditAction, Move, ResolutionMethod, Role, Stage
from tests.db.factories import (
    RESOLUTION,
    act,
    add_user,
    audit_rows,
    case_in_stage,
    current,
    events,
    good_follow_up,
    new_case,
    plan,
    snapshot,
    try_move,
    unit_id,
)

# A stage each move may start from (db.cases.lifecycle.TRANSITIONS).
SOURCE = {
    Move.ASSIGN: Stage.REGISTERED,
    Move.START: Stage.ASSIGNED,
    Move.ESCALATE: Stage.ASSIGNED,
    Move.RESOLVE: Stage.MEDIATING,
    Move.REFER: Stage.MEDIATING,
    Move.CLOSE: Stage.RESOLVED,
    Move.REOPEN: Stage.RESOLVED,
    Move.RECALL: Stage.RESOLVED,
    Move.REVISIT: Stage.CLOSED,
    Move.REPORT_UP: Stage.ASSIGNED,
    Move.TAKE: Stage.ASSIGNED,
    Move.RETURN: Stage.ASSIGNED,
}


# Roles and scope --------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["leader", "supervisor", "admin"])
def test_leaders_supervisors_and_the_admin_cannot_move_any_case(
    engine: Engine, actors: dict[str, Actor], username: str
) -> None:
    cases = {stage: case_in_stage(engine, actors, stage) for stage in set(SOURCE.values())}
    good_follow_up(engine, actors, cases[Stage.RESOLVED])  # so that closing is possible
    before = {stage: snapshot(engine, case_id) for stage, case_id in cases.items()}
    outcomes = {
        move: try_move(move, engine, actors, cases[SOURCE[move]], actors[username]) for move in Move
    }
    # A reopening comes only from a follow-up visit, which these roles may not record at all.
    expected = {move: texts.E_MOVE_ROLE.format(move=texts.label(move)) for move in Move}
    expected[Move.REOPEN] = texts.E_NOT_ALLOWED
    assert outcomes == expected
    assert {stage: snapshot(engine, case_id) for stage, case_id in cases.items()} == before


def test_a_mediator_cannot_assign_escalate_or_close(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    cases = {stage: case_in_stage(engine, actors, stage) for stage in set(SOURCE.values())}
    good_follow_up(engine, actors, cases[Stage.RESOLVED])
    before = {stage: snapshot(engine, case_id) for stage, case_id in cases.items()}
    refused = (Move.ASSIGN, Move.ESCALATE, Move.CLOSE)
    outcomes = {
        move: try_move(move, engine, actors, cases[SOURCE[move]], actors["mediator"])
        for move in refused
    }
    assert outcomes == {move: texts.E_MOVE_ROLE.format(move=texts.label(move)) for move in refused}
    assert {stage: snapshot(engine, case_id) for stage, case_id in cases.items()} == before


@pytest.mark.parametrize(
    ("village", "given_to", "username", "outcome"),
    [
        ("QSZ01", ("QSZ02", "med_qsz02"), "med_qsz02", "moved"),
        ("QSZ01", ("QSZ01", "colleague"), "mediator", "moved"),
        ("QSZ02", ("QSZ01", "mediator"), "mediator", "moved"),
        ("QSZ01", ("QSZ02", "med_qsz02"), "mediator", texts.E_NOT_HANDLER),
        ("QSZ01", ("QSZ02", "med_qsz02"), "med_qsz03", texts.E_OUT_OF_SCOPE),
    ],
    ids=[
        "given-to-them",
        "given-to-a-colleague-of-their-unit",
        "from-another-village-given-to-them",
        "from-their-village-but-given-elsewhere",
        "neither-from-nor-given-to-their-village",
    ],
)
def test_a_mediator_starts_and_resolves_only_cases_given_to_them_or_their_unit(
    engine: Engine,
    actors: dict[str, Actor],
    village: str,
    given_to: tuple[str, str],
    username: str,
    outcome: str,
) -> None:
    people = dict(actors)
    people["colleague"] = add_user(engine, "dh_zhou", "东河村调解员 周红", Role.MEDIATOR, "QSZ01")
    registrar = {"QSZ01": actors["mediator"], "QSZ02": actors["med_qsz02"]}[village]
    unit, person = unit_id(engine, given_to[0]), people[given_to[1]].id

    def given() -> int:
        case_id = new_case(engine, registrar, village)
        act(
            engine,
            moves.assign,
            actor=actors["coordinator"],
            case_id=case_id,
            plan=plan(unit, person),
        )
        return case_id

    to_start, to_resolve = given(), given()
    act(engine, moves.start, actor=actors["coordinator"], case_id=to_resolve)
    actor = actors[username]
    results, unchanged = {}, {}
    for move, case_id in ((Move.START, to_start), (Move.RESOLVE, to_resolve)):
        before = snapshot(engine, case_id)
        message = try_move(move, engine, actors, case_id, actor)
        results[move] = "moved" if message.startswith("not refused") else message
        unchanged[move] = snapshot(engine, case_id) == before
    assert results == {Move.START: outcome, Move.RESOLVE: outcome}
    assert current(engine, to_start).stage == (
        Stage.MEDIATING if outcome == "moved" else Stage.ASSIGNED
    )
    assert unchanged == {Move.START: outcome != "moved", Move.RESOLVE: outcome != "moved"}
    denied = [
        a.case_id
        for case_id in (to_start, to_resolve)
        for a in audit_rows(engine, case_id)
        if a.action == AuditAction.DENIED and a.user_id == actor.id
    ]
    assert denied == ([to_start, to_resolve] if outcome == texts.E_OUT_OF_SCOPE else [])


def test_a_coordinator_of_another_town_cannot_touch_the_case_and_every_attempt_is_audited(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    other = add_user(engine, "lwz_coordinator", "柳湾镇综治办 吴军", Role.COORDINATOR, "LWZ")
    cases = {stage: case_in_stage(engine, actors, stage) for stage in set(SOURCE.values())}
    good_follow_up(engine, actors, cases[Stage.RESOLVED])
    before = {stage: snapshot(engine, case_id) for stage, case_id in cases.items()}
    outcomes = {move: try_move(move, engine, actors, cases[SOURCE[move]], other) for move in Move}
    assert outcomes == {move: texts.E_OUT_OF_SCOPE for move in Move}
    assert {stage: snapshot(engine, case_id) for stage, case_id in cases.items()} == before
    denied = sorted(
        (a.case_id, a.user_id, a.username, a.target)
        for case_id in cases.values()
        for a in audit_rows(engine, case_id)
        if a.action == AuditAction.DENIED
    )
    attempted = sorted(cases[SOURCE[move]] for move in Move)
    assert denied == [(c, other.id, "lwz_coordinator", f"case:{c}") for c in attempted]


# Two people, one case ---------------------------------------------------------------------


def _rivals(engine: Engine, actors: dict[str, Actor], move: Move):  # type: ignore[no-untyped-def]
    """A case ready for the move and two people who each want to make it, with their input."""
    if move is Move.ASSIGN:
        second = add_user(engine, "qsz_qian", "青石镇综治办 钱伟", Role.COORDINATOR, "QSZ")
        first_plan = plan(unit_id(engine, "QSZ01"), actors["mediator"].id)
        second_plan = plan(
            unit_id(engine, "QSZ02"),
            actors["med_qsz02"].id,
            lead_leader_id=actors["town_leader"].id,
        )
        return (
            case_in_stage(engine, actors, Stage.REGISTERED),
            moves.assign,
            (actors["coordinator"], {"plan": first_plan}),
            (second, {"plan": second_plan}),
        )
    other = Resolution(method=ResolutionMethod.CONSULTATION, summary="双方自行协商和解")
    return (
        case_in_stage(engine, actors, Stage.MEDIATING),
        moves.resolve,
        (actors["mediator"], {"resolution": RESOLUTION}),
        (actors["coordinator"], {"resolution": other}),
    )


@pytest.mark.parametrize("move", [Move.ASSIGN, Move.RESOLVE])
def test_the_second_of_two_people_who_opened_the_same_version_is_refused_and_the_first_change_stands(
    engine: Engine, actors: dict[str, Actor], move: Move
) -> None:
    case_id, service, (first, first_input), (second, second_input) = _rivals(engine, actors, move)
    opened_at = current(engine, case_id).version
    act(engine, service, actor=first, case_id=case_id, version=opened_at, **first_input)
    after_first = snapshot(engine, case_id)
    with pytest.raises(StaleCase) as stale:
        act(engine, service, actor=second, case_id=case_id, version=opened_at, **second_input)
    case = current(engine, case_id)
    assert first.display_name in str(stale.value)
    assert str(stale.value) == texts.E_STALE.format(
        who=first.display_name, when=format_local(case.updated_at)
    )
    assert snapshot(engine, case_id) == after_first
    assert (case.version, case.updated_by_id) == (opened_at + 1, first.id)


@pytest.mark.parametrize("move", [Move.ASSIGN, Move.RESOLVE])
def test_two_people_saving_the_same_version_at_the_same_moment_exactly_one_wins(
    engine: Engine, actors: dict[str, Actor], move: Move, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id, service, *rivals = _rivals(engine, actors, move)
    opened_at = current(engine, case_id).version
    timeline = events(engine, case_id)
    go = threading.Barrier(2)
    if engine.dialect.name == "postgresql":
        # Both read the case at the same version before either writes, so that only the
        # UPDATE ... WHERE version = v can tell them apart. (SQLite's write sessions take the
        # lock up front: the second waits and then reads the new version.)
        both_read = threading.Barrier(2)
        load_case = moves.load_case

        def load_then_wait(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            case = load_case(*args, **kwargs)  # type: ignore[arg-type]
            both_read.wait(timeout=30)
            return case

        monkeypatch.setattr(moves, "load_case", load_then_wait)
    outcomes: dict[str, object] = {}

    def save(actor: Actor, inputs: dict[str, object]) -> None:
        try:
            go.wait(timeout=30)
            outcomes[actor.username] = act(
                engine, service, actor=actor, case_id=case_id, version=opened_at, **inputs
            )
        except Exception as error:  # asserted below
            outcomes[actor.username] = error

    threads = [threading.Thread(target=save, args=rival) for rival in rivals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [name for name, outcome in outcomes.items() if outcome == opened_at + 1]
    losers = [name for name, outcome in outcomes.items() if isinstance(outcome, StaleCase)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    winner = next(actor for actor, _ in rivals if actor.username == winners[0])
    assert winner.display_name in str(outcomes[losers[0]])
    case = current(engine, case_id)
    assert (case.version, case.updated_by_id) == (opened_at + 1, winner.id)
    new_events = events(engine, case_id)[len(timeline) :]
    assert [e.actor_id for e in new_events] == [winner.id]
