"""Actions on a case besides the stage moves: extending a deadline, a follow-up visit (which may
reopen the case) and a leader's supervision flag. Same checks and same commit as db.cases.moves."""

from typing import Any

from sqlmodel import Session, select

from db import texts
from db.cases.lifecycle import (
    Extension,
    FollowUpCreate,
    MoveRefused,
    check_move,
    guard_deadline_not_past,
    may_handle,
)
from db.cases.move_writing import CLEARED_RESOLUTION, save_change, stale_error
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.permissions import Permission, require
from db.core.scope import load_case
from db.core.validation import short_text
from db.enums import EventKind, Move, Stage
from db.models import FollowUp, Unit


def extend(
    session: Session, *, actor: Actor, case_id: int, version: int, extension: Extension
) -> int:
    """延长时限: only with a reason; the old and new dates go on the timeline."""
    require(actor.role, Permission.ASSIGN)
    case = load_case(session, actor, case_id)
    if case.version != version:
        raise stale_error(session, case_id)
    if case.stage not in (Stage.ASSIGNED, Stage.MEDIATING) or case.deadline is None:
        raise MoveRefused(texts.E_EXTEND_CLOSED)
    if extension.new_deadline <= case.deadline:
        raise MoveRefused(texts.E_EXTEND_LATER)
    guard_deadline_not_past(extension.new_deadline)
    detail = {
        "old_deadline": case.deadline.isoformat(),
        "new_deadline": extension.new_deadline.isoformat(),
        "reason": extension.reason,
    }
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values={"deadline": extension.new_deadline},
        kind=EventKind.EXTENDED,
        detail=detail,
    )


def follow_up(
    session: Session, *, actor: Actor, case_id: int, version: int, visit: FollowUpCreate
) -> int:
    """回访 after resolution. A visit that finds the dispute flared up (反弹) puts the case back
    to mediating."""
    require(actor.role, Permission.HANDLE)
    case = load_case(session, actor, case_id)
    if case.version != version:
        raise stale_error(session, case_id)
    if case.stage != Stage.RESOLVED:
        raise MoveRefused(texts.E_FOLLOW_UP_STAGE)
    paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
    if not may_handle(actor, case, paths):
        raise MoveRefused(texts.E_NOT_HANDLER)
    session.add(FollowUp(case_id=case_id, created_by_id=actor.id, **visit.model_dump()))
    values: dict[str, Any] = {}
    if visit.flared_up:
        values = {
            "stage": check_move(case.stage, Move.REOPEN),
            "reopened_count": case.reopened_count + 1,
            **CLEARED_RESOLUTION,
        }
    detail = {
        "visited_on": visit.visited_on.isoformat(),
        "visitor": visit.visitor,
        "satisfaction": texts.label(visit.satisfaction),
        "flared_up": visit.flared_up,
        "note": visit.note,
    }
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.FOLLOW_UP,
        detail=detail,
    )


MAX_FLAG_NOTE = 500  # Case.flag_note


def flag(session: Session, *, actor: Actor, case_id: int, on: bool, note: str = "") -> None:
    """挂牌督办 by a leader. The flag does not count as a change of the handling, so it does not
    make other people's open forms stale."""
    require(actor.role, Permission.FLAG)
    case = load_case(session, actor, case_id)
    if case.stage in (Stage.CLOSED, Stage.REFERRED):
        raise MoveRefused(texts.E_FLAG_FINISHED)
    try:
        note = short_text(note, limit=MAX_FLAG_NOTE)
    except Invalid as refused:
        raise MoveRefused(refused.message) from None
    if on and not note:
        raise MoveRefused(texts.E_FLAG_NOTE)
    values = {"flagged": on, "flag_note": note if on else None}
    save_change(
        session,
        actor=actor,
        case=case,
        version=case.version,
        values=values,
        kind=EventKind.FLAGGED,
        detail={"flagged": on, "note": note},
        bump=False,
    )
