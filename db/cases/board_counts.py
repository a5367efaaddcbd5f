"""The board's stage counts without scanning the whole ledger.

Most of a ledger is closed (销号) or referred (移交): at 1,000,000 cases, 89 % of them. A plain
`GROUP BY stage` over the scope reads one index entry per case (85 ms at 1M), although the board
shows those two stages only as numbers. Here the open stages are counted from the cases
(`stage IN (...)` walks ix_cases_stage_scope over the open cases alone), and resolved, closed and
referred from the running tallies (db.models.tallies: kept by triggers in the same transaction as
every change to a case, so exact, never stale, on every server process), plus the few cases in
scope only because the reader is their responsible person (the tallies know units, not people).

The tallies know the unit, the handling unit, the category and the risk: a filter on anything
else (a person, 我的, 紧急, overdue) counts from the cases as before. tests/db/test_board_counts.py
compares both paths with the plain GROUP BY on both engines, before and after moves.

The ledger's total, filtered by nothing the tallies do not carry, is counted the same way
(tallied_total; tests/db/test_board_counts.py compares it with the plain count)."""

from sqlalchemy import ColumnElement, Select, and_, not_, or_
from sqlmodel import Session, col, func, select

from db.core.actor import Actor
from db.core.scope import subtree_unit_ids
from db.enums import OPEN_STAGES, Stage
from db.models import Case, CaseTally

TALLIED_STAGES = (Stage.RESOLVED, Stage.CLOSED, Stage.REFERRED)


def tallies_serve(
    *, responsible_user_id: int | None, mine: bool, overdue_only: bool, urgent_only: bool
) -> bool:
    """Whether the board's filters are all ones the tallies carry (unit, category, risk)."""
    return responsible_user_id is None and not (mine or overdue_only or urgent_only)


def plain_counts(session: Session, conditions: list) -> dict[Stage, int]:
    """Every stage's count among the cases that meet `conditions` (scope included)."""
    rows = session.exec(select(Case.stage, func.count()).where(*conditions).group_by(Case.stage))
    return {Stage(stage): n for stage, n in rows.all()}


def tallied_counts(
    session: Session,
    actor: Actor,
    conditions: list,
    narrowing: list,
    *,
    unit_ids: Select | None,  # subtree_unit_ids of the filter's unit
    categories: list,
    risks: list,
) -> dict[Stage, int]:
    """The same counts as plain_counts(conditions), where `conditions` are the scope and
    `narrowing`, the filters, given again here for the tallies (the filter's unit subtree
    `unit_ids`, categories, risks)."""
    open_stages = [*OPEN_STAGES]
    counts = plain_counts(session, [*conditions, col(Case.stage).in_(open_stages)])
    t = CaseTally
    units = subtree_unit_ids(actor.unit_path)
    where = [or_(col(t.unit_id).in_(units), col(t.responsible_unit_id).in_(units))]
    if unit_ids is not None:
        where.append(col(t.unit_id).in_(unit_ids))
    if categories:
        where.append(col(t.category).in_(categories))
    if risks:
        where.append(col(t.risk).in_(risks))
    resolved, closed, referred = session.exec(
        select(
            func.coalesce(func.sum(t.resolved), 0),
            func.coalesce(func.sum(t.closed), 0),
            func.coalesce(func.sum(t.referred), 0),
        ).where(*where)
    ).one()
    # Cases in scope only through case_in_scope's third clause (the reader handles them):
    # picked by id from the reader's own cases (ix_cases_user_found alone), not by stage.
    theirs = select(Case.id).where(_only_as_person(actor)).correlate(None)
    person = plain_counts(
        session,
        [*narrowing, col(Case.id).in_(theirs), col(Case.stage).in_(TALLIED_STAGES)],
    )
    tallied = {
        Stage.RESOLVED: int(resolved) - int(closed),
        Stage.CLOSED: int(closed),
        Stage.REFERRED: int(referred),
    }
    for stage in TALLIED_STAGES:
        counts[stage] = tallied[stage] + person.get(stage, 0)
    return {stage: n for stage, n in counts.items() if n}


def tallied_total(
    session: Session,
    actor: Actor,
    *,
    unit_ids: Select | None,  # subtree_unit_ids of the filter's unit
    categories: list,
    risks: list,
) -> int:
    """How many cases are in the actor's scope (case_in_scope) and the filter's unit subtree,
    categories and risks: the tallies' `registered` (every case, once) summed, plus the cases
    in scope only because the reader is their responsible person. The ledger's total when it
    is filtered by nothing else (a count of every case: 100 ms at 1,000,000)."""
    t = CaseTally
    units = subtree_unit_ids(actor.unit_path)
    where = [or_(col(t.unit_id).in_(units), col(t.responsible_unit_id).in_(units))]
    narrowing = []
    if unit_ids is not None:
        where.append(col(t.unit_id).in_(unit_ids))
        narrowing.append(col(Case.unit_id).in_(unit_ids))
    if categories:
        where.append(col(t.category).in_(categories))
        narrowing.append(col(Case.category).in_(categories))
    if risks:
        where.append(col(t.risk).in_(risks))
        narrowing.append(col(Case.risk).in_(risks))
    registered = session.exec(select(func.coalesce(func.sum(t.registered), 0)).where(*where))
    theirs = session.exec(
        select(func.count()).select_from(Case).where(_only_as_person(actor), *narrowing)
    )
    return int(registered.one()) + int(theirs.one())


def _only_as_person(actor: Actor) -> ColumnElement[bool]:
    """The actor is the responsible person of a case neither found nor handled in their
    subtree (as db.figures.source, which this layer may not import)."""
    units = subtree_unit_ids(actor.unit_path)
    handled = func.coalesce(Case.responsible_unit_id, 0).in_(units)
    return and_(
        Case.responsible_user_id == actor.id, not_(or_(col(Case.unit_id).in_(units), handled))
    )
