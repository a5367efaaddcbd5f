"""The deterministic demo: a fictional county, its users and its cases.

One generator feeds the demo (`python -m db demo`), the tests, the browser tests and the
benchmarks. Same seed, same data. Cases are written with bulk INSERTs so 100,000 take seconds.
"""

import json
import os
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from sqlalchemy import insert, text, update
from sqlmodel import Session, func, select

from db.clock import LOCAL_ZONE, local_today
from db.demo_text import FACTS, GIVEN_NAMES, STREETS, SURNAMES
from db.enums import (
    Category,
    EventKind,
    FoundVia,
    PartyRole,
    Risk,
    Role,
    Stage,
    UnitKind,
)
from db.models import Case, CaseCounter, CaseEvent, Party, Unit, User
from db.units import add_unit
from db.users import create_user
from db.validation import id_check_char

COUNTY = ("QHX", "清河县")
TOWNS = {
    ("QSZ", "青石镇"): ["东河村", "南湾村", "西岭村", "北坡村", "石桥社区", "柳园社区", "枣林村"],
    ("LWZ", "柳湾镇"): ["前进村", "红星村", "王庄村", "李家坳村", "新华社区", "河口村", "马集村"],
    ("DLJ", "东岭街道"): ["东岭社区", "文化路社区", "建设路社区", "站前社区", "北关村", "南关村"],
}
DEPARTMENTS = {"QSZ": ["司法所", "派出所"], "LWZ": ["司法所"], "DLJ": ["司法所"]}

# Demo accounts: username, name, role, unit code. The README lists them.
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", Role.ADMIN, "QHX"),
    ("leader", "县领导 刘明", Role.LEADER, "QHX"),
    ("supervisor", "督查组 陈静", Role.SUPERVISOR, "QHX"),
    ("coordinator", "青石镇综治办 赵强", Role.COORDINATOR, "QSZ"),
    ("mediator", "东河村调解员 孙丽", Role.MEDIATOR, "QSZ01"),
]
CATEGORY_WEIGHTS = {
    Category.NEIGHBOUR: 20,
    Category.MARRIAGE_FAMILY: 16,
    Category.HOMESTEAD: 10,
    Category.LAND_CONTRACT: 10,
    Category.LABOUR: 9,
    Category.DEBT: 9,
    Category.TRAFFIC: 7,
    Category.PROPERTY_MGMT: 6,
    Category.LAND_REQUISITION: 4,
    Category.MEDICAL: 3,
    Category.CONSUMER: 3,
    Category.OTHER: 3,
}
RISK_DAYS = {Risk.HIGH: 7, Risk.MEDIUM: 15, Risk.LOW: 30}
REGION_CODES = ("130521", "130522", "130523", "130524")


@dataclass(frozen=True)
class World:
    county_id: int
    town_ids: dict[str, int]  # by code
    village_ids: list[int]
    users: dict[str, int]  # by username


def demo_password() -> str:
    """DEMO_PASSWORD if set, else the one stored under data/ on first use (run.sh prints it)."""
    if password := os.environ.get("DEMO_PASSWORD"):
        return password
    from db.engine import DATA_DIR
    from db.users import random_password

    stored = DATA_DIR / "demo-password.txt"
    if not stored.exists():
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(random_password() + "\n")
        stored.chmod(0o600)
    return stored.read_text().strip()


