"""My work (我的工作): one person's list, the cases they are responsible for."""

from pydantic import BaseModel
from sqlalchemy import exists
from sqlmodel import Session, col, select

from db.cases.board import RISK_RANK, Card, cards_where
from db.core.actor import Actor
from db.core.scope import case_in_scope
from db.enums import OPEN_STAGES, EventKind, Stage
from db.models import Case, CaseEvent

LIMIT = 50


class MyWork(BaseModel):
    open: list[Card]  # my open cases, the overdue and nearest deadlines first
    follow_ups: list[Card]  # resolved, waiting for my follow-up visit
    extended: list[Card]  # cases I assigned whose deadline was later extended


def my_work(session: Session, *, actor: Actor) -> MyWork:
    mine = [case_in_scope(actor), Case.responsible_user_id == actor.id]
    open_cases = cards_where(
        session,
        actor,
        [*mine, col(Case.stage).in_(OPEN_STAGES)],
        order=(col(Case.deadline).asc(), RISK_RANK.desc(), col(Case.id).asc()),
        limit=LIMIT,
    )
    follow_ups = cards_where(
        session,
        actor,
        [*mine, Case.stage == Stage.RESOLVED],
        order=(col(Case.resolved_at).asc(),),
        limit=LIMIT,
    )
    i_assigned = exists(
        select(CaseEvent.id).where(
            CaseEvent.case_id == Case.id,
            col(CaseEvent.kind).in_([EventKind.ASSIGNED, EventKind.ESCALATED]),
            CaseEvent.actor_id == actor.id,
        )
    )
    was_extended = exists(
        select(CaseEvent.id).where(
            CaseEvent.case_id == Case.id, CaseEvent.kind == EventKind.EXTENDED
        )
    )
    extended = cards_where(
        session,
        actor,
        [case_in_scope(actor), i_assigned, was_extended, col(Case.stage).in_(OPEN_STAGES)],
        order=(col(Case.deadline).asc(),),
        limit=LIMIT,
    )
    return MyWork(open=open_cases, follow_ups=follow_ups, extended=extended)
