"""包案领导调整 (issue 23): a leader's cases in scope handed to another leader with a reason; each
case gets a timeline event with the old and new names and an audit row; a case the new leader's
scope does not hold is refused and listed, the others go through."""

import json

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db import texts
from db.cases import moves
from db.cases.leader_handover import HandOver, cases_led_by, hand_over
from db.cases.lifecycle import MoveRefused
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.enums import AuditAction, EventKind, Role, Stage
from tests.db.factories import (
    act,
    add_user,
    audit_rows,
    current,
    events,
    new_case,
    plan,
    set_case,
    snapshot,
    unit_id,
)

REASON = "张伟同志调任县委，包案工作移交"


@pytest.fixture
def led(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """Cases the town's leader leads: two in 东河村, one in 南湾村, one closed; one the county's."""
    made = {}
    for key, code, person, leader in [
        ("dh1", "QSZ01", "mediator", "town_leader"),
        ("dh2", "QSZ01", "mediator", "town_leader"),
        ("nw", "QSZ02", "med_qsz02", "town_leader"),
        ("done", "QSZ01", "mediator", "town_leader"),
        ("county", "QSZ01", "mediator", "leader"),
    ]:
        case_id = new_case(engine, actors["coordinator"], code)
        the_plan = plan(unit_id(engine, code), actors[person].id, lead_leader_id=actors[leader].id)
        act(engine, moves.assign, actor=actors["coordinator"], case_id=case_id, plan=the_plan)
        made[key] = case_id
    set_case(engine, made["done"], stage=Stage.CLOSED)
    return made


def _hand_over(engine: Engine, actor: Actor, **order: object):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return hand_over(session, actor=actor, order=HandOver.model_validate(order))


def test_all_open_cases_go_to_the_new_leader_and_the_one_out_of_their_scope_is_listed(
    engine: Engine, actors: dict[str, Actor], led: dict[str, int]
) -> None:
    village_leader = add_user(engine, "dh_leader", "东河村党支部书记 吴军", Role.LEADER, "QSZ01")
    before = snapshot(engine, led["nw"])
    versions = {k: current(engine, led[k]).version for k in ("dh1", "dh2")}
    done = _hand_over(
        engine,
        actors["coordinator"],
        from_leader_id=actors["town_leader"].id,
        to_leader_id=village_leader.id,
        reason=REASON,
    )
    numbers = {k: current(engine, led[k]).number for k in led}
    assert done.moved == [numbers["dh1"], numbers["dh2"]]
    message = texts.E_LEADER_OUT_OF_SCOPE.format(name="东河村党支部书记 吴军", unit="东河村")
    assert done.refused == [(numbers["nw"], message)]
    for key in ("dh1", "dh2"):
        case = current(engine, led[key])
        assert (case.lead_leader_id, case.lead_leader, case.version) == (
            village_leader.id,
            "东河村党支部书记 吴军",
            versions[key] + 1,
        )
        last = events(engine, led[key])[-1]
        assert (last.kind, last.actor_id) == (EventKind.LEADER_CHANGED, actors["coordinator"].id)
        assert json.loads(last.detail) == {
            "from_leader": "青石镇党委书记 张伟",
            "to_leader": "东河村党支部书记 吴军",
            "reason": REASON,
        }
        assert audit_rows(engine, led[key])[-1].action == AuditAction.UPDATE
    assert snapshot(engine, led["nw"]) == before
    # the closed case and the county leader's case were not touched
    assert current(engine, led["done"]).lead_leader_id == actors["town_leader"].id
    assert current(engine, led["county"]).lead_leader_id == actors["leader"].id


def test_only_the_ticked_cases_move_and_a_case_of_another_leader_is_refused(
    engine: Engine, actors: dict[str, Actor], led: dict[str, int]
) -> None:
    done = _hand_over(
        engine,
        actors["county_coord"],
        from_leader_id=actors["town_leader"].id,
        to_leader_id=actors["leader"].id,
        reason=REASON,
        case_ids=[led["nw"], led["county"]],
    )
    assert done.moved == [current(engine, led["nw"]).number]
    assert done.refused == [(str(led["county"]), texts.E_HANDOVER_NOT_LED)]
    assert current(engine, led["nw"]).lead_leader == "县领导 刘明"
    assert current(engine, led["dh1"]).lead_leader_id == actors["town_leader"].id


def test_the_cases_offered_are_the_leaders_unfinished_ones_in_scope(
    engine: Engine, actors: dict[str, Actor], led: dict[str, int]
) -> None:
    other_town = add_user(engine, "lw_coord", "柳湾镇综治办 郑磊", Role.COORDINATOR, "LWZ")
    with Session(engine) as session:
        mine = cases_led_by(
            session, actor=actors["coordinator"], leader_id=actors["town_leader"].id
        )
        theirs = cases_led_by(session, actor=other_town, leader_id=actors["town_leader"].id)
        admin = cases_led_by(session, actor=actors["admin"], leader_id=actors["town_leader"].id)
    assert [c.id for c in mine] == [led["dh1"], led["dh2"], led["nw"]]
    assert theirs == []
    assert [c.id for c in admin] == [c.id for c in mine]


def test_a_mediator_may_not_hand_over_and_the_same_leader_is_refused(
    engine: Engine, actors: dict[str, Actor], led: dict[str, int]
) -> None:
    town_leader = actors["town_leader"].id
    with pytest.raises(NotAllowed):
        _hand_over(
            engine,
            actors["mediator"],
            from_leader_id=town_leader,
            to_leader_id=actors["leader"].id,
            reason=REASON,
        )
    with pytest.raises(MoveRefused) as refused:
        _hand_over(
            engine,
            actors["admin"],
            from_leader_id=town_leader,
            to_leader_id=town_leader,
            reason=REASON,
        )
    assert str(refused.value) == texts.E_HANDOVER_SAME
    assert current(engine, led["dh1"]).lead_leader_id == town_leader
