"""The weekly meeting's minutes (研判会议纪要) as read and printed: the meeting of a unit's week
with every case it discussed (the decision, the four fixes given or the refusal), and the one
change allowed afterwards, the decision's text. db.reports.handout_batch writes them."""

from dataclasses import dataclass
from datetime import date

from pydantic import ConfigDict, Field
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db import texts
from db.clock import utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope
from db.core.validation import CleanTextModel
from db.enums import AuditAction, Move
from db.figures.sql import unit_root
from db.models import Case, MeetingItem, Unit, User, WeeklyMeeting
from db.reports.weekly import week_of


@dataclass(frozen=True)
class MinutesItem:
    id: int
    case_id: int
    number: str
    move: Move
    assigned: bool
    decision: str
    refusal: str
    lead_leader: str
    unit: str
    person: str
    deadline: date | None


@dataclass(frozen=True)
class Minutes:
    id: int
    unit_name: str
    week_start: date
    week_end: date
    held_on: date
    attendees: str
    items: list[MinutesItem]


def minutes(
    session: Session, *, actor: Actor, week_start: date, unit_id: int | None = None
) -> Minutes | None:
    """The minutes of the unit's week (None: no meeting handed out anything yet)."""
    require(actor.role, Permission.WEEKLY_PACK)
    root = unit_root(session, actor, unit_id)  # OutOfScope outside the actor's subtree
    start, end = week_of(week_start)
    row = session.exec(
        select(WeeklyMeeting, Unit.name)
        .join(Unit, col(Unit.id) == WeeklyMeeting.unit_id)
        .where(WeeklyMeeting.unit_id == root.id, WeeklyMeeting.week_start == start)
    ).first()
    if row is None:
        return None
    meeting, unit_name = row
    place, person = aliased(Unit), aliased(User)
    rows = session.exec(
        select(MeetingItem, Case.number, place.name, person.display_name)
        .join(Case, col(Case.id) == MeetingItem.case_id)
        .join(place, col(place.id) == MeetingItem.responsible_unit_id, isouter=True)
        .join(person, col(person.id) == MeetingItem.responsible_user_id, isouter=True)
        .where(MeetingItem.meeting_id == meeting.id)
        .order_by(col(MeetingItem.id))
    ).all()
    items = [
        MinutesItem(
            id=item.id or 0,
            case_id=item.case_id,
            number=number,
            move=item.move,
            assigned=item.assigned,
            decision=item.decision,
            refusal=item.refusal,
            lead_leader=item.lead_leader,
            unit=unit or "",
            person=who or "",
            deadline=item.deadline,
        )
        for item, number, unit, who in rows
    ]
    return Minutes(
        id=meeting.id or 0,
        unit_name=unit_name,
        week_start=start,
        week_end=end,
        held_on=meeting.held_on,
        attendees=meeting.attendees,
        items=items,
    )


class DecisionEdit(CleanTextModel):
    """The decision of one case of the minutes, as corrected after the meeting."""

    model_config = ConfigDict(str_strip_whitespace=True)
    item_id: int
    decision: str = Field(min_length=1, max_length=500)


def edit_decision(session: Session, *, actor: Actor, edit: DecisionEdit) -> None:
    """Change the decision's text of one case in minutes of the actor's scope (audited)."""
    require(actor.role, Permission.WEEKLY_PACK)
    item = session.get(MeetingItem, edit.item_id)
    meeting = session.get(WeeklyMeeting, item.meeting_id) if item else None
    unit = session.get(Unit, meeting.unit_id) if meeting else None
    if item is None or unit is None or not unit.path.startswith(actor.unit_path):
        raise OutOfScope(texts.HANDOUT_E_NO_ITEM)
    item.decision, item.updated_at, item.updated_by_id = edit.decision, utcnow(), actor.id
    session.add(item)
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        case_id=item.case_id,
        target=f"weekly_meeting:{item.meeting_id}",
        detail=texts.HANDOUT_AUDIT_DECISION.format(item=item.id),
    )
    session.commit()
