"""The inbox (db.inbox, db.cases.notices, db.supervision.notices; issue 21): each change tells
exactly the people it concerns, once, in its own transaction (a refused change tells nobody);
the actor and inactive accounts are never told; titles carry the case's number, never a party's
ID number or phone; a reader counts, lists and marks only their own rows. Both engines."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text, update
from sqlmodel import Session, col, select

from db.cases import actions as case_actions
from db.cases import aftercare, moves, report_up, urgent
from db.cases import extension_requests as requests
from db.cases.lifecycle import Extension, StaleCase
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.enums import NoticeKind, Role, Stage, TickResult
from db.inbox import reading
from db.models import Notification, User
from db.supervision import rectifications
from tests.db import supervision_helpers as sup
from tests.db.factories import (
    REPORT_REASON,
    RETURN_REASON,
    REVISIT_REASON,
    act,
    add_user,
    case_in_stage,
    current,
    new_case,
    plan,
    register_case,
    reported_up,
    unit_id,
)

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"1\d{10}")


def told(engine: Engine) -> list[tuple[int, NoticeKind, int | None]]:
    """Every notification as (reader, kind, case), in order."""
    with Session(engine) as session:
        rows = session.exec(select(Notification).order_by(col(Notification.id))).all()
        for row in rows:
            assert not ID_NUMBER.search(row.title) and not PHONE.search(row.title)
        return [(n.user_id, NoticeKind(n.kind), n.case_id) for n in rows]


def since(engine: Engine, before: int) -> list[tuple[int, NoticeKind, int | None]]:
    return told(engine)[before:]


def test_an_assignment_tells_the_responsible_person_once_and_nobody_else(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = new_case(engine, mediator, "QSZ01")
    assert told(engine) == []
    act(engine, moves.assign, actor=coordinator, case_id=case_id,
        plan=plan(unit_id(engine, "QSZ01"), mediator.id))  # fmt: skip
    assert told(engine) == [(mediator.id, NoticeKind.ASSIGNED, case_id)]
    with Session(engine) as session:
        title = session.exec(select(Notification.title)).one()
    assert title.startswith(current(engine, case_id).number)
    assert (local_today() + timedelta(days=7)).isoformat() in title


def test_the_actor_and_inactive_accounts_are_not_told(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = new_case(engine, coordinator, "QSZ")
    act(engine, moves.assign, actor=coordinator, case_id=case_id,
        plan=plan(unit_id(engine, "QSZ"), coordinator.id))  # fmt: skip
    assert told(engine) == []  # assigned to oneself
    other = add_user(engine, "med_gone", "将离职调解员", Role.MEDIATOR, "QSZ01")
    second = new_case(engine, coordinator, "QSZ01")
    act(engine, moves.assign, actor=coordinator, case_id=second,
        plan=plan(unit_id(engine, "QSZ01"), other.id))  # fmt: skip
    assert told(engine) == [(other.id, NoticeKind.ASSIGNED, second)]
    with write_session(engine) as session:
        session.exec(update(User).where(col(User.id) == other.id).values(is_active=False))
        session.commit()
    later = Extension(new_deadline=local_today() + timedelta(days=20), reason="当事人外出务工")
    act(engine, case_actions.extend, actor=coordinator, case_id=second, extension=later)
    assert len(told(engine)) == 1


def test_a_refused_change_tells_nobody(engine: Engine, actors: dict[str, Actor]) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = new_case(engine, mediator, "QSZ01")
    version = current(engine, case_id).version
    act(engine, moves.assign, actor=coordinator, case_id=case_id, version=version,
        plan=plan(unit_id(engine, "QSZ01"), mediator.id))  # fmt: skip
    before = len(told(engine))
    with pytest.raises(StaleCase):  # a form opened before the assignment
        act(engine, moves.assign, actor=coordinator, case_id=case_id, version=version,
            plan=plan(unit_id(engine, "QSZ01"), mediator.id))  # fmt: skip
    assert len(told(engine)) == before


def test_extended_flagged_and_reopened_tell_the_responsible_person(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator, leader = actors["mediator"], actors["coordinator"], actors["leader"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    before = len(told(engine))
    later = Extension(new_deadline=local_today() + timedelta(days=20), reason="当事人外出务工")
    act(engine, case_actions.extend, actor=coordinator, case_id=case_id, extension=later)
    with write_session(engine) as session:
        case_actions.flag(session, actor=leader, case_id=case_id, on=True, note="群众反映强烈")
    with write_session(engine) as session:
        case_actions.flag(session, actor=leader, case_id=case_id, on=False)
    assert since(engine, before) == [
        (mediator.id, NoticeKind.EXTENDED, case_id),
        (mediator.id, NoticeKind.FLAGGED, case_id),
    ]
    closed = case_in_stage(engine, actors, Stage.CLOSED)
    before = len(told(engine))
    act(engine, aftercare.revisit, actor=coordinator, case_id=closed, reason=REVISIT_REASON)
    assert since(engine, before) == [(mediator.id, NoticeKind.REOPENED, closed)]


def test_an_answered_extension_request_tells_the_requester_once(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    ask = requests.ExtensionAsk(
        proposed_deadline=local_today() + timedelta(days=20), reason="当事人外出务工，月底返乡"
    )
    for answer in ("grant", "refuse"):
        with write_session(engine) as session:
            request_id = requests.request_extension(
                session, actor=mediator, case_id=case_id, ask=ask
            )
        before = len(told(engine))
        ask = requests.ExtensionAsk(
            proposed_deadline=local_today() + timedelta(days=30), reason="仍需时间"
        )
        with write_session(engine) as session:
            if answer == "grant":
                version = current(engine, case_id).version
                requests.grant(session, actor=coordinator, case_id=case_id, version=version,
                               request_id=request_id)  # fmt: skip
            else:
                reason = requests.RefusalReason(reason="时限内可以化解")
                requests.refuse(session, actor=coordinator, case_id=case_id,
                                request_id=request_id, reason=reason)  # fmt: skip
        # the requester is the responsible person too: told once, of the answer
        assert since(engine, before) == [(mediator.id, NoticeKind.EXTENSION_ANSWERED, case_id)]


def test_report_up_tells_the_level_above_and_its_answer_tells_the_sender(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    before = len(told(engine))
    reported_up(engine, actors, case_id)
    assert since(engine, before) == [(coordinator.id, NoticeKind.REPORTED_TO_YOU, case_id)]
    before = len(told(engine))
    act(engine, report_up.return_down, actor=coordinator, case_id=case_id, reason=RETURN_REASON)
    assert since(engine, before) == [(mediator.id, NoticeKind.REPORT_RETURNED, case_id)]
    act(engine, report_up.report_up, actor=mediator, case_id=case_id, reason=REPORT_REASON)
    before = len(told(engine))
    town = unit_id(engine, "QSZ")
    act(engine, report_up.take, actor=coordinator, case_id=case_id,
        plan=plan(town, coordinator.id))  # fmt: skip
    assert since(engine, before) == [(mediator.id, NoticeKind.REPORT_TAKEN, case_id)]


def test_an_urgent_case_tells_the_coordinators_above_it_and_nobody_elsewhere(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    add_user(engine, "lwz_coord", "另一镇综治办", Role.COORDINATOR, "LWZ")
    case_id = register_case(
        engine, mediator, unit_id(engine, "QSZ01"), group_risk=True, people_involved=30
    ).id
    assert sorted(told(engine)) == sorted(
        [
            (actors["coordinator"].id, NoticeKind.URGENT, case_id),
            (actors["county_coord"].id, NoticeKind.URGENT, case_id),
        ]
    )
    with Session(engine) as session:
        urgent_notices = reading.unread_urgent(session, actor=actors["county_coord"])
    assert [n.case_id for n in urgent_notices] == [case_id]
    # 已知悉 answers the notice: it is read for the one who acknowledged, not for the other.
    with Session(engine) as session:
        urgent.acknowledge(session, actor=actors["county_coord"], case_id=case_id)
    with Session(engine) as session:
        assert reading.unread_urgent(session, actor=actors["county_coord"]) == []
        assert len(reading.unread_urgent(session, actor=actors["coordinator"])) == 1


def test_a_rectification_tells_the_unit_and_its_answer_the_supervisor(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    supervisor, mediator = actors["supervisor"], actors["mediator"]
    inspection_id = sup.start(engine, supervisor)
    sup.tick_all(engine, supervisor, inspection_id, {1: TickResult.FAIL})
    sup.submit(engine, supervisor, inspection_id)
    (rectification,) = sup.rectifications_of(engine, inspection_id)
    with Session(engine) as session:
        rows = session.exec(select(Notification)).all()
        assert [(n.user_id, n.kind, n.rectification_id) for n in rows] == [
            (mediator.id, NoticeKind.RECTIFICATION, rectification.id)
        ]
        assert "第 1 项问题" not in rows[0].title  # the unit and deadline, not the notes
    with write_session(engine) as session:
        rectifications.mark_done(
            session, actor=mediator, rectification_id=rectification.id or 0, note="已整改到位"
        )
    with Session(engine) as session:
        last = session.exec(select(Notification).order_by(col(Notification.id).desc())).first()
        assert last is not None
        assert (last.user_id, last.kind) == (supervisor.id, NoticeKind.RECTIFICATION_ANSWERED)


def test_a_reader_counts_lists_and_marks_only_their_own(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    first = case_in_stage(engine, actors, Stage.ASSIGNED)
    second = case_in_stage(engine, actors, Stage.ASSIGNED)
    reported_up(engine, actors, second)  # the coordinator's one
    with Session(engine) as session:
        assert reading.unread_count(session, mediator.id) == 2
        assert reading.unread_count(session, coordinator.id) == 1
        theirs, _ = reading.listing(session, actor=coordinator)
    with write_session(engine) as session:
        # another reader's id changes nothing
        assert reading.mark_read(session, actor=mediator, notice_ids=[theirs[0].id]) == 0
    with write_session(engine) as session:
        assert reading.mark_case_read(session, actor=mediator, case_id=first) == 1
    with Session(engine) as session:
        notices, total = reading.listing(session, actor=mediator)
        assert total == 2
        assert [(n.case_id, n.read) for n in notices] == [(second, False), (first, True)]
        only, _ = reading.listing(session, actor=mediator, kinds=(NoticeKind.URGENT,))
        assert only == []
        assert reading.unread_count(session, coordinator.id) == 1
    with write_session(engine) as session:
        assert reading.mark_all_read(session, actor=mediator) == 1
    with Session(engine) as session:
        assert reading.unread_count(session, mediator.id) == 0
        assert reading.unread_count(session, coordinator.id) == 1


def test_the_unread_count_is_one_index_range_on_sqlite(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        plan_rows = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM notifications "
                "WHERE user_id = 1 AND read_at IS NULL"
            )
        ).all()
    details = " ".join(str(row[-1]) for row in plan_rows)
    assert "COVERING INDEX ix_notifications_reader" in details, details
