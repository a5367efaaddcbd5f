"""Migration 0012 recounts the level that resolved a case from its timeline: a case assigned to
a unit of another level (a village case given to the town's 司法所) is handled, and counted as
resolved, at that unit's level; escalated and imported cases keep theirs; the tallies follow in
the same transaction. Each engine gets a database of its own (it is downgraded and upgraded)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session

from db.cases import moves
from db.cases.lifecycle import Escalation
from db.core.actor import Actor
from db.core.engine import make_engine
from db.core.migrate import alembic_config, upgrade
from db.demo.world import build_world
from db.enums import Level, Role, Stage
from db.figures import tally
from db.models import User
from tests.conftest import PASSWORD, fresh_postgres_database
from tests.db.factories import (
    ESCALATION_REASON,
    RESOLUTION,
    act,
    add_user,
    case_in_stage,
    current,
    new_case,
    plan,
    set_case,
    unit_id,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def own_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mig.db'}"
        return
    with fresh_postgres_database("mig12") as url:
        yield url


def test_migration_0012_recounts_the_level_from_the_assignment(own_database: str) -> None:
    upgrade(own_database)
    engine: Engine = make_engine(own_database)
    try:
        with Session(engine) as session:
            world = build_world(session, password=PASSWORD)
            actors = {
                name: Actor.of(session, session.get(User, user_id))  # type: ignore[arg-type]
                for name, user_id in world.users.items()
            }
        village, town, office = (unit_id(engine, c) for c in ("QSZ01", "QSZ", "QSZD1"))
        clerk = add_user(engine, "qsz_sfs", "青石镇司法所 吴敏", Role.MEDIATOR, "QSZD1")
        coordinator = actors["coordinator"]

        to_office = new_case(engine, actors["mediator"], "QSZ01")
        act(engine, moves.assign, actor=coordinator, case_id=to_office, plan=plan(office, clerk.id))
        act(engine, moves.start, actor=clerk, case_id=to_office)
        act(engine, moves.resolve, actor=clerk, case_id=to_office, resolution=RESOLUTION)
        open_at_office = new_case(engine, actors["mediator"], "QSZ01")
        act(
            engine,
            moves.assign,
            actor=coordinator,
            case_id=open_at_office,
            plan=plan(office, clerk.id),
        )
        escalated = case_in_stage(engine, actors, Stage.MEDIATING)
        escalation = Escalation(reason=ESCALATION_REASON, plan=plan(office, clerk.id))
        act(engine, moves.escalate, actor=coordinator, case_id=escalated, escalation=escalation)
        act(engine, moves.start, actor=clerk, case_id=escalated)
        act(engine, moves.resolve, actor=clerk, case_id=escalated, resolution=RESOLUTION)
        at_village = case_in_stage(engine, actors, Stage.CLOSED)
        # As the code before 0012 recorded them: the handling unit stayed at the village.
        for case_id in (to_office, open_at_office):
            set_case(engine, case_id, handling_unit_id=village)
        set_case(engine, to_office, resolved_level=Level.VILLAGE)
        set_case(engine, escalated, resolved_level=Level.TOWN, handling_unit_id=town)

        engine.dispose()
        command.downgrade(alembic_config(own_database), "0011")
        upgrade(own_database)

        found = {
            name: (
                current(engine, case_id).handling_unit_id,
                current(engine, case_id).resolved_level,
            )
            for name, case_id in (
                ("to_office", to_office),
                ("open_at_office", open_at_office),
                ("escalated", escalated),
                ("at_village", at_village),
            )
        }
        assert found == {
            "to_office": (office, Level.TOWN),  # was 不出村; the town's 司法所 resolved it
            "open_at_office": (office, None),
            "escalated": (town, Level.TOWN),  # handled by the level above: as it was
            "at_village": (village, Level.VILLAGE),
        }
        with engine.connect() as connection:
            assert tally.differences(connection) == {"case_tallies": 0, "case_resolve_days": 0}
    finally:
        engine.dispose()
