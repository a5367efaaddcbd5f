"""The services that move a case: each checks role, scope, the case's version and the guards of
db.cases.lifecycle, then changes the case and writes its CaseEvent and audit row in one commit."""

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from db import texts
from db.cases.documents import guard_signed_agreement
from db.cases.lifecycle import (
    DEFAULT_DEADLINE_DAYS,
    AssignPlan,
    Escalation,
    MoveRefused,
    Referral,
    Resolution,
    StaleCase,
    check_move,
    guard_deadline,
    guard_follow_up_done,
    guard_permission,
    guard_person_of_unit,
    guard_report_state,
    guard_unit_within,
    level_of,
    level_unit_above,
    may_handle,
)
from db.clock import format_local, local_today, utcnow
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.scope import load_case
from db.core.validation import short_text
from db.enums import AuditAction, EventKind, Move
from db.models import Case, CaseEvent, Unit, User


def default_deadline(risk: str, *, today: date | None = None) -> date:
    return (today or local_today()) + timedelta(days=DEFAULT_DEADLINE_DAYS[risk])


def _open(session: Session, actor: Actor, case_id: int, version: int, move: Move) -> Case:
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
    session.commit()
    return new_version


def _plan_values(
    session: Session, actor: Actor, plan: AssignPlan, root_path: str, case: Case
) -> tuple[dict, dict]:
    guard_deadline(plan.deadline, urgent=case.urgent)
    unit = guard_unit_within(session, plan.responsible_unit_id, root_path)
    person = guard_person_of_unit(session, plan.responsible_user_id, plan.responsible_unit_id)
    values = {
        "lead_leader": plan.lead_leader,
        "responsible_unit_id": unit.id,
        "handling_unit_id": unit.id,  # the level that handles it (escalation: the unit above)
        "responsible_user_id": person.id,
        "deadline": plan.deadline,
    }
    detail = {
        "lead_leader": plan.lead_leader,
        "responsible_unit": unit.name,
        "responsible_user": person.display_name,
        "deadline": plan.deadline.isoformat(),
    }
    return values, detail


MAX_MOVE_NOTE = 500


def _note(note: str) -> dict[str, str]:
    """An optional note given with a move, as its event's detail."""
    try:
        note = short_text(note, limit=MAX_MOVE_NOTE)
    except Invalid as refused:
        raise MoveRefused(refused.message) from None
    return {"note": note} if note else {}


def assign(session: Session, *, actor: Actor, case_id: int, version: int, plan: AssignPlan) -> int:
    """交办 with the four fixes: lead leader, responsible unit and person, deadline."""
    case = _open(session, actor, case_id, version, Move.ASSIGN)
    values, detail = _plan_values(session, actor, plan, actor.unit_path, case)
    values["stage"] = check_move(case.stage, Move.ASSIGN)
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.ASSIGNED,
        detail=detail,
    )


def start(session: Session, *, actor: Actor, case_id: int, version: int, note: str = "") -> int:
    case = _open(session, actor, case_id, version, Move.START)
    values = {"stage": check_move(case.stage, Move.START)}
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.STAGE_CHANGED,
        detail=_note(note),
    )


def resolve(
    session: Session, *, actor: Actor, case_id: int, version: int, resolution: Resolution
) -> int:
    case = _open(session, actor, case_id, version, Move.RESOLVE)
    handling = session.get(Unit, case.handling_unit_id or case.unit_id)
    assert handling is not None
    level = level_of(session, handling)
    values = {
        "stage": check_move(case.stage, Move.RESOLVE),
        "resolved_at": utcnow(),
        "resolved_level": level,
        "resolution_method": resolution.method,
        "resolution_summary": resolution.summary,
        "agreement_signed": resolution.agreement_signed,
        "court_confirmed": resolution.court_confirmed,
    }
    detail = {
        "method": texts.label(resolution.method),
        "summary": resolution.summary,
        "agreement_signed": resolution.agreement_signed,
        "court_confirmed": resolution.court_confirmed,
        "level": texts.label(level),
    }
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.STAGE_CHANGED,
        detail=detail,
    )


def refer(session: Session, *, actor: Actor, case_id: int, version: int, referral: Referral) -> int:
    """调解不成: guide the parties to arbitration, a ruling, a review or the courts."""
    case = _open(session, actor, case_id, version, Move.REFER)
    values = {
        "stage": check_move(case.stage, Move.REFER),
        "referral_channel": referral.channel,
        "referral_reason": referral.reason,
        "finished_at": utcnow(),
    }
    detail = {"channel": texts.label(referral.channel), "reason": referral.reason}
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.STAGE_CHANGED,
        detail=detail,
    )


def close(
    session: Session, *, actor: Actor, case_id: int, version: int, note: str = "", why: str = ""
) -> int:
    """销号 after a good follow-up; `why` the signed agreement is missing (db.cases.documents)."""
    case = _open(session, actor, case_id, version, Move.CLOSE)
    guard_follow_up_done(session, case)
    detail = _note(note) | guard_signed_agreement(session, case, why)
    values = {"stage": check_move(case.stage, Move.CLOSE), "finished_at": utcnow()}
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.STAGE_CHANGED,
        detail=detail,
    )


def escalate(
    session: Session, *, actor: Actor, case_id: int, version: int, escalation: Escalation
) -> int:
    """上报: the case goes one level up (village → town → county) and is assigned there anew."""
    case = _open(session, actor, case_id, version, Move.ESCALATE)
    handling = session.get(Unit, case.handling_unit_id or case.unit_id)
    assert handling is not None
    above = level_unit_above(session, handling)
    if not above.path.startswith(actor.unit_path):
        raise MoveRefused(texts.E_UNIT_NOT_WITHIN)
    values, detail = _plan_values(session, actor, escalation.plan, above.path, case)
    values.update(stage=check_move(case.stage, Move.ESCALATE), handling_unit_id=above.id)
    detail.update(from_unit=handling.name, to_unit=above.name, reason=escalation.reason)
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.ESCALATED,
        detail=detail,
    )


def escalation_target(session: Session, *, actor: Actor, case_id: int) -> Unit | None:
    """The unit a case would be escalated to (its handling unit's town or county), in scope."""
    case = load_case(session, actor, case_id)
    handling = session.get(Unit, case.handling_unit_id or case.unit_id)
    assert handling is not None
    try:
        above = level_unit_above(session, handling)
    except MoveRefused:
        return None
    return above if above.path.startswith(actor.unit_path) else None
