"""包案领导 as accounts (issue 23): the leader is an active account of the leader role whose
unit's scope holds the case; the choices offered for a case; the 五个一 of a hard case; the
leader's own cases on the home page."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db import texts
from db.cases import actions as case_actions
from db.cases import moves
from db.cases.leaders import five_ones, lead_leader_choices
from db.cases.lifecycle import Escalation, MoveRefused
from db.cases.records import RecordInput, add_record
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.dashboard.desk import my_lead_cases
from db.enums import Role, Stage
from db.figures import metrics
from db.figures.metrics import MetricFilter
from db.models import Case, User
from tests.db.factories import (
    COUNTY_LEADER_ID,
    COUNTY_LEADER_NAME,
    ESCALATION_REASON,
    RESOLUTION,
    act,
    add_user,
    case_in_stage,
    current,
    new_case,
    plan,
    set_case,
    snapshot,
    unit_id,
)


def _assign(engine: Engine, actors: dict[str, Actor], case_id: int, leader_id: int, **more):  # type: ignore[no-untyped-def]
    village = unit_id(engine, "QSZ01")
    the_plan = plan(village, actors["mediator"].id, lead_leader_id=leader_id, **more)
    return act(engine, moves.assign, actor=actors["coordinator"], case_id=case_id, plan=the_plan)


def test_the_factories_county_leader_is_the_demo_county_leader(actors: dict[str, Actor]) -> None:
    leader = actors["leader"]
    assert (leader.id, leader.display_name, leader.role) == (
        COUNTY_LEADER_ID,
        COUNTY_LEADER_NAME,
        Role.LEADER,
    )


def test_the_choices_are_the_leaders_whose_scope_holds_the_case_nearest_first(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    qs_case = new_case(engine, actors["mediator"], "QSZ01")
    lw_case = new_case(engine, actors["county_coord"], "LWZ01")
    with Session(engine) as session:
        qs = lead_leader_choices(session, case=session.get(Case, qs_case))  # type: ignore[arg-type]
        lw = lead_leader_choices(session, case=session.get(Case, lw_case))  # type: ignore[arg-type]
        county = unit_id(engine, "QHX")
        up = lead_leader_choices(session, case=session.get(Case, qs_case), unit_id=county)  # type: ignore[arg-type]
    assert [c.id for c in qs.options] == [actors["town_leader"].id, actors["leader"].id]
    assert qs.default_id == actors["town_leader"].id
    assert qs.options[0].label == "青石镇党委书记 张伟（青石镇）"
    assert [c.id for c in lw.options] == [actors["lw_leader"].id, actors["leader"].id]
    # handled at the county: the county's leader is the nearest up its chain
    assert up.default_id == actors["leader"].id


def test_an_assignment_names_the_leader_account_and_keeps_the_name(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    _assign(engine, actors, case_id, actors["town_leader"].id)
    case = current(engine, case_id)
    assert (case.stage, case.lead_leader_id, case.lead_leader) == (
        Stage.ASSIGNED,
        actors["town_leader"].id,
        "青石镇党委书记 张伟",
    )


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "lw_leader",
            texts.E_LEADER_OUT_OF_SCOPE.format(name="柳湾镇党委书记 王芳", unit="柳湾镇"),
        ),
        ("coordinator", texts.E_LEADER_NOT_LEADER.format(name="青石镇综治办 赵强")),
        ("gone", texts.E_LEADER_MISSING),
        ("nobody", texts.E_LEADER_MISSING),
    ],
)
def test_a_lead_leader_who_cannot_lead_the_case_is_refused_and_nothing_changes(
    engine: Engine, actors: dict[str, Actor], who: str, message: str
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    if who == "gone":  # a leader of the town whose account was stopped
        gone = add_user(engine, "qsz_old", "青石镇原书记 钱进", Role.LEADER, "QSZ")
        with write_session(engine) as session:
            user = session.get(User, gone.id)
            user.is_active = False  # type: ignore[union-attr]
            session.add(user)
            session.commit()
        leader_id = gone.id
    else:
        leader_id = 9999 if who == "nobody" else actors[who].id
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        _assign(engine, actors, case_id, leader_id)
    assert str(refused.value) == message
    assert snapshot(engine, case_id) == before


def test_escalated_to_the_town_a_village_leader_of_another_village_is_refused(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    """A leader below the town (another village's) holds neither the case nor its new unit."""
    other = add_user(engine, "nw_leader", "南湾村党支部书记 周丽", Role.LEADER, "QSZ02")
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    town = unit_id(engine, "QSZ")
    bad = Escalation(
        reason=ESCALATION_REASON, plan=plan(town, actors["coordinator"].id, lead_leader_id=other.id)
    )
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.escalate, actor=actors["coordinator"], case_id=case_id, escalation=bad)
    assert str(refused.value) == texts.E_LEADER_OUT_OF_SCOPE.format(
        name="南湾村党支部书记 周丽", unit="南湾村"
    )
    assert snapshot(engine, case_id) == before


