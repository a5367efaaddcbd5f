"""系统管理 for setting up a county: which world is loaded, and the unit tree's operations."""

from db import texts


def admin_page(app_as):  # type: ignore[no-untyped-def]
    at = app_as("admin")
    at.switch_page("pages/admin.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_admin_sees_that_the_demo_is_loaded(app_as) -> None:
    at = admin_page(app_as)
    assert texts.WORLD_DEMO.format(county="清河县") in [c.value for c in at.caption]
