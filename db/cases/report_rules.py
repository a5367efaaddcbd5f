"""Who may report a case up (上报) and who answers it, as predicates on the case's state; the
moves themselves are in db.cases.report_up, the stage table in db.cases.lifecycle.

While a report up waits at the level above (上报待接收: cases.reported_up_to_unit_id), the unit
below neither works the case on nor reports it again, and the level above takes or returns it
rather than pulling it up itself. Decision: the waiting is state on the case, not a stage: the
case keeps its stage (已交办 or 调处中) and its deadline, so the figures and their tallies are
untouched by it."""

from sqlmodel import Session, select

from db.core.actor import Actor
from db.enums import Move, Role, UnitKind
from db.models import Case, Unit

WAITING_BLOCKS = frozenset({Move.START, Move.RESOLVE, Move.REFER, Move.ESCALATE, Move.REPORT_UP})
ANSWERS = (Move.TAKE, Move.RETURN)


def report_state_allows(case: Case, move: Move) -> bool:
    """Nothing of WAITING_BLOCKS while a report waits; a take or a return only then."""
    waiting = case.reported_up_to_unit_id is not None
    return not (waiting and move in WAITING_BLOCKS) and (waiting or move not in ANSWERS)


def same_body(session: Session, unit_id: int, actor: Actor) -> bool:
    """The unit is the actor's own, or a department of it (a town's 司法所 for the town's 综治办),
    or the actor sits in a department of it."""
    if unit_id == actor.unit_id:
        return True
    unit, mine = session.get(Unit, unit_id), session.get(Unit, actor.unit_id)
    if unit is None or mine is None:
        return False
    return (unit.kind == UnitKind.DEPARTMENT and unit.parent_id == mine.id) or (
        mine.kind == UnitKind.DEPARTMENT and mine.parent_id == unit.id
    )


def may_report(session: Session, actor: Actor, case: Case, move: Move) -> bool:
    """Report up: the case's responsible person, or a coordinator of the handling unit. Take or
    return: a coordinator of the unit it was reported up to. Any other move: True."""
    if move == Move.REPORT_UP:
        if case.responsible_user_id == actor.id:
            return True
        unit_id = case.handling_unit_id or case.unit_id
    elif move in ANSWERS:
        unit_id = case.reported_up_to_unit_id or 0
    else:
        return True
    return actor.role == Role.COORDINATOR and same_body(session, unit_id, actor)


def body_units(session: Session, actor: Actor) -> set[int]:
    """The actor's unit with its departments (or, in a department, the unit it belongs to): the
    units whose reports up the actor answers, and whose answers the actor reads."""
    mine = session.get(Unit, actor.unit_id)
    found = {actor.unit_id}
    if mine is not None and mine.kind == UnitKind.DEPARTMENT and mine.parent_id:
        found.add(mine.parent_id)
    found.update(
        unit_id
        for unit_id in session.exec(
            select(Unit.id).where(Unit.parent_id == actor.unit_id, Unit.kind == UnitKind.DEPARTMENT)
        )
        if unit_id is not None
    )
    return found
