"""The life of a case as data: which move leads from which stages to which, who may make it,
what each move needs (validated input), and the guards that must hold. db.cases.moves applies them."""

from datetime import UTC, date, timedelta

from pydantic import ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from db import texts
from db.cases.report_rules import may_report, report_state_allows
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.errors import Invalid, Refused
from db.core.permissions import Permission, allows
from db.core.validation import CleanTextModel, check_deadline_reach, check_past_date
from db.enums import (
    Level,
    Move,
    ReferralChannel,
    ResolutionMethod,
    Role,
    Satisfaction,
    Stage,
    UnitKind,
)
from db.models import Case, FollowUp, Unit, User

# (stages a move starts from, the stage it leads to; None: the case keeps its stage)
TRANSITIONS: dict[Move, tuple[frozenset[Stage], Stage | None]] = {
    Move.ASSIGN: (frozenset({Stage.REGISTERED}), Stage.ASSIGNED),
    Move.START: (frozenset({Stage.ASSIGNED}), Stage.MEDIATING),
    Move.RESOLVE: (frozenset({Stage.MEDIATING}), Stage.RESOLVED),
    Move.REFER: (frozenset({Stage.MEDIATING}), Stage.REFERRED),
    Move.CLOSE: (frozenset({Stage.RESOLVED}), Stage.CLOSED),
    Move.ESCALATE: (frozenset({Stage.ASSIGNED, Stage.MEDIATING}), Stage.ASSIGNED),
    Move.REOPEN: (frozenset({Stage.RESOLVED}), Stage.MEDIATING),
    Move.REVISIT: (frozenset({Stage.CLOSED}), Stage.MEDIATING),
    Move.RECALL: (frozenset({Stage.RESOLVED}), Stage.MEDIATING),
    Move.REPORT_UP: (frozenset({Stage.ASSIGNED, Stage.MEDIATING}), None),
    Move.TAKE: (frozenset({Stage.ASSIGNED, Stage.MEDIATING}), Stage.ASSIGNED),
    Move.RETURN: (frozenset({Stage.ASSIGNED, Stage.MEDIATING}), None),
}
MOVE_PERMISSION: dict[Move, Permission] = {
    Move.ASSIGN: Permission.ASSIGN,
    Move.START: Permission.HANDLE,
    Move.RESOLVE: Permission.HANDLE,
    Move.REFER: Permission.HANDLE,
    Move.CLOSE: Permission.CLOSE,
    Move.ESCALATE: Permission.ASSIGN,
    Move.REOPEN: Permission.HANDLE,
    Move.REVISIT: Permission.ASSIGN,
    Move.RECALL: Permission.ASSIGN,
    Move.REPORT_UP: Permission.HANDLE,
    Move.TAKE: Permission.ASSIGN,
    Move.RETURN: Permission.ASSIGN,
}
# Offered by the deadlines' default (化解时限) for each risk level, in days; may be changed.
DEFAULT_DEADLINE_DAYS = {"high": 7, "medium": 15, "low": 30}


class MoveRefused(Refused):
    """A move the rules refuse; the message says what and why, in Chinese."""


class StaleCase(MoveRefused):
    """Someone else changed the case since the form was opened; their change stands."""


def check_move(source: Stage, move: Move) -> Stage:
    """The stage the move leads to, or MoveRefused when it cannot start from `source`."""
    sources, target = TRANSITIONS[move]
    if source not in sources:
        raise MoveRefused(
            texts.E_MOVE.format(
                move=texts.label(move),
                stage=texts.label(source),
                allowed="、".join(texts.label(s) for s in sorted(sources)),
            )
        )
    return target or source


# Moves a person can start from the case page or the board (a reopening comes from a follow-up).
MENU_MOVES = (
    *(Move.TAKE, Move.RETURN, Move.REPORT_UP),
    *(Move.ASSIGN, Move.START, Move.RESOLVE, Move.REFER, Move.ESCALATE, Move.CLOSE),
)
MENU_MOVES += (Move.RECALL, Move.REVISIT)  # db.cases.on_the_spot, db.cases.aftercare
# The town may take back a case settled on the spot (当场调结) for this many days after it.
RECALL_DAYS = 7


