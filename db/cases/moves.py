"""The services that move a case: each checks role, scope, the case's version and the guards of
db.cases.lifecycle, then changes the case and writes its CaseEvent and audit row in one commit."""

from datetime import date, timedelta

from sqlmodel import Session

from db import texts
from db.cases.documents import guard_signed_agreement
from db.cases.leaders import guard_five_ones, guard_lead_leader
from db.cases.lifecycle import (
    DEFAULT_DEADLINE_DAYS,
    AssignPlan,
    Escalation,
    MoveRefused,
    Referral,
    Resolution,
    check_move,
    guard_deadline,
    guard_follow_up_done,
    guard_person_of_unit,
    guard_unit_within,
    level_of,
    level_unit_above,
)
from db.cases.move_writing import open_for_move, save_change
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.scope import load_case
from db.core.validation import short_text
from db.enums import EventKind, Move
from db.models import Case, Unit


def default_deadline(risk: str, *, today: date | None = None) -> date:
    return (today or local_today()) + timedelta(days=DEFAULT_DEADLINE_DAYS[risk])


def plan_values(
    session: Session, actor: Actor, plan: AssignPlan, root_path: str, case: Case
) -> tuple[dict, dict]:
    guard_deadline(plan.deadline, urgent=case.urgent)
    unit = guard_unit_within(session, plan.responsible_unit_id, root_path)
    person = guard_person_of_unit(session, plan.responsible_user_id, plan.responsible_unit_id)
    leader = guard_lead_leader(session, plan.lead_leader_id, case, unit)
    guard_five_ones(case, plan)
    values = {
        "lead_leader": leader.display_name,  # the name as it was, for ledgers and printouts
        "lead_leader_id": leader.id,
        "responsible_unit_id": unit.id,
        "handling_unit_id": unit.id,  # the level that handles it (escalation: the unit above)
        "responsible_user_id": person.id,
        "deadline": plan.deadline,
        **({"resolution_plan": plan.measures} if plan.measures else {}),
        **({"lead_team": plan.team} if plan.team else {}),
    }
    detail = {
        "lead_leader": leader.display_name,
        "responsible_unit": unit.name,
        "responsible_user": person.display_name,
        "deadline": plan.deadline.isoformat(),
        **({"plan": plan.measures} if plan.measures else {}),
        **({"team": plan.team} if plan.team else {}),
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
    case = open_for_move(session, actor, case_id, version, Move.ASSIGN)
    values, detail = plan_values(session, actor, plan, actor.unit_path, case)
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
    case = open_for_move(session, actor, case_id, version, Move.START)
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
    case = open_for_move(session, actor, case_id, version, Move.RESOLVE)
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
    case = open_for_move(session, actor, case_id, version, Move.REFER)
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
    case = open_for_move(session, actor, case_id, version, Move.CLOSE)
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
    case = open_for_move(session, actor, case_id, version, Move.ESCALATE)
    handling = session.get(Unit, case.handling_unit_id or case.unit_id)
    assert handling is not None
    above = level_unit_above(session, handling)
    if not above.path.startswith(actor.unit_path):
        raise MoveRefused(texts.E_UNIT_NOT_WITHIN)
    values, detail = plan_values(session, actor, escalation.plan, above.path, case)
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
