"""周交办 (db.reports.handout, handout_batch, minutes; db.io.exports.minutes and
db.io.documents.minutes) on a small hand-built record of 青石镇, this week: the drafts of the four
fixes, one batch with good cases, one stale and one refused, the minutes and their two files."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.cases.move_writing import save_change
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.errors import Refused
from db.core.scope import OutOfScope, load_case
from db.enums import AuditAction, EventKind, Move, ReceptionKind, ReceptionStatus, Role, Stage
from db.io.documents.minutes import minutes_docx
from db.io.documents.render import docx_text
from db.io.exports.minutes import minutes_xlsx
from db.models import Case, MeetingItem, Reception, ReceptionCase, User
from db.receptions.origin import opened_by
from db.reports import handout, minutes, weekly
from db.reports.handout_batch import BatchResult, Confirmed, MeetingCreate, hand_out
from tests.db.factories import (
    act,
    add_user,
    audit_rows,
    case_in_stage,
    current,
    events,
    new_case,
    register_case,
    reported_up,
    set_case,
    snapshot,
    unit_id,
)

TODAY = local_today()


def record(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    m = actors["mediator"]
    village = unit_id(engine, "QSZ01")
    ids = {
        "high": register_case(engine, m, village, risk="high", found_on=TODAY, facts="高风险甲").id,
        "high2": register_case(
            engine,
            actors["coordinator"],
            unit_id(engine, "QSZ02"),
            risk="high",
            found_on=TODAY,
            facts="高风险乙",
        ).id,  # fmt: skip
        "low": register_case(
            engine, m, village, risk="low", found_on=TODAY
        ).id,  # not on the agenda
        "old": new_case(engine, m, "QSZ01"),  # registered long ago, still unassigned
        "up": case_in_stage(engine, actors, Stage.ASSIGNED),  # reported up to the town
        "late": case_in_stage(engine, actors, Stage.ASSIGNED),  # overdue, already assigned
        "away": register_case(
            engine, actors["med_lwz01"], unit_id(engine, "LWZ01"), risk="high", found_on=TODAY
        ).id,  # fmt: skip
    }
    set_case(engine, ids["old"], created_at=utcnow() - timedelta(days=30))
    set_case(engine, ids["late"], deadline=TODAY - timedelta(days=10))
    reported_up(engine, actors, ids["up"])
    return ids


def drafts(engine: Engine, actor: Actor) -> dict[int, handout.Draft]:
    with Session(engine) as session:
        pack = weekly.weekly_pack(session, actor=actor, week_start=TODAY)
        return {d.case_id: d for d in handout.candidates(session, actor=actor, pack=pack)}


def test_the_candidates_are_the_packs_cases_the_reader_may_hand_out(engine, actors) -> None:
    ids = record(engine, actors)
    found = drafts(engine, actors["coordinator"])
    by_name = {v: k for k, v in ids.items()}
    assert {by_name[i]: d.move for i, d in found.items()} == {
        "high": Move.ASSIGN,
        "high2": Move.ASSIGN,
        "old": Move.ASSIGN,
        "up": Move.TAKE,
    }
    assert found[ids["high"]].sections == ("new_high_risk",)
    assert found[ids["up"]].sections == ("reported_up",)


def test_the_drafted_four_fixes(engine, actors) -> None:
    ids = record(engine, actors)
    town_leader = actors["town_leader"]  # the demo's 青石镇党委书记 张伟
    deputy = add_user(engine, "qsz_deputy", "青石镇副镇长 王刚", Role.LEADER, "QSZ")
    add_user(engine, "lwz_deputy", "柳湾镇副镇长 李红", Role.LEADER, "LWZ")  # not above 青石镇
    found = drafts(engine, actors["coordinator"])
    high, old, up = found[ids["high"]], found[ids["old"]], found[ids["up"]]
    # the nearest leaders: the town's (by name) before the county's; another town's never
    assert (high.leader_id, high.leader_name) == (town_leader.id, "青石镇党委书记 张伟")
    assert [i for i, _label in high.leaders] == [town_leader.id, deputy.id, actors["leader"].id]
    assert high.hard and not old.hard  # 五个一: the high-risk one needs a team and a plan
    # the case's village and its mediator; the deadline of the risk (high 7, low 30 days)
    assert (high.unit_id, high.user_id) == (unit_id(engine, "QSZ01"), actors["mediator"].id)
    assert high.deadline == TODAY + timedelta(days=7)
    assert old.deadline == TODAY + timedelta(days=30)
    # a case reported up: taken at the town, by a person of the town (the village's mediator
    # who had it is not); an urgent case's deadline at most the high-risk default
    assert (up.unit_id, up.user_id) == (unit_id(engine, "QSZ"), actors["coordinator"].id)
    with write_session(engine) as session:
        case = session.get(Case, ids["old"])
        assert case is not None
        case.urgent = True
        assert handout.draft_deadline(case, today=TODAY) == TODAY + timedelta(days=7)
        assert handout.draft_lead_leader(session, case) == (town_leader.id, "青石镇党委书记 张伟")


def test_without_a_leader_above_the_case_the_draft_names_none(engine, actors) -> None:
    ids = record(engine, actors)
    with write_session(engine) as session:  # the county's and 青石镇's leaders leave
        for name in ("leader", "town_leader"):
            leader = session.get(User, actors[name].id)
            assert leader is not None
            leader.is_active = False
            session.add(leader)
        session.commit()
        case = session.get(Case, ids["high"])
        assert handout.draft_lead_leader(session, case) is None  # type: ignore[arg-type]


def confirmed(d: handout.Draft, **changes: object) -> Confirmed:
    data = {
        "case_id": d.case_id,
        "version": d.version,
        "move": d.move,
        "leader_id": d.leader_id,
        "unit_id": d.unit_id,
        "user_id": d.user_id,
        "deadline": d.deadline,
        "team": "镇村联合专班：王刚、孙丽" if d.hard else "",
        "measures": "先分别听取双方意见，再组织现场调解" if d.hard else "",
    }
    data.update(changes)
    return Confirmed.model_validate(data)


MEETING = MeetingCreate(week_start=TODAY, held_on=TODAY, attendees="赵强、孙丽、王刚")


def run_batch(engine, actors, ids) -> tuple[BatchResult, dict[str, dict]]:  # type: ignore[no-untyped-def]
    coordinator = actors["coordinator"]
    found = drafts(engine, coordinator)
    # after the page was drawn, the mediator changes one case (its version moves on)
    act(engine, _touch, actor=actors["mediator"], case_id=ids["old"])
    before = {name: snapshot(engine, ids[name]) for name in ("old", "high2")}
    wrong_person = actors["med_lwz01"].id  # of 柳湾镇's village, not of 东河村
    batch = [
        confirmed(found[ids["high"]], decision="限期一周化解，镇司法所协助"),
        confirmed(found[ids["old"]]),  # stale
        confirmed(found[ids["high2"]], user_id=wrong_person),  # refused
        confirmed(found[ids["up"]]),  # taken at the town
    ]
    result = hand_out(engine, actor=coordinator, meeting=MEETING, confirmed=batch)
    return result, before


def _touch(session, *, actor, case_id, version) -> int:  # type: ignore[no-untyped-def]
    """Another user's change of the case: a stage-neutral edit through the moves' writer."""
    case = load_case(session, actor, case_id)
    return save_change(
        session, actor=actor, case=case, version=version, values={"facts": case.facts + "。"},
        kind=EventKind.EDITED, detail={},
    )  # fmt: skip


def test_a_batch_assigns_the_good_cases_and_lists_the_stale_and_the_refused(engine, actors) -> None:
    ids = record(engine, actors)
    result, before = run_batch(engine, actors, ids)
    assert sorted(o.case_id for o in result.assigned) == sorted([ids["high"], ids["up"]])
    reasons = {o.case_id: o.reason for o in result.refused}
    assert reasons[ids["high2"]] == texts.E_PERSON_NOT_OF_UNIT
    assert reasons[ids["old"]].startswith("该案件已被 东河村调解员 孙丽 于")
    for name in ("old", "high2"):  # left as they were
        assert snapshot(engine, ids[name]) == before[name]
    high, up = current(engine, ids["high"]), current(engine, ids["up"])
    assert (high.stage, high.lead_leader, high.responsible_user_id) == (
        Stage.ASSIGNED, "青石镇党委书记 张伟", actors["mediator"].id,
    )  # fmt: skip
    assert (up.stage, up.handling_unit_id, up.reported_up_to_unit_id) == (
        Stage.ASSIGNED, unit_id(engine, "QSZ"), None,
    )  # fmt: skip
    assert events(engine, ids["high"])[-1].kind == EventKind.ASSIGNED
    assert events(engine, ids["up"])[-1].kind == EventKind.REPORT_TAKEN
    for name in ("high", "up"):
        last = audit_rows(engine, ids[name])[-1]
        assert (last.action, last.username) == (AuditAction.UPDATE, "coordinator")


def test_the_minutes_keep_every_case_discussed(engine, actors) -> None:
    ids = record(engine, actors)
    result, _before = run_batch(engine, actors, ids)
    coordinator = actors["coordinator"]
    with Session(engine) as session:
        kept = minutes.minutes(session, actor=coordinator, week_start=TODAY)
    assert kept is not None and kept.id == result.meeting_id
    assert (kept.unit_name, kept.held_on, kept.attendees) == ("青石镇", TODAY, "赵强、孙丽、王刚")
    items = {i.case_id: i for i in kept.items}
    assert set(items) == {ids["high"], ids["old"], ids["high2"], ids["up"]}
    high = items[ids["high"]]
    assert (high.assigned, high.decision, high.lead_leader, high.unit, high.person) == (
        True, "限期一周化解，镇司法所协助", "青石镇党委书记 张伟", "东河村", "东河村调解员 孙丽",
    )  # fmt: skip
    assert items[ids["up"]].decision.startswith(
        "交由青石镇（青石镇综治办 赵强）办理"
    )  # no words given: the fixes said
    assert (items[ids["high2"]].assigned, items[ids["high2"]].refusal) == (
        False, texts.E_PERSON_NOT_OF_UNIT,
    )  # fmt: skip
    # the decision's text may be corrected afterwards, within one's scope only
    with write_session(engine) as session:
        edit = minutes.DecisionEdit(item_id=high.id, decision="限期五天化解")
        minutes.edit_decision(session, actor=coordinator, edit=edit)
    other = add_user(engine, "coord_lwz", "柳湾镇综治办 钱坤", Role.COORDINATOR, "LWZ")
    with pytest.raises(OutOfScope), write_session(engine) as session:
        edit = minutes.DecisionEdit(item_id=high.id, decision="改掉")
        minutes.edit_decision(session, actor=other, edit=edit)
    with Session(engine) as session:
        row = session.get(MeetingItem, high.id)
        assert row is not None and row.decision == "限期五天化解"


def test_a_second_round_of_the_week_adds_to_the_same_minutes(engine, actors) -> None:
    ids = record(engine, actors)
    coordinator = actors["coordinator"]
    found = drafts(engine, coordinator)
    first = hand_out(engine, actor=coordinator, meeting=MEETING,
                     confirmed=[confirmed(found[ids["high"]])])  # fmt: skip
    later = MeetingCreate(week_start=TODAY, held_on=TODAY, attendees="赵强")
    second = hand_out(engine, actor=coordinator, meeting=later,
                      confirmed=[confirmed(found[ids["high2"]])])  # fmt: skip
    assert first.meeting_id == second.meeting_id
    with Session(engine) as session:
        rows = session.exec(
            select(MeetingItem).where(col(MeetingItem.meeting_id) == first.meeting_id)
        ).all()
    assert len(rows) == 2


def test_the_minutes_print_as_xlsx_and_docx(engine, actors) -> None:
    ids = record(engine, actors)
    run_batch(engine, actors, ids)
    with Session(engine) as session:
        kept = minutes.minutes(session, actor=actors["coordinator"], week_start=TODAY)
    assert kept is not None
    numbers = [i.number for i in kept.items]
    sheet = load_workbook(io.BytesIO(minutes_xlsx(kept))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "青石镇 矛盾纠纷研判会议纪要" in cells and "参会人员：赵强、孙丽、王刚" in cells
    assert set(numbers) <= set(cells) and texts.E_PERSON_NOT_OF_UNIT in cells
    text = docx_text(minutes_docx(kept))
    assert "青石镇 矛盾纠纷研判会议纪要" in text and "限期一周化解，镇司法所协助" in text
    assert all(number in text for number in numbers)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"leader_id": "lwz_leader"}, texts.HANDOUT_E_LEADER),
        ({"leader_id": None}, texts.HANDOUT_E_LEADER),
        ({"deadline": TODAY - timedelta(days=1)}, texts.E_DEADLINE_PAST),
        ({"user_id": None}, "责任人："),
    ],
    ids=["leader-of-another-town", "no-leader", "deadline-past", "no-person"],
)
def test_each_refusal_is_listed_with_its_reason_and_the_case_left_alone(
    engine, actors, change, reason
) -> None:
    ids = record(engine, actors)
    coordinator = actors["coordinator"]
    other = add_user(engine, "lwz_leader", "柳湾镇副镇长 李红", Role.LEADER, "LWZ")
    if change.get("leader_id") == "lwz_leader":
        change = {"leader_id": other.id}
    found = drafts(engine, coordinator)
    before = snapshot(engine, ids["high"])
    batch = [confirmed(found[ids["high"]], **change), confirmed(found[ids["old"]])]
    result = hand_out(engine, actor=coordinator, meeting=MEETING, confirmed=batch)
    assert [o.case_id for o in result.assigned] == [ids["old"]]  # the other goes on
    assert [o.case_id for o in result.refused] == [ids["high"]]
    assert result.refused[0].reason.startswith(reason)
    assert snapshot(engine, ids["high"]) == before


def test_a_batch_of_nothing_is_refused(engine, actors) -> None:
    with pytest.raises(Refused) as refused:
        hand_out(engine, actor=actors["coordinator"], meeting=MEETING, confirmed=[])
    assert refused.value.message == texts.HANDOUT_E_NONE


def test_the_minutes_print_hostile_text_as_text(engine, actors) -> None:
    ids = record(engine, actors)
    coordinator = actors["coordinator"]
    found = drafts(engine, coordinator)
    formula, markup = '=HYPERLINK("http://x.example","点")', "<w:p>{{ 7*7 }}</w:p>"
    meeting = MeetingCreate(week_start=TODAY, held_on=TODAY, attendees=markup)
    hand_out(engine, actor=coordinator, meeting=meeting,
             confirmed=[confirmed(found[ids["high"]], decision=formula)])  # fmt: skip
    with Session(engine) as session:
        kept = minutes.minutes(session, actor=coordinator, week_start=TODAY)
    assert kept is not None
    sheet = load_workbook(io.BytesIO(minutes_xlsx(kept))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert (cells[formula].data_type, cells[formula].quotePrefix) == ("s", True)  # not run
    text = docx_text(minutes_docx(kept))
    assert markup in text and formula in text


def test_a_hard_case_goes_out_only_with_its_team_and_plan(engine, actors) -> None:
    """五个一: the high-risk case handed out without a team is refused, unchanged, with the
    reason; given its team and plan the next round hands it out."""
    ids = record(engine, actors)
    coordinator = actors["coordinator"]
    high = drafts(engine, coordinator)[ids["high"]]
    result = hand_out(
        engine, actor=coordinator, meeting=MEETING, confirmed=[confirmed(high, team="")]
    )
    assert [o.reason for o in result.refused] == [texts.E_HARD_CASE_TEAM]
    with read_session(engine) as session:
        case = session.get(Case, ids["high"])
        assert case is not None and case.stage == Stage.REGISTERED
    again = hand_out(engine, actor=coordinator, meeting=MEETING, confirmed=[confirmed(high)])
    assert [o.case_id for o in again.assigned] == [ids["high"]]
    with read_session(engine) as session:
        case = session.get(Case, ids["high"])
        assert case is not None
        assert (case.stage, case.lead_leader_id, case.lead_team) == (
            Stage.ASSIGNED, actors["town_leader"].id, "镇村联合专班：王刚、孙丽",
        )  # fmt: skip


def test_a_case_registered_from_a_reception_is_drafted_to_the_leader_who_received_it(
    engine, actors
) -> None:
    """The county leader received the dispute at 青石镇 and the case was registered from that
    reception: the meeting's draft names that leader (not 青石镇's nearest one), and the case
    page's line says where it came from (db.receptions.origin)."""
    ids = record(engine, actors)
    leader = actors["leader"]
    with write_session(engine) as session:
        reception = Reception(
            kind=ReceptionKind.AT_CENTRE,
            status=ReceptionStatus.DONE,
            held_on=TODAY,
            place="青石镇政府接访室",
            unit_id=unit_id(engine, "QSZ"),
            leader_id=leader.id,
            visitors=2,
            raised="宅基地边界冲突",
            decided="登记交办",
            recorded_by_id=leader.id,
        )
        session.add(reception)
        session.flush()
        session.add(
            ReceptionCase(
                reception_id=reception.id, case_id=ids["high"], opened=True, linked_by_id=leader.id
            )
        )
        session.commit()
    found = drafts(engine, actors["coordinator"])
    assert (found[ids["high"]].leader_id, found[ids["high"]].leader_name) == (
        leader.id,
        "县领导 刘明",
    )
    assert found[ids["high2"]].leader_id == actors["town_leader"].id  # not from a reception
    with read_session(engine) as session:
        origin = opened_by(session, ids["high"])
        assert origin is not None and (origin.leader_name, origin.held_on) == ("县领导 刘明", TODAY)
        assert opened_by(session, ids["high2"]) is None
