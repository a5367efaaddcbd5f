"""The board (看板): per stage, how many cases and the most urgent ones, in the actor's scope.

Counts: the open stages from the cases, the others from the running tallies where the filters
allow (db.cases.board_counts). Cards are a LIMITed query per stage that walks an index in the
card order — (stage, deadline); (stage, resolved_at); (stage, risk, created_at) once per risk,
highest first (migration 0025) — so the board's cost does not grow with the ledger. Urgency:
overdue first (their deadlines are the earliest), then the nearest deadline, then the highest
risk."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel
from sqlalchemy import case as when
from sqlmodel import Session, col, select

from db.cases.board_counts import plain_counts, tallied_counts, tallies_serve
from db.cases.ledger import unassigned_age
from db.cases.lifecycle import offered_moves
from db.clock import local_today, to_local
from db.core.actor import Actor
from db.core.permissions import Permission, require
from db.core.scope import OutOfScope, case_in_scope, subtree_unit_ids
from db.enums import OPEN_STAGES, Category, Move, Risk, Stage
from db.models import Case, Unit, User

BOARD_STAGES = (Stage.REGISTERED, Stage.ASSIGNED, Stage.MEDIATING, Stage.RESOLVED)
COUNT_ONLY_STAGES = (Stage.CLOSED, Stage.REFERRED)
PER_STAGE = 20  # cards a column shows at first, and how many more each "显示更多" adds
MAX_PER_STAGE = 500  # a column's cards at most: past that, the ledger's filters serve better
RISK_RANK = when({Risk.HIGH.value: 3, Risk.MEDIUM.value: 2}, value=Case.risk, else_=1)
RISKS_FIRST = (Risk.HIGH, Risk.MEDIUM, Risk.LOW)  # RISK_RANK's order


@dataclass
class BoardFilter:
    unit_id: int | None = None
    categories: list[Category] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    responsible_user_id: int | None = None
    mine: bool = False
    overdue_only: bool = False
    urgent_only: bool = False  # 紧急 (db.cases.urgent)


class Card(BaseModel):
    id: int
    number: str
    title: str
    category: Category
    village: str
    responsible: str
    risk: Risk
    stage: Stage
    deadline: date | None
    days_left: int | None  # negative: days overdue; None once resolved
    waiting_days: int | None  # resolved this many days ago, waiting for the follow-up
    age_days: int | None = None  # registered this many days ago, not yet assigned
    flagged: bool
    urgent: bool = False
    reported_up: bool = False  # 上报待接收
    version: int
    moves: list[Move]  # what the reader may do with it from the board


class Column(BaseModel):
    stage: Stage
    count: int
    cards: list[Card]


def _unit_ids(session: Session, actor: Actor, f: BoardFilter):  # type: ignore[no-untyped-def]
    """The filter's unit and the units below it (None: no unit filter)."""
    if f.unit_id is None:
        return None
    unit = session.get(Unit, f.unit_id)
    if unit is None or not unit.path.startswith(actor.unit_path):
        raise OutOfScope()
    return subtree_unit_ids(unit.path)


def _filtered(session: Session, actor: Actor, f: BoardFilter):  # type: ignore[no-untyped-def]
    """The scope and the filters' conditions on cases."""
    return [case_in_scope(actor), *_narrowing(session, actor, f)]


def _narrowing(session: Session, actor: Actor, f: BoardFilter):  # type: ignore[no-untyped-def]
    """The filters' conditions on cases, without the scope."""
    conditions = []
    unit_ids = _unit_ids(session, actor, f)
    if unit_ids is not None:
        conditions.append(col(Case.unit_id).in_(unit_ids))
    if f.categories:
        conditions.append(col(Case.category).in_(f.categories))
    if f.risks:
        conditions.append(col(Case.risk).in_(f.risks))
    if f.responsible_user_id is not None:
        conditions.append(Case.responsible_user_id == f.responsible_user_id)
    if f.mine:
        conditions.append(Case.responsible_user_id == actor.id)
    if f.overdue_only:
        conditions.append(col(Case.stage).in_(OPEN_STAGES))
        conditions.append(col(Case.deadline) < local_today())
    if f.urgent_only:
        conditions.append(col(Case.urgent))
    return conditions


