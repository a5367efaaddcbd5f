"""The ledger's 责任人 and 包案领导 (issues 21, 23): shown on every row and filtered in SQL, inside
the actor's scope only; the lead leader by account, or by the name as recorded (imported history)."""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.cases import moves
from db.cases.leaders import leaders_in_view
from db.cases.ledger import LedgerFilter, list_cases
from db.core.actor import Actor
from tests.db.factories import act, new_case, plan, set_case, unit_id


@pytest.fixture
def assigned(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """Three cases assigned with the four fixes, in two towns, and one not yet assigned."""
    made = {}
    for key, by, code, person, leader in [
        ("dh", "coordinator", "QSZ01", "mediator", "town_leader"),
        ("qs2", "coordinator", "QSZ02", "med_qsz02", "leader"),
        ("lw", "county_coord", "LWZ01", "med_lwz01", "lw_leader"),
    ]:
        case_id = new_case(engine, actors[by], code)
        village = unit_id(engine, code)
        fixes = plan(village, actors[person].id, lead_leader_id=actors[leader].id)
        act(engine, moves.assign, actor=actors[by], case_id=case_id, plan=fixes)
        made[key] = case_id
    made["new"] = new_case(engine, actors["mediator"], "QSZ01")
    # brought in from an old ledger: the leader's name as recorded, no account
    made["old"] = new_case(engine, actors["coordinator"], "QSZ02")
    set_case(engine, made["old"], lead_leader="镇人大主席 赵明")
    return made


def _ids(engine: Engine, actor: Actor, **filters: object) -> set[int]:
    with Session(engine) as session:
        page = list_cases(session, actor=actor, filters=LedgerFilter(**filters))  # type: ignore[arg-type]
    return {row.id for row in page.rows}


def _row(engine: Engine, actor: Actor, case_id: int):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        rows = list_cases(session, actor=actor, filters=LedgerFilter()).rows
    return next(r for r in rows if r.id == case_id)


def test_each_row_names_its_responsible_person_and_lead_leader(
    engine: Engine, actors: dict[str, Actor], assigned: dict[str, int]
) -> None:
    row = _row(engine, actors["coordinator"], assigned["dh"])
    assert (row.responsible, row.lead_leader) == ("东河村调解员 孙丽", "青石镇党委书记 张伟")
    waiting = _row(engine, actors["coordinator"], assigned["new"])
    assert (waiting.responsible, waiting.lead_leader) == ("", "")


def test_an_old_ledgers_person_without_an_account_is_shown_as_recorded(
    engine: Engine, actors: dict[str, Actor], assigned: dict[str, int]
) -> None:
    set_case(engine, assigned["new"], recorded_responsible_person="老村主任 钱有福")
    row = _row(engine, actors["coordinator"], assigned["new"])
    assert row.responsible == "老村主任 钱有福"


def test_the_lead_leader_account_filter_keeps_to_the_scope(
    engine: Engine, actors: dict[str, Actor], assigned: dict[str, int]
) -> None:
    town, county = actors["coordinator"], actors["county_coord"]
    assert _ids(engine, town, lead_leader_id=actors["town_leader"].id) == {assigned["dh"]}
    assert _ids(engine, county, lead_leader_id=actors["leader"].id) == {assigned["qs2"]}
    assert _ids(engine, county, lead_leader_id=actors["lw_leader"].id) == {assigned["lw"]}
    # Another town's leader: their case exists, but not in this coordinator's ledger.
    assert _ids(engine, town, lead_leader_id=actors["lw_leader"].id) == set()


def test_the_ledger_offers_the_leaders_of_the_scope_and_above(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    with Session(engine) as session:
        town = leaders_in_view(session, actor=actors["coordinator"])
        county = leaders_in_view(session, actor=actors["county_coord"])
    assert [name for _, name in town] == ["县领导 刘明", "青石镇党委书记 张伟"]
    assert {i for i, _ in county} == {
        actors[u].id for u in ("leader", "town_leader", "lw_leader", "dl_leader")
    }


def test_the_lead_leader_name_filter_matches_any_part_of_the_name_within_scope(
    engine: Engine, actors: dict[str, Actor], assigned: dict[str, int]
) -> None:
    town, county = actors["coordinator"], actors["county_coord"]
    assert _ids(engine, town, lead_leader="党委书记") == {assigned["dh"]}
    assert _ids(engine, county, lead_leader="党委书记") == {assigned["dh"], assigned["lw"]}
    assert _ids(engine, county, lead_leader=" 赵明 ") == {assigned["old"]}
    assert _ids(engine, actors["mediator"], lead_leader="王芳") == set()
    # A wildcard typed is a character like any other, not "every case".
    assert _ids(engine, county, lead_leader="%") == set()
    assert _ids(engine, county, lead_leader="_") == set()


def test_the_responsible_person_filter_keeps_to_the_scope(
    engine: Engine, actors: dict[str, Actor], assigned: dict[str, int]
) -> None:
    town, county = actors["coordinator"], actors["county_coord"]
    assert _ids(engine, town, responsible_user_id=actors["med_qsz02"].id) == {assigned["qs2"]}
    assert _ids(engine, town, responsible_user_id=actors["mediator"].id) == {assigned["dh"]}
    # Another town's mediator: their case exists, but not in this coordinator's ledger.
    assert _ids(engine, town, responsible_user_id=actors["med_lwz01"].id) == set()
    assert _ids(engine, county, responsible_user_id=actors["med_lwz01"].id) == {assigned["lw"]}
    both = _ids(engine, county, responsible_user_id=actors["med_qsz02"].id, lead_leader="刘明")
    assert both == {assigned["qs2"]}