def build_world(session: Session, *, password: str) -> World:
    """Units and demo accounts (one per role, plus a mediator for every village)."""
    county = add_unit(session, code=COUNTY[0], name=COUNTY[1], kind=UnitKind.COUNTY)
    add_unit(session, code="QHXSFJ", name="县司法局", kind=UnitKind.DEPARTMENT, parent=county)
    units: dict[str, Unit] = {COUNTY[0]: county}
    town_ids: dict[str, int] = {}
    village_ids: list[int] = []
    for (code, name), villages in TOWNS.items():
        town = add_unit(session, code=code, name=name, kind=UnitKind.TOWN, parent=county)
        units[code], town_ids[code] = town, town.id or 0
        for i, dept in enumerate(DEPARTMENTS[code], start=1):
            add_unit(
                session, code=f"{code}D{i}", name=name + dept, kind=UnitKind.DEPARTMENT, parent=town
            )
        for i, village in enumerate(villages, start=1):
            kind = UnitKind.COMMUNITY if village.endswith("社区") else UnitKind.VILLAGE
            unit = add_unit(session, code=f"{code}{i:02d}", name=village, kind=kind, parent=town)
            units[unit.code] = unit
            village_ids.append(unit.id or 0)
    users: dict[str, int] = {}
    for username, name, role, unit_code in DEMO_ACCOUNTS:
        user = create_user(
            session,
            username=username,
            display_name=name,
            password=password,
            role=role,
            unit=units[unit_code],
            must_change_password=False,
        )
        users[username] = user.id or 0
    # Every village gets a mediator of its own; they share one hash (hashing is slow on purpose).
    template = session.get(User, users["mediator"])
    assert template is not None
    for code, unit in units.items():
        if unit.kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY) and code != "QSZ01":
            user = User(
                username=f"med_{code.lower()}",
                display_name=f"{unit.name}调解员",
                password_hash=template.password_hash,
                role=Role.MEDIATOR,
                unit_id=unit.id or 0,
                must_change_password=False,
            )
            session.add(user)
            session.flush()
            users[user.username] = user.id or 0
    session.commit()
    return World(county_id=county.id or 0, town_ids=town_ids, village_ids=village_ids, users=users)


def load_world(session: Session) -> World:
    county = session.exec(select(Unit).where(Unit.code == COUNTY[0])).one()
    towns = session.exec(select(Unit).where(Unit.kind == UnitKind.TOWN)).all()
    villages = session.exec(
        select(Unit.id).where(Unit.kind.in_([UnitKind.VILLAGE, UnitKind.COMMUNITY]))  # type: ignore[attr-defined]
    ).all()
    users = dict(session.exec(select(User.username, User.id)).all())
    return World(
        county_id=county.id or 0,
        town_ids={t.code: t.id or 0 for t in towns},
        village_ids=sorted(v for v in villages if v),
        users=users,  # type: ignore[arg-type]
    )


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def id_number(rng: random.Random, born: date) -> str:
    first17 = rng.choice(REGION_CODES) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"


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
    first_id = (session.exec(select(func.max(Case.id))).one() or 0) + 1
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    # Oldest first, so that numbers follow the order of registration within a town and year.
    ages = sorted((int(rng.triangular(0, 548, 30)) for _ in range(count)), reverse=True)
    batch = 5000
    written = 0
    while written < count:
        cases, parties, events = [], [], []
        for offset in range(min(batch, count - written)):
            case_id = first_id + written + offset
            row, case_parties, case_events = _one_case(
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
            )
            cases.append(row)
            parties.extend(case_parties)
            events.extend(case_events)
        session.execute(insert(Case), cases)
        session.execute(insert(Party), parties)
        session.execute(insert(CaseEvent), events)
        written += len(cases)
    _save_counters(session, counters)
    if session.get_bind().dialect.name == "postgresql":
        # Ids were given explicitly; move the sequence past them for the next registration.
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"
            )
        )
    session.commit()
    return written


