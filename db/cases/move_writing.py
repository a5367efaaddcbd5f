"""How every move is checked and written: open the case for a move (role, scope, version,
stage, report state, handler), refuse a stale form with who changed it and when, and save the
change as an UPDATE ... WHERE version = the form's version with its CaseEvent and audit row in
one commit. db.cases.moves and the other modules of moves (on_the_spot, aftercare, report_up)
use these. Whoever a change concerns is told in the same commit (db.cases.notices)."""

import json
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from db import texts
from db.cases import notices
from db.cases.lifecycle import (
    MoveRefused,
    StaleCase,
    check_move,
    guard_permission,
    guard_report_state,
    may_handle,
)
from db.clock import format_local, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.scope import load_case
from db.enums import AuditAction, EventKind, Move
from db.models import Case, CaseEvent, Unit, User

# What a case back in mediation no longer has: its resolution (a follow-up's flare-up, 回头看,
# the town taking back a settlement on the spot). It counts as resolved again only when resolved.
CLEARED_RESOLUTION = {
    "resolved_at": None,
    "resolved_level": None,
    "resolution_method": None,
    "resolution_summary": None,
    "agreement_signed": False,
    "court_confirmed": False,
}


def open_for_move(session: Session, actor: Actor, case_id: int, version: int, move: Move) -> Case:
    """Load the case in scope and check role, version, stage and who may handle it."""
    guard_permission(actor, move)
    case = load_case(session, actor, case_id)
    if case.version != version:
        raise stale_error(session, case_id)
    check_move(case.stage, move)
    guard_report_state(case, move)
    if move in (Move.START, Move.RESOLVE, Move.REFER, Move.REOPEN):
        paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
        if not may_handle(actor, case, paths):
            raise MoveRefused(texts.E_NOT_HANDLER)
    return case


def stale_error(session: Session, case_id: int) -> StaleCase:
    """The refusal of a form opened at an older version: who changed the case last, and when.
    Raised, it ends the caller's unit of work (nothing of it is committed)."""
    row = session.exec(
        select(Case.updated_at, User.display_name)
        .join(User, col(User.id) == Case.updated_by_id, isouter=True)
        .where(Case.id == case_id)
    ).first()
    if row is None:
        return StaleCase(texts.E_STALE_UNKNOWN)
    return StaleCase(texts.E_STALE.format(who=row[1] or "他人", when=format_local(row[0])))


def save_change(
    session: Session,
    *,
    actor: Actor,
    case: Case,
    version: int,
    values: dict[str, Any],
    kind: EventKind,
    detail: dict[str, Any],
    bump: bool = True,
) -> int:
    """UPDATE ... WHERE version = the form's version; nobody's change is overwritten. Returns the
    new version."""
    now = utcnow()
    new_version = version + 1 if bump else version
    stage_before = case.stage  # the UPDATE below refreshes `case` in the session
    result = session.execute(
        update(Case)
        .where(col(Case.id) == case.id, col(Case.version) == version)
        .values(
            **values,
            **(
                {"version": new_version, "updated_at": now, "updated_by_id": actor.id}
                if bump
                else {}
            ),
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise stale_error(session, case.id or 0)
    session.add(
        CaseEvent(
            case_id=case.id or 0,
            kind=kind,
            at=now,
            actor_id=actor.id,
            stage_from=stage_before if values.get("stage") not in (None, stage_before) else None,
            stage_to=values.get("stage")
            if values.get("stage") not in (None, stage_before)
            else None,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        case_id=case.id,
        target=f"case:{case.id}",
        detail=texts.label(kind),
    )
    notices.after_change(
        session,
        actor_id=actor.id,
        case_id=case.id or 0,
        kind=kind,
        values=values,
        stage_before=stage_before,
    )
    session.commit()
    return new_version


def add_event(session: Session, actor: Actor, case_id: int, kind: EventKind, detail: dict) -> None:
    """A timeline entry that is not a change of the case's handling (no version bump: nobody's
    open form goes stale) and its audit row, in the caller's transaction."""
    session.add(
        CaseEvent(
            case_id=case_id,
            kind=kind,
            at=utcnow(),
            actor_id=actor.id,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        case_id=case_id,
        target=f"case:{case_id}",
        detail=texts.label(kind),
    )
