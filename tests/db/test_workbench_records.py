"""Records of work (db.cases.records), the 化解方案 and 最近办理 (last worked on). Every test
runs on SQLite and PostgreSQL."""

import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db import texts
from db.cases import actions as case_actions
from db.cases import moves, records
from db.cases.ledger import LedgerFilter, get_case, list_cases
from db.cases.lifecycle import MoveRefused
from db.cases.timeline import group_of, newest_first
from db.clock import utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import EventKind, RecordKind, Role, Stage
from db.io.exports.forms import case_forms_xlsx
from db.models import Case, CaseRecord
from tests.abuse_payloads import KEPT
from tests.db.factories import (
    act,
    add_user,
    audit_rows,
    case_in_stage,
    current,
    events,
    new_case,
    person_id,
    plan,
    snapshot,
    unit_id,
)
from tests.db.workbench_helpers import add_record, record_input, record_row


def test_a_handler_adds_a_record_as_a_timeline_entry_without_making_forms_stale(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    before = current(engine, case_id)
    record_id = add_record(engine, mediator, case_id)
    after = current(engine, case_id)
    assert after.version == before.version  # a record does not change the handling
    event = events(engine, case_id)[-1]
    assert (event.kind, event.actor_id) == (EventKind.RECORD, mediator.id)
    detail = json.loads(event.detail)
    assert detail["record"] == record_id
    assert detail["kind"] == "调解会" and "原界桩" in detail["content"]
    assert audit_rows(engine, case_id)[-1].detail == texts.label(EventKind.RECORD)
    assert after.last_worked_at is not None and after.last_worked_at >= event.at
    with Session(engine) as session:
        fields = records.record_fields(session, mediator, record_id)
    assert fields["kind"] == "调解会"
    assert fields["place"] == "东河村调解室"
    assert fields["case_number"] == after.number
    assert fields["author"] == mediator.display_name
    assert fields["next_step_on"] == record_input().next_step_on
    assert fields["corrected"] is False


def test_who_may_add_a_record(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)  # handled by 东河村
    kept = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as refused:  # the town's coordinator: not the handling unit
        add_record(engine, actors["coordinator"], case_id)
    assert str(refused.value) == texts.E_RECORD_NOT_HANDLER
    with pytest.raises(MoveRefused):  # the county's coordinator: in scope, not the handler
        add_record(engine, actors["county_coord"], case_id)
    for other in ("med_qsz02", "med_lwz01"):  # another village's mediator
        with pytest.raises(OutOfScope):
            add_record(engine, actors[other], case_id)
    with pytest.raises(NotAllowed):
        add_record(engine, actors["supervisor"], case_id)
    with pytest.raises(MoveRefused):  # a leader who is not its lead leader (包案领导)
        add_record(engine, actors["town_leader"], case_id)
    assert snapshot(engine, case_id) == kept
    assert len(_records(engine, case_id)) == 0


def test_a_coordinator_of_the_handling_unit_adds_records(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = new_case(engine, actors["mediator"], "QSZ01")
    town = unit_id(engine, "QSZ")
    act(engine, moves.assign, actor=coordinator, case_id=case_id, plan=plan(town, coordinator.id))
    add_record(engine, coordinator, case_id, kind=RecordKind.MEETING)
    assert [r.kind for r in _records(engine, case_id)] == [RecordKind.MEETING]


@pytest.mark.parametrize("stage", [Stage.CLOSED, Stage.REFERRED])
def test_no_record_on_a_finished_case(
    engine: Engine, actors: dict[str, Actor], stage: Stage
) -> None:
    case_id = case_in_stage(engine, actors, stage)
    with pytest.raises(MoveRefused) as refused:
        add_record(engine, actors["mediator"], case_id)
    assert str(refused.value) == texts.E_RECORD_STAGE


def test_a_resolved_case_takes_records(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    add_record(engine, actors["mediator"], case_id, kind=RecordKind.VISIT)
    assert len(_records(engine, case_id)) == 1


def test_bad_input_is_refused_in_chinese(engine: Engine, actors: dict[str, Actor]) -> None:
    with pytest.raises(ValidationError) as refused:
        record_input(participants=f"张三（{person_id(7)}）")
    assert texts.E_RECORD_ID_NUMBER in str(refused.value)
    with pytest.raises(ValidationError):
        record_input(content="")
    with pytest.raises(ValidationError):
        record_input(content="x\x00y")
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    with pytest.raises(MoveRefused) as future:
        add_record(engine, actors["mediator"], case_id, held_on=utcnow().date() + timedelta(days=2))
    assert str(future.value) == texts.E_RECORD_FUTURE
    assert _records(engine, case_id) == []


def test_hostile_text_is_stored_as_written(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    for text in KEPT.values():
        add_record(engine, actors["mediator"], case_id, content=text, place=text[:200])
    assert sorted(r.content for r in _records(engine, case_id)) == sorted(KEPT.values())


def test_the_author_corrects_within_a_day_and_the_old_text_stays(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    record_id = add_record(engine, mediator, case_id)
    fixed = record_input(content="双方同意以新界桩为界", place="村委会")
    colleague = add_user(engine, "med2", "东河村调解员 钱红", Role.MEDIATOR, "QSZ01")
    with pytest.raises(MoveRefused) as other:
        _correct(engine, colleague, record_id, 1, fixed)
    assert str(other.value) == texts.E_RECORD_NOT_AUTHOR
    assert _correct(engine, mediator, record_id, 1, fixed) == 2
    row = record_row(engine, record_id)
    assert (row.content, row.place, row.corrected_at is not None) == (
        "双方同意以新界桩为界",
        "村委会",
        True,
    )
    kinds = [e.kind for e in events(engine, case_id)]
    assert kinds[-2:] == [EventKind.RECORD, EventKind.RECORD_CORRECTED]
    original, correction = (json.loads(e.detail) for e in events(engine, case_id)[-2:])
    assert "原界桩" in original["content"]  # the record as first written
    assert correction["content"] == "双方同意以原界桩为界，李四拆除越界围墙 → 双方同意以新界桩为界"
    assert correction["place"] == "东河村调解室 → 村委会"
    with pytest.raises(MoveRefused) as stale:  # a form opened before the correction
        _correct(engine, mediator, record_id, 1, record_input(content="再改"))
    assert str(stale.value) == texts.E_RECORD_STALE
    with pytest.raises(MoveRefused) as same:
        _correct(engine, mediator, record_id, 2, fixed)
    assert str(same.value) == texts.E_NO_CHANGE
    with write_session(engine) as session:  # a day later
        session.execute(
            update(CaseRecord)
            .where(col(CaseRecord.id) == record_id)
            .values(created_at=utcnow() - timedelta(hours=25))
        )
        session.commit()
    with pytest.raises(MoveRefused) as late:
        _correct(engine, mediator, record_id, 2, record_input(content="再改"))
    assert str(late.value) == texts.E_RECORD_TOO_LATE.format(hours=24)
    assert len(_records(engine, case_id)) == 1  # never deleted, never doubled


def test_the_plan_is_given_at_assignment_and_revised_by_a_record(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = new_case(engine, mediator, "QSZ01")
    village = unit_id(engine, "QSZ01")
    measures = "一、实地勘界；二、召集双方调解；三、签订协议"
    act(
        engine,
        moves.assign,
        actor=coordinator,
        case_id=case_id,
        plan=plan(village, mediator.id, measures=measures),
    )
    assert current(engine, case_id).resolution_plan == measures
    assert json.loads(events(engine, case_id)[-1].detail)["plan"] == measures
    act(engine, moves.start, actor=mediator, case_id=case_id)
    add_record(engine, mediator, case_id, kind=RecordKind.PLAN, content="改为请镇司法所参与调解")
    with Session(engine) as session:
        case = get_case(session, actor=coordinator, case_id=case_id, audit_view=False)
    assert case.resolution_plan == "改为请镇司法所参与调解"
    newest = newest_first(case.events)
    assert [group_of(e.kind) for e in newest[:3]] == ["record", "move", "move"]
    assert [e.kind for e in newest_first(case.events, ["record"])] == [EventKind.RECORD]


def test_last_worked_on_sorts_and_filters_the_ledger(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    idle = case_in_stage(engine, actors, Stage.MEDIATING)
    busy = case_in_stage(engine, actors, Stage.MEDIATING)
    with write_session(engine) as session:  # nothing done on `idle` for ten days
        session.execute(
            update(Case)
            .where(col(Case.id) == idle)
            .values(last_worked_at=utcnow() - timedelta(days=10))
        )
        session.commit()
    with Session(engine) as session:
        stale = list_cases(session, actor=coordinator, filters=LedgerFilter(idle_days=7))
        ordered = list_cases(session, actor=coordinator, filters=LedgerFilter(sort="last_worked"))
    assert [r.id for r in stale.rows] == [idle]
    assert stale.rows[0].worked_days == 10
    assert [r.id for r in ordered.rows][:1] == [idle]
    assert {r.id: r.worked_days for r in ordered.rows}[busy] == 0
    add_record(engine, mediator, idle)  # work again: off the list
    with Session(engine) as session:
        assert list_cases(session, actor=coordinator, filters=LedgerFilter(idle_days=7)).total == 0
    worked = current(engine, idle).last_worked_at
    with write_session(engine) as session:  # a leader's flag is not work on the dispute
        case_actions.flag(session, actor=actors["leader"], case_id=idle, on=True, note="督办")
    assert current(engine, idle).last_worked_at == worked


def _records(engine: Engine, case_id: int) -> list[CaseRecord]:
    with Session(engine) as session:
        query = select(CaseRecord).where(CaseRecord.case_id == case_id)
        return list(session.exec(query.order_by(col(CaseRecord.id))).all())


def _correct(
    engine: Engine, actor: Actor, record_id: int, version: int, record: records.RecordInput
) -> int:
    with write_session(engine) as session:
        return records.correct_record(
            session, actor=actor, record_id=record_id, version=version, record=record
        )


def test_the_plan_is_printed_on_the_register_form(engine: Engine, actors: dict[str, Actor]) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = new_case(engine, mediator, "QSZ01")
    village = unit_id(engine, "QSZ01")
    measures = "=一、实地勘界；二、召集双方调解"  # formula-looking text stays text
    act(
        engine,
        moves.assign,
        actor=coordinator,
        case_id=case_id,
        plan=plan(village, mediator.id, measures=measures),
    )
    with write_session(engine) as session:
        data = case_forms_xlsx(session, actor=coordinator, case_id=case_id)
    register = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = {row[0].value: row[1] for row in register.iter_rows() if row[0].value}
    cell = rows[texts.FORM_ITEMS["plan"]]
    assert (cell.value, cell.data_type) == (measures, "s")
