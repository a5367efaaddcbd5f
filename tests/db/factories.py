"""Small builders shared by the db tests: valid forms, unit ids, registered cases."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session, select

from db.cases import Registered, register
from db.clock import local_today
from db.engine import write_session
from db.models import Unit
from db.schemas import CaseCreate
from db.scope import Actor


def gb11643(first17: str) -> str:
    """The full ID number for 17 digits, by ISO 7064 MOD 11-2 (independent of db.validation)."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def person_id(serial: int, born: date = date(1985, 6, 15)) -> str:
    """A valid ID number, different for each serial (0-999)."""
    return gb11643(f"130521{born:%Y%m%d}{serial:03d}")


def unit_id(engine: Engine, code: str) -> int:
    with Session(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == code)).one()
        assert unit.id is not None
        return unit.id


def form(unit: int, *, facts: str = "两户因宅基地边界发生争执", **changes: object) -> CaseCreate:
    data: dict[str, object] = {
        "category": "neighbour",
        "found_via": "visit",
        "found_on": local_today() - timedelta(days=1),
        "unit_id": unit,
        "facts": facts,
        "people_involved": 2,
        "amount_yuan": Decimal("1200.50"),
        "risk": "low",
        "parties": [{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}],
    }
    data.update(changes)
    return CaseCreate.model_validate(data)


def register_case(engine: Engine, actor: Actor, unit: int, **changes: object) -> Registered:
    with write_session(engine) as session:
        return register(session, actor=actor, data=form(unit, **changes))
