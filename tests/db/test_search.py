"""The ledger's free-text search (db.cases.search through db.cases.ledger.list_cases) on both engines: a
substring of the facts, of a party's name or of the number finds the case, in the actor's scope
only; rare characters round-trip and are found; the index (SQLite FTS5 tables and their
triggers, PostgreSQL pg_trgm indexes) stays in step with registration, edits, the import and the
demo generator, and a long term is answered from the index, not by a scan."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from db.cases.ledger import LedgerFilter, get_case, list_cases
from db.cases.search import MIN_INDEXED, has_fts, matching_case_ids
from db.core.actor import Actor
from db.demo.cases import generate_cases
from db.demo.world import World
from db.models import Case, Party
from tests.db.factories import register_case, unit_id
from tests.db.test_import import do_import, good_row, ledger_file, plan_for

RARE = "𠮷"  # outside the Basic Multilingual Plane (4 bytes in UTF-8)
BIANG = "𰻞"  # CJK Extension G
FAMILY = "👨‍👩‍👧"  # an emoji sequence: five code points joined by ZWJ
FACTS_HOME = f"{BIANG}{BIANG}面馆与隔壁商户因油烟排放发生争执，店主称{FAMILY}一家受影响。"
FACTS_AWAY = "两村村民因灌溉用水分配问题发生争执，涉及油烟以外的事。"


def found(engine: Engine, actor: Actor, term: str) -> set[int]:
    with Session(engine) as session:
        page = list_cases(session, actor=actor, filters=LedgerFilter(search=term), page_size=1000)
    return {row.id for row in page.rows}


def scanned(engine: Engine, term: str) -> set[int]:
    """The same search by the LIKE scan, without the index (every case, no scope)."""
    with Session(engine) as session:
        rows = session.execute(matching_case_ids(session, term, use_index=False))
        return set(rows.scalars())


@pytest.fixture
def cases(engine: Engine, actors: dict[str, Actor]) -> dict[str, int]:
    """Two cases in the mediator's village (东河村, QSZ01) and one in another town (LWZ01)."""
    home = register_case(
        engine,
        actors["mediator"],
        unit_id(engine, "QSZ01"),
        facts=FACTS_HOME,
        parties=[
            {"role": "applicant", "name": f"{RARE}田欧阳娜"},
            {"role": "respondent", "name": "青石镇某餐饮有限公司"},
        ],
    )
    plain = register_case(engine, actors["mediator"], unit_id(engine, "QSZ01"))
    away = register_case(
        engine,
        actors["med_lwz01"],
        unit_id(engine, "LWZ01"),
        facts=FACTS_AWAY,
        parties=[{"role": "applicant", "name": "欧阳明"}, {"role": "respondent", "name": "李四"}],
    )
    return {"home": home.id, "plain": plain.id, "away": away.id}


def number_of(engine: Engine, case_id: int) -> str:
    with Session(engine) as session:
        return session.get(Case, case_id).number  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("油烟排放", {"home"}),  # a substring of the facts, from the index
        ("油烟", {"home", "away"}),  # two characters: the bigram table (migration 0024)
        ("灌溉用水分配", {"away"}),
        ("欧阳娜", {"home"}),  # a part of a party's name
        ("欧阳", {"home", "away"}),
        ("餐饮有限", {"home"}),
        ("宅基地", {"plain"}),
        ("  油烟排放  ", {"home"}),  # spaces around are not part of the term
        ("油烟 排放", set()),  # inside they are
        ("排放油烟", set()),  # order matters: a substring, not a bag of words
        ('"油烟', set()),  # quotes and FTS syntax are taken literally
        ("油烟 OR 灌溉", set()),
        ("NEAR(油烟", set()),
        ("%", set()),
        ("油_排", set()),
        ("没有这件事", set()),
    ],
)
def test_search_finds_substrings_of_facts_and_names(
    engine: Engine, actors: dict[str, Actor], cases: dict[str, int], term: str, expected: set[str]
) -> None:
    want = {cases[key] for key in expected}
    assert found(engine, actors["leader"], term) == want
    assert scanned(engine, term) == want  # the index and the scan agree


def test_search_finds_a_part_of_the_number_in_any_case(
    engine: Engine, actors: dict[str, Actor], cases: dict[str, int]
) -> None:
    number = number_of(engine, cases["away"])  # LWZ-yyyy-nnnn
    assert found(engine, actors["leader"], number) == {cases["away"]}
    assert found(engine, actors["leader"], number.lower()) == {cases["away"]}
    assert found(engine, actors["leader"], "lwz-") == {cases["away"]}
    assert found(engine, actors["leader"], "qsz-") == {cases["home"], cases["plain"]}


def test_search_stays_inside_the_scope(
    engine: Engine, actors: dict[str, Actor], cases: dict[str, int]
) -> None:
    assert found(engine, actors["mediator"], "油烟") == {cases["home"]}
    assert found(engine, actors["mediator"], "灌溉用水") == set()
    assert found(engine, actors["med_lwz01"], "欧阳") == {cases["away"]}
    assert found(engine, actors["med_lwz01"], "欧阳娜") == set()
    assert found(engine, actors["coordinator"], number_of(engine, cases["away"])) == set()


