"""Case life (issue 18, part A) on SQLite and PostgreSQL: settle on the spot at intake and the
town's recall of it, the level that really handled a case, 回头看 after 销号, referral outcomes,
and the age of cases waiting for assignment. The figures and the tallies are checked after each
move (the tallies against a recount)."""

import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from db import texts
from db.cases import aftercare, moves, on_the_spot
from db.cases.aftercare import OutcomeCreate
from db.cases.board import BoardFilter, board
from db.cases.ledger import LedgerFilter, list_cases
from db.cases.lifecycle import MoveRefused, offered_moves
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.enums import AuditAction, EventKind, Level, Move, ReferralOutcome, Role, Stage
from db.figures import tally
from db.figures.metrics import level_kept, summary
from db.figures.source import MetricFilter, counted_live
from db.io.exports.weekly import weekly_xlsx
from db.models import Case
from tests.db.factories import (
    RECALL_REASON,
    RESOLUTION,
    REVISIT_REASON,
    UNSIGNED,
    act,
    add_user,
    audit_rows,
    case_in_stage,
    current,
    events,
    form,
    good_follow_up,
    new_case,
    plan,
    set_case,
    settle_on_spot,
    unit_id,
)

IN_STEP = {"case_tallies": 0, "case_resolve_days": 0}


def figures(engine: Engine, actor: Actor) -> dict[str, object]:
    """The headline counts and the levels kept for the last 40 days, read from the tallies
    and counted live; both must agree, and the tallies must match a recount."""
    f = MetricFilter(start=local_today() - timedelta(days=40), end=local_today())
    with Session(engine) as session:
        read = summary(session, actor=actor, f=f)
        levels = dict(level_kept(session, actor=actor, f=f).itertuples(index=False))
        with counted_live():
            assert summary(session, actor=actor, f=f) == read
            live = dict(level_kept(session, actor=actor, f=f).itertuples(index=False))
            assert live == levels
    with engine.connect() as connection:
        assert tally.differences(connection) == IN_STEP
    return {
        "registered": read.registered,
        "open": read.open,
        "resolved": read.resolved,
        "closed": read.closed,
        "referred": read.referred,
        "reopened": read.reopened,
        "levels": levels,
    }


def count_cases(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Case)).one()


# Settle on the spot -----------------------------------------------------------------------


