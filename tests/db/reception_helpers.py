"""Builders for the reception register's tests: a valid record form, a reception recorded."""

from datetime import timedelta

from sqlalchemy import Engine

from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.receptions import book
from db.receptions.schemas import ReceptionInput

VISITOR = "韩梅梅"  # a visitor's name: on the reception only, never found by it
VISITOR_PHONE = "13912345678"


def reception_form(unit: int, leader: int, **changes: object) -> ReceptionInput:
    data: dict[str, object] = {
        "kind": "at_centre",
        "status": "done",
        "held_on": local_today() - timedelta(days=1),
        "place": "县综治中心接访室",
        "unit_id": unit,
        "leader_id": leader,
        "accompanied": "县信访局 王敏",
        "visitors": 2,
        "raised": "反映村道拓宽占用承包地未补偿",
        "decided": "请青石镇三日内核实并答复",
        "visitor_names": VISITOR,
        "visitor_phones": VISITOR_PHONE,
    }
    data.update(changes)
    return ReceptionInput.model_validate(data)


def record_reception(
    engine: Engine, actor: Actor, unit: int, leader: int | None = None, **changes: object
) -> int:
    with write_session(engine) as session:
        form = reception_form(unit, actor.id if leader is None else leader, **changes)
        return book.record(session, actor=actor, data=form)
