"""系统管理 → 目标: an admin sets the year's targets, and the dashboard measures against the
target in force (db.figures.targets)."""

from sqlmodel import Session, select

from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import FigureCode
from db.figures.targets import set_targets, targets_in_force
from db.models import User


def below_target(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in at.caption if c.value.startswith("化解率低于")]


def test_an_admin_sets_the_years_target_and_the_dashboard_measures_against_it(
    app_as, app_db
) -> None:
    year = local_today().year
    at = app_as("admin")
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    at.number_input(key=f"admin-target-resolution-{year}").set_value(100.0)
    at.button(key="admin-target-save").click().run()
    assert not at.exception, at.exception
    assert texts.TGT_SAVED.format(year=year) in [s.value for s in at.success]
    with Session(make_engine(app_db)) as session:
        assert targets_in_force(session, year)[FigureCode.RESOLUTION] == 100.0
    leader = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not leader.exception, leader.exception
    assert below_target(leader) == [texts.DASH_BELOW_TARGET.format(target=1.0)]


def test_a_target_the_county_meets_shows_no_warning(app_as, app_db) -> None:
    with Session(make_engine(app_db)) as session:
        admin = session.exec(select(User).where(User.username == "admin")).one()
        set_targets(
            session,
            Actor.of(session, admin),
            year=local_today().year,
            values={FigureCode.RESOLUTION: 0.0},
        )
    leader = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not leader.exception, leader.exception
    assert below_target(leader) == []