def board(
    session: Session,
    *,
    actor: Actor,
    filters: BoardFilter,
    per_stage: int = PER_STAGE,
    limits: Mapping[Stage, int] | None = None,
) -> list[Column]:
    """The columns: each stage's count in scope, and its most urgent cards — `per_stage` of
    them, or the stage's own number in `limits` (a column shown further), at most
    MAX_PER_STAGE. A column whose count exceeds its cards has more to show."""
    require(actor.role, Permission.READ_CASES)
    narrowing = _narrowing(session, actor, filters)
    conditions = [case_in_scope(actor), *narrowing]
    counts = _counts(session, actor, filters, conditions, narrowing)
    columns = []
    for stage in (*BOARD_STAGES, *COUNT_ONLY_STAGES):
        cards: list[Card] = []
        if stage in BOARD_STAGES and counts.get(stage):
            wanted = (limits or {}).get(stage, per_stage)
            cards = _cards(session, actor, conditions, stage, min(max(wanted, 1), MAX_PER_STAGE))
        columns.append(Column(stage=stage, count=counts.get(stage, 0), cards=cards))
    return columns


def _counts(
    session: Session, actor: Actor, f: BoardFilter, conditions: list, narrowing: list
) -> dict:
    serve = tallies_serve(
        responsible_user_id=f.responsible_user_id,
        mine=f.mine,
        overdue_only=f.overdue_only,
        urgent_only=f.urgent_only,
    )
    if not serve:
        return plain_counts(session, conditions)
    return tallied_counts(
        session,
        actor,
        conditions,
        narrowing,
        unit_ids=_unit_ids(session, actor, f),
        categories=f.categories,
        risks=f.risks,
    )


def _cards(
    session: Session, actor: Actor, conditions: list, stage: Stage, limit: int
) -> list[Card]:
    in_stage = [*conditions, Case.stage == stage]
    if stage != Stage.REGISTERED:
        return cards_where(session, actor, in_stage, order=_urgency(stage), limit=limit)
    # RISK_RANK cannot walk an index: one walk of (stage, risk, created_at) per risk instead.
    cards: list[Card] = []
    for risk in RISKS_FIRST:
        if len(cards) >= limit:
            break
        order = (col(Case.created_at).asc(), col(Case.id).asc())
        cards += cards_where(
            session, actor, [*in_stage, Case.risk == risk], order=order, limit=limit - len(cards)
        )
    return cards


def _urgency(stage: Stage) -> tuple:
    if stage == Stage.REGISTERED:  # no deadline yet: the riskiest, then the longest waiting
        order = (RISK_RANK.desc(), col(Case.created_at).asc(), col(Case.id).asc())
    elif stage == Stage.RESOLVED:  # waiting for the follow-up: the longest waiting first
        order = (col(Case.resolved_at).asc(), col(Case.id).asc())
    else:
        order = (col(Case.deadline).asc(), RISK_RANK.desc(), col(Case.id).asc())
    return order


def cards_where(
    session: Session, actor: Actor, conditions: list, *, order: tuple, limit: int
) -> list[Card]:
    """Cards for the cases that meet `conditions` (the caller includes the scope), in order."""
    rows = session.exec(
        select(Case, Unit.name, User.display_name)
        .join(Unit, col(Unit.id) == Case.unit_id)
        .join(User, col(User.id) == Case.responsible_user_id, isouter=True)
        .where(*conditions)
        .order_by(*order)
        .limit(limit)
    ).all()
    today = local_today()
    paths = dict(session.exec(select(Unit.id, Unit.path)).all())  # type: ignore[arg-type]
    return [
        Card(
            id=c.id or 0,
            number=c.number,
            title=c.facts[:24] + ("…" if len(c.facts) > 24 else ""),
            category=c.category,
            village=village,
            responsible=person or "",
            risk=c.risk,
            stage=c.stage,
            deadline=c.deadline,
            days_left=(c.deadline - today).days if c.deadline and c.stage in OPEN_STAGES else None,
            waiting_days=(today - to_local(c.resolved_at).date()).days if c.resolved_at else None,
            flagged=c.flagged,
            age_days=unassigned_age(c, today),
            urgent=c.urgent,
            reported_up=c.reported_up_to_unit_id is not None,
            version=c.version,
            moves=offered_moves(session, actor, c, paths=paths),
        )
        for c, village, person in rows
    ]


def responsible_people(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Everyone in scope who can be responsible for a case, for the board's filter."""
    rows = session.exec(
        select(User.id, User.display_name)
        .where(col(User.unit_id).in_(subtree_unit_ids(actor.unit_path)), col(User.is_active))
        .order_by(User.display_name)
    ).all()
    return [(user_id or 0, name) for user_id, name in rows]
