"""The demo county: units and accounts, and the demo password.

One deterministic generator (this module, db.demo.cases and db.demo.story) feeds the demo
(`python -m db demo`), the tests, the browser tests and the benchmarks. Same seed, same data.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from db import texts
from db.accounts.users import create_user
from db.core import settings
from db.core.files import write_private
from db.core.units import add_unit
from db.enums import (
    Role,
    UnitKind,
)
from db.models import Unit, User

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
    ("county_coord", "县综治中心 周伟", Role.COORDINATOR, "QHX"),
    ("coordinator", "青石镇综治办 赵强", Role.COORDINATOR, "QSZ"),
    ("mediator", "东河村调解员 孙丽", Role.MEDIATOR, "QSZ01"),
    # A leader for every town (包案领导 of its cases); after the others, so their ids stay.
    ("town_leader", "青石镇党委书记 张伟", Role.LEADER, "QSZ"),
    ("lw_leader", "柳湾镇党委书记 王芳", Role.LEADER, "LWZ"),
    ("dl_leader", "东岭街道党工委书记 李强", Role.LEADER, "DLJ"),
]
# The lead leader of each town's cases (包案领导), by town code; the county's cases: "leader".
TOWN_LEADERS = {"QSZ": "town_leader", "LWZ": "lw_leader", "DLJ": "dl_leader"}


@dataclass(frozen=True)
class World:
    county_id: int
    town_ids: dict[str, int]  # by code
    village_ids: list[int]
    users: dict[str, int]  # by username


def demo_password() -> str:
    """DEMO_PASSWORD if set, else the one stored under data/ on first use (run.sh prints it)."""
    if password := settings.demo_password():
        return password
    from db.accounts.users import random_password

    stored = settings.data_dir() / "demo-password.txt"
    if not stored.exists():
        write_private(stored, (random_password() + "\n").encode())
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


def loaded_world(session: Session) -> str:
    """Which world the database holds, for 系统管理: the demo county, another county, or none."""
    roots = session.exec(select(Unit).where(Unit.parent_id == None).order_by(Unit.id)).all()  # noqa: E711
    if not roots:
        return texts.WORLD_EMPTY
    root = roots[0]
    if (root.code, root.name) == COUNTY:
        return texts.WORLD_DEMO.format(county=root.name)
    return texts.WORLD_REAL.format(county=root.name)
