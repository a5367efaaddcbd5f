"""The reception register's rules on both engines: who records whose receptions where, what a
held and a planned reception must say, completing a planned one, linking cases and registering
a case from a reception (来访), all audited; refusals change nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import AuditAction, FoundVia, ReceptionStatus, Role
from db.models import AuditLog, Case, Reception, ReceptionCase, User
from db.receptions import book
from db.receptions.reading import cases_by_number, leader_choices, reception_detail
from db.receptions.schemas import VisitInput
from tests.db.factories import add_user, form, register_case, unit_id
from tests.db.reception_helpers import VISITOR, reception_form, record_reception


def count_receptions(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Reception)).one()


def test_a_leader_records_their_own_reception_audited_without_the_visitors_name(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    leader = actors["leader"]
    reception_id = record_reception(engine, leader, unit_id(engine, "QSZ"))
    with write_session(engine) as session:
        detail = reception_detail(session, leader, reception_id, audit_view=True)
        rows = session.exec(
            select(AuditLog).where(AuditLog.target == f"reception:{reception_id}")
        ).all()
    assert (detail.leader, detail.unit, detail.status) == ("县领导 刘明", "青石镇", "done")
    assert detail.visitor_names == VISITOR
    assert detail.visitor_phones == "139****5678"  # masked wherever shown
    assert [(r.action, r.user_id) for r in rows] == [
        (AuditAction.CREATE, leader.id),
        (AuditAction.VIEW_RECEPTION, leader.id),  # the reading of the visitors' names
    ]
    assert VISITOR not in rows[0].detail and "5678" not in rows[0].detail


@pytest.mark.parametrize(
    ("who", "leader", "unit", "refusal"),
    [
        ("leader", "town_leader", "QSZ", texts.E_RECEPTION_OWN_ONLY),  # not their own
        ("coordinator", "leader", "QSZ", texts.E_RECEPTION_LEADER_SCOPE),  # above their scope
        ("coordinator", "lwz_leader", "LWZ01", texts.E_RECEPTION_LEADER_SCOPE),
        ("town_leader", "town_leader", "LWZ", texts.E_RECEPTION_UNIT_SCOPE),
        ("county_coord", "town_leader", "LWZ", texts.E_RECEPTION_UNIT_NOT_LEADERS),
        ("county_coord", "coordinator", "QSZ", texts.E_RECEPTION_NOT_LEADER),  # no leader
        ("mediator", "town_leader", "QSZ01", texts.E_NOT_ALLOWED),
        ("admin", "leader", "QSZ", texts.E_NOT_ALLOWED),  # no case work (db.core.permissions)
    ],
)
def test_who_records_whose_reception_where(
    engine: Engine, actors: dict[str, Actor], who: str, leader: str, unit: str, refusal: str
) -> None:
    people = dict(actors)
    people["town_leader"] = add_user(engine, "qsz_leader", "青石镇 王刚", Role.LEADER, "QSZ")
    people["lwz_leader"] = add_user(engine, "lwz_leader", "柳湾镇 李强", Role.LEADER, "LWZ")
    with pytest.raises(Refused) as refused:
        record_reception(engine, people[who], unit_id(engine, unit), people[leader].id)
    assert str(refused.value) == refusal
    assert count_receptions(engine) == 0


def test_coordinators_record_for_the_leaders_of_their_scope_only(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    town_leader = add_user(engine, "qsz_leader", "青石镇 王刚", Role.LEADER, "QSZ")
    add_user(engine, "lwz_leader", "柳湾镇 李强", Role.LEADER, "LWZ")
    record_reception(engine, actors["coordinator"], unit_id(engine, "QSZ02"), town_leader.id)
    with Session(engine) as session:
        town = [o.name for o in leader_choices(session, actors["coordinator"])]
        county = [o.name for o in leader_choices(session, actors["county_coord"])]
        own = [o.name for o in leader_choices(session, actors["leader"])]
        with pytest.raises(NotAllowed):
            leader_choices(session, actors["admin"])
    # the demo's town leaders (青石镇党委书记 张伟 and the other towns') are leaders too
    assert sorted(town) == sorted(["青石镇 王刚", "青石镇党委书记 张伟"])
    assert sorted(county) == sorted(
        ["县领导 刘明", "青石镇 王刚", "柳湾镇 李强"]
        + ["青石镇党委书记 张伟", "柳湾镇党委书记 王芳", "东岭街道党工委书记 李强"]
    )
    assert own == ["县领导 刘明"]
    assert count_receptions(engine) == 1


def test_an_inactive_leader_receives_nobody(engine: Engine, actors: dict[str, Actor]) -> None:
    with write_session(engine) as session:
        user = session.get(User, actors["leader"].id)
        assert user is not None
        user.is_active = False
        session.add(user)
        session.commit()
    with pytest.raises(Refused, match=texts.E_RECEPTION_NOT_LEADER):
        record_reception(
            engine, actors["county_coord"], unit_id(engine, "QSZ"), actors["leader"].id
        )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": local_today() + timedelta(days=1)}, "held_on", texts.V_FUTURE_DATE),
        ({"visitors": 0}, "visitors", texts.E_RECEPTION_NO_VISITORS),
        ({"raised": "  "}, "raised", texts.E_RECEPTION_REQUIRED["raised"]),
        ({"decided": ""}, "decided", texts.E_RECEPTION_REQUIRED["decided"]),
        ({"status": "planned", "held_on": local_today() - timedelta(days=1)}, "held_on",
         texts.E_RECEPTION_PLANNED_PAST),
    ],
)  # fmt: skip
def test_a_held_reception_says_what_happened_and_a_planned_one_lies_ahead(
    engine: Engine, actors: dict[str, Actor], changes: dict, field: str, message: str
) -> None:
    with pytest.raises(Refused) as refused:
        record_reception(engine, actors["leader"], unit_id(engine, "QSZ"), **changes)
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert count_receptions(engine) == 0


def test_a_bad_phone_is_refused_in_chinese_by_the_form() -> None:
    with pytest.raises(ValueError, match=texts.V_PHONE):
        reception_form(1, 1, visitor_phones="12345")


def test_a_planned_visit_takes_cases_along_and_is_completed_afterwards(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    leader, coordinator = actors["leader"], actors["county_coord"]
    qsz = unit_id(engine, "QSZ")
    case = register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01"))
    planned = record_reception(
        engine, coordinator, qsz, leader.id, kind="visit_with_cases", status="planned",
        held_on=local_today(), visitors=0, raised="", decided="",
    )  # fmt: skip
    with write_session(engine) as session:
        found = cases_by_number(session, leader, case.number[-6:])
        assert [c.number for c in found] == [case.number]
        book.link_case(session, actor=leader, reception_id=planned, case_id=found[0].id)
    with write_session(engine) as session, pytest.raises(Refused, match=case.number):
        book.link_case(session, actor=leader, reception_id=planned, case_id=case.id)
    with write_session(engine) as session, pytest.raises(Refused, match="计划中"):
        book.open_case(session, actor=leader, reception_id=planned, data=form(qsz))
    visit = VisitInput(
        held_on=local_today(), visitors=5, raised="修路占地", decided="镇里一周内答复"
    )
    with write_session(engine) as session:
        version = session.get(Reception, planned).version  # type: ignore[union-attr]
        book.complete(session, actor=leader, reception_id=planned, version=version, data=visit)
    with write_session(engine) as session, pytest.raises(Refused):  # once only
        book.complete(session, actor=leader, reception_id=planned, version=version + 1, data=visit)
    with Session(engine) as session:
        detail = reception_detail(session, leader, planned)
    assert (detail.status, detail.visitors, detail.decided) == (
        ReceptionStatus.DONE, 5, "镇里一周内答复"
    )  # fmt: skip
    assert [(c.number, c.opened) for c in detail.cases] == [(case.number, False)]


def test_completing_from_a_stale_form_is_refused(engine: Engine, actors: dict[str, Actor]) -> None:
    leader = actors["leader"]
    planned = record_reception(
        engine, leader, unit_id(engine, "QSZ"), status="planned", held_on=local_today(),
    )  # fmt: skip
    visit = VisitInput(held_on=local_today(), visitors=1, raised="问题", decided="意见")
    with write_session(engine) as session:
        book.complete(session, actor=leader, reception_id=planned, version=1, data=visit)
    with write_session(engine) as session:
        row = session.get(Reception, planned)
        assert row is not None and row.version == 2
        row.status = ReceptionStatus.PLANNED  # as if reopened meanwhile: the form is at 1
        session.add(row)
        session.commit()
    with write_session(engine) as session, pytest.raises(Refused, match="已被他人修改"):
        book.complete(session, actor=leader, reception_id=planned, version=1, data=visit)


def test_a_case_registered_from_a_reception_came_via_a_visit_and_is_linked_as_opened(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    leader = actors["leader"]  # a leader may not register at the intake, but from a reception
    qsz = unit_id(engine, "QSZ")
    reception_id = record_reception(engine, leader, qsz)
    data = form(qsz, found_via="phone", facts="反映村道拓宽占用承包地未补偿")
    with write_session(engine) as session:
        first = book.open_case(session, actor=leader, reception_id=reception_id, data=data)
    with write_session(engine) as session:  # the same form again: the same case
        again = book.open_case(session, actor=leader, reception_id=reception_id, data=data)
    with Session(engine) as session:
        case = session.get(Case, first.id)
        links = session.exec(select(ReceptionCase)).all()
        audited = session.exec(
            select(AuditLog.action).where(AuditLog.case_id == first.id).order_by(col(AuditLog.id))
        ).all()
    assert again == first
    assert case is not None and case.found_via == FoundVia.VISIT and case.created_by_id == leader.id
    assert case.unit_id == qsz
    assert [(link.case_id, link.opened) for link in links] == [(first.id, True)]
    assert audited == [AuditAction.CREATE, AuditAction.UPDATE]


def test_cases_and_receptions_outside_the_scope_stay_outside(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    lwz_coord = add_user(engine, "lwz_coord", "柳湾镇综治办 钱进", Role.COORDINATOR, "LWZ")
    lwz_leader = add_user(engine, "lwz_leader", "柳湾镇 李强", Role.LEADER, "LWZ")
    reception_id = record_reception(engine, actors["leader"], unit_id(engine, "QSZ"))
    theirs = record_reception(engine, lwz_coord, unit_id(engine, "LWZ"), lwz_leader.id)
    case = register_case(engine, actors["coordinator"], unit_id(engine, "QSZ01"))
    with Session(engine) as session:
        assert cases_by_number(session, lwz_coord, case.number) == []
        with pytest.raises(OutOfScope):
            reception_detail(session, lwz_coord, reception_id)
    with write_session(engine) as session, pytest.raises(OutOfScope):
        book.link_case(session, actor=lwz_coord, reception_id=theirs, case_id=case.id)
    with Session(engine) as session:
        denied = session.exec(
            select(AuditLog.target).where(AuditLog.action == AuditAction.DENIED)
        ).all()
    assert f"reception:{reception_id}" in denied and f"case:{case.id}" in denied