def recallable(case: Case) -> bool:
    """Settled on the spot in the last RECALL_DAYS days."""
    resolved = case.resolved_at
    if not case.settled_on_spot or resolved is None:
        return False
    if resolved.tzinfo is None:  # SQLite hands back naive UTC
        resolved = resolved.replace(tzinfo=UTC)
    return resolved >= utcnow() - timedelta(days=RECALL_DAYS)


def offered_moves(
    session: Session, actor: Actor, case: Case, *, paths: dict[int, str] | None = None
) -> list[Move]:
    """The moves this person may try on this case now: the stage allows them, the role has
    them, and (for handling moves) the case is theirs to handle. Guards still apply."""
    if paths is None:
        paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
    offered = []
    for move in MENU_MOVES:
        if case.stage not in TRANSITIONS[move][0] or not allows(actor.role, MOVE_PERMISSION[move]):
            continue
        if move in (Move.START, Move.RESOLVE, Move.REFER) and not may_handle(actor, case, paths):
            continue
        if move is Move.RECALL and not recallable(case):
            continue
        if not report_state_allows(case, move) or not may_report(session, actor, case, move):
            continue
        offered.append(move)
    return offered


def offered_actions(session: Session, actor: Actor, case: Case) -> list[str]:
    """Besides moves: "follow_up" (回访), "extend" (延长时限), "flag" (挂牌督办)."""
    actions = []
    if case.stage == Stage.RESOLVED and allows(actor.role, Permission.HANDLE):
        paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
        if may_handle(actor, case, paths):
            actions.append("follow_up")
    if case.stage in (Stage.ASSIGNED, Stage.MEDIATING) and allows(actor.role, Permission.ASSIGN):
        actions.append("extend")
    if allows(actor.role, Permission.FLAG) and case.stage not in (Stage.CLOSED, Stage.REFERRED):
        actions.append("flag")
    if case.stage == Stage.REFERRED and allows(actor.role, Permission.HANDLE):
        paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
        if may_handle(actor, case, paths):
            actions.append("outcome")  # 移交结果 (db.cases.aftercare)
    return actions


# Guards: named predicates the services call; each raises MoveRefused with its reason.


def may_handle(actor: Actor, case: Case, unit_paths: dict[int, str]) -> bool:
    """Coordinators handle every case in scope; a mediator the cases given to them or to
    their unit (or a unit below it)."""
    if actor.role != Role.MEDIATOR:
        return True
    if case.responsible_user_id == actor.id:
        return True
    path = unit_paths.get(case.responsible_unit_id or -1, "")
    return bool(path) and path.startswith(actor.unit_path)


def guard_report_state(case: Case, move: Move) -> None:
    """While a report up waits (上报待接收) the case is taken or returned there, nothing else."""
    if not report_state_allows(case, move):
        waiting = case.reported_up_to_unit_id is not None
        raise MoveRefused(texts.E_REPORT_WAITING if waiting else texts.E_REPORT_NOT_WAITING)


def guard_permission(actor: Actor, move: Move) -> None:
    if not allows(actor.role, MOVE_PERMISSION[move]):
        raise MoveRefused(texts.E_MOVE_ROLE.format(move=texts.label(move)))


def guard_deadline_not_past(deadline: date) -> None:
    if deadline < local_today():
        raise MoveRefused(texts.E_DEADLINE_PAST)


def guard_deadline(deadline: date, *, urgent: bool) -> None:
    """Not in the past; an urgent case's at most the high-risk default (DEFAULT_DEADLINE_DAYS)."""
    guard_deadline_not_past(deadline)
    if urgent and (deadline - local_today()).days > DEFAULT_DEADLINE_DAYS["high"]:
        raise MoveRefused(texts.E_URGENT_DEADLINE.format(days=DEFAULT_DEADLINE_DAYS["high"]))


