"""The board's fast path (issue 22) on SQLite and PostgreSQL: its counts (open stages from the
cases, the rest from the running tallies) and its cards (orders walked per index, the
registered column once per risk) are those of the plain definition — one GROUP BY over the
scope and one ORDER BY of the whole urgency per stage — for every reader and filter, before
and after moves; and the ledger's total, from the tallies too, is the plain count."""

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from db.cases import board, ledger
from db.cases.board import BOARD_STAGES, BoardFilter, cards_where
from db.core.actor import Actor
from db.core.scope import subtree_unit_ids
from db.demo.cases import generate_cases
from db.demo.world import World
from db.enums import OPEN_STAGES, Category, Move, Risk, Stage
from db.models import Case
from tests.db.factories import case_in_stage, make_move, set_case, unit_id

ACTORS = ("leader", "coordinator", "mediator")


def plain(session: Session, actor: Actor, f: BoardFilter, per_stage: int) -> list[tuple]:
    """The board as first defined: a GROUP BY for the counts, one full ORDER BY per stage."""
    conditions = board._filtered(session, actor, f)
    counts = dict(
        session.exec(select(Case.stage, func.count()).where(*conditions).group_by(Case.stage)).all()
    )
    out = []
    for stage in (*BOARD_STAGES, Stage.CLOSED, Stage.REFERRED):
        cards = []
        if stage in BOARD_STAGES and counts.get(stage):
            where = [*conditions, Case.stage == stage]
            found = cards_where(session, actor, where, order=board._urgency(stage), limit=per_stage)
            cards = [card.id for card in found]
        out.append((stage, counts.get(stage, 0), cards))
    return out


def shown(session: Session, actor: Actor, f: BoardFilter, per_stage: int) -> list[tuple]:
    columns = board.board(session, actor=actor, filters=f, per_stage=per_stage)
    return [(c.stage, c.count, [card.id for card in c.cards]) for c in columns]


def filters(engine: Engine, actor: Actor) -> list[BoardFilter]:
    village = unit_id(engine, "QSZ01")
    out = [
        BoardFilter(),
        BoardFilter(categories=[Category.NEIGHBOUR, Category.DEBT]),
        BoardFilter(risks=[Risk.HIGH]),
        BoardFilter(categories=[Category.HOMESTEAD], risks=[Risk.LOW, Risk.MEDIUM]),
        BoardFilter(overdue_only=True),
        BoardFilter(mine=True),
        BoardFilter(urgent_only=True),
    ]
    if actor.role != "mediator":
        out.append(BoardFilter(unit_id=village, risks=[Risk.MEDIUM]))
    return out


def assert_same_board(engine: Engine, actors: dict[str, Actor]) -> None:
    with Session(engine) as session:
        for who in ACTORS:
            actor = actors[who]
            for f in filters(engine, actor):
                for per_stage in (3, 20, 500):
                    expected = plain(session, actor, f, per_stage)
                    assert shown(session, actor, f, per_stage) == expected, (who, f, per_stage)
                if f.responsible_user_id or f.mine or f.overdue_only or f.urgent_only:
                    continue
                assert_same_ledger_total(session, actor, f)


def assert_same_ledger_total(session: Session, actor: Actor, f: BoardFilter) -> None:
    """The ledger's total from the tallies (its filter holds only unit, category and risk) is
    the plain count of its query."""
    lf = ledger.LedgerFilter(unit_id=f.unit_id, categories=f.categories, risks=f.risks)
    assert ledger._tallies_serve(lf)
    query = ledger._ledger_query(session, actor, lf)
    plain_total = session.exec(select(func.count()).select_from(query.subquery())).one()
    assert ledger.list_cases(session, actor=actor, filters=lf).total == plain_total, (actor, f)


def test_the_board_shows_the_plain_counts_and_cards_before_and_after_moves(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=400, seed=11)
        # Closed, resolved and referred cases elsewhere that the village mediator handles in
        # person: in their scope through case_in_scope's third clause only.
        elsewhere = session.exec(
            select(Case.id, Case.stage)
            .where(col(Case.unit_id) != unit_id(engine, "QSZ01"))
            .where(col(Case.responsible_unit_id) != unit_id(engine, "QSZ01"))
            .where(col(Case.unit_id).not_in(subtree_unit_ids(actors["coordinator"].unit_path)))
            .where(col(Case.stage).not_in(OPEN_STAGES))
            .order_by(Case.id)
        ).all()
    for case_id, _stage in elsewhere[:9]:
        set_case(engine, case_id, responsible_user_id=actors["mediator"].id, urgent=True)

    with Session(engine) as session:
        mediator_board = dict(
            (stage, count)
            for stage, count, _ in shown(session, actors["mediator"], BoardFilter(), 20)
        )
        leader_board = shown(session, actors["leader"], BoardFilter(), 20)
    assert all(mediator_board[stage] > 0 for stage in (Stage.RESOLVED, Stage.CLOSED))
    assert sum(count for _, count, _ in leader_board) == 400
    assert_same_board(engine, actors)

    # Moves change stages, units, people and risk ranks; the counts follow in the same commit.
    registered = case_in_stage(engine, actors, Stage.REGISTERED)
    make_move(Move.ASSIGN, engine, actors, registered, actors["coordinator"])
    resolved = case_in_stage(engine, actors, Stage.RESOLVED)
    closed = case_in_stage(engine, actors, Stage.CLOSED)
    case_in_stage(engine, actors, Stage.REFERRED)
    set_case(engine, resolved, risk=Risk.HIGH)
    set_case(engine, closed, unit_id=unit_id(engine, "QSZ02"))
    assert_same_board(engine, actors)
