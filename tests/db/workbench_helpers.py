"""Builders for the workbench tests (db.cases.records, corrections, rerating)."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.cases import corrections, records
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.enums import RecordKind
from db.models import Case, CaseRecord, Party


def record_input(**changes: object) -> records.RecordInput:
    data: dict[str, object] = {
        "kind": RecordKind.SESSION,
        "held_on": local_today() - timedelta(days=1),
        "place": "东河村调解室",
        "participants": "张三、李四、村调解员孙丽",
        "content": "双方同意以原界桩为界，李四拆除越界围墙",
        "next_step": "三日后回访确认拆除",
        "next_step_on": local_today() + timedelta(days=3),
    }
    data.update(changes)
    return records.RecordInput.model_validate(data)


def add_record(engine: Engine, actor: Actor, case_id: int, **changes: object) -> int:
    with write_session(engine) as session:
        return records.add_record(
            session, actor=actor, case_id=case_id, record=record_input(**changes)
        )


def record_row(engine: Engine, record_id: int) -> CaseRecord:
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(CaseRecord, record_id)
        assert row is not None
        return row


def parties(engine: Engine, case_id: int) -> list[Party]:
    with Session(engine) as session:
        query = select(Party).where(Party.case_id == case_id).order_by(col(Party.id))
        return list(session.exec(query).all())


def correction(engine: Engine, case_id: int, **changes: object) -> corrections.CaseCorrection:
    """The correction form as first shown (every field as the case has it), then changed."""
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        data: dict[str, object] = {
            "category": case.category,
            "local_category_id": case.local_category_id,
            "found_on": case.found_on,
            "unit_id": case.unit_id,
            "facts": case.facts,
            "people_involved": case.people_involved,
            "amount_yuan": Decimal(case.amount_fen) / 100,
            "reason": "登记时录入有误",
        }
    data.update(changes)
    return corrections.CaseCorrection.model_validate(data)


def correct(
    engine: Engine, actor: Actor, case_id: int, version: int | None = None, **changes: object
) -> corrections.Corrected:
    data = correction(engine, case_id, **changes)
    with write_session(engine) as session:
        if version is None:
            version = session.exec(select(Case.version).where(Case.id == case_id)).one()
        return corrections.correct(
            session, actor=actor, case_id=case_id, version=version, data=data
        )