def _one_case(
    rng,
    *,
    case_id,
    age,
    today,
    categories,
    weights,
    world,
    village_town,
    mediators,
    creator,
    counters,
    town_codes,
):  # type: ignore[no-untyped-def]
    category = rng.choices(categories, weights)[0]
    unit_id = rng.choice(world.village_ids)
    town_id = village_town[unit_id]
    found_on = today - timedelta(days=age)
    registered_on = min(today, found_on + timedelta(days=rng.choice((0, 0, 0, 1, 2, 3))))
    created_at = _at(registered_on, rng.randrange(8, 18), rng.randrange(60))
    risk = rng.choices((Risk.LOW, Risk.MEDIUM, Risk.HIGH), (60, 30, 10))[0]
    stage = _stage_for_age((today - registered_on).days, rng)
    year = registered_on.year
    counters[(town_id, year)] = sequence = counters.get((town_id, year), 0) + 1
    number = f"{town_codes[town_id]}-{year}-{sequence:04d}"
    row = {
        "id": case_id,
        "number": number,
        "category": category,
        "found_via": rng.choice(list(FoundVia)),
        "found_on": found_on,
        "unit_id": unit_id,
        "facts": rng.choice(FACTS[category]),
        "people_involved": rng.choice((2, 2, 2, 3, 4, 5, 8, 12, 30)),
        "amount_fen": rng.choice((0, 0, 300_000, 1_200_000, 5_000_000, 8_600_000, 30_000_000)),
        "risk": risk,
        "group_risk": risk == Risk.HIGH and rng.random() < 0.4,
        "violence_risk": risk == Risk.HIGH and rng.random() < 0.2,
        "stage": stage,
        "lead_leader": None,
        "responsible_unit_id": None,
        "responsible_user_id": None,
        "deadline": None,
        "created_at": created_at,
        "created_by_id": creator,
        "updated_at": created_at,
        "updated_by_id": creator,
        "finished_at": None,
        "version": 1,
        "intake_token": None,
    }
    events = [
        _event(
            case_id,
            EventKind.REGISTERED,
            created_at,
            creator,
            None,
            Stage.REGISTERED,
            {"number": number},
        )
    ]
    if stage != Stage.REGISTERED:
        deadline = registered_on + timedelta(days=RISK_DAYS[risk])
        responsible = mediators.get(unit_id)
        row.update(
            lead_leader=rng.choice(("张书记", "王副书记", "赵主席", "李镇长")),
            responsible_unit_id=unit_id,
            responsible_user_id=responsible,
            deadline=deadline,
        )
        assigned_at = created_at + timedelta(hours=rng.randrange(1, 48))
        events.append(
            _event(
                case_id,
                EventKind.ASSIGNED,
                assigned_at,
                creator,
                Stage.REGISTERED,
                Stage.ASSIGNED,
                {},
            )
        )
        order = [Stage.ASSIGNED, Stage.MEDIATING, Stage.RESOLVED, Stage.CLOSED]
        if stage == Stage.REFERRED:
            order = [Stage.ASSIGNED, Stage.MEDIATING, Stage.REFERRED]
        steps = order[: order.index(stage) + 1]
        moment = assigned_at
        for before, after in pairwise(steps):
            moment = min(
                moment + timedelta(days=rng.randrange(1, RISK_DAYS[risk] + 5)), _at(today, 9, 0)
            )
            if after == Stage.CLOSED:
                events.append(
                    _event(
                        case_id,
                        EventKind.FOLLOW_UP,
                        moment,
                        responsible,
                        None,
                        None,
                        {"flared_up": False},
                    )
                )
            events.append(
                _event(case_id, EventKind.STAGE_CHANGED, moment, responsible, before, after, {})
            )
        if stage in (Stage.CLOSED, Stage.REFERRED):
            row["finished_at"] = moment
        row["updated_at"] = moment
    parties = [
        {
            "case_id": case_id,
            "role": role,
            "name": person_name(rng),
            "id_number": id_number(
                rng, date(rng.randrange(1950, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
            ),
            "phone": mobile(rng),
            "address": rng.choice(STREETS) + f"{rng.randrange(1, 120)}号",
        }
        for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT)
    ]
    return row, parties, events


def _stage_for_age(days: int, rng: random.Random) -> Stage:
    """Older cases are mostly finished; recent ones are still being worked on."""
    if days < 3:
        return rng.choices((Stage.REGISTERED, Stage.ASSIGNED, Stage.MEDIATING), (5, 3, 2))[0]
    if days < 30:
        return rng.choices(list(Stage), (1, 3, 4, 2, 1, 0.3))[0]
    return rng.choices(list(Stage), (0.1, 0.3, 0.8, 1.2, 10, 0.8))[0]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_ZONE).astimezone(UTC)


def _event(case_id, kind, at, actor, stage_from, stage_to, detail):  # type: ignore[no-untyped-def]
    return {
        "case_id": case_id,
        "kind": kind,
        "at": at,
        "actor_id": actor,
        "stage_from": stage_from,
        "stage_to": stage_to,
        "detail": json.dumps(detail, ensure_ascii=False),
    }


def _village_towns(session: Session, world: World) -> dict[int, int]:
    town_by_id = set(world.town_ids.values())
    result = {}
    for unit in session.exec(select(Unit).where(Unit.id.in_(world.village_ids))):  # type: ignore[union-attr]
        ancestors = [int(p) for p in unit.path.strip("/").split("/")]
        result[unit.id] = next(a for a in reversed(ancestors) if a in town_by_id)
    return result  # type: ignore[return-value]


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
