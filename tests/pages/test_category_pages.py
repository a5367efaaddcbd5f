"""系统管理 → 分类 and the pages that use local categories: an admin adds one and retires it;
intake offers it, the ledger shows it and filters by it (db.cases.categories)."""

import re

from sqlmodel import Session, select

from db import texts
from db.core.engine import make_engine
from db.enums import Category, OfficialCategory
from db.models import AuditLog, Case, LocalCategory
from tests.pages.test_intake_and_ledger import fill_intake

K = "admin-categories"


def table(at) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    (frame,) = [d.value for d in at.dataframe if texts.CAT_COLUMNS["kind"] in d.value.columns]
    return frame.to_dict("records")


def add(at, name: str, official: OfficialCategory, base: Category) -> None:  # type: ignore[no-untyped-def]
    at.text_input(key=f"{K}-name").input(name)
    at.selectbox(key=f"{K}-official").set_value(official)
    at.selectbox(key=f"{K}-base").set_value(base)
    at.button(key=f"{K}-submit").click().run()
    assert not at.exception, at.exception


def test_an_admin_adds_a_local_category_and_retires_it(app_as, app_db) -> None:
    at = app_as("admin")
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    C = texts.CAT_COLUMNS
    rows = table(at)
    assert len(rows) == len(Category) + 2  # the built-in ones, read-only, and the demo's two
    assert {r[C["name"]]: r[C["official"]] for r in rows}["经济债务"] == "合同纠纷"
    add(at, "宗族纠纷", OfficialCategory.VILLAGE_AFFAIRS, Category.OTHER)
    assert [s.value for s in at.success] == [texts.CAT_ADDED.format(name="宗族纠纷")]
    (mine,) = [r for r in table(at) if r[C["name"]] == "宗族纠纷"]
    assert (mine[C["kind"]], mine[C["official"]], mine[C["base"]], mine[C["state"]]) == (
        texts.CAT_KIND_LOCAL,
        "村务管理纠纷",
        "其他",
        texts.CAT_ACTIVE,
    )
    add(at, "山林权属", OfficialCategory.OTHER, Category.OTHER)  # the demo's, in use
    assert "已有在用的本地分类“山林权属”。" in [e.value for e in at.error]
    add(at, "", OfficialCategory.OTHER, Category.OTHER)
    assert texts.CAT_E_NAME_EMPTY in [e.value for e in at.error]
    with Session(make_engine(app_db)) as session:
        ids = dict(session.exec(select(LocalCategory.name, LocalCategory.id)).all())
    at.selectbox(key=f"{K}-pick").set_value(ids["宗族纠纷"]).run()
    at.button(key=f"{K}-retire").click().run()
    assert [s.value for s in at.success] == [texts.CAT_DELETED.format(name="宗族纠纷")]
    at.selectbox(key=f"{K}-pick").set_value(ids["山林权属"]).run()
    at.button(key=f"{K}-retire").click().run()
    assert [s.value for s in at.success] == [texts.CAT_DEACTIVATED.format(name="山林权属")]
    states = {r[C["name"]]: r[C["state"]] for r in table(at) if r[C["kind"]] == "本地"}
    assert states == {"山林权属": texts.CAT_INACTIVE, "噪声扰民": texts.CAT_ACTIVE}
    with Session(make_engine(app_db)) as session:
        assert set(session.exec(select(LocalCategory.name)).all()) == {"山林权属", "噪声扰民"}
        audited = session.exec(
            select(AuditLog.detail).where(AuditLog.target.startswith("local_category:"))  # type: ignore[union-attr]
        ).all()
    assert [d.split("：")[0] for d in audited] == ["新增本地分类", "删除本地分类", "停用本地分类"]


def test_intake_offers_local_categories_and_the_ledger_shows_and_filters_them(
    app_as, app_db
) -> None:
    with Session(make_engine(app_db)) as session:
        local_id = session.exec(
            select(LocalCategory.id).where(LocalCategory.name == "山林权属")
        ).one()
    at = app_as("coordinator")
    at.switch_page("pages/intake.py").run()
    category = at.selectbox(key="intake-category")
    assert category.options[len(Category) :] == ["噪声扰民", "山林权属"]  # after the built-in
    category.set_value(local_id)
    fill_intake(at, facts="两村因山林界址发生争执。", id_number="", phone="")
    at.button(key="intake-submit").click().run()
    assert not at.exception, at.exception
    number = re.search(r"QSZ-\d{4}-\d{4}", at.success[0].value).group(0)  # type: ignore[union-attr]
    with Session(make_engine(app_db)) as session:
        case = session.exec(select(Case).where(Case.number == number)).one()
    assert (case.category, case.local_category_id) == (Category.LAND_CONTRACT, local_id)

    ledger = app_as("coordinator")
    ledger.switch_page("pages/cases.py").run()
    ledger.multiselect(key="cases-category").set_value([local_id]).run()
    assert not ledger.exception, ledger.exception
    (frame,) = [d.value for d in ledger.dataframe if texts.FIELDS["category"] in d.value.columns]
    assert set(frame[texts.FIELDS["category"]]) == {"山林权属"}
    assert number in list(frame[texts.FIELDS["number"]])
    ledger.multiselect(key="cases-category").set_value([Category.LAND_CONTRACT]).run()
    (frame,) = [d.value for d in ledger.dataframe if texts.FIELDS["category"] in d.value.columns]
    assert set(frame[texts.FIELDS["category"]]) == {"山林权属", "土地承包"}  # under its base

    page = app_as("coordinator")
    page.switch_page("pages/case.py")
    page.query_params["id"] = str(case.id)
    page.run()
    assert not page.exception, page.exception
    (facts,) = [d.value for d in page.dataframe if texts.CASE_ITEM in d.value.columns]
    shown = dict(zip(facts[texts.CASE_ITEM], facts[texts.CASE_VALUE], strict=True))
    assert shown[texts.FIELDS["category"]] == "山林权属（归入土地承包）"