def guard_person_of_unit(session: Session, user_id: int, unit_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.unit_id != unit_id or not user.is_active:
        raise MoveRefused(texts.E_PERSON_NOT_OF_UNIT)
    return user


def guard_unit_within(session: Session, unit_id: int, root_path: str) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.path.startswith(root_path):
        raise MoveRefused(texts.E_UNIT_NOT_WITHIN)
    return unit


def guard_follow_up_done(session: Session, case: Case) -> None:
    """Close (销号) needs a follow-up recorded after the resolution that found no flare-up."""
    after_resolution = [FollowUp.created_at >= case.resolved_at] if case.resolved_at else []
    found = session.exec(
        select(FollowUp.id).where(
            FollowUp.case_id == case.id, col(FollowUp.flared_up).is_(False), *after_resolution
        )
    ).first()
    if found is None:
        raise MoveRefused(texts.E_CLOSE_NEEDS_FOLLOW_UP)


def level_of(session: Session, unit: Unit) -> Level:
    """村 / 镇 / 县: a department counts at the level of the unit it hangs under."""
    if unit.kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
        return Level.VILLAGE
    if unit.kind == UnitKind.TOWN:
        return Level.TOWN
    if unit.kind == UnitKind.COUNTY or unit.parent_id is None:
        return Level.COUNTY
    parent = session.get(Unit, unit.parent_id)
    assert parent is not None
    return level_of(session, parent)


def level_unit_above(session: Session, unit: Unit) -> Unit:
    """Where a case goes when this unit cannot resolve it: a village's town, a town's county."""
    wanted = {Level.VILLAGE: UnitKind.TOWN, Level.TOWN: UnitKind.COUNTY}.get(
        level_of(session, unit)
    )
    if wanted is not None:
        for unit_id in reversed([int(part) for part in unit.path.strip("/").split("/")]):
            ancestor = session.get(Unit, unit_id)
            if ancestor is not None and ancestor.kind == wanted:
                return ancestor
    raise MoveRefused(texts.E_ESCALATE_TOP)


# What each move needs.


class MoveInput(CleanTextModel):
    model_config = ConfigDict(str_strip_whitespace=True)


class AssignPlan(MoveInput):
    """The four fixes (四定): the lead leader is an account (db.cases.leaders); a hard case's
    assignment also names its team and plan (五个一)."""

    lead_leader_id: int = Field(gt=0)
    responsible_unit_id: int
    responsible_user_id: int
    deadline: date
    measures: str = Field(default="", max_length=2000)  # 化解方案 (db.cases.records: revised)
    team: str = Field(default="", max_length=500)  # 工作专班: its members' names (五个一)

    @field_validator("deadline")
    @classmethod
    def _within_reach(cls, value: date) -> date:
        return check_deadline_reach(value, today=local_today())


class Resolution(MoveInput):
    method: ResolutionMethod
    summary: str = Field(min_length=1, max_length=2000)
    agreement_signed: bool = False
    court_confirmed: bool = False

    @field_validator("court_confirmed")
    @classmethod
    def _confirmation_needs_agreement(cls, value: bool, info) -> bool:  # type: ignore[no-untyped-def]
        if value and not info.data.get("agreement_signed"):
            raise Invalid(texts.E_COURT_NEEDS_AGREEMENT)
        return value


class Referral(MoveInput):
    channel: ReferralChannel
    reason: str = Field(min_length=1, max_length=1000)


class Escalation(MoveInput):
    reason: str = Field(min_length=1, max_length=1000)
    plan: AssignPlan


class Extension(MoveInput):
    new_deadline: date
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("new_deadline")
    @classmethod
    def _within_reach(cls, value: date) -> date:
        return check_deadline_reach(value, today=local_today())


class FollowUpCreate(MoveInput):
    visited_on: date
    visitor: str = Field(min_length=1, max_length=50)
    satisfaction: Satisfaction
    flared_up: bool = False
    note: str = Field(default="", max_length=1000)

    @field_validator("visited_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        return check_past_date(value, today=local_today())
