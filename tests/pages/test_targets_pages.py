"""系统管理 → 目标: an admin sets the year's targets, and the dashboard measures against the
target in force (db.figures.targets)."""

from sqlmodel import Session, select

from components.headline_view import change
from db import texts
from db.clock import local_today
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import FigureCode
from db.figures.headline import headline_figures
from db.figures.ranking import unit_ranking
from db.figures.targets import set_targets, targets_in_force
from db.models import User
from tests.pages.pages_helpers import year_filter


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


def test_the_plans_figures_show_their_standing_and_change_against_the_previous_period(
    app_as, app_db
) -> None:
    """Each headline figure as db.figures.headline reads it for the leader's default period
    (this year up to today): the metric's value and ▲/▼ change, the coloured standing."""
    leader = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not leader.exception, leader.exception
    with Session(make_engine(app_db)) as session:
        user = session.exec(select(User).where(User.username == "leader")).one()
        expected = headline_figures(session, actor=Actor.of(session, user), f=year_filter())
    for h in expected:
        (box,) = [
            b for b in leader.get("flex_container") if b.key == f"dashboard-headline-{h.figure}"
        ]
        (metric,) = box.metric
        assert metric.label == texts.FIGURE_NAMES[h.figure]
        assert metric.value == ("—" if h.value is None else f"{h.value:.1%}")
        assert metric.delta == change(h)
        if h.value is not None and h.previous is not None and h.value != h.previous:
            assert metric.delta.startswith("▲" if h.value > h.previous else "▼")
        shown = [m.value for m in box.markdown]
        if h.standing is None:
            assert shown == []
        else:
            word = {"met": ":green[达标]", "near": ":orange[接近目标]", "missed": ":red[未达标]"}
            assert shown[0].startswith(word[h.standing])
    resolution = expected[0]
    assert resolution.figure == FigureCode.RESOLUTION and resolution.target == 0.98
    assert resolution.standing is not None  # the demo has cases this year


def test_the_units_one_level_down_are_ranked_by_resolution_rate_and_by_overdue(
    app_as, app_db
) -> None:
    leader = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not leader.exception, leader.exception
    with Session(make_engine(app_db)) as session:
        user = session.exec(select(User).where(User.username == "leader")).one()
        actor = Actor.of(session, user)
        expected = {
            by: unit_ranking(session, actor=actor, f=year_filter(), by=by)
            for by in ("resolution", "overdue")
        }
    for by, frame in expected.items():
        assert not frame.empty  # the demo's towns have cases this year
        (box,) = [b for b in leader.get("flex_container") if b.key == f"dashboard-rank_{by}"]
        (shown,) = [d.value for d in box.dataframe]
        assert list(shown.columns) == list(texts.RANK_COLUMNS.values())
        assert list(shown[texts.RANK_COLUMNS["unit"]]) == list(frame["unit"])
        assert list(shown[texts.RANK_COLUMNS["rank"]]) == list(frame["rank"])
    rates = list(expected["resolution"]["resolution_rate"])
    assert rates == sorted(rates, reverse=True)
    overdue = list(expected["overdue"]["overdue"])
    assert overdue == sorted(overdue, reverse=True)
