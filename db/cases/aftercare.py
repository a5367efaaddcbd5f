"""Nothing dropped after a case leaves active handling.

revisit(): 回头看 — a later visit finds a closed (销号) case flared up again; a coordinator
reopens it to mediating with a reason. It counts as a flare-up (reopened_count), as a follow-up
that found one does, and its resolution is cleared: it counts as open again.

record_outcome(): what came of a referral (判决 / 裁决 / 撤回 / 不详) and on which day, recorded by
whoever handles the case. referrals_waiting(): referred cases in scope with no outcome
DISPUTE_DESK_REFERRAL_WAIT_DAYS days after the referral, for the coordinator."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import Field, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.cases.lifecycle import MoveInput, MoveRefused, check_move, may_handle
from db.cases.move_writing import CLEARED_RESOLUTION, open_for_move, save_change, stale_error
from db.cases.on_the_spot import reason_text
from db.clock import local_today, to_local, utcnow
from db.core.actor import Actor
from db.core.permissions import Permission, allows, require
from db.core.scope import case_in_scope, load_case
from db.core.settings import referral_wait_days
from db.core.validation import check_past_date
from db.enums import EventKind, Move, ReferralChannel, ReferralOutcome, Stage
from db.models import Case, Unit, User


def revisit(session: Session, *, actor: Actor, case_id: int, version: int, reason: str) -> int:
    """回头看: a closed case flared up again; back to mediating, counted as reopened."""
    reason = reason_text(reason)
    case = open_for_move(session, actor, case_id, version, Move.REVISIT)
    values = {
        "stage": check_move(case.stage, Move.REVISIT),
        "reopened_count": case.reopened_count + 1,
        "finished_at": None,
        **CLEARED_RESOLUTION,
    }
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values=values,
        kind=EventKind.STAGE_CHANGED,
        detail={"reason": reason, "move": texts.label(Move.REVISIT)},
    )


class OutcomeCreate(MoveInput):
    """What came of a referral, and when."""

    outcome: ReferralOutcome
    decided_on: date
    note: str = Field(default="", max_length=500)

    @field_validator("decided_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        return check_past_date(value, today=local_today())


def record_outcome(
    session: Session, *, actor: Actor, case_id: int, version: int, outcome: OutcomeCreate
) -> int:
    """移交结果: the handler of a referred case records what came of it (again to correct it)."""
    require(actor.role, Permission.HANDLE)
    case = load_case(session, actor, case_id)
    if case.version != version:
        raise stale_error(session, case_id)
    if case.stage != Stage.REFERRED:
        raise MoveRefused(texts.E_OUTCOME_STAGE)
    paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
    if not may_handle(actor, case, paths):
        raise MoveRefused(texts.E_NOT_HANDLER)
    if case.finished_at is not None and outcome.decided_on < _local_date(case.finished_at):
        raise MoveRefused(texts.E_OUTCOME_BEFORE_REFERRAL)
    detail = {
        "outcome": texts.label(outcome.outcome),
        "decided_on": outcome.decided_on.isoformat(),
        "note": outcome.note,
    }
    return save_change(
        session,
        actor=actor,
        case=case,
        version=version,
        values={"referral_outcome": outcome.outcome, "referral_outcome_on": outcome.decided_on},
        kind=EventKind.REFERRAL_OUTCOME,
        detail=detail,
    )


def _local_date(moment: datetime) -> date:
    return to_local(moment).date()


@dataclass(frozen=True)
class WaitingReferral:
    id: int
    number: str
    facts: str
    unit: str
    channel: ReferralChannel | None
    referred_on: date
    days: int
    responsible: str


def referrals_waiting(session: Session, *, actor: Actor) -> list[WaitingReferral]:
    """Referred cases in scope with no outcome recorded DISPUTE_DESK_REFERRAL_WAIT_DAYS days or
    more after the referral, the longest waiting first; for coordinators."""
    if not allows(actor.role, Permission.ASSIGN):
        return []
    before = utcnow() - timedelta(days=referral_wait_days())
    rows = session.exec(  # the columns the list shows, not whole cases (200 of them per rerun)
        select(
            Case.id,
            Case.number,
            Case.facts,
            Case.referral_channel,
            Case.finished_at,
            Case.created_at,
            Unit.name,
            User.display_name,
        )
        .join(Unit, col(Unit.id) == Case.unit_id)
        .join(User, col(User.id) == Case.responsible_user_id, isouter=True)
        .where(
            case_in_scope(actor),
            Case.stage == Stage.REFERRED,
            col(Case.referral_outcome).is_(None),
            col(Case.finished_at) <= before,
        )
        .order_by(col(Case.finished_at).asc(), col(Case.id).asc())
        .limit(200)
    ).all()
    today = local_today()
    out = []
    for case_id, number, facts, channel, finished_at, created_at, unit, person in rows:
        referred_on = _local_date(finished_at or created_at)
        out.append(
            WaitingReferral(
                id=case_id or 0,
                number=number,
                facts=facts[:40] + ("…" if len(facts) > 40 else ""),
                unit=unit,
                channel=channel,
                referred_on=referred_on,
                days=(today - referred_on).days,
                responsible=person or "",
            )
        )
    return out
