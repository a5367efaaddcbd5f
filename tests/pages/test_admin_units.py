"""系统管理 for setting up a county: which world is loaded, and the unit tree's operations."""

from datetime import date

from db import texts
from db.enums import UnitKind


def admin_page(app_as):  # type: ignore[no-untyped-def]
    at = app_as("admin")
    at.switch_page("pages/admin.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_admin_sees_that_the_demo_is_loaded(app_as) -> None:
    at = admin_page(app_as)
    assert texts.WORLD_DEMO.format(county="清河县") in [c.value for c in at.caption]


def units_table(at) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    (frame,) = [d.value for d in at.dataframe if texts.UNIT_COL_FROM in d.value.columns]
    return {
        code: (name.strip("　"), active, since)
        for code, name, active, since in zip(
            frame[texts.UNIT_COL_CODE],
            frame[texts.UNIT_NAME],
            frame[texts.UNIT_COL_ACTIVE],
            frame[texts.UNIT_COL_FROM],
            strict=True,
        )
    }


def test_the_admin_creates_a_village_and_sees_it_in_the_tree(app_as) -> None:
    at = admin_page(app_as)
    assert units_table(at)["QSZ02"] == ("南湾村", texts.UNIT_ACTIVE, "")
    at.text_input(key="admin-unit-new-name").input("新村")
    at.text_input(key="admin-unit-new-code").input("qsz30")
    at.selectbox(key="admin-unit-new-kind").set_value(UnitKind.VILLAGE)
    parent = next(
        o
        for o in at.selectbox(key="admin-unit-new-parent").options
        if o.strip("　").startswith("青石镇")
    )
    at.selectbox(key="admin-unit-new-parent").select(parent)
    at.checkbox(key="admin-unit-new-reports").check()
    at.button(key="admin-unit-new-submit").click().run()
    assert not at.exception, at.exception
    assert texts.UNIT_CREATED.format(name="新村") in [s.value for s in at.success]
    at.run()
    assert units_table(at)["QSZ30"] == ("新村", texts.UNIT_ACTIVE, "")


def test_a_wrong_parent_is_refused_on_the_page_with_its_reason(app_as) -> None:
    at = admin_page(app_as)
    at.text_input(key="admin-unit-new-name").input("错村")
    at.text_input(key="admin-unit-new-code").input("BAD01")
    at.selectbox(key="admin-unit-new-kind").set_value(UnitKind.VILLAGE)
    at.button(key="admin-unit-new-submit").click().run()  # the parent offered first: the county
    assert [e.value for e in at.error] == [
        texts.E_UNIT_WRONG_PARENT.format(
            kind=texts.label(UnitKind.VILLAGE), allowed=texts.label(UnitKind.TOWN), parent="清河县"
        )
    ]
    at.run()
    assert "BAD01" not in units_table(at)


def test_the_admin_sets_a_start_day_for_reports_and_deactivates_a_village(app_as) -> None:
    at = admin_page(app_as)
    picker = at.selectbox(key="admin-unit")
    picker.select(next(o for o in picker.options if o.endswith(" QSZ02"))).run()
    (since,) = [d for d in at.date_input if d.key.startswith("admin-unit-from-")]
    since.set_value(date(2026, 1, 1))
    at.button(key=since.key.replace("from", "save")).click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    at.run()
    assert units_table(at)["QSZ02"] == ("南湾村", texts.UNIT_ACTIVE, "2026-01-01")
    at.button(key=since.key.replace("from", "toggle")).click().run()
    at.run()
    assert units_table(at)["QSZ02"] == ("南湾村", texts.UNIT_INACTIVE, "2026-01-01")
    new_user_units = at.selectbox(key="admin-new-unit").options
    assert not [o for o in new_user_units if "南湾村" in o]
