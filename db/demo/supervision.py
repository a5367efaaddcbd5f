"""The demo's supervision: one inspection of 南湾村 submitted by the demo supervisor a week ago,
so that the bulletin and the rectifications are not empty. Deterministic (no randomness)."""

from datetime import timedelta

from sqlmodel import Session, select

from db.clock import local_today
from db.core.actor import Actor
from db.enums import TickResult
from db.models import ChecklistTemplate, Unit, User
from db.supervision import inspections
from db.supervision.checklists import DEFAULT_KEY, ensure_default_template, items_of

# Items (by position) the demo inspection found wanting, with the note the team wrote.
FAILED = {5: "近三个月仅有一次例会记录", 8: "两件超期案件未记录原因"}


def seed_inspection(session: Session) -> int:
    ensure_default_template(session)
    template = session.exec(
        select(ChecklistTemplate).where(
            ChecklistTemplate.key == DEFAULT_KEY, ChecklistTemplate.is_current
        )
    ).one()
    user = session.exec(select(User).where(User.username == "supervisor")).one()
    unit = session.exec(select(Unit).where(Unit.code == "QSZ02")).one()
    actor = Actor.of(session, user)
    inspection_id = inspections.start(
        session,
        actor=actor,
        data=inspections.InspectionStart(
            template_id=template.id or 0,
            unit_id=unit.id or 0,
            visited_on=local_today() - timedelta(days=7),
            team="陈静、王磊",
        ),
    )
    for item in items_of(session, template.id or 0):
        failed = FAILED.get(item.position)
        inspections.tick(
            session,
            actor=actor,
            inspection_id=inspection_id,
            item_id=item.id or 0,
            result=TickResult.FAIL if failed else TickResult.PASS,
            note=failed or "",
        )
    inspections.submit(session, actor=actor, inspection_id=inspection_id)
    return inspection_id
