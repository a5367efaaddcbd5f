"""周交办 in one go: the cases the meeting confirmed, each handed out as a normal assign (or, for a
case reported up, a normal take) through db.cases.moves / db.cases.report_up — every rule, the
stale-form check against the version the page showed, the event and the audit row — each in a
transaction of its own, so that one refused case does not stop the others; and the minutes
(研判会议纪要, db.models.meetings) written as it goes.

An assigned case's minutes item is added to the same transaction as its assignment (both or
neither); a refused case's item, with the reason, is written in a transaction of its own after
the refused one has ended, the case left as it was.
"""

from dataclasses import dataclass
from datetime import date

from pydantic import ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.cases import moves, report_up
from db.cases.lifecycle import AssignPlan
from db.cases.schemas import field_errors
from db.clock import local_today, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.errors import Invalid, Refused
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope, load_case
from db.core.validation import CleanTextModel, check_past_date
from db.enums import AuditAction, Move
from db.figures.sql import unit_root
from db.models import Case, MeetingItem, Unit, User, WeeklyMeeting
from db.reports.handout import leaders_for
from db.reports.weekly import week_of


class Confirmed(CleanTextModel):
    """One case the meeting confirmed, with the four fixes as it gave them and the version of
    the case the page showed."""

    model_config = ConfigDict(str_strip_whitespace=True)
    case_id: int
    version: int
    move: Move = Move.ASSIGN
    leader_id: int | None = None
    unit_id: int | None = None
    user_id: int | None = None
    deadline: date | None = None
    team: str = Field(default="", max_length=500)  # 五个一 of a hard case
    measures: str = Field(default="", max_length=2000)
    decision: str = Field(default="", max_length=500)


