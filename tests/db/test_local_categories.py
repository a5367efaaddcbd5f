"""Local categories (db.cases.categories, issue 20): an admin adds them under an official
人民调解 category and a base built-in one, retires them (deleted when unused, else deactivated);
intake stores the base beside the local one; the 人民调解统计表 counts a case under its local
category's official one (hand counts); the ledger shows and filters them; a ledger import's
category cell naming one maps to it."""

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import texts
from db.cases.categories import (
    CategoryRefused,
    add_local_category,
    local_categories,
    reactivate_local_category,
    retire_local_category,
)
from db.cases.ledger import LedgerFilter, get_case, list_cases
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Invalid
from db.core.permissions import NotAllowed
from db.enums import AuditAction, Category, OfficialCategory, Stage
from db.figures.mediation_return import mediation_return
from db.models import AuditLog, Case, LocalCategory
from tests.db.factories import dated_case, events, register_case, unit_id
from tests.db.test_import import do_import, good_row, ledger_file, plan_for
from tests.db.workbench_helpers import correct

Off = OfficialCategory


def add(engine: Engine, actor: Actor, name: str, official: Off, base: Category) -> int:
    with write_session(engine) as session:
        return add_local_category(session, actor, name=name, official=official, base=base)


def retire(engine: Engine, actor: Actor, local_id: int) -> bool:
    with write_session(engine) as session:
        return retire_local_category(session, actor, local_id)


def listed(engine: Engine) -> list[tuple[str, Off, Category, bool, int]]:
    with Session(engine) as session:
        return [
            (c.name, c.official, c.base, c.active, c.cases)
            for c in local_categories(session, counted=True)
        ]


