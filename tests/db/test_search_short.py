"""Search terms of one and two characters (db.cases.search through the bigram table of migration
0024) on both engines: for every character and many two-character terms of a fixture the index
finds exactly the cases the LIKE scan finds, also after 更正 (parties edited, removed, added,
facts changed), a changed number and deletes; the table holds exactly the grams of the texts,
its triggers are there, and a short term is answered from its primary key, not by a scan."""

import random
import re

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from db.cases import search
from db.cases.corrections import PartyEdit, PartyRemoval
from db.cases.schemas import PartyCreate
from db.cases.search import matching_case_ids
from db.core.actor import Actor
from db.demo.cases import generate_cases
from db.demo.world import World
from db.enums import PartyRole
from db.models import Case, Party
from tests.db.factories import register_case, unit_id
from tests.db.test_search import BIANG, FAMILY, RARE, found, scanned
from tests.db.workbench_helpers import correct, parties

# Texts where folding, wildcards, rare characters and the ends of texts matter.
ODD_FACTS = f"Zhang 与 zhao 因 100%_赔偿\\争执，{RARE}{BIANG}{FAMILY}末"
ODD_NAMES = ("王", "Li", "AnNa", f"{RARE}田")
EXTRA_TERMS = ("%", "_", "\\", "0%", "%_", "z", "Z", "zH", "ZH", "an", "AN", "l", "I", "末", "王")
EXTRA_TERMS += (RARE, f"{RARE}{BIANG}", "👨", "号9", "鑫", "鑫鑫", "a%", "-0", "S-", "s")


def indexed(engine: Engine, term: str) -> set[int]:
    with Session(engine) as session:
        return set(session.execute(matching_case_ids(session, term)).scalars())


def texts_of(engine: Engine) -> list[str]:
    with Session(engine) as session:
        cases = session.exec(select(Case.number, Case.facts, Case.original_number)).all()
        names = session.exec(select(Party.name)).all()
    return [t for row in cases for t in row if t] + list(names)


def short_terms(engine: Engine, sample: int = 150) -> list[str]:
    """Every character of every text, a sample of their two-character substrings and the odd
    terms: each a term the user could type."""
    texts = texts_of(engine)
    singles = {c for t in texts for c in t}
    pairs = sorted({t[i : i + 2] for t in texts for i in range(len(t) - 1)})
    chosen = random.Random(22).sample(pairs, min(sample, len(pairs)))
    return sorted(singles) + chosen + list(EXTRA_TERMS)


def assert_same_as_the_scan(engine: Engine, terms: list[str]) -> None:
    differ = {t: (indexed(engine, t), scanned(engine, t)) for t in terms}
    assert {t: d for t, d in differ.items() if d[0] != d[1]} == {}
    assert any(found for found, _ in differ.values())


def expected_grams(engine: Engine) -> set[tuple[str, int, int]]:
    """The grams of migration 0024 computed here: each text's 2-character substrings and its
    last character alone, lower-cased as the engine's lower() does."""

    def fold(s: str) -> str:
        if engine.dialect.name == "sqlite":  # SQLite's lower(): ASCII only
            return s.translate(
                str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
            )
        return s.lower()

    owners: list[tuple[str | None, int, int]] = []
    with Session(engine) as session:
        for case in session.exec(select(Case)):
            owners += [
                (t, case.id or 0, 0) for t in (case.number, case.facts, case.original_number)
            ]
        owners += [(p.name, p.case_id, p.id or 0) for p in session.exec(select(Party))]
    return {(fold(t[i : i + 2]), c, p) for t, c, p in owners if t for i in range(len(t))}


def assert_grams_sound(engine: Engine) -> None:
    with engine.connect() as connection:
        stored = set(connection.exec_driver_sql("SELECT gram, case_id, party_id FROM search_grams"))
        if engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            want = {
                f"search_grams_{t}_{w}"
                for t in ("cases", "parties")
                for w in ("insert", "delete", "update")
            }
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            want = {"search_grams_cases", "search_grams_parties", "search_grams_cases_truncated"}
        triggers = set(connection.exec_driver_sql(query).scalars())
    assert stored == expected_grams(engine)
    assert want <= triggers


def copy_of(engine: Engine, case_id: int, **changes: object) -> int:
    """A copy of the case, without parties or events (the app never deletes a case: this one
    can be deleted in SQL)."""
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        copy = Case.model_validate({**case.model_dump(exclude={"id"}), **changes})
        session.add(copy)
        session.commit()
        return copy.id or 0


@pytest.fixture
def odd(engine: Engine, actors: dict[str, Actor]) -> int:
    made = register_case(
        engine,
        actors["mediator"],
        unit_id(engine, "QSZ01"),
        facts=ODD_FACTS,
        parties=[{"role": "applicant", "name": n} for n in ODD_NAMES],
    )
    return made.id


