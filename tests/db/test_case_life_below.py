"""Requests for a deadline extension (db.cases.extension_requests) and urgent cases
(db.cases.urgent). Every test runs on SQLite and PostgreSQL."""

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from db import texts
from db.cases import extension_requests as requests
from db.cases import moves, urgent
from db.cases.lifecycle import DEFAULT_DEADLINE_DAYS, MoveRefused, StaleCase
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import EventKind, Level, RequestStatus, Risk, Stage
from db.figures import metrics
from db.figures.source import MetricFilter
from db.models import Case, ExtensionRequest, UrgentAck
from tests.db.factories import (
    act,
    audit_rows,
    case_in_stage,
    current,
    events,
    plan,
    register_case,
    unit_id,
)


def ask(days: int, reason: str = "当事人外出务工，月底返乡") -> requests.ExtensionAsk:
    return requests.ExtensionAsk(
        proposed_deadline=local_today() + timedelta(days=days), reason=reason
    )


def request(engine: Engine, actor: Actor, case_id: int, days: int = 20) -> int:
    with write_session(engine) as session:
        return requests.request_extension(session, actor=actor, case_id=case_id, ask=ask(days))


def statuses(engine: Engine, case_id: int) -> list[str]:
    with Session(engine) as session:
        query = select(ExtensionRequest.status).where(ExtensionRequest.case_id == case_id)
        return list(session.exec(query.order_by(col(ExtensionRequest.id))).all())


# Extension requests -----------------------------------------------------------------------