# 五个一 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hard", "more", "message"),
    [
        ("high", {"measures": "召集双方调解"}, texts.E_HARD_CASE_TEAM),
        ("high", {"team": "王刚、李梅"}, texts.E_HARD_CASE_PLAN),
        ("flagged", {"measures": "召集双方调解"}, texts.E_HARD_CASE_TEAM),
        ("urgent", {"team": "王刚、李梅"}, texts.E_HARD_CASE_PLAN),
    ],
)
def test_a_hard_case_is_assigned_only_with_its_team_and_plan(
    engine: Engine, actors: dict[str, Actor], hard: str, more: dict, message: str
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    if hard == "high":
        set_case(engine, case_id, risk="high")
    elif hard == "urgent":
        set_case(engine, case_id, urgent=True)
    else:
        with write_session(engine) as session:
            case_actions.flag(
                session, actor=actors["leader"], case_id=case_id, on=True, note="督办"
            )
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        _assign(engine, actors, case_id, actors["town_leader"].id, **more)
    assert str(refused.value) == message
    assert snapshot(engine, case_id) == before
    _assign(
        engine,
        actors,
        case_id,
        actors["town_leader"].id,
        team="王刚、李梅",
        measures="召集双方调解",
    )
    case = current(engine, case_id)
    assert (case.stage, case.lead_team, case.resolution_plan) == (
        Stage.ASSIGNED,
        "王刚、李梅",
        "召集双方调解",
    )


def test_an_ordinary_case_needs_no_team(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    _assign(engine, actors, case_id, actors["town_leader"].id)
    assert current(engine, case_id).lead_team is None


# The leader's home: 我包案的案件 ------------------------------------------------------------


def test_the_leaders_home_lists_their_cases_open_first_most_overdue_first(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    today = local_today()
    ids = [new_case(engine, actors["mediator"], "QSZ01") for _ in range(5)]
    for case_id in ids[:4]:
        _assign(engine, actors, case_id, actors["town_leader"].id)
    _assign(engine, actors, ids[4], actors["leader"].id)  # the county leader's, not listed
    set_case(engine, ids[0], deadline=today + timedelta(days=3))
    set_case(engine, ids[1], deadline=today - timedelta(days=2))
    set_case(engine, ids[2], deadline=today - timedelta(days=9))
    set_case(engine, ids[3], stage=Stage.CLOSED, deadline=today - timedelta(days=20))
    worked = current(engine, ids[2]).last_worked_at
    assert worked is not None
    set_case(engine, ids[2], last_worked_at=worked - timedelta(days=4))
    with Session(engine) as session:
        mine = my_lead_cases(session, actor=actors["town_leader"])
        county = my_lead_cases(session, actor=actors["leader"])
    assert mine.total == 4
    assert [line.id for line in mine.lines] == [ids[2], ids[1], ids[0], ids[3]]
    assert [line.overdue for line in mine.lines] == [True, True, False, False]
    assert [line.days for line in mine.lines] == [4, 0, 0, 0]
    assert [line.id for line in county.lines] == [ids[4]]


# 五个一 on the case page, and the lead leader's check-ins ---------------------------------------


def test_a_hard_cases_five_ones_show_the_lead_leaders_own_records_as_check_ins(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    set_case(engine, case_id, risk="high")
    five = {"team": "王刚、李梅", "measures": "召集双方调解"}
    _assign(engine, actors, case_id, actors["town_leader"].id, **five)
    act(engine, moves.start, actor=actors["mediator"], case_id=case_id)
    for who, content in [("town_leader", "到村听取双方意见"), ("mediator", "第一次调解")]:
        with write_session(engine) as session:
            add_record(session, actor=actors[who], case_id=case_id, record=_record(content))
    ordinary = new_case(engine, actors["mediator"], "QSZ01")
    with Session(engine) as session:
        block = five_ones(session, actor=actors["coordinator"], case_id=case_id)
        assert five_ones(session, actor=actors["coordinator"], case_id=ordinary) is None
    assert block is not None
    assert (block.leader, block.team, block.plan) == (
        "青石镇党委书记 张伟",
        "王刚、李梅",
        "召集双方调解",
    )
    assert [c.content for c in block.checkins] == ["到村听取双方意见"]


def test_a_leader_records_work_only_on_the_cases_they_lead(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    _assign(engine, actors, case_id, actors["leader"].id)
    with write_session(engine) as session, pytest.raises(MoveRefused) as refused:
        add_record(session, actor=actors["town_leader"], case_id=case_id, record=_record("走访"))
    assert str(refused.value) == texts.E_RECORD_NOT_HANDLER
    with write_session(engine) as session:
        add_record(session, actor=actors["leader"], case_id=case_id, record=_record("走访"))


def _record(content: str) -> RecordInput:
    return RecordInput.model_validate(
        {"kind": "visit", "held_on": local_today() - timedelta(days=1), "content": content}
    )


def test_the_dashboard_counts_a_lead_leaders_cases_alone_when_asked(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    ids = [new_case(engine, actors["mediator"], "QSZ01") for _ in range(4)]
    for case_id in ids[:3]:
        _assign(engine, actors, case_id, actors["town_leader"].id)
    _assign(engine, actors, ids[3], actors["leader"].id)
    act(engine, moves.start, actor=actors["mediator"], case_id=ids[0])
    act(engine, moves.resolve, actor=actors["mediator"], case_id=ids[0], resolution=RESOLUTION)
    period = MetricFilter(start=local_today() - timedelta(days=30), end=local_today())
    with Session(engine) as session:
        every = metrics.summary(session, actor=actors["coordinator"], f=period)
        town = metrics.summary(
            session,
            actor=actors["coordinator"],
            f=replace(period, lead_leader_id=actors["town_leader"].id),
        )
        by_unit = metrics.by_unit(
            session,
            actor=actors["county_coord"],
            f=replace(period, lead_leader_id=actors["leader"].id),
        )
    # hand count: four registered, three led by the town's leader, one of them resolved
    assert (every.registered, town.registered, town.resolved, town.open) == (4, 3, 1, 2)
    assert int(by_unit["registered"].sum()) == 1