def test_short_terms_find_what_the_scan_finds(
    engine: Engine, world: World, actors: dict[str, Actor], odd: int
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=40, seed=22)
    assert_grams_sound(engine)
    terms = short_terms(engine)
    assert len(terms) > 300
    assert_same_as_the_scan(engine, terms)
    # the term is taken literally and folds ASCII letters only, as LIKE does
    assert indexed(engine, "%") == indexed(engine, "0%") == {odd}
    assert odd in indexed(engine, "ZH") and odd in indexed(engine, "an")
    assert indexed(engine, "号9") == set()  # the end of the number and the facts do not join
    leader = actors["leader"]
    for term in ("王", "Li", RARE, "末"):  # the ledger's page, as the user sees it
        assert found(engine, leader, term) == scanned(engine, term), term


def test_corrections_and_deletes_keep_the_grams_in_step(
    engine: Engine, world: World, actors: dict[str, Actor], odd: int
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=15, seed=5)
    wang, li, anna, rare = parties(engine, odd)
    correct(
        engine,
        actors["coordinator"],
        odd,
        facts="改为：两户因排水沟走向发生争执。",
        edited=[PartyEdit(party_id=li.id or 0, role=li.role, name="黎明")],
        removed=[PartyRemoval(party_id=wang.id or 0, reason="登记重复")],
        added=[PartyCreate(role=PartyRole.RESPONDENT, name="鑫")],
    )
    assert indexed(engine, "鑫") == {odd}
    assert odd not in indexed(engine, "王") | indexed(engine, "Li") | indexed(engine, "%")
    assert odd in indexed(engine, "黎明") & indexed(engine, "水沟") & indexed(engine, "AN")
    with Session(engine) as session:
        session.exec(
            text("UPDATE cases SET number = 'QSZ-2026-Ω9' WHERE id = :i").bindparams(i=odd)
        )  # type: ignore[call-overload]
        session.exec(text("DELETE FROM parties WHERE id = :i").bindparams(i=anna.id))  # type: ignore[call-overload]
        session.commit()
    gone = copy_of(
        engine, odd, number="QSZ-2026-鑫1", facts="另案：鑫字号欠款。", intake_token=None
    )
    assert indexed(engine, "鑫") == {odd, gone}
    with Session(engine) as session:
        session.exec(text("DELETE FROM cases WHERE id = :i").bindparams(i=gone))  # type: ignore[call-overload]
        session.commit()
    assert indexed(engine, "Ω9") == {odd}
    assert odd not in indexed(engine, "An")
    assert gone not in {c for t in short_terms(engine, 0) for c in indexed(engine, t)}
    assert_grams_sound(engine)
    assert_same_as_the_scan(engine, short_terms(engine, 400))


@pytest.mark.parametrize("term", ["王", "欧阳"])
def test_a_short_term_is_looked_up_in_the_bigram_key(engine: Engine, term: str) -> None:
    with Session(engine) as session:
        query = matching_case_ids(session, term)
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        assert "LIKE" not in str(compiled).upper()
        if engine.dialect.name == "sqlite":
            plan = " ".join(row[-1] for row in session.exec(text(f"EXPLAIN QUERY PLAN {compiled}")))  # type: ignore[call-overload]
            assert "SEARCH search_grams USING PRIMARY KEY (gram" in plan, plan
            return
        session.exec(text("SET LOCAL enable_seqscan = off"))  # type: ignore[call-overload]
        plan = "\n".join(session.exec(text(f"EXPLAIN {compiled}")).scalars())  # type: ignore[call-overload]
    assert "search_grams_pkey" in plan, plan


def test_a_term_in_most_cases_is_scanned_with_the_same_result(
    engine: Engine, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        generate_cases(session, world=world, count=20, seed=9)
    monkeypatch.setattr(search, "COMMON_FROM", 1)  # probe even this small ledger
    with Session(engine) as session:
        number, facts = session.exec(select(Case.number, Case.facts)).first()  # type: ignore[misc]
    common, seldom = number[3], facts[-2:]  # "-" is in every number, the last 2 characters not
    for term, path in ((common, "LIKE"), (seldom, "search_grams")):
        with Session(engine) as session:
            assert path in str(matching_case_ids(session, term).compile(engine)), term
        assert indexed(engine, term) == scanned(engine, term) != set()


def test_the_triggers_delete_a_rows_grams_by_the_whole_key(engine: Engine) -> None:
    """An edit must not read every case's entries of a common gram ("20" is in every number):
    each old gram is looked up with its owner. The delete of each trigger, planned with the old
    row's values replaced by literals (SQLite; PostgreSQL's functions name the owner too)."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the plan of a trigger's statement, read on SQLite")
    with engine.connect() as connection:
        bodies = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_grams%'"
        ).scalars()
        deletes = [re.search(r"DELETE FROM search_grams[^;]*", b) for b in bodies]
        plans = [
            " ".join(
                row[-1]
                for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + re.sub(r"old\.\w+", "1", found.group(0))
                )
            )
            for found in deletes
            if found
        ]
    assert len(plans) == 4
    for plan in plans:
        assert "search_grams USING PRIMARY KEY (gram=? AND case_id=? AND party_id=?)" in plan
