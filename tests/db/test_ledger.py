"""The ledger in the actor's scope (db.cases.ledger.list_cases) and one case (get_case): scope,
filters, search, pagination, sorting, masking, reveal and the audit rows they leave."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db import texts
from db.cases.ledger import PAGE_SIZE, LedgerFilter, get_case, list_cases
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.core.permissions import NotAllowed
from db.core.scope import CaseNotFound, OutOfScope
from db.demo.cases import generate_cases
from db.demo.world import World
from db.enums import AuditAction, Category, Risk, Stage
from db.models import AuditLog, Case
from tests.db.factories import person_id, register_case, unit_id

TODAY = local_today()
ID_NUMBER = person_id(321)
PHONE = "13912345678"


@dataclass(frozen=True)
class Spec:
    """One case of the hand-made ledger."""

    key: str
    who: str
    unit: str
    category: Category
    risk: Risk
    days_ago: int
    party: str


SPECS = [
    Spec("d1", "mediator", "QSZ01", Category.NEIGHBOUR, Risk.LOW, 1, "王大山"),
    Spec("d2", "mediator", "QSZ01", Category.DEBT, Risk.HIGH, 10, "李小红"),
    Spec("d3", "mediator", "QSZ01", Category.NEIGHBOUR, Risk.MEDIUM, 40, "赵铁柱"),
    Spec("n1", "med_qsz02", "QSZ02", Category.LABOUR, Risk.HIGH, 5, "王二虎"),
    Spec("n2", "med_qsz02", "QSZ02", Category.NEIGHBOUR, Risk.LOW, 20, "孙美丽"),
    Spec("t1", "coordinator", "QSZ", Category.TRAFFIC, Risk.MEDIUM, 3, "周建国"),
    Spec("l1", "med_lwz01", "LWZ01", Category.NEIGHBOUR, Risk.LOW, 2, "吴王氏"),
    Spec("l2", "med_lwz01", "LWZ01", Category.DEBT, Risk.HIGH, 60, "郑一"),
]
BY_KEY = {s.key: s for s in SPECS}


@pytest.fixture
def ledger(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """The cases of SPECS registered through register(), by key → case id."""
    made = {}
    for spec in SPECS:
        registered = register_case(
            engine,
            actors[spec.who],
            unit_id(engine, spec.unit),
            facts=f"纠纷 {spec.key}",
            category=spec.category,
            risk=spec.risk,
            found_on=TODAY - timedelta(days=spec.days_ago),
            parties=[
                {"role": "applicant", "name": spec.party, "id_number": ID_NUMBER, "phone": PHONE},
                {"role": "respondent", "name": "某公司"},
            ],
        )
        made[spec.key] = registered.id
    return made


def listed(engine: Engine, actor: Actor, filters: LedgerFilter | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return list_cases(session, actor=actor, filters=filters or LedgerFilter(), **kwargs)  # type: ignore[arg-type]


def keys(page, made: dict[str, int]) -> set[str]:  # type: ignore[no-untyped-def]
    by_id = {case_id: key for key, case_id in made.items()}
    return {by_id[row.id] for row in page.rows}


def set_rows(engine: Engine, case_id: int, **values: object) -> None:
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        for name, value in values.items():
            setattr(case, name, value)
        session.add(case)
        session.commit()


# Scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("mediator", {"d1", "d2", "d3"}),
        ("med_qsz02", {"n1", "n2"}),
        ("med_lwz01", {"l1", "l2"}),
        ("med_qsz03", set()),
        ("coordinator", {"d1", "d2", "d3", "n1", "n2", "t1"}),
        ("leader", set(BY_KEY)),
        ("supervisor", set(BY_KEY)),
    ],
)
def test_each_actor_sees_exactly_the_cases_of_their_subtree(
    engine: Engine,
    actors: dict[str, Actor],
    ledger: dict[str, int],
    username: str,
    expected: set[str],
) -> None:
    page = listed(engine, actors[username])
    assert keys(page, ledger) == expected
    assert page.total == len(expected)


def test_a_role_without_read_permission_sees_no_ledger(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with pytest.raises(NotAllowed):
        listed(engine, actors["admin"])


def test_a_case_handed_to_a_mediator_is_in_their_ledger(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    set_rows(engine, ledger["n1"], responsible_user_id=actors["mediator"].id)
    assert keys(listed(engine, actors["mediator"]), ledger) == {"d1", "d2", "d3", "n1"}


def test_filtering_to_a_unit_outside_scope_is_refused(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with pytest.raises(OutOfScope):
        listed(engine, actors["coordinator"], LedgerFilter(unit_id=unit_id(engine, "LWZ01")))


def test_filtering_to_a_unit_narrows_to_its_subtree(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    leader = actors["leader"]
    assert keys(listed(engine, leader, LedgerFilter(unit_id=unit_id(engine, "QSZ02"))), ledger) == {
        "n1",
        "n2",
    }
    assert keys(listed(engine, leader, LedgerFilter(unit_id=unit_id(engine, "LWZ"))), ledger) == {
        "l1",
        "l2",
    }


# Filters ----------------------------------------------------------------------------------


def _hand_count(**want: object) -> set[str]:
    return {
        s.key
        for s in SPECS
        if all(getattr(s, name) in values for name, values in want.items())  # type: ignore[operator]
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (LedgerFilter(categories=[Category.NEIGHBOUR]), _hand_count(category=[Category.NEIGHBOUR])),
        (
            LedgerFilter(categories=[Category.DEBT, Category.LABOUR]),
            _hand_count(category=[Category.DEBT, Category.LABOUR]),
        ),
        (LedgerFilter(risks=[Risk.HIGH]), _hand_count(risk=[Risk.HIGH])),
        (
            LedgerFilter(categories=[Category.NEIGHBOUR], risks=[Risk.LOW]),
            {"d1", "n2", "l1"},
        ),
        (LedgerFilter(stages=[Stage.REGISTERED]), set(BY_KEY)),
        (LedgerFilter(stages=[Stage.CLOSED]), set()),
        (LedgerFilter(found_from=TODAY - timedelta(days=5)), {"d1", "n1", "t1", "l1"}),
        (LedgerFilter(found_to=TODAY - timedelta(days=20)), {"n2", "d3", "l2"}),
        (
            LedgerFilter(found_from=TODAY - timedelta(days=10), found_to=TODAY - timedelta(days=3)),
            {"d2", "n1", "t1"},
        ),
        (LedgerFilter(search="王"), {"d1", "n1", "l1"}),
        (LedgerFilter(search="李小红"), {"d2"}),
        (LedgerFilter(search="某公司"), set(BY_KEY)),
        (LedgerFilter(search="  赵铁柱 "), {"d3"}),
        (LedgerFilter(search="LWZ-"), {"l1", "l2"}),
        (LedgerFilter(search="lwz-"), {"l1", "l2"}),
        (LedgerFilter(search="%"), set()),
        (LedgerFilter(search="没有这个人"), set()),
    ],
)
def test_filters_agree_with_a_hand_count(
    engine: Engine,
    actors: dict[str, Actor],
    ledger: dict[str, int],
    filters: LedgerFilter,
    expected: set[str],
) -> None:
    page = listed(engine, actors["leader"], filters)
    assert keys(page, ledger) == expected
    assert page.total == len(expected)


def test_search_finds_a_case_by_its_full_number(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with Session(engine) as session:
        number = session.get(Case, ledger["n2"]).number  # type: ignore[union-attr]
    page = listed(engine, actors["coordinator"], LedgerFilter(search=number))
    assert [row.number for row in page.rows] == [number]


def test_search_stays_inside_scope(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    page = listed(engine, actors["mediator"], LedgerFilter(search="王"))
    assert keys(page, ledger) == {"d1"}


def test_overdue_means_open_and_past_its_deadline(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    set_rows(engine, ledger["d1"], stage=Stage.ASSIGNED, deadline=yesterday)
    set_rows(engine, ledger["d2"], stage=Stage.MEDIATING, deadline=TODAY - timedelta(days=30))
    set_rows(engine, ledger["d3"], stage=Stage.MEDIATING, deadline=TODAY)  # due today: not yet
    set_rows(engine, ledger["n1"], stage=Stage.ASSIGNED, deadline=tomorrow)
    set_rows(engine, ledger["n2"], stage=Stage.RESOLVED, deadline=yesterday)  # done in time
    set_rows(engine, ledger["l2"], stage=Stage.CLOSED, deadline=yesterday)
    page = listed(engine, actors["leader"], LedgerFilter(overdue_only=True))
    assert keys(page, ledger) == {"d1", "d2"}
    assert all(row.overdue for row in page.rows)
    everything = {row.id: row.overdue for row in listed(engine, actors["leader"]).rows}
    assert {key for key, case_id in ledger.items() if everything[case_id]} == {"d1", "d2"}


def test_sorting_by_deadline_puts_the_nearest_first_and_none_last(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    set_rows(engine, ledger["n2"], deadline=TODAY + timedelta(days=9))
    set_rows(engine, ledger["d3"], deadline=TODAY - timedelta(days=2))
    set_rows(engine, ledger["l1"], deadline=TODAY + timedelta(days=1))
    page = listed(engine, actors["leader"], LedgerFilter(sort="deadline"))
    by_id = {case_id: key for key, case_id in ledger.items()}
    order = [by_id[row.id] for row in page.rows]
    assert order[:3] == ["d3", "l1", "n2"]
    assert all(row.deadline is None for row in page.rows[3:])


def test_default_order_is_newest_found_first(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    found = [row.found_on for row in listed(engine, actors["leader"]).rows]
    assert found == sorted(found, reverse=True)


def test_a_row_shows_unit_and_party_names(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    row = next(r for r in listed(engine, actors["mediator"]).rows if r.id == ledger["d2"])
    assert (row.unit, row.parties, row.stage, row.facts) == (
        "东河村",
        "李小红、某公司",
        Stage.REGISTERED,
        "纠纷 d2",
    )


# Pagination -------------------------------------------------------------------------------


@pytest.fixture
def many(engine: Engine, world: World) -> int:
    count = 2 * PAGE_SIZE + 17
    with Session(engine) as session:
        generate_cases(session, world=world, count=count, seed=11)
    return count


@pytest.mark.parametrize(
    ("asked", "page", "rows"),
    [(1, 1, PAGE_SIZE), (2, 2, PAGE_SIZE), (3, 3, 17), (4, 3, 17), (99, 3, 17), (0, 1, 50)],
)
def test_pages_hold_fifty_cases_and_the_page_number_is_clamped(
    engine: Engine, actors: dict[str, Actor], many: int, asked: int, page: int, rows: int
) -> None:
    result = listed(engine, actors["leader"], page=asked)
    assert (result.total, result.pages, result.page, len(result.rows)) == (many, 3, page, rows)


def test_pages_together_list_every_case_once(
    engine: Engine, actors: dict[str, Actor], many: int
) -> None:
    seen = [row.id for p in (1, 2, 3) for row in listed(engine, actors["leader"], page=p).rows]
    assert len(seen) == len(set(seen)) == many


def test_an_empty_ledger_has_one_empty_page(engine: Engine, actors: dict[str, Actor]) -> None:
    result = listed(engine, actors["mediator"], page=5)
    assert (result.total, result.pages, result.page, result.rows) == (0, 1, 1, [])


# One case ---------------------------------------------------------------------------------


def audit_rows(engine: Engine, action: AuditAction) -> list[AuditLog]:
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.action == action)).all())


def test_a_case_outside_scope_is_refused_and_the_attempt_audited(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with pytest.raises(OutOfScope) as refused, Session(engine) as session:
        get_case(session, actor=actors["mediator"], case_id=ledger["n1"])
    assert str(refused.value) == texts.E_OUT_OF_SCOPE
    denied = audit_rows(engine, AuditAction.DENIED)
    assert [(a.user_id, a.case_id) for a in denied] == [(actors["mediator"].id, ledger["n1"])]
    assert audit_rows(engine, AuditAction.VIEW_CASE) == []


def test_a_case_of_another_town_is_refused_to_a_coordinator(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with pytest.raises(OutOfScope), write_session(engine) as session:
        get_case(session, actor=actors["coordinator"], case_id=ledger["l1"])
    assert len(audit_rows(engine, AuditAction.DENIED)) == 1


def test_a_missing_case_is_not_found(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with pytest.raises(CaseNotFound), Session(engine) as session:
        get_case(session, actor=actors["leader"], case_id=max(ledger.values()) + 100)


def test_personal_identifiers_are_masked_by_default(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with write_session(engine) as session:
        case = get_case(session, actor=actors["mediator"], case_id=ledger["d1"])
    applicant = case.parties[0]
    assert applicant.name == "王大山"
    assert applicant.id_number == ID_NUMBER[:3] + "*" * 11 + ID_NUMBER[-4:]
    assert applicant.phone == "139****5678"
    assert case.parties[1].id_number == case.parties[1].phone == ""
    assert audit_rows(engine, AuditAction.REVEAL) == []


def test_a_view_is_audited_once_per_call_when_asked(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with write_session(engine) as session:
        get_case(session, actor=actors["mediator"], case_id=ledger["d1"])
        get_case(session, actor=actors["mediator"], case_id=ledger["d1"], audit_view=False)
    views = audit_rows(engine, AuditAction.VIEW_CASE)
    assert [(a.user_id, a.case_id, a.target) for a in views] == [
        (actors["mediator"].id, ledger["d1"], f"case:{ledger['d1']}")
    ]


def test_revealing_with_a_reason_shows_full_values_and_is_audited(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with write_session(engine) as session:
        case = get_case(
            session,
            actor=actors["coordinator"],
            case_id=ledger["d1"],
            reveal_reason="  回访需联系当事人 ",
            audit_view=False,
        )
    assert (case.parties[0].id_number, case.parties[0].phone) == (ID_NUMBER, PHONE)
    reveals = audit_rows(engine, AuditAction.REVEAL)
    assert [(a.user_id, a.case_id, a.detail) for a in reveals] == [
        (actors["coordinator"].id, ledger["d1"], "回访需联系当事人")
    ]


def test_a_role_without_reveal_permission_cannot_reveal(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with pytest.raises(NotAllowed), write_session(engine) as session:
        get_case(session, actor=actors["supervisor"], case_id=ledger["d1"], reveal_reason="督查")
    assert audit_rows(engine, AuditAction.REVEAL) == []


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_a_reveal_without_a_reason_is_refused(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int], reason: str
) -> None:
    with pytest.raises(Refused, match=texts.E_REVEAL_REASON), write_session(engine) as session:
        get_case(session, actor=actors["mediator"], case_id=ledger["d1"], reveal_reason=reason)
    assert audit_rows(engine, AuditAction.REVEAL) == []


def test_the_supervisor_reads_a_case_masked(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with write_session(engine) as session:
        case = get_case(session, actor=actors["supervisor"], case_id=ledger["l2"])
    assert case.parties[0].id_number != ID_NUMBER and "*" in case.parties[0].id_number


def test_a_case_shows_its_timeline_and_who_registered_it(
    engine: Engine, actors: dict[str, Actor], ledger: dict[str, int]
) -> None:
    with Session(engine) as session:
        case = get_case(session, actor=actors["mediator"], case_id=ledger["d2"], audit_view=False)
    assert case.created_by == actors["mediator"].display_name
    assert case.unit == "东河村"
    assert [(e.kind, e.actor, e.stage_to) for e in case.events] == [
        ("registered", actors["mediator"].display_name, Stage.REGISTERED)
    ]
    assert case.found_on == date.fromordinal(TODAY.toordinal() - 10)
