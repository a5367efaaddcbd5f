"""上报 from below: the handler of a case reports it up one level with a reason; it waits there
(上报待接收) until a coordinator of that level takes it (接收: new four fixes there, the handling
moves up) or returns it with a reason (退回). Every report up is kept with its answer
(report_ups), so the waiting time at each level stays on record.

Same discipline as db.cases.moves: role, scope, version, stage (db.cases.lifecycle.TRANSITIONS)
and who may make the move are checked first; the case, its report row, the CaseEvent and the
audit row are committed together by save_change."""

from datetime import datetime, timedelta

from pydantic import ConfigDict, Field
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from db import texts
from db.cases.board import Card, cards_where
from db.cases.lifecycle import (
    AssignPlan,
    MoveRefused,
    check_move,
    guard_permission,
    guard_report_state,
    level_unit_above,
)
from db.cases.move_writing import save_change, stale_error
from db.cases.moves import plan_values  # the four fixes, checked as assign does
from db.cases.report_rules import body_units, may_report
from db.clock import utcnow
from db.core.actor import Actor
from db.core.scope import case_in_scope, load_case
from db.core.validation import CleanTextModel
from db.enums import EventKind, Move, ReportAnswer
from db.models import Case, ReportUp, Unit, User


class ReportReason(CleanTextModel):
    """Why it cannot be resolved here and what was tried (or, returning it, why not above)."""

    model_config = ConfigDict(str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=1000)


def _open_report(session: Session, actor: Actor, case_id: int, version: int, move: Move) -> Case:
    guard_permission(actor, move)
    case = load_case(session, actor, case_id)
    if case.version != version:
        raise stale_error(session, case_id)
    check_move(case.stage, move)
    guard_report_state(case, move)
    if not may_report(session, actor, case, move):
        raise MoveRefused(
            texts.E_REPORT_NOT_HANDLER if move == Move.REPORT_UP else texts.E_REPORT_NOT_ANSWERER
        )
    return case


def _unit(session: Session, unit_id: int | None) -> Unit:
    unit = session.get(Unit, unit_id or 0)
    assert unit is not None
    return unit


def report_up(
    session: Session, *, actor: Actor, case_id: int, version: int, reason: ReportReason
) -> int:
    """Send the case to the level above its handling unit (village → town → county)."""
    case = _open_report(session, actor, case_id, version, Move.REPORT_UP)
    handling = _unit(session, case.handling_unit_id or case.unit_id)
    above = level_unit_above(session, handling)
    now = utcnow()
    session.add(
        ReportUp(
            case_id=case_id,
            from_unit_id=handling.id or 0,
            to_unit_id=above.id or 0,
            reason=reason.reason,
            sent_at=now,
            sent_by_id=actor.id,
        )
    )
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values={
            "stage": check_move(case.stage, Move.REPORT_UP),
            "reported_up_to_unit_id": above.id,
            "reported_up_at": now,
        },
        kind=EventKind.REPORTED_UP,
        detail={"from_unit": handling.name, "to_unit": above.name, "reason": reason.reason},
    )


def _waiting_row(session: Session, case_id: int) -> ReportUp:
    row = session.exec(
        select(ReportUp)
        .where(ReportUp.case_id == case_id, col(ReportUp.answered_at).is_(None))
        .order_by(col(ReportUp.id).desc())
    ).first()
    if row is None:
        raise MoveRefused(texts.E_REPORT_NOT_WAITING)
    return row


def _answer(row: ReportUp, actor: Actor, answer: ReportAnswer, note: str, now: datetime) -> float:
    row.answered_at, row.answer, row.answered_by_id, row.answer_note = now, answer, actor.id, note
    return round((now - row.sent_at).total_seconds() / 3600, 1)


def take(session: Session, *, actor: Actor, case_id: int, version: int, plan: AssignPlan) -> int:
    """接收: the unit reported to takes the case, with new four fixes within it."""
    case = _open_report(session, actor, case_id, version, Move.TAKE)
    there = _unit(session, case.reported_up_to_unit_id)
    row = _waiting_row(session, case_id)
    values, detail = plan_values(session, actor, plan, there.path, case)
    waited = _answer(row, actor, ReportAnswer.TAKEN, "", utcnow())
    session.add(row)
    values.update(
        stage=check_move(case.stage, Move.TAKE),
        handling_unit_id=there.id,
        reported_up_to_unit_id=None,
        reported_up_at=None,
    )
    from_unit = _unit(session, row.from_unit_id)
    detail.update(from_unit=from_unit.name, to_unit=there.name, waited_hours=waited)
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.REPORT_TAKEN,
        detail=detail,
    )