def test_a_granted_request_extends_the_deadline_by_the_extend_rule(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    old = current(engine, case_id)
    request_id = request(engine, mediator, case_id)
    # Asking changes nothing of the case: nobody's open form becomes stale.
    assert (current(engine, case_id).version, current(engine, case_id).deadline) == (
        old.version,
        old.deadline,
    )
    assert events(engine, case_id)[-1].kind == EventKind.EXTENSION_REQUESTED
    with pytest.raises(MoveRefused) as refused:
        request(engine, mediator, case_id, days=25)
    assert str(refused.value) == texts.E_EXTENSION_PENDING
    with Session(engine) as session:
        [pending] = requests.pending_for(session, actor=coordinator)
        assert (pending["id"], pending["who"]) == (request_id, mediator.display_name)
        assert requests.pending_for(session, actor=mediator) == []
    with pytest.raises(NotAllowed):
        act(engine, requests.grant, actor=mediator, case_id=case_id, request_id=request_id)
    act(engine, requests.grant, actor=coordinator, case_id=case_id, request_id=request_id)
    case = current(engine, case_id)
    assert (case.deadline, case.version) == (local_today() + timedelta(days=20), old.version + 1)
    assert statuses(engine, case_id) == [RequestStatus.GRANTED]
    extended = events(engine, case_id)[-1]
    assert (extended.kind, extended.actor_id) == (EventKind.EXTENDED, coordinator.id)
    assert json.loads(extended.detail) == {
        "old_deadline": old.deadline.isoformat() if old.deadline else None,
        "new_deadline": case.deadline.isoformat() if case.deadline else None,
        "reason": "当事人外出务工，月底返乡",
    }
    with pytest.raises(MoveRefused) as refused:
        act(engine, requests.grant, actor=coordinator, case_id=case_id, request_id=request_id)
    assert str(refused.value) == texts.E_EXTENSION_NOT_PENDING


def test_a_refused_request_keeps_the_deadline_and_says_why(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    old = current(engine, case_id)
    request_id = request(engine, mediator, case_id)
    trail = len(audit_rows(engine, case_id))
    reason = requests.RefusalReason(reason="时限内可以化解，请抓紧组织调解")
    with write_session(engine) as session:
        requests.refuse(
            session, actor=coordinator, case_id=case_id, request_id=request_id, reason=reason
        )
    case = current(engine, case_id)
    assert (case.deadline, case.version) == (old.deadline, old.version)
    assert statuses(engine, case_id) == [RequestStatus.REFUSED]
    refused = events(engine, case_id)[-1]
    assert (refused.kind, json.loads(refused.detail)["reason"]) == (
        EventKind.EXTENSION_REFUSED,
        reason.reason,
    )
    assert len(audit_rows(engine, case_id)) == trail + 1
    with Session(engine) as session:
        [seen] = requests.for_case(session, actor=mediator, case_id=case_id)
        assert (seen["status"], seen["note"]) == (RequestStatus.REFUSED, reason.reason)


def test_a_request_needs_a_later_date_an_open_case_and_its_handler(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    case_id = case_in_stage(engine, actors, Stage.MEDIATING)
    deadline = current(engine, case_id).deadline
    assert deadline is not None
    with pytest.raises(MoveRefused) as refused:
        request(engine, mediator, case_id, days=(deadline - local_today()).days)
    assert str(refused.value) == texts.E_EXTEND_LATER
    with pytest.raises(OutOfScope):
        request(engine, actors["med_qsz02"], case_id)
    with pytest.raises(NotAllowed):
        request(engine, actors["leader"], case_id)
    resolved = case_in_stage(engine, actors, Stage.RESOLVED)
    with pytest.raises(MoveRefused) as refused:
        request(engine, mediator, resolved)
    assert str(refused.value) == texts.E_EXTEND_CLOSED
    assert statuses(engine, case_id) == []


def test_granting_at_a_stale_version_is_refused_and_the_request_still_waits(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    coordinator = actors["coordinator"]
    case_id = case_in_stage(engine, actors, Stage.ASSIGNED)
    request_id = request(engine, actors["mediator"], case_id)
    shown = current(engine, case_id).version
    act(engine, moves.start, actor=actors["mediator"], case_id=case_id)
    with pytest.raises(StaleCase):
        act(
            engine,
            requests.grant,
            actor=coordinator,
            case_id=case_id,
            version=shown,
            request_id=request_id,
        )
    assert statuses(engine, case_id) == [RequestStatus.PENDING]


# Urgent cases -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "people", "group", "violence", "expected"),
    [
        (Risk.LOW, 2, True, False, True),
        (Risk.MEDIUM, 2, False, True, True),
        (Risk.HIGH, 11, False, False, True),
        (Risk.HIGH, 10, False, False, False),
        (Risk.MEDIUM, 50, False, False, False),
    ],
    ids=["group-event", "criminal-risk", "high-many", "high-ten", "medium-many"],
)
def test_the_urgent_rule(
    risk: Risk, people: int, group: bool, violence: bool, expected: bool
) -> None:
    assert (
        urgent.is_urgent(risk=risk, people=people, group_risk=group, violence_risk=violence)
        is expected
    )


def test_the_number_of_people_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPUTE_DESK_URGENT_PEOPLE", "3")
    assert urgent.is_urgent(risk=Risk.HIGH, people=4, group_risk=False, violence_risk=False)


def test_an_urgent_case_is_seen_by_the_town_and_county_and_each_acknowledgement_is_timed(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, town, county = actors["mediator"], actors["coordinator"], actors["county_coord"]
    village = unit_id(engine, "QSZ01")
    calm = register_case(engine, mediator, village, facts="两户因排水沟发生争执").id
    case_id = register_case(
        engine, mediator, village, facts="三十余户村民因征地补偿聚集", group_risk=True
    ).id
    assert (current(engine, calm).urgent, current(engine, case_id).urgent) == (False, True)
    # Registered 25 minutes ago.
    with write_session(engine) as session:
        when = utcnow() - timedelta(minutes=25)
        session.exec(update(Case).where(col(Case.id) == case_id).values(created_at=when))
        session.commit()
    with Session(engine) as session:
        for who in (town, county):
            assert [u["case_id"] for u in urgent.unacknowledged(session, actor=who)] == [case_id]
        assert urgent.unacknowledged(session, actor=mediator) == []
        assert urgent.unacknowledged(session, actor=actors["leader"]) == []
    version = current(engine, case_id).version
    with write_session(engine) as session:
        urgent.acknowledge(session, actor=town, case_id=case_id)
    assert current(engine, case_id).version == version  # not a change of the handling
    with pytest.raises(MoveRefused) as refused, write_session(engine) as session:
        urgent.acknowledge(session, actor=town, case_id=case_id)
    assert str(refused.value) == texts.E_URGENT_ACKED
    with write_session(engine) as session:
        urgent.acknowledge(session, actor=county, case_id=case_id)
    with Session(engine) as session:
        assert urgent.unacknowledged(session, actor=town) == []
        seen = urgent.acknowledgements(session, actor=mediator, case_id=case_id)
        acks = session.exec(select(UrgentAck).order_by(col(UrgentAck.id))).all()
    assert [(s["who"], s["level"]) for s in seen] == [
        (town.display_name, texts.label(Level.TOWN)),
        (county.display_name, texts.label(Level.COUNTY)),
    ]
    assert all(25 <= a.minutes <= 26 for a in acks)
    assert [e.kind for e in events(engine, case_id)][-2:] == [EventKind.URGENT_ACKED] * 2
    with pytest.raises(MoveRefused) as refused, write_session(engine) as session:
        urgent.acknowledge(session, actor=town, case_id=calm)
    assert str(refused.value) == texts.E_URGENT_NOT


def test_an_urgent_case_is_due_within_the_high_risk_default(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    village = unit_id(engine, "QSZ01")
    case_id = register_case(
        engine, mediator, village, facts="债务纠纷一方扬言报复", violence_risk=True
    ).id
    days = DEFAULT_DEADLINE_DAYS["high"]
    five = {"team": "王刚、李梅", "measures": "召集双方当面协商"}  # 五个一: urgent is hard
    late = plan(village, mediator.id, deadline=local_today() + timedelta(days=days + 1), **five)
    with pytest.raises(MoveRefused) as refused:
        act(engine, moves.assign, actor=coordinator, case_id=case_id, plan=late)
    assert str(refused.value) == texts.E_URGENT_DEADLINE.format(days=days)
    due = plan(village, mediator.id, deadline=local_today() + timedelta(days=days), **five)
    act(engine, moves.assign, actor=coordinator, case_id=case_id, plan=due)
    assert current(engine, case_id).stage == Stage.ASSIGNED


def test_the_dashboard_counts_urgent_cases_alone_when_asked(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator, coordinator = actors["mediator"], actors["coordinator"]
    village = unit_id(engine, "QSZ01")
    start = local_today() - timedelta(days=60)  # whole tally pieces in the period
    register_case(engine, mediator, village, facts="两户因排水沟发生争执")
    register_case(engine, mediator, village, facts="村民聚集讨要工钱", group_risk=True)
    period = MetricFilter(start=start, end=local_today())
    with Session(engine) as session:
        every = metrics.summary(session, actor=coordinator, f=period)
        only = metrics.summary(session, actor=coordinator, f=replace(period, urgent_only=True))
        urgent_resolve = metrics.summary(
            session, actor=coordinator, f=replace(period, urgent_only=True, risks=(Risk.HIGH,))
        )
    assert (every.registered, only.registered, only.open) == (2, 1, 1)
    assert urgent_resolve.registered == 0  # registered at low risk, though urgent by its flag
