"""The demo's reception register: the county leader's receptions of the last weeks (接访 at the
centre, a 下访 to 青石镇, a 约访 at 柳湾镇), each concerning some of the demo's open cases, and a
带案下访 to 东岭街道 planned for next week with the cases to take along. Recorded through the
services (rules and audit as a user's); deterministic; no visitor's name or phone."""

from datetime import timedelta

from sqlmodel import Session, col, select

from db.clock import local_today
from db.core.actor import Actor
from db.core.scope import subtree_unit_ids
from db.enums import OPEN_STAGES, ReceptionKind, ReceptionStatus
from db.models import Case, Unit, User
from db.receptions import book
from db.receptions.schemas import ReceptionInput

# kind, status, days from today, unit code, place, visitors, raised, decided, cases to link
RECEPTIONS = [
    (ReceptionKind.AT_CENTRE, ReceptionStatus.DONE, -3, "QHX", "县综治中心接访室", 3,
     "反映邻村修渠占用承包地，补偿迟迟未落实", "请青石镇一周内核实占地面积并答复"),
    (ReceptionKind.VISIT, ReceptionStatus.DONE, -10, "QSZ", "青石镇东河村村委会", 6,
     "村民反映宅基地界址纠纷久拖未决", "镇综治中心牵头，司法所参与，半月内组织调解"),
    (ReceptionKind.INVITED, ReceptionStatus.DONE, -20, "LWZ", "柳湾镇综治中心", 2,
     "工地拖欠农民工工资", "请人社部门介入，限期支付"),
    (ReceptionKind.VISIT_WITH_CASES, ReceptionStatus.PLANNED, 7, "DLJ", "东岭街道综治中心", 0,
     "", ""),
]  # fmt: skip
CASES_PER_RECEPTION = 2


def _open_cases(session: Session, unit: Unit, skip: int) -> list[int]:
    query = (
        select(Case.id)
        .where(col(Case.unit_id).in_(subtree_unit_ids(unit.path)), col(Case.stage).in_(OPEN_STAGES))
        .order_by(col(Case.id))
        .offset(skip)
        .limit(CASES_PER_RECEPTION)
    )
    return [i for i in session.exec(query).all() if i is not None]


def seed_receptions(session: Session) -> list[int]:
    """The demo's receptions; returns their ids."""
    user = session.exec(select(User).where(User.username == "leader")).one()
    leader = Actor.of(session, user)
    today = local_today()
    made = []
    for index, (kind, status, days, code, place, visitors, raised, decided) in enumerate(
        RECEPTIONS
    ):
        unit = session.exec(select(Unit).where(Unit.code == code)).one()
        data = ReceptionInput(
            kind=kind,
            status=status,
            held_on=today + timedelta(days=days),
            place=place,
            unit_id=unit.id or 0,
            leader_id=leader.id,
            accompanied="县信访局、县司法局" if status == ReceptionStatus.DONE else "",
            visitors=visitors,
            raised=raised,
            decided=decided,
        )
        reception_id = book.record(session, actor=leader, data=data)
        for case_id in _open_cases(session, unit, skip=index):
            book.link_case(session, actor=leader, reception_id=reception_id, case_id=case_id)
        made.append(reception_id)
    return made
