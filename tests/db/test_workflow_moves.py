"""The life of a case through the services of db.cases.moves: which move leads from which stage,
what each move needs, what a move records, and escalation one level up. Every test runs on
SQLite and PostgreSQL.

Who may move which case and two people saving one case: test_workflow_access.py. Follow-ups,
closing after them, extensions and the supervision flag: test_workflow_actions.py."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from db import texts
from db.cases import aftercare, moves, on_the_spot, report_up
from db.cases.lifecycle import (
    TRANSITIONS,
    AssignPlan,
    Escalation,
    MoveRefused,
    Referral,
    Resolution,
)
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.enums import AuditAction, EventKind, Level, Move, ResolutionMethod, Role, Stage
from db.models import User
from tests.db.factories import (
    COUNTY_LEADER_NAME,
    ESCALATION_REASON,
    RECALL_REASON,
    REFERRAL,
    REPORT_REASON,
    RESOLUTION,
    RETURN_REASON,
    REVISIT_REASON,
    UNSIGNED,
    act,
    add_user,
    attach,
    audit_rows,
    case_in_stage,
    current,
    events,
    good_follow_up,
    make_move,
    plan,
    reported_up,
    settle_on_spot,
    snapshot,
    try_move,
    unit_id,
)

# The case life, written out: (stage, move) → the stage it leads to.
LIFE: dict[tuple[Stage, Move], Stage] = {
    (Stage.REGISTERED, Move.ASSIGN): Stage.ASSIGNED,
    (Stage.ASSIGNED, Move.START): Stage.MEDIATING,
    (Stage.ASSIGNED, Move.ESCALATE): Stage.ASSIGNED,
    (Stage.MEDIATING, Move.RESOLVE): Stage.RESOLVED,
    (Stage.MEDIATING, Move.REFER): Stage.REFERRED,
    (Stage.MEDIATING, Move.ESCALATE): Stage.ASSIGNED,
    (Stage.RESOLVED, Move.CLOSE): Stage.CLOSED,
    (Stage.RESOLVED, Move.REOPEN): Stage.MEDIATING,  # a follow-up that found a flare-up
    (Stage.RESOLVED, Move.RECALL): Stage.MEDIATING,  # the town takes back 当场调结
    (Stage.CLOSED, Move.REVISIT): Stage.MEDIATING,  # 回头看 found it flared up
    # From below (db.cases.report_up): a report up keeps the stage while it waits above; taken
    # there, the case is assigned anew; returned, it goes on where it was.
    (Stage.ASSIGNED, Move.REPORT_UP): Stage.ASSIGNED,
    (Stage.MEDIATING, Move.REPORT_UP): Stage.MEDIATING,
    (Stage.ASSIGNED, Move.TAKE): Stage.ASSIGNED,
    (Stage.MEDIATING, Move.TAKE): Stage.ASSIGNED,
    (Stage.ASSIGNED, Move.RETURN): Stage.ASSIGNED,
    (Stage.MEDIATING, Move.RETURN): Stage.MEDIATING,
}


def refusal(stage: Stage, move: Move) -> str:
    """What the user reads when the move cannot start from the stage."""
    if move is Move.REOPEN:  # reopening is a follow-up's outcome; a follow-up needs a resolution
        return texts.E_FOLLOW_UP_STAGE
    allowed = "、".join(texts.label(s) for s in Stage if (s, move) in LIFE)
    return texts.E_MOVE.format(move=texts.label(move), stage=texts.label(stage), allowed=allowed)


# The table of stages and moves ------------------------------------------------------------


def test_the_transition_table_is_the_case_life_of_the_design() -> None:
    table = {(s, move): to or s for move, (sources, to) in TRANSITIONS.items() for s in sources}
    assert table == LIFE


@pytest.mark.parametrize("stage", list(Stage))
def test_from_each_stage_the_allowed_moves_succeed_and_all_others_are_refused_without_change(
    engine: Engine,
    actors: dict[str, Actor],
    stage: Stage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPUTE_DESK_DATA", str(tmp_path))  # the signed agreement's scan
    coordinator = actors["coordinator"]
    untouched = case_in_stage(engine, actors, stage)
    outcomes: dict[Move, object] = {}
    expected: dict[Move, object] = {}
    changed_by_refusal = []
    for move in Move:
        if (stage, move) in LIFE:
            if move is Move.RECALL:  # only a case settled on the spot may be taken back
                case_id = settle_on_spot(engine, actors["mediator"], "QSZ01")
            else:
                case_id = case_in_stage(engine, actors, stage)
            if move is Move.CLOSE:  # a good follow-up, and the signed agreement attached
                good_follow_up(engine, actors, case_id)
                attach(engine, actors["mediator"], case_id)
            if move in (Move.TAKE, Move.RETURN):  # answers to a report up waiting at the town
                reported_up(engine, actors, case_id)
            version = current(engine, case_id).version
            # a report up is sent by the handler below (here the responsible mediator)
            mover = actors["mediator"] if move is Move.REPORT_UP else coordinator
            make_move(move, engine, actors, case_id, mover)
            after = current(engine, case_id)
            outcomes[move] = (after.stage, after.version)
            expected[move] = (LIFE[stage, move], version + 1)
        else:
            before = snapshot(engine, untouched)
            outcomes[move] = try_move(move, engine, actors, untouched, coordinator)
            expected[move] = refusal(stage, move)
            if snapshot(engine, untouched) != before:
                changed_by_refusal.append(move)
    assert outcomes == expected
    assert changed_by_refusal == []


# Guards of the moves ----------------------------------------------------------------------


def _plan_data() -> dict[str, object]:
    return {
        "lead_leader_id": 1,
        "responsible_unit_id": 1,
        "responsible_user_id": 1,
        "deadline": local_today() + timedelta(days=7),
    }


@pytest.mark.parametrize(
    "missing", ["lead_leader_id", "responsible_unit_id", "responsible_user_id", "deadline"]
)
def test_an_assignment_needs_all_four_fixes(missing: str) -> None:
    data = _plan_data()
    del data[missing]
    with pytest.raises(ValidationError) as error:
        AssignPlan.model_validate(data)
    assert [e["loc"] for e in error.value.errors()] == [(missing,)]


@pytest.mark.parametrize("lead_leader_id", ["", "张书记", None, 0])
def test_an_assignment_needs_a_lead_leader_account(lead_leader_id: object) -> None:
    with pytest.raises(ValidationError) as error:
        AssignPlan.model_validate({**_plan_data(), "lead_leader_id": lead_leader_id})
    assert [e["loc"] for e in error.value.errors()] == [("lead_leader_id",)]


@pytest.mark.parametrize(
    ("unit_code", "person", "days", "refused_with"),
    [
        ("QSZ01", "mediator", 0, None),
        ("QSZ", "coordinator", 30, None),
        ("QSZ01", "mediator", -1, texts.E_DEADLINE_PAST),
        ("QSZ01", "med_qsz02", 7, texts.E_PERSON_NOT_OF_UNIT),
        ("QSZ", "mediator", 7, texts.E_PERSON_NOT_OF_UNIT),
        ("QSZ01", "inactive", 7, texts.E_PERSON_NOT_OF_UNIT),
        ("QSZ01", "unknown", 7, texts.E_PERSON_NOT_OF_UNIT),
        ("LWZ01", "med_lwz01", 7, texts.E_UNIT_NOT_WITHIN),
        ("QHX", "leader", 7, texts.E_UNIT_NOT_WITHIN),
        ("unknown", "mediator", 7, texts.E_UNIT_NOT_WITHIN),
    ],
    ids=[
        "due-today",
        "to-the-town-itself",
        "due-yesterday",
        "person-of-another-village",
        "person-of-a-unit-below",
        "person-no-longer-active",
        "person-unknown",
        "unit-of-another-town",
        "unit-above-the-town",
        "unit-unknown",
    ],
)
def test_an_assignment_is_due_from_today_to_an_active_person_of_a_unit_in_scope(
    engine: Engine,
    actors: dict[str, Actor],
    unit_code: str,
    person: str,
    days: int,
    refused_with: str | None,
) -> None:
    people = {name: actor.id for name, actor in actors.items()} | {"unknown": 999_999}
    people["inactive"] = add_user(engine, "dh_gone", "东河村原调解员", Role.MEDIATOR, "QSZ01").id
    with Session(engine) as session:
        gone = session.get(User, people["inactive"])
        assert gone is not None
        gone.is_active = False
        session.add(gone)
        session.commit()
    unit = 999_999 if unit_code == "unknown" else unit_id(engine, unit_code)
    the_plan = plan(unit, people[person], deadline=local_today() + timedelta(days=days))
    case_id = case_in_stage(engine, actors, Stage.REGISTERED)
    before = snapshot(engine, case_id)
    coordinator = actors["coordinator"]
    if refused_with is not None:
        with pytest.raises(MoveRefused) as refused:
            act(engine, moves.assign, actor=coordinator, case_id=case_id, plan=the_plan)
        assert str(refused.value) == refused_with
        assert snapshot(engine, case_id) == before
        return
    act(engine, moves.assign, actor=coordinator, case_id=case_id, plan=the_plan)
    case = current(engine, case_id)
    assert (case.stage, case.lead_leader, case.responsible_unit_id) == (
        Stage.ASSIGNED,
        COUNTY_LEADER_NAME,
        unit,
    )
    assert (case.responsible_user_id, case.deadline) == (people[person], the_plan.deadline)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"summary": "双方和解"}, "method"),
        ({"method": "bribe", "summary": "双方和解"}, "method"),
        ({"method": "peoples"}, "summary"),
        ({"method": "peoples", "summary": "  "}, "summary"),
        ({"method": "peoples", "summary": "双方和解", "court_confirmed": True}, "court_confirmed"),
    ],
    ids=["no-method", "unknown-method", "no-summary", "blank-summary", "confirmed-no-agreement"],
)
def test_a_resolution_needs_a_method_a_summary_and_an_agreement_before_court_confirmation(
    data: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        Resolution.model_validate(data)
    assert [e["loc"] for e in error.value.errors()] == [(field,)]
    if field == "court_confirmed":
        assert texts.E_COURT_NEEDS_AGREEMENT in str(error.value)


def test_a_court_confirmed_agreement_is_a_valid_resolution() -> None:
    confirmed = Resolution.model_validate(
        {
            "method": "judicial",
            "summary": "达成协议并经司法确认",
            "agreement_signed": True,
            "court_confirmed": True,
        }
    )
    assert (confirmed.agreement_signed, confirmed.court_confirmed) == (True, True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "一方坚持起诉"}, "channel"),
        ({"channel": "petition", "reason": "一方坚持起诉"}, "channel"),
        ({"channel": "litigation"}, "reason"),
        ({"channel": "litigation", "reason": " "}, "reason"),
    ],
    ids=["no-channel", "unknown-channel", "no-reason", "blank-reason"],
)
def test_a_referral_needs_a_channel_and_a_reason(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        Referral.model_validate(data)
    assert [e["loc"] for e in error.value.errors()] == [(field,)]


def test_a_referral_is_recorded_and_finishes_the_case(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    started = utcnow()
    act(engine, moves.refer, actor=actors["mediator"], case_id=case_id, referral=REFERRAL)
    case = current(engine, case_id)
    assert (case.stage, case.referral_channel, case.referral_reason) == (
        Stage.REFERRED,
        REFERRAL.channel,
        REFERRAL.reason,
    )
    assert case.finished_at is not None and started <= case.finished_at <= utcnow()


# What a move records ----------------------------------------------------------------------


def _recorded(engine: Engine, actors: dict[str, Actor], move: Move):  # type: ignore[no-untyped-def]
    """Per move: the stage it starts from, who makes it, the service and its input, and what
    the timeline must show (event kind, target stage, detail)."""
    village, town = unit_id(engine, "QSZ01"), unit_id(engine, "QSZ")
    due = local_today() + timedelta(days=10)
    coordinator, mediator = actors["coordinator"], actors["mediator"]
    escalation = Escalation(reason=ESCALATION_REASON, plan=plan(town, coordinator.id, deadline=due))
    return {
        Move.ASSIGN: (
            Stage.REGISTERED,
            coordinator,
            moves.assign,
            {"plan": plan(village, mediator.id, deadline=due)},
            EventKind.ASSIGNED,
            Stage.ASSIGNED,
            {
                "lead_leader": COUNTY_LEADER_NAME,
                "responsible_unit": "东河村",
                "responsible_user": mediator.display_name,
                "deadline": due.isoformat(),
            },
        ),
        Move.START: (
            Stage.ASSIGNED,
            mediator,
            moves.start,
            {"note": "已约双方到村委会"},
            EventKind.STAGE_CHANGED,
            Stage.MEDIATING,
            {"note": "已约双方到村委会"},
        ),
        Move.RESOLVE: (
            Stage.MEDIATING,
            mediator,
            moves.resolve,
            {"resolution": RESOLUTION},
            EventKind.STAGE_CHANGED,
            Stage.RESOLVED,
            {
                "method": texts.label(ResolutionMethod.PEOPLES_MEDIATION),
                "summary": RESOLUTION.summary,
                "agreement_signed": True,
                "court_confirmed": False,
                "level": texts.label(Level.VILLAGE),
            },
        ),
        Move.REFER: (
            Stage.MEDIATING,
            mediator,
            moves.refer,
            {"referral": REFERRAL},
            EventKind.STAGE_CHANGED,
            Stage.REFERRED,
            {"channel": texts.label(REFERRAL.channel), "reason": REFERRAL.reason},
        ),
        Move.CLOSE: (
            Stage.RESOLVED,
            coordinator,
            moves.close,
            {"note": "回访无反弹，予以销号", "why": UNSIGNED},
            EventKind.STAGE_CHANGED,
            Stage.CLOSED,
            {"note": "回访无反弹，予以销号", "no_agreement_reason": UNSIGNED},
        ),
        Move.ESCALATE: (
            Stage.MEDIATING,
            coordinator,
            moves.escalate,
            {"escalation": escalation},
            EventKind.ESCALATED,
            Stage.ASSIGNED,
            {
                "from_unit": "东河村",
                "to_unit": "青石镇",
                "reason": ESCALATION_REASON,
                "lead_leader": COUNTY_LEADER_NAME,
                "responsible_unit": "青石镇",
                "responsible_user": coordinator.display_name,
                "deadline": due.isoformat(),
            },
        ),
        Move.REVISIT: (
            Stage.CLOSED,
            coordinator,
            aftercare.revisit,
            {"reason": REVISIT_REASON},
            EventKind.STAGE_CHANGED,
            Stage.MEDIATING,
            {"reason": REVISIT_REASON, "move": texts.label(Move.REVISIT)},
        ),
        Move.RECALL: (
            Stage.RESOLVED,
            coordinator,
            on_the_spot.recall,
            {"reason": RECALL_REASON},
            EventKind.STAGE_CHANGED,
            Stage.MEDIATING,
            {"reason": RECALL_REASON, "handling_unit": "青石镇"},
        ),
        Move.REPORT_UP: (
            Stage.MEDIATING,
            mediator,
            report_up.report_up,
            {"reason": REPORT_REASON},
            EventKind.REPORTED_UP,
            Stage.MEDIATING,
            {"from_unit": "东河村", "to_unit": "青石镇", "reason": REPORT_REASON.reason},
        ),
        Move.TAKE: (
            Stage.MEDIATING,
            coordinator,
            report_up.take,
            {"plan": plan(town, coordinator.id, deadline=due)},
            EventKind.REPORT_TAKEN,
            Stage.ASSIGNED,
            {
                "from_unit": "东河村",
                "to_unit": "青石镇",
                "responsible_unit": "青石镇",
                "deadline": due.isoformat(),
            },
        ),
        Move.RETURN: (
            Stage.MEDIATING,
            coordinator,
            report_up.return_down,
            {"reason": RETURN_REASON},
            EventKind.REPORT_RETURNED,
            Stage.MEDIATING,
            {"returned_to": "东河村", "reason": RETURN_REASON.reason},
        ),
    }[move]


@pytest.mark.parametrize("move", [move for move in Move if move is not Move.REOPEN])
def test_a_move_writes_one_event_and_one_audit_row_and_bumps_the_version_by_one(
    engine: Engine, actors: dict[str, Actor], move: Move
) -> None:
    source, actor, service, inputs, kind, target, detail = _recorded(engine, actors, move)
    if move is Move.RECALL:
        case_id = settle_on_spot(engine, actors["mediator"], "QSZ01")
    else:
        case_id = case_in_stage(engine, actors, source)
    if move is Move.CLOSE:
        good_follow_up(engine, actors, case_id)
    if move in (Move.TAKE, Move.RETURN):
        reported_up(engine, actors, case_id)
    version = current(engine, case_id).version
    timeline, trail = events(engine, case_id), audit_rows(engine, case_id)
    returned = act(engine, service, actor=actor, case_id=case_id, **inputs)
    case = current(engine, case_id)
    assert (case.stage, case.version, returned) == (target, version + 1, version + 1)
    assert case.updated_by_id == actor.id
    new_events = events(engine, case_id)[len(timeline) :]
    stages = (source, target) if source != target else (None, None)  # a kept stage: no change
    assert [(e.kind, e.actor_id, e.stage_from, e.stage_to) for e in new_events] == [
        (kind, actor.id, *stages)
    ]
    recorded = json.loads(new_events[0].detail)
    assert {key: recorded.get(key) for key in detail} == detail
    new_rows = audit_rows(engine, case_id)[len(trail) :]
    assert [(a.action, a.user_id, a.username, a.target) for a in new_rows] == [
        (AuditAction.UPDATE, actor.id, actor.username, f"case:{case_id}")
    ]


# Escalation -------------------------------------------------------------------------------


def test_a_village_case_escalated_by_the_town_coordinator_is_handled_and_resolved_by_the_town(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator, mediator = actors["coordinator"], actors["mediator"]
    town = unit_id(engine, "QSZ")
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    new_plan = plan(town, coordinator.id, lead_leader_id=actors["town_leader"].id)
    escalation = Escalation(reason=ESCALATION_REASON, plan=new_plan)
    act(engine, moves.escalate, actor=coordinator, case_id=case_id, escalation=escalation)
    case = current(engine, case_id)
    assert (case.stage, case.handling_unit_id, case.lead_leader) == (
        Stage.ASSIGNED,
        town,
        "青石镇党委书记 张伟",
    )
    assert (case.responsible_unit_id, case.responsible_user_id, case.deadline) == (
        town,
        coordinator.id,
        new_plan.deadline,
    )
    escalated = events(engine, case_id)[-1]
    assert (escalated.kind, escalated.actor_id) == (EventKind.ESCALATED, coordinator.id)
    detail = json.loads(escalated.detail)
    assert (detail["from_unit"], detail["to_unit"], detail["reason"]) == (
        "东河村",
        "青石镇",
        ESCALATION_REASON,
    )
    # The village's mediator no longer handles it; the town does.
    with pytest.raises(MoveRefused, match=texts.E_NOT_HANDLER):
        act(engine, moves.start, actor=mediator, case_id=case_id)
    act(engine, moves.start, actor=coordinator, case_id=case_id)
    act(engine, moves.resolve, actor=coordinator, case_id=case_id, resolution=RESOLUTION)
    case = current(engine, case_id)
    assert (case.stage, case.resolved_level) == (Stage.RESOLVED, Level.TOWN)
    assert json.loads(events(engine, case_id)[-1].detail)["level"] == texts.label(Level.TOWN)


def test_a_case_resolved_in_its_village_records_the_village_level(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    started = utcnow()
    case = current(engine, case_in_stage(engine, actors, Stage.RESOLVED))
    assert (case.resolved_level, case.resolution_method, case.resolution_summary) == (
        Level.VILLAGE,
        RESOLUTION.method,
        RESOLUTION.summary,
    )
    assert (case.agreement_signed, case.court_confirmed) == (True, False)
    assert case.resolved_at is not None and started <= case.resolved_at <= utcnow()


def test_a_case_goes_up_one_level_at_a_time_and_no_higher_than_the_county(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    county_coordinator = add_user(
        engine, "qhx_coordinator", "县综治中心 周平", Role.COORDINATOR, "QHX"
    )
    town, county = unit_id(engine, "QSZ"), unit_id(engine, "QHX")
    to_town = Escalation(reason=ESCALATION_REASON, plan=plan(town, coordinator.id))
    to_county = Escalation(reason="涉及多镇，需县级协调", plan=plan(county, county_coordinator.id))
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    act(engine, moves.escalate, actor=coordinator, case_id=case_id, escalation=to_town)
    # The town coordinator cannot hand it to the county: the county is outside their scope.
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.escalate, actor=coordinator, case_id=case_id, escalation=to_county)
    assert (str(refused.value), snapshot(engine, case_id)) == (texts.E_UNIT_NOT_WITHIN, before)
    act(engine, moves.escalate, actor=county_coordinator, case_id=case_id, escalation=to_county)
    case = current(engine, case_id)
    assert (case.stage, case.handling_unit_id, case.responsible_unit_id) == (
        Stage.ASSIGNED,
        county,
        county,
    )
    assert json.loads(events(engine, case_id)[-1].detail)["from_unit"] == "青石镇"
    before = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.escalate, actor=county_coordinator, case_id=case_id, escalation=to_county)
    assert (str(refused.value), snapshot(engine, case_id)) == (texts.E_ESCALATE_TOP, before)
    act(engine, moves.start, actor=county_coordinator, case_id=case_id)
    act(engine, moves.resolve, actor=county_coordinator, case_id=case_id, resolution=RESOLUTION)
    assert current(engine, case_id).resolved_level == Level.COUNTY


@pytest.mark.parametrize(
    ("unit_code", "person", "refused_with"),
    [
        ("QSZ", "coordinator", None),
        ("QSZ02", "med_qsz02", None),
        ("LWZ01", "med_lwz01", texts.E_UNIT_NOT_WITHIN),
        ("LWZ", "lwz_coordinator", texts.E_UNIT_NOT_WITHIN),
        ("QHX", "qhx_coordinator", texts.E_UNIT_NOT_WITHIN),
    ],
    ids=[
        "the-town",
        "a-village-of-the-town",
        "a-village-of-another-town",
        "another-town",
        "the-county",
    ],
)
def test_an_escalation_plan_stays_within_the_unit_one_level_up_even_for_the_county(
    engine: Engine,
    actors: dict[str, Actor],
    unit_code: str,
    person: str,
    refused_with: str | None,
) -> None:
    people = dict(actors)
    people["qhx_coordinator"] = add_user(
        engine, "qhx_coordinator", "县综治中心 周平", Role.COORDINATOR, "QHX"
    )
    people["lwz_coordinator"] = add_user(
        engine, "lwz_coordinator", "柳湾镇综治办 吴军", Role.COORDINATOR, "LWZ"
    )
    the_plan = plan(unit_id(engine, unit_code), people[person].id)
    escalation = Escalation(reason=ESCALATION_REASON, plan=the_plan)
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    before = snapshot(engine, case_id)
    county_coordinator = people["qhx_coordinator"]
    if refused_with is not None:
        with pytest.raises(MoveRefused) as refused:
            act(
                engine,
                moves.escalate,
                actor=county_coordinator,
                case_id=case_id,
                escalation=escalation,
            )
        assert (str(refused.value), snapshot(engine, case_id)) == (refused_with, before)
        return
    act(engine, moves.escalate, actor=county_coordinator, case_id=case_id, escalation=escalation)
    case = current(engine, case_id)
    assert (case.handling_unit_id, case.responsible_unit_id, case.responsible_user_id) == (
        unit_id(engine, "QSZ"),
        the_plan.responsible_unit_id,
        the_plan.responsible_user_id,
    )