def return_down(
    session: Session, *, actor: Actor, case_id: int, version: int, reason: ReportReason
) -> int:
    """退回: the case goes back to the unit below, which handles it on; the reason is its answer."""
    case = _open_report(session, actor, case_id, version, Move.RETURN)
    row = _waiting_row(session, case_id)
    waited = _answer(row, actor, ReportAnswer.RETURNED, reason.reason, utcnow())
    session.add(row)
    values = {
        "stage": check_move(case.stage, Move.RETURN),
        "reported_up_to_unit_id": None,
        "reported_up_at": None,
    }
    detail = {
        "returned_to": _unit(session, row.from_unit_id).name,
        "reason": reason.reason,
        "waited_hours": waited,
    }
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.REPORT_RETURNED,
        detail=detail,
    )


def report_target(session: Session, *, actor: Actor, case_id: int) -> Unit | None:
    """The unit a report up of this case would go to (None at the county)."""
    case = load_case(session, actor, case_id)
    try:
        return level_unit_above(session, _unit(session, case.handling_unit_id or case.unit_id))
    except MoveRefused:
        return None


def history(session: Session, *, actor: Actor, case_id: int) -> list[dict]:
    """Every report up of the case with its answer and the hours it waited (still waiting:
    up to now), oldest first."""
    load_case(session, actor, case_id)
    source, target = aliased(Unit), aliased(Unit)
    sender, answerer = aliased(User), aliased(User)
    rows = session.exec(
        select(ReportUp, source.name, target.name, sender.display_name, answerer.display_name)
        .join(source, col(source.id) == ReportUp.from_unit_id)
        .join(target, col(target.id) == ReportUp.to_unit_id)
        .join(sender, col(sender.id) == ReportUp.sent_by_id)
        .join(answerer, col(answerer.id) == ReportUp.answered_by_id, isouter=True)
        .where(ReportUp.case_id == case_id)
        .order_by(col(ReportUp.id))
    ).all()
    now = utcnow()
    return [
        {
            "from_unit": from_name,
            "to_unit": to_name,
            "reason": r.reason,
            "sent_at": r.sent_at,
            "sent_by": sent_by,
            "answer": texts.label(ReportAnswer(r.answer)) if r.answer else texts.REPORT_NO_ANSWER,
            "answered_at": r.answered_at,
            "answered_by": answered_by or "",
            "note": r.answer_note,
            "waited": round(((r.answered_at or now) - r.sent_at).total_seconds() / 3600, 1),
        }
        for r, from_name, to_name, sent_by, answered_by in rows
    ]


def waiting(session: Session, *, actor: Actor) -> list[dict]:
    """Cases in scope reported up and not yet taken or returned, by the unit they wait at, the
    longest waiting first: number, from and to unit, days waiting."""
    source, target = aliased(Unit), aliased(Unit)
    rows = session.exec(
        select(Case.id, Case.number, source.name, target.name, ReportUp.sent_at)
        .join(ReportUp, col(ReportUp.case_id) == Case.id)
        .join(source, col(source.id) == ReportUp.from_unit_id)
        .join(target, col(target.id) == ReportUp.to_unit_id)
        .where(case_in_scope(actor), col(ReportUp.answered_at).is_(None))
        .order_by(target.name, col(ReportUp.sent_at))
    ).all()
    now = utcnow()
    return [
        {
            "case_id": case_id,
            "number": number,
            "from_unit": from_name,
            "to_unit": to_name,
            "days": (now - sent_at).days,
        }
        for case_id, number, from_name, to_name, sent_at in rows
    ]


def reported_to_me(session: Session, *, actor: Actor, limit: int = 50) -> list[Card]:
    """Cases waiting for the actor's level to take or return them, the longest waiting first."""
    return cards_where(
        session,
        actor,
        [case_in_scope(actor), col(Case.reported_up_to_unit_id).in_(body_units(session, actor))],
        order=(col(Case.reported_up_at).asc(), col(Case.id).asc()),
        limit=limit,
    )


ANSWERS_SHOWN_DAYS = 14


def answers_to_me(session: Session, *, actor: Actor) -> list[dict]:
    """The answers of the last two weeks to reports up the actor sent or their unit sent."""
    since = utcnow() - timedelta(days=ANSWERS_SHOWN_DAYS)
    target = aliased(Unit)
    rows = session.exec(
        select(ReportUp, Case.number, target.name)
        .join(Case, col(Case.id) == ReportUp.case_id)
        .join(target, col(target.id) == ReportUp.to_unit_id)
        .where(
            col(ReportUp.answered_at) >= since,
            or_(
                ReportUp.sent_by_id == actor.id,
                col(ReportUp.from_unit_id).in_(body_units(session, actor)),
            ),
        )
        .order_by(col(ReportUp.answered_at).desc())
        .limit(50)
    ).all()
    return [
        {
            "case_id": r.case_id,
            "number": number,
            "unit": unit,
            "answer": texts.label(ReportAnswer(r.answer or ReportAnswer.TAKEN)),
            "answered_at": r.answered_at,
            "note": r.answer_note,
        }
        for r, number, unit in rows
    ]


def waiting_at(session: Session, *, actor: Actor, case_id: int) -> int | None:
    """The unit the case waits at (上报待接收), if it waits."""
    return load_case(session, actor, case_id).reported_up_to_unit_id
