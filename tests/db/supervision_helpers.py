"""Builders for the supervision tests: the default checklist, an inspection started and ticked
through the services, and what an inspector would look at afterwards."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.enums import TickResult
from db.models import ChecklistItem, ChecklistTemplate, Inspection, Rectification
from db.supervision import inspections
from db.supervision.checklists import DEFAULT_KEY, ensure_default_template, items_of
from tests.db.factories import unit_id


def default_template(engine: Engine) -> int:
    """The default checklist's current version (written if missing)."""
    with write_session(engine) as session:
        ensure_default_template(session)
        return session.exec(
            select(ChecklistTemplate.id).where(
                ChecklistTemplate.key == DEFAULT_KEY, col(ChecklistTemplate.is_current)
            )
        ).one()


def items(engine: Engine, template_id: int) -> list[ChecklistItem]:
    with Session(engine) as session:
        return items_of(session, template_id)


def start(
    engine: Engine, actor: Actor, unit_code: str = "QSZ01", template_id: int | None = None
) -> int:
    template_id = template_id or default_template(engine)
    with write_session(engine) as session:
        return inspections.start(
            session,
            actor=actor,
            data=inspections.InspectionStart(
                template_id=template_id,
                unit_id=unit_id(engine, unit_code),
                visited_on=local_today() - timedelta(days=1),
                team="陈静、王磊",
            ),
        )


def tick(
    engine: Engine,
    actor: Actor,
    inspection_id: int,
    item_id: int,
    result: TickResult | None,
    note: str | None = None,
) -> None:
    with write_session(engine) as session:
        inspections.tick(
            session,
            actor=actor,
            inspection_id=inspection_id,
            item_id=item_id,
            result=result,
            note=note,
        )


def tick_all(
    engine: Engine, actor: Actor, inspection_id: int, results: dict[int, TickResult]
) -> None:
    """Tick every item: by position from `results`, the rest passed; failures get a note."""
    view = load(engine, actor, inspection_id)
    for position, item in enumerate(view.items, start=1):
        result = results.get(position, TickResult.PASS)
        note = f"第 {position} 项问题" if result == TickResult.FAIL else None
        tick(engine, actor, inspection_id, item.item_id, result, note)


def submit(engine: Engine, actor: Actor, inspection_id: int) -> inspections.InspectionView:
    with write_session(engine) as session:
        return inspections.submit(session, actor=actor, inspection_id=inspection_id)


def load(engine: Engine, actor: Actor, inspection_id: int) -> inspections.InspectionView:
    with Session(engine) as session:
        return inspections.load(session, actor=actor, inspection_id=inspection_id)


def stored(engine: Engine, inspection_id: int) -> Inspection:
    with Session(engine, expire_on_commit=False) as session:
        found = session.get(Inspection, inspection_id)
        assert found is not None
        return found


def rectifications_of(engine: Engine, inspection_id: int) -> list[Rectification]:
    with Session(engine) as session:
        query = select(Rectification).where(Rectification.inspection_id == inspection_id)
        return list(session.exec(query.order_by(col(Rectification.id))).all())
