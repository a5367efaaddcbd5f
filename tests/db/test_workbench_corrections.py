"""Corrections with history (db.cases.corrections) and risk re-rating (db.cases.rerating):
who may, stale forms, history kept and masked, and figures, tallies and search after them.
Every test runs on SQLite and PostgreSQL."""

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from db import texts
from db.cases import rerating, urgent
from db.cases.corrections import PartyEdit
from db.cases.ledger import LedgerFilter, list_cases
from db.cases.lifecycle import MoveRefused, StaleCase
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.scope import OutOfScope
from db.enums import Category, EventKind, Risk, Stage
from db.figures import tally
from db.models import Case
from tests.db.factories import (
    act,
    case_in_stage,
    current,
    events,
    new_case,
    person_id,
    register_case,
    snapshot,
    unit_id,
)
from tests.db.workbench_helpers import correct, correction, parties

IN_STEP = {"case_tallies": 0, "case_resolve_days": 0}


def in_step(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return tally.differences(connection)


def last_detail(engine: Engine, case_id: int) -> dict:
    return json.loads(events(engine, case_id)[-1].detail)


def test_a_coordinator_corrects_facts_and_a_phone_in_one_masked_event(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    first = parties(engine, case_id)[0]
    version = current(engine, case_id).version
    edit = PartyEdit(party_id=first.id or 0, role=first.role, name=first.name, phone="13912345678")
    done = correct(
        engine,
        coordinator,
        case_id,
        category=Category.HOMESTEAD,
        facts="两户因宅基地界桩位置发生争执",
        amount_yuan="3000",
        edited=[edit],
    )
    assert done.version == version + 1
    case = current(engine, case_id)
    assert (case.category, case.amount_fen) == (Category.HOMESTEAD, 300000)
    assert parties(engine, case_id)[0].phone == "13912345678"
    event = events(engine, case_id)[-1]
    assert (event.kind, event.actor_id) == (EventKind.CORRECTED, coordinator.id)
    detail = last_detail(engine, case_id)
    assert detail["纠纷类型"] == "邻里纠纷 → 宅基地"
    assert detail["涉及金额（元）"] == "1200.50 → 3000.00"
    assert detail["当事人张三·联系电话"] == "— → 139****5678"  # masked in the history
    assert "13912345678" not in event.detail
    assert detail["reason"] == "登记时录入有误"
    assert in_step(engine) == IN_STEP


def test_a_stale_correction_form_is_refused_and_nothing_is_written(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    opened = current(engine, case_id).version
    correct(engine, coordinator, case_id, facts="第一次更正")
    kept = snapshot(engine, case_id)
    with pytest.raises(StaleCase):
        correct(engine, coordinator, case_id, version=opened, facts="第二次更正")
    assert snapshot(engine, case_id) == kept
    assert current(engine, case_id).facts == "第一次更正"


def test_who_may_correct(engine: Engine, actors: dict[str, Actor]) -> None:
    mediator = actors["mediator"]
    case_id = new_case(engine, mediator, "QSZ01")  # registered by the mediator just now
    correct(engine, mediator, case_id, facts="登记人当天更正")
    with pytest.raises(OutOfScope):
        correct(engine, actors["med_lwz01"], case_id, facts="别镇的人")
    with pytest.raises(MoveRefused):  # the leader reads, does not correct
        correct(engine, actors["leader"], case_id, facts="领导")
    with write_session(engine) as session:  # a day later the registering user may not
        session.execute(
            update(Case)
            .where(col(Case.id) == case_id)
            .values(created_at=utcnow() - timedelta(hours=25))
        )
        session.commit()
    kept = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as late:
        correct(engine, mediator, case_id, facts="次日再改")
    assert str(late.value) == texts.E_CORRECT_NOT_ALLOWED.format(hours=24)
    assert snapshot(engine, case_id) == kept
    correct(engine, actors["coordinator"], case_id, facts="综治办更正")  # the coordinator may
    assert current(engine, case_id).facts == "综治办更正"


def test_bad_input_is_refused_and_nothing_written(engine: Engine, actors: dict[str, Actor]) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    first, second = parties(engine, case_id)
    for bad in ({"id_number": "130521198506150000"}, {"phone": "12345"}):
        with pytest.raises(ValidationError):
            PartyEdit(party_id=first.id or 0, role=first.role, name=first.name, **bad)
    with pytest.raises(ValidationError):
        correction(engine, case_id, found_on=local_today() + timedelta(days=1))
    with pytest.raises(ValidationError):
        correction(engine, case_id, reason="")
    kept = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as same:
        correct(engine, coordinator, case_id)
    assert str(same.value) == texts.E_NO_CHANGE
    removals = [{"party_id": p.id, "reason": "重复录入"} for p in (first, second)]
    with pytest.raises(MoveRefused) as last:
        correct(engine, coordinator, case_id, removed=removals)
    assert str(last.value) == texts.E_LAST_PARTY
    with pytest.raises(MoveRefused):
        correct(engine, coordinator, case_id, removed=[{"party_id": 10**6, "reason": "无"}])
    foreign = unit_id(engine, "LWZ01")
    with pytest.raises(OutOfScope):
        correct(engine, coordinator, case_id, unit_id=foreign)
    assert snapshot(engine, case_id) == kept
    assert len(parties(engine, case_id)) == 2


def test_parties_added_and_removed_with_the_duplicate_warning(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator, mediator = actors["coordinator"], actors["mediator"]
    other = register_case(
        engine,
        mediator,
        unit_id(engine, "QSZ01"),
        facts="另一起纠纷",
        parties=[{"role": "applicant", "name": "王五", "id_number": person_id(42)}],
    ).id
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    second = parties(engine, case_id)[1]
    done = correct(
        engine,
        coordinator,
        case_id,
        added=[{"role": "other", "name": "王五", "id_number": person_id(42)}],
        removed=[{"party_id": second.id, "reason": "并非当事人"}],
    )
    assert [hit.case_id for hit in done.duplicates] == [other]
    assert [p.name for p in parties(engine, case_id)] == ["张三", "王五"]
    detail = last_detail(engine, case_id)
    assert "并非当事人" in detail["删除此当事人·李四"]
    assert person_id(42) not in json.dumps(detail, ensure_ascii=False)
    assert "130***" in detail["新增当事人·王五"]


def test_figures_tallies_and_search_follow_the_corrected_values(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.RESOLVED)
    first = parties(engine, case_id)[0]
    edit = PartyEdit(party_id=first.id or 0, role=first.role, name="张叁丰", phone=None)
    correct(
        engine,
        coordinator,
        case_id,
        category=Category.LABOUR,
        unit_id=unit_id(engine, "QSZ02"),
        found_on=local_today() - timedelta(days=40),
        facts="拖欠工资引发的劳资纠纷",
        edited=[edit],
    )
    assert in_step(engine) == IN_STEP
    with Session(engine) as session:
        found = list_cases(session, actor=coordinator, filters=LedgerFilter(search="劳资纠纷"))
        by_name = list_cases(session, actor=coordinator, filters=LedgerFilter(search="张叁丰"))
        old = list_cases(session, actor=coordinator, filters=LedgerFilter(search="宅基地边界"))
        labour = list_cases(
            session, actor=coordinator, filters=LedgerFilter(categories=[Category.LABOUR])
        )
    assert [r.id for r in found.rows] == [case_id]
    assert [r.id for r in by_name.rows] == [case_id]
    assert case_id not in [r.id for r in old.rows]
    assert [(r.id, r.unit) for r in labour.rows] == [(case_id, "南湾村")]


# Risk re-rating ---------------------------------------------------------------------------


def rate(engine: Engine, actor: Actor, case_id: int, version: int | None = None, **data: object):
    values: dict[str, object] = {"risk": Risk.HIGH, "reason": "双方矛盾激化，扬言报复"}
    values.update(data)
    return act(
        engine,
        rerating.rerate,
        actor=actor,
        case_id=case_id,
        version=version,
        rating=rerating.Rerating.model_validate(values),
    )


def test_raising_to_high_may_shorten_the_deadline_and_lowering_never_lengthens_it(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    with write_session(engine) as session:  # a deadline further off than the high-risk default
        far = local_today() + timedelta(days=20)
        session.execute(update(Case).where(col(Case.id) == case_id).values(deadline=far))
        session.commit()
    rate(engine, mediator, case_id, shorten_deadline=True)
    case = current(engine, case_id)
    assert (case.risk, case.deadline) == (Risk.HIGH, local_today() + timedelta(days=7))
    detail = last_detail(engine, case_id)
    assert detail["risk"] == "低 → 高"
    assert (detail["old_deadline"], detail["new_deadline"]) == (
        far.isoformat(),
        (local_today() + timedelta(days=7)).isoformat(),
    )
    assert not case.urgent  # two people: high risk alone is not urgent
    rate(engine, mediator, case_id, risk=Risk.LOW, reason="协议已部分履行")
    assert current(engine, case_id).deadline == local_today() + timedelta(days=7)
    kinds = [e.kind for e in events(engine, case_id)]
    assert kinds.count(EventKind.RERATED) == 2  # the timeline keeps every rating
    assert in_step(engine) == IN_STEP
    with Session(engine) as session:
        low = list_cases(session, actor=mediator, filters=LedgerFilter(risks=[Risk.LOW]))
    assert case_id in [r.id for r in low.rows]


def test_a_rating_that_makes_the_case_urgent_reports_it(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    with Session(engine) as session:
        assert urgent.unacknowledged(session, actor=coordinator) == []
    rate(engine, coordinator, case_id, risk=Risk.MEDIUM, group_risk=True)
    case = current(engine, case_id)
    assert case.urgent and case.group_risk
    assert case.deadline is not None and case.deadline <= local_today() + timedelta(days=7)
    with Session(engine) as session:
        banner = urgent.unacknowledged(session, actor=coordinator)
        county = urgent.unacknowledged(session, actor=actors["county_coord"])
    assert [c["case_id"] for c in banner] == [case_id]
    assert [c["case_id"] for c in county] == [case_id]


def test_who_may_rerate_and_stale_forms(engine: Engine, actors: dict[str, Actor]) -> None:
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    opened = current(engine, case_id).version
    kept = snapshot(engine, case_id)
    with pytest.raises(MoveRefused) as leader:
        rate(engine, actors["leader"], case_id)
    assert str(leader.value) == texts.E_RERATE_NOT_ALLOWED
    with pytest.raises(OutOfScope):
        rate(engine, actors["med_lwz01"], case_id)
    with pytest.raises(MoveRefused) as same:
        rate(engine, actors["mediator"], case_id, risk=Risk.LOW)
    assert str(same.value) == texts.E_RERATE_SAME
    assert snapshot(engine, case_id) == kept
    rate(engine, actors["county_coord"], case_id)  # a coordinator of the scope may
    with pytest.raises(StaleCase):
        rate(engine, actors["mediator"], case_id, version=opened, risk=Risk.MEDIUM)
    closed = case_in_stage(engine, actors, Stage.CLOSED)
    with pytest.raises(MoveRefused) as finished:
        rate(engine, actors["coordinator"], closed)
    assert str(finished.value) == texts.E_RERATE_STAGE