class MeetingCreate(CleanTextModel):
    """The meeting: the week (any day of it), the pack's unit (None: the actor's own), the day
    it was held and who attended."""

    model_config = ConfigDict(str_strip_whitespace=True)
    week_start: date
    unit_id: int | None = None
    held_on: date
    attendees: str = Field(min_length=1, max_length=500)

    @field_validator("held_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        return check_past_date(value, today=local_today())


@dataclass(frozen=True)
class Outcome:
    case_id: int
    number: str
    reason: str = ""  # why it was refused (Chinese); empty once assigned


@dataclass(frozen=True)
class BatchResult:
    meeting_id: int
    assigned: list[Outcome]
    refused: list[Outcome]


def _plan(draft: Confirmed, leader_id: int) -> AssignPlan:
    """The four fixes as db.cases.moves takes them: the one place a hand-out builds its plan."""
    return AssignPlan.model_validate(
        {
            "lead_leader_id": leader_id,
            "team": draft.team,
            "measures": draft.measures,
            "responsible_unit_id": draft.unit_id,
            "responsible_user_id": draft.user_id,
            "deadline": draft.deadline,
        }
    )


def _why(error: ValidationError) -> str:
    """A validation error of the four fixes as one Chinese sentence, field by field."""
    return "；".join(
        f"{texts.MOVE_FIELDS.get(path.split('.')[-1], path)}：{message}"
        for path, message in field_errors(error).items()
    )


def _leader(session: Session, case: Case, draft: Confirmed) -> tuple[int, str]:
    """The chosen leader, one whose scope holds the case (db.cases.leaders' rule)."""
    chosen = {o.id: o.name for o in leaders_for(session, case, draft.unit_id).options}
    if draft.leader_id is None or draft.leader_id not in chosen:
        raise Invalid(texts.HANDOUT_E_LEADER, field="lead_leader")
    return draft.leader_id, chosen[draft.leader_id]


def _decision(session: Session, draft: Confirmed) -> str:
    """The meeting's words, or, when it gave none, the hand-out said plainly."""
    if draft.decision:
        return draft.decision
    unit = session.get(Unit, draft.unit_id or 0)
    person = session.get(User, draft.user_id or 0)
    return texts.HANDOUT_DECISION_DEFAULT.format(
        unit=unit.name if unit else "",
        person=person.display_name if person else "",
        deadline=draft.deadline,
    )


def _assign_one(session: Session, actor: Actor, meeting_id: int, draft: Confirmed) -> None:
    case = load_case(session, actor, draft.case_id)
    leader_id, leader_name = _leader(session, case, draft)
    plan = _plan(draft, leader_id)
    session.add(
        MeetingItem(
            meeting_id=meeting_id,
            case_id=draft.case_id,
            move=draft.move,
            assigned=True,
            decision=_decision(session, draft),
            lead_leader_id=leader_id,
            lead_leader=leader_name,
            responsible_unit_id=plan.responsible_unit_id,
            responsible_user_id=plan.responsible_user_id,
            deadline=plan.deadline,
            updated_by_id=actor.id,
        )
    )
    service = report_up.take if draft.move == Move.TAKE else moves.assign
    # commits the case, its event, its audit row and the minutes item together
    service(session, actor=actor, case_id=draft.case_id, version=draft.version, plan=plan)


def _refused_item(
    engine: Engine, actor: Actor, meeting_id: int, draft: Confirmed, why: str
) -> None:
    """The refused case in the minutes: the fixes as the meeting gave them (those that name an
    existing leader, unit or person) and the reason."""
    with write_session(engine) as session:
        leader = session.get(User, draft.leader_id or 0)
        unit = session.get(Unit, draft.unit_id or 0)
        person = session.get(User, draft.user_id or 0)
        session.add(
            MeetingItem(
                meeting_id=meeting_id,
                case_id=draft.case_id,
                move=draft.move,
                assigned=False,
                refusal=why[:500],
                decision=draft.decision,
                lead_leader_id=leader.id if leader else None,
                lead_leader=leader.display_name if leader else "",
                responsible_unit_id=unit.id if unit else None,
                responsible_user_id=person.id if person else None,
                deadline=draft.deadline,
                updated_by_id=actor.id,
            )
        )
        session.commit()


def _meeting(engine: Engine, actor: Actor, meeting: MeetingCreate) -> int:
    """The week's minutes of the unit, made or brought up to date (date held, attendees)."""
    start, _end = week_of(meeting.week_start)
    with write_session(engine) as session:
        root = unit_root(session, actor, meeting.unit_id)  # OutOfScope outside the subtree
        row = session.exec(
            select(WeeklyMeeting).where(
                WeeklyMeeting.unit_id == root.id, WeeklyMeeting.week_start == start
            )
        ).first()
        if row is None:
            row = WeeklyMeeting(
                unit_id=root.id,
                week_start=start,
                created_by_id=actor.id,
                held_on=meeting.held_on,
                attendees=meeting.attendees,
            )
        row.held_on, row.attendees, row.updated_at = meeting.held_on, meeting.attendees, utcnow()
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action=AuditAction.UPDATE,
            target=f"weekly_meeting:{row.id}",
            detail=texts.HANDOUT_AUDIT.format(start=start, unit=root.id),
        )
        session.commit()
        return row.id or 0


def hand_out(
    engine: Engine, *, actor: Actor, meeting: MeetingCreate, confirmed: list[Confirmed]
) -> BatchResult:
    """Hand out every confirmed case (see the module's docstring); returns the assigned and
    the refused ones, each refused with its reason."""
    require(actor.role, Permission.WEEKLY_PACK)
    if not confirmed:
        raise Invalid(texts.HANDOUT_E_NONE)
    meeting_id = _meeting(engine, actor, meeting)
    with read_session(engine) as session:
        ids = [d.case_id for d in confirmed]
        numbers = dict(
            session.exec(
                select(Case.id, Case.number).where(col(Case.id).in_(ids), case_in_scope(actor))
            ).all()
        )
    assigned, refused = [], []
    for draft in confirmed:
        number = numbers.get(draft.case_id)
        try:
            with write_session(engine) as session:
                _assign_one(session, actor, meeting_id, draft)
        except Refused as refusal:
            why = refusal.message
        except ValidationError as error:
            why = _why(error)
        else:
            assigned.append(Outcome(draft.case_id, number or ""))
            continue
        if number is None:  # not a case of the reader's scope: nothing to keep in the minutes
            refused.append(Outcome(draft.case_id, f"#{draft.case_id}", why))
            continue
        _refused_item(engine, actor, meeting_id, draft, why)
        refused.append(Outcome(draft.case_id, number, why))
    return BatchResult(meeting_id, assigned, refused)
