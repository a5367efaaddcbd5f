"""包案领导 as accounts: who may lead a case (an active account of the leader role whose unit's
scope holds the case, as db.core.scope reads scope), the choices and default offered for a case,
and the 五个一 that a hard case's assignment needs (one leader, team, plan, deadline)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from db import texts
from db.cases.lifecycle import AssignPlan, MoveRefused
from db.core.actor import Actor
from db.core.scope import load_case
from db.enums import RecordKind, Risk, Role
from db.models import Case, CaseRecord, Unit, User


@dataclass(frozen=True)
class LeaderChoice:
    id: int
    name: str
    unit_name: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.unit_name}）"


@dataclass(frozen=True)
class LeaderChoices:
    """The leaders whose scope holds a case, nearest unit first, and the one to offer first."""

    options: list[LeaderChoice]
    default_id: int | None


def _chain(path: str) -> list[int]:
    """The unit of this path and every unit above it, the unit itself first."""
    return [int(part) for part in reversed(path.strip("/").split("/")) if part]


def holds(leader_unit: Unit, case_unit: Unit, responsible_unit: Unit | None) -> bool:
    """db.core.scope's notion: where the case happened, or who handles it, is in the subtree."""
    return case_unit.path.startswith(leader_unit.path) or (
        responsible_unit is not None and responsible_unit.path.startswith(leader_unit.path)
    )


def lead_leader_choices(
    session: Session, *, case: Case, unit_id: int | None = None
) -> LeaderChoices:
    """The leader accounts that may lead `case` (active, role leader, their unit's scope holds
    it), nearest unit first, and the default: the nearest leader up the unit chain of the unit
    that handles it. `unit_id`: the responsible unit an assignment would give (escalation, a
    report taken up), else the case's own responsible or handling unit."""
    handling = session.get(
        Unit, unit_id or case.responsible_unit_id or case.handling_unit_id or case.unit_id
    )
    place = session.get(Unit, case.unit_id)
    assert handling is not None and place is not None
    near = _chain(handling.path)
    depth = {uid: i for i, uid in enumerate(near)}
    for uid in _chain(place.path):
        depth.setdefault(uid, len(near) + len(depth))
    rows = session.exec(
        select(User.id, User.display_name, User.unit_id, Unit.name)
        .join(Unit, col(Unit.id) == User.unit_id)
        .where(User.role == Role.LEADER, col(User.is_active).is_(True))
        .where(col(User.unit_id).in_(list(depth)))
    ).all()
    rows = sorted(rows, key=lambda r: (depth[r[2]], r[1], r[0]))
    options = [LeaderChoice(id=r[0], name=r[1], unit_name=r[3]) for r in rows]
    default = next((r[0] for r in rows if r[2] in near), None)
    return LeaderChoices(options=options, default_id=default)


def leaders_in_view(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """The leader accounts that may lead cases of the actor's scope: those of the actor's unit,
    the units below it and the units above it (the ledger's and the hand-over's choices)."""
    above = _chain(actor.unit_path)
    rows = session.exec(
        select(User.id, User.display_name)
        .join(Unit, col(Unit.id) == User.unit_id)
        .where(User.role == Role.LEADER)
        .where(
            or_(
                col(Unit.path).startswith(actor.unit_path, autoescape=True),
                col(Unit.id).in_(above),
            )
        )
        .order_by(func.length(Unit.path), col(User.display_name), col(User.id))
    ).all()
    return [(r[0] or 0, r[1]) for r in rows]


def leader_name(session: Session, leader_id: int) -> str:
    """The display name of a leader account (for the filters a file handed on describes)."""
    user = session.get(User, leader_id)
    return user.display_name if user is not None else ""


def guard_lead_leader(session: Session, leader_id: int, case: Case, responsible: Unit) -> User:
    """The account named as lead leader, or MoveRefused: missing or inactive, not a leader, or
    its unit's scope does not hold the case (with `responsible` as its responsible unit)."""
    leader = session.get(User, leader_id)
    if leader is None or not leader.is_active:
        raise MoveRefused(texts.E_LEADER_MISSING)
    if leader.role != Role.LEADER:
        raise MoveRefused(texts.E_LEADER_NOT_LEADER.format(name=leader.display_name))
    leader_unit = session.get(Unit, leader.unit_id)
    place = session.get(Unit, case.unit_id)
    assert leader_unit is not None and place is not None
    if not holds(leader_unit, place, responsible):
        raise MoveRefused(
            texts.E_LEADER_OUT_OF_SCOPE.format(name=leader.display_name, unit=leader_unit.name)
        )
    return leader


def is_hard(case: Case) -> bool:
    """A hard case (疑难案件): high risk, urgent (紧急报告) or flagged (挂牌督办)."""
    return case.risk == Risk.HIGH or case.urgent or case.flagged


def guard_five_ones(case: Case, plan: AssignPlan) -> None:
    """五个一: a hard case is assigned with a team and a plan (this one's or the case's own)."""
    if not is_hard(case):
        return
    if not plan.team:
        raise MoveRefused(texts.E_HARD_CASE_TEAM)
    if not (plan.measures or case.resolution_plan):
        raise MoveRefused(texts.E_HARD_CASE_PLAN)


@dataclass(frozen=True)
class CheckIn:
    """One record of work the lead leader wrote on the case (db.cases.records)."""

    held_at: datetime
    kind: RecordKind
    content: str


@dataclass(frozen=True)
class FiveOnes:
    """五个一 of a hard case: one leader, one team, one plan, one deadline, and the check-ins."""

    leader: str | None
    team: str | None
    plan: str | None
    deadline: date | None
    checkins: list[CheckIn]


def five_ones(session: Session, *, actor: Actor, case_id: int) -> FiveOnes | None:
    """The 五个一 of the case in scope when it is a hard one (else None); the check-ins are the
    records on it by its lead leader, newest first."""
    case = load_case(session, actor, case_id)
    if not is_hard(case):
        return None
    records = []
    if case.lead_leader_id is not None:
        records = session.exec(
            select(CaseRecord)
            .where(CaseRecord.case_id == case_id, CaseRecord.author_id == case.lead_leader_id)
            .order_by(col(CaseRecord.held_at).desc(), col(CaseRecord.id).desc())
        ).all()
    return FiveOnes(
        leader=case.lead_leader,
        team=case.lead_team,
        plan=case.resolution_plan,
        deadline=case.deadline,
        checkins=[CheckIn(held_at=r.held_at, kind=r.kind, content=r.content) for r in records],
    )
