"""Registering a case (db.cases.register.register) and the duplicate-party warning (find_duplicates)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, func, select

from db import texts
from db.cases.register import find_duplicates, register
from db.cases.schemas import MAX_AMOUNT_YUAN, PartyCreate
from db.clock import local_today, utcnow
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.core.scope import OutOfScope
from db.enums import AuditAction, EventKind, PartyRole, Stage
from db.models import AuditLog, Case, CaseCounter, CaseEvent, Party
from tests.db.factories import form, person_id, register_case, unit_id

ID_A = person_id(101)
ID_B = person_id(102)
PHONE_A = "13812345678"


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Case, Party, CaseEvent, AuditLog, CaseCounter)
        }


def parties(*people: dict[str, object]) -> list[dict[str, object]]:
    return [{"role": "applicant", "name": "张三", **person} for person in people]


def test_registering_writes_case_parties_event_and_audit_in_one_commit(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    mediator = actors["mediator"]
    village = unit_id(engine, "QSZ01")
    data = form(
        village,
        amount_yuan=Decimal("3500.75"),
        people_involved=4,
        parties=[
            {"role": "applicant", "name": "张三", "id_number": ID_A.lower(), "phone": PHONE_A},
            {"role": "respondent", "name": "李四", "phone": "(0311)12345678"},
        ],
    )
    commits: list[int] = []
    with write_session(engine) as session:
        event.listen(session, "after_commit", lambda _s: commits.append(1))
        registered = register(session, actor=mediator, data=data)
    assert len(commits) == 1
    with Session(engine) as session:
        case = session.get(Case, registered.id)
        assert case is not None
        assert (case.number, case.unit_id, case.stage) == (
            registered.number,
            village,
            Stage.REGISTERED,
        )
        assert (case.amount_fen, case.people_involved, case.facts) == (350075, 4, data.facts)
        assert case.created_by_id == mediator.id
        stored = session.exec(select(Party).where(Party.case_id == case.id).order_by(Party.id))
        assert [(p.role, p.name, p.id_number, p.phone) for p in stored] == [
            (PartyRole.APPLICANT, "张三", ID_A, PHONE_A),
            (PartyRole.RESPONDENT, "李四", None, "0311-12345678"),
        ]
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert [(e.kind, e.actor_id, e.stage_to) for e in events] == [
            (EventKind.REGISTERED, mediator.id, Stage.REGISTERED)
        ]
        audits = session.exec(select(AuditLog).where(AuditLog.case_id == case.id)).all()
        assert [(a.action, a.user_id, a.username) for a in audits] == [
            (AuditAction.CREATE, mediator.id, "mediator")
        ]


def test_a_failure_before_the_commit_leaves_nothing_behind(
    engine: Engine, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.core import audit

    before = counts(engine)

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError), write_session(engine) as session:
        register(session, actor=actors["mediator"], data=form(unit_id(engine, "QSZ01")))
    assert counts(engine) == before


def test_the_same_form_submitted_twice_makes_one_case(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    village = unit_id(engine, "QSZ01")
    first = register_case(engine, actors["mediator"], village)
    second = register_case(engine, actors["mediator"], village)
    assert second == first
    after = counts(engine)
    assert (after["Case"], after["Party"], after["CaseEvent"]) == (1, 2, 1)


def test_a_different_form_on_the_same_day_is_a_new_case(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    village = unit_id(engine, "QSZ01")
    first = register_case(engine, actors["mediator"], village)
    second = register_case(engine, actors["mediator"], village, facts="另一起纠纷")
    assert second.number != first.number
    assert counts(engine)["Case"] == 2


def test_the_same_form_submitted_twice_at_once_makes_one_case(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    data = form(unit_id(engine, "QSZ01"))
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def submit() -> None:
        try:
            barrier.wait(timeout=30)
            with write_session(engine) as session:
                outcomes.append(register(session, actor=actors["mediator"], data=data))
        except Exception as error:  # asserted below
            outcomes.append(error)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    numbers = {getattr(o, "number", repr(o)) for o in outcomes}
    assert len(outcomes) == 4
    assert len(numbers) == 1, numbers
    assert counts(engine)["Case"] == 1


def test_the_largest_allowed_amount_is_stored_exactly(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    registered = register_case(
        engine, actors["mediator"], unit_id(engine, "QSZ01"), amount_yuan=MAX_AMOUNT_YUAN
    )
    with Session(engine) as session:
        case = session.get(Case, registered.id)
        assert case is not None and case.amount_fen == int(MAX_AMOUNT_YUAN * 100)


@pytest.mark.parametrize("role", ["supervisor", "leader", "admin"])
def test_roles_without_the_permission_cannot_register(
    engine: Engine, actors: dict[str, Actor], role: str
) -> None:
    before = counts(engine)
    with pytest.raises(NotAllowed), write_session(engine) as session:
        register(session, actor=actors[role], data=form(unit_id(engine, "QSZ01")))
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("username", "unit_code"),
    [
        ("mediator", "QSZ02"),  # a neighbouring village
        ("mediator", "QSZ"),  # the town above
        ("coordinator", "LWZ01"),  # a village of another town
    ],
)
def test_a_unit_outside_the_actors_scope_is_refused(
    engine: Engine, actors: dict[str, Actor], username: str, unit_code: str
) -> None:
    before = counts(engine)
    with pytest.raises(OutOfScope), write_session(engine) as session:
        register(session, actor=actors[username], data=form(unit_id(engine, unit_code)))
    assert counts(engine) == before


def test_an_unknown_unit_is_refused(engine: Engine, actors: dict[str, Actor]) -> None:
    before = counts(engine)
    with pytest.raises(Refused, match=texts.V_UNKNOWN_UNIT), write_session(engine) as session:
        register(session, actor=actors["coordinator"], data=form(99_999))
    assert counts(engine) == before


def test_a_coordinator_registers_for_the_villages_below(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    registered = register_case(engine, actors["coordinator"], unit_id(engine, "QSZ07"))
    with Session(engine) as session:
        case = session.get(Case, registered.id)
        assert case is not None and case.unit_id == unit_id(engine, "QSZ07")


# Duplicate warnings ----------------------------------------------------------------------


def _party(**fields: object) -> PartyCreate:
    return PartyCreate.model_validate({"name": "新当事人", **fields})


def _finish(engine: Engine, case_id: int, *, stage: Stage, days_ago: int) -> None:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.stage = stage
        case.finished_at = utcnow() - timedelta(days=days_ago)
        session.add(case)
        session.commit()


def _duplicates(engine: Engine, actor: Actor, *people: PartyCreate, **kwargs: object):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return find_duplicates(session, actor=actor, parties=list(people), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def earlier(engine: Engine, actors: dict[str, Actor]):  # type: ignore[no-untyped-def]
    """An open case in 东河村 with 张三 (ID_A, PHONE_A) and 李四 (ID_B, a landline)."""
    return register_case(
        engine,
        actors["mediator"],
        unit_id(engine, "QSZ01"),
        parties=[
            {"role": "applicant", "name": "张三", "id_number": ID_A, "phone": PHONE_A},
            {"role": "respondent", "name": "李四", "id_number": ID_B, "phone": "0311-12345678"},
        ],
    )


@pytest.mark.parametrize(
    ("new_party", "name", "matched_on"),
    [
        ({"id_number": ID_A}, "张三", "id_number"),
        ({"id_number": ID_A.lower()}, "张三", "id_number"),
        ({"phone": "138 1234 5678"}, "张三", "phone"),
        ({"phone": "+86 13812345678"}, "张三", "phone"),
        ({"phone": "(0311)12345678"}, "李四", "phone"),
        ({"phone": "031112345678"}, "李四", "phone"),
        ({"id_number": ID_B, "phone": "13900000000"}, "李四", "id_number"),
    ],
    ids=[
        "same-id",
        "same-id-lower-x",
        "mobile-with-blanks",
        "mobile-with-86",
        "landline-in-brackets",
        "landline-without-dash",
        "id-wins-over-phone",
    ],
)
def test_a_party_already_in_an_open_case_is_found(
    engine: Engine,
    actors: dict[str, Actor],
    earlier,  # type: ignore[no-untyped-def]
    new_party: dict[str, object],
    name: str,
    matched_on: str,
) -> None:
    hits = _duplicates(engine, actors["mediator"], _party(**new_party))
    assert [(h.case_id, h.number, h.stage, h.party_name, h.matched_on) for h in hits] == [
        (earlier.id, earlier.number, Stage.REGISTERED, name, matched_on)
    ]


def test_unrelated_parties_find_nothing(
    engine: Engine,
    actors: dict[str, Actor],
    earlier,  # type: ignore[no-untyped-def]
) -> None:
    assert _duplicates(engine, actors["mediator"], _party(id_number=person_id(999))) == []
    assert _duplicates(engine, actors["mediator"], _party(phone="13900000000")) == []
    assert _duplicates(engine, actors["mediator"], _party()) == []


def test_the_case_being_edited_is_not_its_own_duplicate(
    engine: Engine,
    actors: dict[str, Actor],
    earlier,  # type: ignore[no-untyped-def]
) -> None:
    hits = _duplicates(
        engine, actors["mediator"], _party(id_number=ID_A), exclude_case_id=earlier.id
    )
    assert hits == []


@pytest.mark.parametrize(
    ("stage", "days_ago", "found"),
    [
        (Stage.CLOSED, 30, True),
        (Stage.CLOSED, 89, True),
        (Stage.CLOSED, 100, False),
        (Stage.REFERRED, 30, True),
        (Stage.REFERRED, 100, False),
    ],
)
def test_finished_cases_are_found_for_ninety_days(
    engine: Engine,
    actors: dict[str, Actor],
    earlier,  # type: ignore[no-untyped-def]
    stage: Stage,
    days_ago: int,
    found: bool,
) -> None:
    _finish(engine, earlier.id, stage=stage, days_ago=days_ago)
    hits = _duplicates(engine, actors["mediator"], _party(id_number=ID_A))
    assert [h.case_id for h in hits] == ([earlier.id] if found else [])


def test_hits_outside_the_actors_scope_are_not_shown(
    engine: Engine,
    actors: dict[str, Actor],
    earlier,  # type: ignore[no-untyped-def]
) -> None:
    south_bay = register_case(
        engine,
        actors["med_qsz02"],
        unit_id(engine, "QSZ02"),
        parties=[{"role": "applicant", "name": "张三", "id_number": ID_A}],
    )
    other_town = register_case(
        engine,
        actors["med_lwz01"],
        unit_id(engine, "LWZ01"),
        parties=[{"role": "applicant", "name": "张三", "id_number": ID_A}],
    )
    probe = _party(id_number=ID_A)
    assert [h.case_id for h in _duplicates(engine, actors["mediator"], probe)] == [earlier.id]
    assert [h.case_id for h in _duplicates(engine, actors["med_qsz02"], probe)] == [south_bay.id]
    assert {h.case_id for h in _duplicates(engine, actors["coordinator"], probe)} == {
        earlier.id,
        south_bay.id,
    }
    assert {h.case_id for h in _duplicates(engine, actors["leader"], probe)} == {
        earlier.id,
        south_bay.id,
        other_town.id,
    }


def test_found_on_is_kept_as_entered(engine: Engine, actors: dict[str, Actor]) -> None:
    found_on = local_today() - timedelta(days=400)
    registered = register_case(
        engine, actors["mediator"], unit_id(engine, "QSZ01"), found_on=found_on
    )
    with Session(engine) as session:
        case = session.get(Case, registered.id)
        assert case is not None and case.found_on == found_on