def test_an_admin_adds_local_categories_and_the_rules_refuse_bad_names(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    admin = actors["admin"]
    forest = add(engine, admin, "  山林权属 ", Off.FOREST_LAND, Category.LAND_CONTRACT)
    add(engine, admin, "噪声扰民", Off.ENVIRONMENT, Category.NEIGHBOUR)
    assert listed(engine) == [
        ("噪声扰民", Off.ENVIRONMENT, Category.NEIGHBOUR, True, 0),
        ("山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT, True, 0),
    ]
    with pytest.raises(CategoryRefused) as taken:
        add(engine, admin, "山林权属", Off.OTHER, Category.OTHER)
    assert taken.value.message == "已有在用的本地分类“山林权属”。"
    assert taken.value.field == "name"
    with pytest.raises(CategoryRefused, match="是内置分类"):
        add(engine, admin, "邻里纠纷", Off.NEIGHBOUR, Category.NEIGHBOUR)
    for blank in ("", "   "):
        with pytest.raises(Invalid) as empty:
            add(engine, admin, blank, Off.OTHER, Category.OTHER)
        assert empty.value.message == texts.CAT_E_NAME_EMPTY
    with pytest.raises(Invalid, match="30"):
        add(engine, admin, "长" * 31, Off.OTHER, Category.OTHER)
    for markup in ("**山林**", "[山林](javascript:alert(1))", "<b>山林</b>", "山林`x`"):
        with pytest.raises(Invalid) as odd:
            add(engine, admin, markup, Off.OTHER, Category.OTHER)
        assert odd.value.message == texts.CAT_E_NAME_ODD
    add(engine, admin, "山林（集体）·林权", Off.FOREST_LAND, Category.LAND_CONTRACT)
    with pytest.raises(NotAllowed):
        add(engine, actors["coordinator"], "宗族纠纷", Off.OTHER, Category.OTHER)
    with pytest.raises(NotAllowed):
        retire(engine, actors["coordinator"], forest)
    assert len(listed(engine)) == 3  # nothing of the refusals stayed
    with Session(engine) as session:
        audited = session.exec(
            select(AuditLog.action, AuditLog.detail)
            .where(col(AuditLog.target).startswith("local_category:"))
            .order_by(col(AuditLog.id))
        ).all()
    assert audited == [
        (
            AuditAction.CREATE,
            "新增本地分类：山林权属（人民调解统计：山林土地纠纷；归入：土地承包）",
        ),
        (
            AuditAction.CREATE,
            "新增本地分类：噪声扰民（人民调解统计：环境污染纠纷；归入：邻里纠纷）",
        ),
        (  # full-width brackets stored as ASCII ones (NFKC), as a ledger cell is read
            AuditAction.CREATE,
            "新增本地分类：山林(集体)·林权（人民调解统计：山林土地纠纷；归入：土地承包）",
        ),
    ]


def test_a_local_category_in_use_is_deactivated_not_deleted(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    admin, mediator = actors["admin"], actors["mediator"]
    unused = add(engine, admin, "宗族纠纷", Off.OTHER, Category.OTHER)
    used = add(engine, admin, "山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT)
    case = register_case(engine, mediator, unit_id(engine, "QSZ01"), local_category_id=used)
    assert retire(engine, admin, unused) is True
    assert retire(engine, admin, used) is False
    assert listed(engine) == [("山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT, False, 1)]
    with Session(engine) as session:
        assert session.get(Case, case.id).local_category_id == used  # type: ignore[union-attr]
    # A retired category is offered no more: a new case may not take it...
    with pytest.raises(CategoryRefused) as refused:
        register_case(
            engine, mediator, unit_id(engine, "QSZ01"), local_category_id=used, facts="另一起"
        )
    assert refused.value.message == texts.CAT_E_INACTIVE
    with pytest.raises(CategoryRefused):
        retire(engine, admin, used)  # retired already
    # ...its name may be given again, and then the old one may not come back.
    again = add(engine, admin, "山林权属", Off.FOREST_LAND, Category.HOMESTEAD)
    with write_session(engine) as session, pytest.raises(CategoryRefused, match="已有在用"):
        reactivate_local_category(session, admin, used)
    assert retire(engine, admin, again) is True
    with write_session(engine) as session:
        reactivate_local_category(session, admin, used)
    assert listed(engine) == [("山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT, True, 1)]
    with Session(engine) as session:
        details = session.exec(
            select(AuditLog.detail)
            .where(col(AuditLog.target) == f"local_category:{used}")
            .order_by(col(AuditLog.id))
        ).all()
    assert [d.split("：")[0] for d in details] == ["新增本地分类", "停用本地分类", "恢复本地分类"]


def test_intake_stores_the_base_category_beside_the_local_one(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    forest = add(engine, actors["admin"], "山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT)
    mediator = actors["mediator"]
    # The form's category is the base already; the rules take the local category's own base.
    case = register_case(
        engine, mediator, unit_id(engine, "QSZ01"), category="other", local_category_id=forest
    )
    with Session(engine) as session:
        stored = session.get(Case, case.id)
        assert stored is not None
        assert (stored.category, stored.local_category_id) == (Category.LAND_CONTRACT, forest)
        detail = get_case(session, actor=mediator, case_id=case.id)
    assert (detail.category, detail.local_category) == (Category.LAND_CONTRACT, "山林权属")
    with pytest.raises(CategoryRefused):
        register_case(engine, mediator, unit_id(engine, "QSZ01"), local_category_id=forest + 99)


def test_the_return_counts_a_local_category_under_its_official_one(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    admin, mediator = actors["admin"], actors["mediator"]
    forest = add(engine, admin, "山林权属", Off.FOREST_LAND, Category.OTHER)
    noise = add(engine, admin, "噪声扰民", Off.ENVIRONMENT, Category.NEIGHBOUR)
    march = date(2025, 3, 10)

    def case(category: str, local: int | None = None, **values: object) -> int:
        case_id = dated_case(engine, mediator, "QSZ01", march, category=category, **values)
        if local is not None:
            with write_session(engine) as session:
                row = session.get(Case, case_id)
                assert row is not None
                row.local_category_id = local
                session.add(row)
                session.commit()
        return case_id

    # By hand: 山林土地纠纷 = a built-in 土地承包 case (resolved, written) + two 山林权属 cases
    # (one resolved, oral; one mediating); 环境污染纠纷 = one 噪声扰民 case (resolved, written);
    # 邻里纠纷 = one built-in 邻里 case (mediating); 其他纠纷 = one built-in 其他 case (closed, oral),
    # not the 山林权属 ones, whose base is 其他.
    case("land_contract", stage=Stage.RESOLVED, agreement_signed=True, people_involved=3)
    case("other", forest, stage=Stage.RESOLVED, agreement_signed=False, people_involved=4)
    case("other", forest, stage=Stage.MEDIATING, people_involved=5)
    case("neighbour", noise, stage=Stage.RESOLVED, agreement_signed=True, people_involved=6)
    case("neighbour", stage=Stage.MEDIATING, people_involved=7)
    case("other", stage=Stage.CLOSED, agreement_signed=False, people_involved=8)
    with Session(engine) as session:
        report = mediation_return(
            session, actors["coordinator"], start=date(2025, 3, 1), end=date(2025, 3, 31)
        )
    rows = {r.category: (r.mediated, r.succeeded, r.written, r.oral, r.people) for r in report.rows}
    assert rows[Off.FOREST_LAND] == (3, 2, 1, 1, 12)
    assert rows[Off.ENVIRONMENT] == (1, 1, 1, 0, 6)
    assert rows[Off.NEIGHBOUR] == (1, 0, 0, 0, 7)
    assert rows[Off.OTHER] == (1, 1, 0, 1, 8)
    assert sum(r[0] for r in rows.values()) == 6
    assert (report.total.mediated, report.total.succeeded, report.total.people) == (6, 4, 33)


def test_the_ledger_shows_and_filters_local_categories(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    admin, mediator = actors["admin"], actors["mediator"]
    forest = add(engine, admin, "山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT)
    village = unit_id(engine, "QSZ01")
    local = register_case(engine, mediator, village, local_category_id=forest).id
    builtin = register_case(engine, mediator, village, category="land_contract").id
    other = register_case(engine, mediator, village, category="neighbour").id

    def ids(**filters: object) -> set[int]:
        with Session(engine) as session:
            page = list_cases(session, actor=mediator, filters=LedgerFilter(**filters))  # type: ignore[arg-type]
        return {r.id for r in page.rows}

    assert ids(local_categories=[forest]) == {local}
    assert ids(categories=[Category.LAND_CONTRACT]) == {local, builtin}  # counted under its base
    assert ids(categories=[Category.NEIGHBOUR], local_categories=[forest]) == {local, other}
    with Session(engine) as session:
        rows = list_cases(session, actor=mediator, filters=LedgerFilter()).rows
    shown = {r.id: r.local_category for r in rows}
    assert (shown[local], shown[builtin]) == ("山林权属", None)


def test_an_imported_row_naming_a_local_category_takes_it(
    engine: Engine, actors: dict[str, Actor], tmp_path: Path
) -> None:
    admin, coordinator = actors["admin"], actors["coordinator"]
    forest = add(engine, admin, "山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT)
    retired = add(engine, admin, "宗族纠纷", Off.OTHER, Category.OTHER)
    retire(engine, admin, retired)  # unused: deleted
    path = ledger_file(
        tmp_path / "ledger.xlsx",
        [
            good_row(1, 纠纷类型="山林权属"),
            good_row(2, 纠纷类型=" 山林 权属"),  # blanks as typed
            good_row(3, 纠纷类型="邻里纠纷"),
            good_row(4, 纠纷类型="宗族纠纷"),  # not a category any more
        ],
    )
    plan = plan_for(engine, coordinator, path)
    problems = [(p.row, p.column, p.message) for p in plan.problems if p.error]
    assert problems == [(7, "纠纷类型", texts.IMP_UNKNOWN_CATEGORY)]
    do_import(engine, coordinator, plan, skip_rows_in_error=True)
    with Session(engine) as session:
        found = session.exec(
            select(Case.number, Case.category, Case.local_category_id)
            .where(col(Case.number).startswith("QSZ-2026-09"))
            .order_by(col(Case.number))
        ).all()
        assert session.exec(select(LocalCategory).where(LocalCategory.id == retired)).all() == []
    assert found == [
        ("QSZ-2026-0901", Category.LAND_CONTRACT, forest),
        ("QSZ-2026-0902", Category.LAND_CONTRACT, forest),
        ("QSZ-2026-0903", Category.NEIGHBOUR, None),
    ]


def test_a_correction_gives_or_takes_a_local_category_and_keeps_it_otherwise(
    engine: Engine, actors: dict[str, Actor]
) -> None:
    admin, coordinator = actors["admin"], actors["coordinator"]
    forest = add(engine, admin, "山林权属", Off.FOREST_LAND, Category.LAND_CONTRACT)
    case_id = register_case(engine, coordinator, unit_id(engine, "QSZ01")).id  # 邻里纠纷

    def stored() -> tuple[Category, int | None]:
        with Session(engine) as session:
            case = session.get(Case, case_id)
            assert case is not None
            return case.category, case.local_category_id

    correct(engine, coordinator, case_id, category="other", local_category_id=forest)
    assert stored() == (Category.LAND_CONTRACT, forest)
    assert json.loads(events(engine, case_id)[-1].detail)["纠纷类型"] == "邻里纠纷 → 山林权属"
    retire(engine, admin, forest)  # in use: deactivated; the case keeps it through corrections
    correct(engine, coordinator, case_id, facts="两村因山林界址发生争执。")
    assert stored() == (Category.LAND_CONTRACT, forest)
    correct(engine, coordinator, case_id, category="neighbour", local_category_id=None)
    assert stored() == (Category.NEIGHBOUR, None)
    assert json.loads(events(engine, case_id)[-1].detail)["纠纷类型"] == "山林权属 → 邻里纠纷"
    with pytest.raises(CategoryRefused):  # retired: not offered again
        correct(engine, coordinator, case_id, local_category_id=forest)