def test_a_village_mediator_settles_a_dispute_on_the_spot_in_one_transaction(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    village = unit_id(engine, "QSZ01")
    case_id = settle_on_spot(engine, mediator, "QSZ01")
    case = current(engine, case_id)
    assert (case.stage, case.settled_on_spot, case.resolved_level) == (
        Stage.RESOLVED,
        True,
        Level.VILLAGE,
    )
    # The four fixes default to the registering user, their unit and (as leader) their name.
    assert (case.lead_leader, case.responsible_unit_id, case.responsible_user_id) == (
        mediator.display_name,
        village,
        mediator.id,
    )
    assert case.handling_unit_id == village and case.deadline is not None
    assert (case.resolution_method, case.resolution_summary, case.agreement_signed) == (
        RESOLUTION.method,
        RESOLUTION.summary,
        True,
    )
    timeline = events(engine, case_id)
    assert [(e.kind, e.stage_from, e.stage_to, e.actor_id) for e in timeline] == [
        (EventKind.REGISTERED, None, Stage.REGISTERED, mediator.id),
        (EventKind.ASSIGNED, Stage.REGISTERED, Stage.ASSIGNED, mediator.id),
        (EventKind.STAGE_CHANGED, Stage.ASSIGNED, Stage.RESOLVED, mediator.id),
    ]
    assert len({e.at for e in timeline}) == 1 and case.resolved_at == timeline[0].at
    assert json.loads(timeline[2].detail)["level"] == texts.label(Level.VILLAGE)
    assert [(a.action, a.user_id) for a in audit_rows(engine, case_id)] == [
        (AuditAction.CREATE, mediator.id)
    ]
    assert figures(engine, actors["leader"]) == {
        "registered": 1,
        "open": 0,
        "resolved": 1,
        "closed": 0,
        "referred": 0,
        "reopened": 0,
        "levels": {"village": 1},  # 不出村
    }


def test_a_case_settled_on_the_spot_is_followed_up_and_closed_as_any_case(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = settle_on_spot(engine, actors["mediator"], "QSZ01")
    with pytest.raises(MoveRefused, match=texts.E_CLOSE_NEEDS_FOLLOW_UP):
        act(engine, moves.close, actor=actors["coordinator"], case_id=case_id)
    good_follow_up(engine, actors, case_id)
    act(engine, moves.close, actor=actors["coordinator"], case_id=case_id, why=UNSIGNED)
    assert current(engine, case_id).stage == Stage.CLOSED
    counted = figures(engine, actors["leader"])
    assert (counted["resolved"], counted["closed"], counted["levels"]) == (1, 1, {"village": 1})


@pytest.mark.parametrize(
    "flags",
    [{"risk": "high"}, {"group_risk": True}, {"violence_risk": True}],
    ids=["high-risk", "group-event", "civil-to-criminal"],
)
def test_a_high_risk_or_flagged_dispute_is_not_settled_on_the_spot_and_nothing_is_written(
    engine: Engine, actors: dict[str, Actor], flags: dict[str, object]
) -> None:
    before = count_cases(engine)
    with pytest.raises(Refused) as refused:
        settle_on_spot(engine, actors["mediator"], "QSZ01", **flags)
    assert str(refused.value) == texts.E_SPOT_RISK
    assert count_cases(engine) == before
    assert figures(engine, actors["leader"])["registered"] == 0


@pytest.mark.parametrize("username", ["leader", "supervisor", "admin"])
def test_only_mediators_and_coordinators_settle_on_the_spot(
    engine: Engine, actors: dict[str, Actor], username: str
) -> None:
    with pytest.raises(NotAllowed):
        settle_on_spot(engine, actors[username], "QSZ01")
    assert count_cases(engine) == 0


def test_the_same_settlement_submitted_twice_makes_one_case(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    data = form(unit_id(engine, "QSZ01"), facts="邻里因排水沟发生争执，当场调解")
    ids = set()
    for _ in range(2):
        with write_session(engine) as session:
            ids.add(
                on_the_spot.settle(
                    session, actor=actors["mediator"], data=data, resolution=RESOLUTION
                ).id
            )
    assert len(ids) == 1 and count_cases(engine) == 1


def test_a_town_coordinator_settling_a_village_dispute_counts_it_at_the_town(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case = current(engine, settle_on_spot(engine, actors["coordinator"], "QSZ01"))
    assert (case.resolved_level, case.handling_unit_id) == (Level.TOWN, unit_id(engine, "QSZ"))


# The town's recall ------------------------------------------------------------------------


def test_the_town_coordinator_sees_recent_settlements_and_takes_one_back_to_mediating(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator, mediator = actors["coordinator"], actors["mediator"]
    recent = settle_on_spot(engine, mediator, "QSZ01")
    older = settle_on_spot(engine, mediator, "QSZ01")
    set_case(engine, older, resolved_at=utcnow() - timedelta(days=8))
    ordinary = case_in_stage(engine, actors, Stage.RESOLVED)
    with Session(engine) as session:
        listed = on_the_spot.recently_settled(session, actor=coordinator)
        assert on_the_spot.recently_settled(session, actor=mediator) == []
        offered = {
            case_id: Move.RECALL in offered_moves(session, coordinator, session.get(Case, case_id))
            for case_id in (recent, older, ordinary)
        }
    assert [row.id for row in listed] == [recent]
    assert offered == {recent: True, older: False, ordinary: False}

    act(engine, on_the_spot.recall, actor=coordinator, case_id=recent, reason=RECALL_REASON)
    case = current(engine, recent)
    town = unit_id(engine, "QSZ")
    assert (case.stage, case.handling_unit_id, case.responsible_user_id) == (
        Stage.MEDIATING,
        town,
        mediator.id,  # the responsible person stays; the town handles it
    )
    assert (case.resolved_at, case.resolved_level, case.resolution_method) == (None, None, None)
    last = events(engine, recent)[-1]
    assert (last.stage_from, last.stage_to, json.loads(last.detail)["reason"]) == (
        Stage.RESOLVED,
        Stage.MEDIATING,
        RECALL_REASON,
    )
    assert figures(engine, actors["leader"])["open"] == 1
    act(engine, moves.resolve, actor=coordinator, case_id=recent, resolution=RESOLUTION)
    assert current(engine, recent).resolved_level == Level.TOWN
    assert figures(engine, actors["leader"])["levels"] == {"village": 2, "town": 1}


def test_a_recall_needs_a_coordinator_a_reason_and_a_recent_settlement(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    settled = settle_on_spot(engine, actors["mediator"], "QSZ01")
    older = settle_on_spot(engine, actors["mediator"], "QSZ01")
    set_case(engine, older, resolved_at=utcnow() - timedelta(days=8))
    ordinary = case_in_stage(engine, actors, Stage.RESOLVED)
    refusals = []
    for actor, case_id, reason in (
        (actors["mediator"], settled, RECALL_REASON),
        (coordinator, settled, "  "),
        (coordinator, older, RECALL_REASON),
        (coordinator, ordinary, RECALL_REASON),
    ):
        with pytest.raises(Refused) as refused:
            act(engine, on_the_spot.recall, actor=actor, case_id=case_id, reason=reason)
        refusals.append(str(refused.value))
    not_settled = texts.E_RECALL_NOT_SETTLED.format(days=7)
    assert refusals == [
        texts.E_MOVE_ROLE.format(move=texts.label(Move.RECALL)),
        texts.E_MOVE_REASON,
        not_settled,
        not_settled,
    ]
    assert {current(engine, c).stage for c in (settled, older, ordinary)} == {Stage.RESOLVED}


# The level that handled it ----------------------------------------------------------------


def test_a_village_case_assigned_to_the_towns_judicial_office_is_resolved_at_the_town(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    office = unit_id(engine, "QSZD1")  # 青石镇司法所, a department under the town
    clerk = add_user(engine, "qsz_sfs", "青石镇司法所 吴敏", Role.MEDIATOR, "QSZD1")
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    act(
        engine,
        moves.assign,
        actor=actors["coordinator"],
        case_id=case_id,
        plan=plan(office, clerk.id),
    )
    assert current(engine, case_id).handling_unit_id == office
    act(engine, moves.start, actor=clerk, case_id=case_id)
    act(engine, moves.resolve, actor=clerk, case_id=case_id, resolution=RESOLUTION)
    case = current(engine, case_id)
    assert (case.unit_id, case.resolved_level) == (unit_id(engine, "QSZ01"), Level.TOWN)
    assert json.loads(events(engine, case_id)[-1].detail)["level"] == texts.label(Level.TOWN)
    village_case = case_in_stage(engine, actors, Stage.RESOLVED)  # given to the village
    assert current(engine, village_case).resolved_level == Level.VILLAGE
    assert figures(engine, actors["leader"])["levels"] == {"village": 1, "town": 1}  # 不出镇


# 回头看: reopen after 销号 ------------------------------------------------------------------


def test_a_closed_case_that_flared_up_is_reopened_by_a_coordinator_and_counts_as_reopened(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.CLOSED)
    assert figures(engine, actors["leader"])["closed"] == 1
    with pytest.raises(MoveRefused, match=texts.E_MOVE_ROLE.format(move=texts.label(Move.REVISIT))):
        act(engine, aftercare.revisit, actor=actors["mediator"], case_id=case_id, reason="复发")
    with pytest.raises(MoveRefused, match=texts.E_MOVE_REASON):
        act(engine, aftercare.revisit, actor=actors["coordinator"], case_id=case_id, reason="")
    act(
        engine,
        aftercare.revisit,
        actor=actors["coordinator"],
        case_id=case_id,
        reason=REVISIT_REASON,
    )
    case = current(engine, case_id)
    assert (case.stage, case.reopened_count, case.finished_at, case.resolved_level) == (
        Stage.MEDIATING,
        1,
        None,
        None,
    )
    assert figures(engine, actors["leader"]) == {
        "registered": 1,
        "open": 1,
        "resolved": 0,
        "closed": 0,
        "referred": 0,
        "reopened": 1,  # as a follow-up's flare-up counts
        "levels": {},
    }
    act(engine, moves.resolve, actor=actors["mediator"], case_id=case_id, resolution=RESOLUTION)
    with pytest.raises(MoveRefused, match=texts.E_CLOSE_NEEDS_FOLLOW_UP):
        act(engine, moves.close, actor=actors["coordinator"], case_id=case_id)


# Referral outcomes ------------------------------------------------------------------------


def outcome(**changes: object) -> OutcomeCreate:
    data: dict[str, object] = {
        "outcome": "judgment",
        "decided_on": local_today(),
        "note": "一审判决",
    }
    data.update(changes)
    return OutcomeCreate.model_validate(data)


def test_the_handler_records_what_came_of_a_referral(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    case_id = case_in_stage(engine, actors, Stage.REFERRED)
    act(
        engine,
        aftercare.record_outcome,
        actor=actors["mediator"],
        case_id=case_id,
        outcome=outcome(),
    )
    case = current(engine, case_id)
    assert (case.stage, case.referral_outcome, case.referral_outcome_on) == (
        Stage.REFERRED,
        ReferralOutcome.JUDGMENT,
        local_today(),
    )
    last = events(engine, case_id)[-1]
    assert (last.kind, json.loads(last.detail)["outcome"]) == (EventKind.REFERRAL_OUTCOME, "判决")
    assert audit_rows(engine, case_id)[-1].action == AuditAction.UPDATE
    assert figures(engine, actors["leader"])["referred"] == 1


def test_a_referral_outcome_is_refused_where_it_does_not_belong(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediating = case_in_stage(engine, actors, Stage.MEDIATING)
    with pytest.raises(MoveRefused, match=texts.E_OUTCOME_STAGE):
        act(
            engine,
            aftercare.record_outcome,
            actor=actors["mediator"],
            case_id=mediating,
            outcome=outcome(),
        )
    referred = case_in_stage(engine, actors, Stage.REFERRED)
    early = outcome(decided_on=local_today() - timedelta(days=3))
    with pytest.raises(MoveRefused, match=texts.E_OUTCOME_BEFORE_REFERRAL):
        act(
            engine,
            aftercare.record_outcome,
            actor=actors["mediator"],
            case_id=referred,
            outcome=early,
        )
    with pytest.raises(NotAllowed):
        act(
            engine,
            aftercare.record_outcome,
            actor=actors["leader"],
            case_id=referred,
            outcome=outcome(),
        )
    with pytest.raises(ValidationError):
        outcome(decided_on=local_today() + timedelta(days=1))
    with pytest.raises(ValidationError):
        outcome(outcome="appeal")
    assert current(engine, referred).referral_outcome is None


def test_referrals_waiting_too_long_for_an_outcome_are_listed_for_the_coordinator(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago, lately, answered = (case_in_stage(engine, actors, Stage.REFERRED) for _ in range(3))
    set_case(engine, long_ago, finished_at=utcnow() - timedelta(days=100))
    set_case(engine, lately, finished_at=utcnow() - timedelta(days=30))
    set_case(engine, answered, finished_at=utcnow() - timedelta(days=120))
    act(
        engine,
        aftercare.record_outcome,
        actor=actors["mediator"],
        case_id=answered,
        outcome=outcome(),
    )

    def listed(actor: Actor) -> list[tuple[int, int]]:
        with Session(engine) as session:
            return [(r.id, r.days) for r in aftercare.referrals_waiting(session, actor=actor)]

    assert listed(actors["coordinator"]) == [(long_ago, 100)]
    assert listed(actors["mediator"]) == []
    monkeypatch.setenv("DISPUTE_DESK_REFERRAL_WAIT_DAYS", "20")
    assert listed(actors["coordinator"]) == [(long_ago, 100), (lately, 30)]


# Waiting for assignment -------------------------------------------------------------------


def test_cases_waiting_for_assignment_show_their_age_on_the_board_and_in_the_ledger(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    waiting = new_case(engine, actors["mediator"], "QSZ01")
    set_case(engine, waiting, created_at=utcnow() - timedelta(days=18))
    fresh = new_case(engine, actors["mediator"], "QSZ01")
    assigned = case_in_stage(engine, actors, Stage.ASSIGNED)
    coordinator = actors["coordinator"]
    with Session(engine) as session:
        columns = board(session, actor=coordinator, filters=BoardFilter())
        cards = {c.id: c.age_days for col in columns for c in col.cards}
        rows = list_cases(session, actor=coordinator, filters=LedgerFilter()).rows
    assert {k: cards[k] for k in (waiting, fresh, assigned)} == {
        waiting: 18,
        fresh: 0,
        assigned: None,
    }
    ages = {r.id: r.age_days for r in rows}
    assert {k: ages[k] for k in (waiting, fresh, assigned)} == {
        waiting: 18,
        fresh: 0,
        assigned: None,
    }


def test_the_weekly_pack_lists_cases_long_unassigned_and_long_overdue(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.reports import weekly

    m = actors["mediator"]
    old = new_case(engine, m, "QSZ01")
    set_case(engine, old, created_at=utcnow() - timedelta(days=4))
    new = new_case(engine, m, "QSZ01")
    long_overdue = case_in_stage(engine, actors, Stage.MEDIATING)
    set_case(engine, long_overdue, deadline=local_today() - timedelta(days=40))
    lately_overdue = case_in_stage(engine, actors, Stage.MEDIATING)
    set_case(engine, lately_overdue, deadline=local_today() - timedelta(days=3))

    def pack() -> tuple[list[int], list[int]]:
        with Session(engine) as session:
            p = weekly.weekly_pack(session, actor=actors["coordinator"], week_start=local_today())
        return [c.id for c in p.still_unassigned], [c.id for c in p.long_overdue]

    assert pack() == ([old], [long_overdue])
    monkeypatch.setenv("DISPUTE_DESK_UNASSIGNED_DAYS", "0")
    assert pack() == ([old, new], [long_overdue])
    with Session(engine) as session:
        p = weekly.weekly_pack(session, actor=actors["coordinator"], week_start=local_today())
    assert {old, new, long_overdue} <= set(p.case_numbers())
    with write_session(engine) as session:
        book = load_workbook(io.BytesIO(weekly_xlsx(session, actor=actors["coordinator"], pack=p)))
    for name, wanted in (("still_unassigned", [old, new]), ("long_overdue", [long_overdue])):
        sheet = book[texts.WEEKLY_SECTIONS[name]]
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert numbers == [current(engine, case_id).number for case_id in wanted]
