"""包案领导调整: when a leader changes post, a coordinator of the scope (or an administrator)
hands the leader's cases in scope (all not yet finished, or the ones ticked) to another leader,
with a reason. Each case is its own change (timeline event with the old and new names, audit
row, version); a case the new leader's scope does not hold is refused and listed, the others go
through."""

from dataclasses import dataclass

from pydantic import Field
from sqlmodel import Session, col, select

from db import texts
from db.cases.leaders import guard_lead_leader
from db.cases.lifecycle import MoveRefused
from db.cases.move_writing import save_change
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.permissions import Permission, require
from db.core.scope import case_in_scope, load_case
from db.core.validation import CleanTextModel
from db.enums import FINISHED_STAGES, EventKind, Stage
from db.models import Case, Unit


class HandOver(CleanTextModel):
    """What the hand-over form submits; `case_ids` empty: every case of the leader in scope."""

    from_leader_id: int = Field(gt=0)
    to_leader_id: int = Field(gt=0)
    reason: str = Field(min_length=1, max_length=500)
    case_ids: list[int] = Field(default_factory=list, max_length=5000)


@dataclass(frozen=True)
class LedCase:
    id: int
    number: str
    stage: Stage
    unit: str


@dataclass(frozen=True)
class HandOverResult:
    moved: list[str]  # case numbers
    refused: list[tuple[str, str]]  # case number, the reason in Chinese


def _led(actor: Actor, leader_id: int):  # type: ignore[no-untyped-def]
    return (
        select(Case.id, Case.number, Case.stage, Unit.name)
        .join(Unit, col(Unit.id) == Case.unit_id)
        .where(
            case_in_scope(actor),
            Case.lead_leader_id == leader_id,
            col(Case.stage).not_in(FINISHED_STAGES),
        )
        .order_by(col(Case.id))
    )


def cases_led_by(session: Session, *, actor: Actor, leader_id: int) -> list[LedCase]:
    """The cases in the actor's scope that the leader leads and that are not finished."""
    require(actor.role, Permission.HAND_OVER_LEADS)
    rows = session.exec(_led(actor, leader_id)).all()
    return [LedCase(id=r[0] or 0, number=r[1], stage=r[2], unit=r[3]) for r in rows]


def hand_over(session: Session, *, actor: Actor, order: HandOver) -> HandOverResult:
    """Move the cases to the new leader, one commit each; refused ones listed with why."""
    require(actor.role, Permission.HAND_OVER_LEADS)
    if order.from_leader_id == order.to_leader_id:
        raise MoveRefused(texts.E_HANDOVER_SAME)
    led = {c.id: c for c in cases_led_by(session, actor=actor, leader_id=order.from_leader_id)}
    wanted = order.case_ids or list(led)
    moved: list[str] = []
    refused: list[tuple[str, str]] = []
    for case_id in wanted:
        try:
            case = load_case(session, actor, case_id)
            if case_id not in led:
                finished = case.stage in FINISHED_STAGES
                raise MoveRefused(
                    texts.E_HANDOVER_NOT_OPEN if finished else texts.E_HANDOVER_NOT_LED
                )
            unit = session.get(Unit, case.responsible_unit_id or case.unit_id)
            assert unit is not None
            leader = guard_lead_leader(session, order.to_leader_id, case, unit)
            detail = {
                "from_leader": case.lead_leader or "",
                "to_leader": leader.display_name,
                "reason": order.reason,
            }
            values = {"lead_leader_id": leader.id, "lead_leader": leader.display_name}
            save_change(
                session,
                actor=actor,
                case=case,
                version=case.version,
                values=values,
                kind=EventKind.LEADER_CHANGED,
                detail=detail,
            )
            moved.append(case.number)
        except Refused as why:  # refused before anything of this case was written
            number = led[case_id].number if case_id in led else str(case_id)
            refused.append((number, why.message))
    return HandOverResult(moved=moved, refused=refused)