@pytest.mark.parametrize(
    ("term", "key"),
    [
        (RARE, "home"),
        (f"{RARE}田欧", "home"),
        (BIANG, "home"),
        (f"{BIANG}{BIANG}面馆", "home"),
        (FAMILY, "home"),
        (f"称{FAMILY}一", "home"),
        ("👨", "home"),
    ],
)
def test_rare_characters_and_emoji_round_trip_and_are_found(
    engine: Engine, actors: dict[str, Actor], cases: dict[str, int], term: str, key: str
) -> None:
    assert found(engine, actors["mediator"], term) == {cases[key]}
    with Session(engine) as session:
        case = get_case(session, actor=actors["mediator"], case_id=cases[key], audit_view=False)
    assert case.facts == FACTS_HOME
    assert [p.name for p in case.parties] == [f"{RARE}田欧阳娜", "青石镇某餐饮有限公司"]


def test_edits_and_deletes_keep_the_index_in_step(
    engine: Engine, actors: dict[str, Actor], cases: dict[str, int]
) -> None:
    leader = actors["leader"]
    with Session(engine) as session:
        case = session.get(Case, cases["home"])
        assert case is not None
        case.facts = "改为记录：楼上漏水渗到楼下厨房。"
        party = session.exec(
            select(Party).where(Party.case_id == cases["away"], Party.name == "李四")
        ).one()
        party.name = "李四海"
        session.add_all([case, party])
        session.commit()
    assert found(engine, leader, "油烟排放") == set()
    assert found(engine, leader, "漏水渗到") == {cases["home"]}
    assert found(engine, leader, "李四海") == {cases["away"]}
    with Session(engine) as session:
        session.exec(text("DELETE FROM parties WHERE name = '李四海'"))  # type: ignore[call-overload]
        session.commit()
    assert found(engine, leader, "李四海") == set()
    assert_index_sound(engine)


def test_imported_cases_are_found(engine: Engine, actors: dict[str, Actor], tmp_path: Path) -> None:
    coordinator = actors["coordinator"]
    rows = [
        good_row(
            1,
            纠纷简要情况=f"养殖场{BIANG}{BIANG}异味扰民，周边住户多次投诉。",
            当事人="司马光耀、某养殖场",
        ),
        good_row(2, 纠纷简要情况="两户因排水沟走向发生争执。", 当事人="诸葛亮明、李四"),
    ]
    plan = plan_for(engine, coordinator, ledger_file(tmp_path / "ledger.xlsx", rows))
    assert plan.ok
    do_import(engine, coordinator, plan)
    with Session(engine) as session:
        ids = dict(session.exec(select(Case.number, Case.id)).all())  # type: ignore[arg-type]
    first, second = ids["QSZ-2026-0901"], ids["QSZ-2026-0902"]
    assert found(engine, coordinator, "异味扰民") == {first}
    assert found(engine, coordinator, f"{BIANG}异味") == {first}
    assert found(engine, coordinator, "司马光") == {first}
    assert found(engine, coordinator, "诸葛亮明") == {second}
    assert found(engine, coordinator, "排水沟走向") == {second}
    assert found(engine, coordinator, "2026-090") == {first, second}
    assert found(engine, coordinator, "司马") == {first}  # short terms: the bigram table
    assert found(engine, coordinator, "沟") == {second} == scanned(engine, "沟")
    assert_index_sound(engine)


def test_generated_cases_are_found_as_by_the_scan(
    engine: Engine, world: World, actors: dict[str, Actor]
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=60, seed=7)
        facts, name, number = session.exec(
            select(Case.facts, Party.name, Case.number)
            .join(Party, Party.case_id == Case.id)
            .order_by(Case.id.desc())  # type: ignore[union-attr]
        ).first()  # type: ignore[misc]
    terms = [facts[2:8], facts[-5:], name, name[1:], number, number[4:], facts[:2], name[:1]]
    for term in terms:
        want = scanned(engine, term)
        assert want, term
        assert found(engine, actors["leader"], term) == want, term
    assert_index_sound(engine)


def test_a_long_term_is_looked_up_in_the_index(engine: Engine, cases: dict[str, int]) -> None:
    term = "油烟排放"
    assert len(term) >= MIN_INDEXED
    with Session(engine) as session:
        query = matching_case_ids(session, term)
        if engine.dialect.name == "sqlite":
            assert has_fts(session)
            sql = str(query.compile(engine))
            assert "cases_fts MATCH" in sql and "parties_fts MATCH" in sql
            assert "LIKE" not in sql
            return
        session.exec(text("SET LOCAL enable_seqscan = off"))  # type: ignore[call-overload]
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(session.exec(text(f"EXPLAIN {compiled}")).scalars())  # type: ignore[call-overload]
    for index in ("ix_cases_facts_trgm", "ix_cases_number_trgm", "ix_parties_name_trgm"):
        assert index in plan, plan


def assert_index_sound(engine: Engine) -> None:
    """SQLite: the FTS5 tables agree with the cases and parties they index, and the triggers
    that keep them so are there (a table rebuilt by a later migration would lose them)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        for fts in ("cases_fts", "parties_fts"):
            # Raises "database disk image is malformed" if the index and the content differ.
            connection.exec_driver_sql(
                f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"
            )
        triggers = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).scalars()
        )
    assert {
        f"{fts}_{what}"
        for fts in ("cases_fts", "parties_fts")
        for what in ("insert", "delete", "update")
    } <= triggers
