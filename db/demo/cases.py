"""Demo cases: spread over the 18 months up to today, in every category and stage, written with
bulk INSERTs (100,000 in seconds); numbering continues the towns' counters. What one case is made
of (its parties, timeline, escalation and follow-up) is db.demo.story.
"""

import random
from datetime import date

from sqlalchemy import insert, text, update
from sqlmodel import Session, func, select

from db.clock import local_today
from db.demo.categories import give_demo_categories
from db.demo.story import CATEGORY_WEIGHTS, one_case
from db.demo.world import DEMO_ACCOUNTS, TOWN_LEADERS, World
from db.enums import Role
from db.models import Case, CaseCounter, CaseEvent, FollowUp, Party, Unit, User


def generate_cases(
    session: Session, *, world: World, count: int, seed: int = 42, today: date | None = None
) -> int:
    """Add `count` cases spread over the 18 months up to today, in every category and stage,
    with parties and timelines; numbering continues the counters. Returns cases written."""
    rng = random.Random(seed)
    today = today or local_today()
    village_town = _village_towns(session, world)
    mediators = _mediators_by_unit(session)
    creator = world.users.get("coordinator")
    counters = _load_counters(session)
    town_codes = {tid: code for code, tid in world.town_ids.items()}
    names = dict(session.exec(select(Unit.id, Unit.name)).all())
    leaders = _town_leaders(world)
    first_id = (session.exec(select(func.max(Case.id))).one() or 0) + 1
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    # Oldest first, so that numbers follow the order of registration within a town and year.
    ages = sorted((int(rng.triangular(0, 548, 30)) for _ in range(count)), reverse=True)
    batch = 5000
    written = 0
    while written < count:
        cases, parties, events, follow_ups = [], [], [], []
        for offset in range(min(batch, count - written)):
            case_id = first_id + written + offset
            row, case_parties, case_events, case_follow_ups = one_case(
                rng,
                case_id=case_id,
                age=ages[written + offset],
                today=today,
                categories=categories,
                weights=weights,
                world=world,
                village_town=village_town,
                mediators=mediators,
                creator=creator,
                counters=counters,
                town_codes=town_codes,
                names=names,
                leaders=leaders,
            )
            cases.append(row)
            parties.extend(case_parties)
            events.extend(case_events)
            follow_ups.extend(case_follow_ups)
        session.execute(insert(Case), cases)
        session.execute(insert(Party), parties)
        session.execute(insert(CaseEvent), events)
        if follow_ups:
            session.execute(insert(FollowUp), follow_ups)
        written += len(cases)
    _save_counters(session, counters)
    give_demo_categories(
        session, first_id=first_id, last_id=first_id + count - 1, admin_id=world.users.get("admin")
    )
    if session.get_bind().dialect.name == "postgresql":
        # Ids were given explicitly; move the sequence past them for the next registration.
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"
            )
        )
    session.commit()
    return written


def _village_towns(session: Session, world: World) -> dict[int, int]:
    town_by_id = set(world.town_ids.values())
    result = {}
    for unit in session.exec(select(Unit).where(Unit.id.in_(world.village_ids))):  # type: ignore[union-attr]
        ancestors = [int(p) for p in unit.path.strip("/").split("/")]
        result[unit.id] = next(a for a in reversed(ancestors) if a in town_by_id)
    return result  # type: ignore[return-value]


def _town_leaders(world: World) -> dict[int, tuple[int, str]]:
    """Each town's leader account (db.demo.world.TOWN_LEADERS) and name, where the world has it."""
    names = {username: name for username, name, _role, _unit in DEMO_ACCOUNTS}
    return {
        world.town_ids[code]: (world.users[username], names[username])
        for code, username in TOWN_LEADERS.items()
        if code in world.town_ids and username in world.users
    }


def _mediators_by_unit(session: Session) -> dict[int, int]:
    rows = session.exec(
        select(User.unit_id, User.id).where(User.role == Role.MEDIATOR).order_by(User.id)
    ).all()
    found: dict[int, int] = {}
    for unit_id, user_id in rows:
        found.setdefault(unit_id, user_id or 0)
    return found


def _load_counters(session: Session) -> dict[tuple[int, int], int]:
    return {(c.unit_id, c.year): c.last for c in session.exec(select(CaseCounter))}


def _save_counters(session: Session, counters: dict[tuple[int, int], int]) -> None:
    existing = set(_load_counters(session))
    for (unit_id, year), last in counters.items():
        if (unit_id, year) in existing:
            session.execute(
                update(CaseCounter)
                .where(CaseCounter.unit_id == unit_id, CaseCounter.year == year)  # type: ignore[arg-type]
                .values(last=last)
            )
        else:
            session.add(CaseCounter(unit_id=unit_id, year=year, last=last))
