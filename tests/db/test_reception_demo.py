"""The demo's reception register: recorded through the services on a generated demo, it is not
empty this month or last, its receptions concern open cases, a 带案下访 waits ahead with its
cases, and nothing in it names a visitor."""

from sqlalchemy import Engine
from sqlmodel import Session, select

from db.clock import local_today
from db.core.actor import Actor
from db.demo.cases import generate_cases
from db.demo.receptions import RECEPTIONS, seed_receptions
from db.demo.world import World
from db.enums import ReceptionStatus
from db.models import Reception, ReceptionCase
from db.receptions.reading import reception_detail


def test_the_demo_register_is_not_empty_and_names_nobody(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=200, seed=7, today=local_today())
        made = seed_receptions(session)
        rows = session.exec(select(Reception).order_by(Reception.id)).all()  # type: ignore[arg-type]
        links = session.exec(select(ReceptionCase)).all()
        details = [reception_detail(session, actors["leader"], i) for i in made]
    assert len(made) == len(RECEPTIONS) == len(rows)
    assert [r.status for r in rows].count(ReceptionStatus.PLANNED) == 1
    assert all(r.visitor_names == "" and r.visitor_phones == "" for r in rows)
    assert len(links) == 2 * len(RECEPTIONS) and not any(link.opened for link in links)
    planned = next(d for d in details if d.status == ReceptionStatus.PLANNED)
    assert planned.held_on > local_today() and len(planned.cases) == 2
