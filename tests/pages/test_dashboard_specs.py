"""The dashboard draws finished chart specs (components.chart_specs), cached with its figures:
each chart element must be the very one st.altair_chart drew from the Altair chart before
(same Vega-Lite spec, same datasets byte for byte), on both engines and on the page itself."""

from datetime import date

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db.clock import local_today
from db.core import engine as db_engine
from db.core.actor import Actor
from db.core.engine import make_engine
from db.dashboard.figures import read_figures
from db.demo.cases import generate_cases
from db.demo.world import World
from db.figures.metrics import MetricFilter
from db.models import User


def _with_altair(built: dict) -> None:  # the old way, run by AppTest
    import streamlit as st

    from components import charts

    for chart in built.values():
        st.altair_chart(charts.themed(chart), width="stretch")


def _from_specs(specs: dict) -> None:  # the new way, run by AppTest
    from components.chart_specs import draw

    for spec in specs.values():
        draw(spec)


def drawn(script, arg: dict) -> list[bytes]:  # type: ignore[no-untyped-def]
    at = AppTest.from_function(script, args=(arg,), default_timeout=30).run()
    assert not at.exception, at.exception
    return [e.proto.SerializeToString() for e in at.get("vega_lite_chart")]


def old_charts(engine: Engine, actor: Actor, f: MetricFilter, grain: str) -> list[bytes]:
    """The seven charts as the page drew them before: built from the figures, then Altair."""
    from components.dashboard_figures import build_charts
    from components.dashboard_view import labelled

    data = read_figures(engine, actor=actor, f=f, grain=grain)
    return drawn(_with_altair, build_charts(labelled(data), grain))


def this_year() -> MetricFilter:
    today = local_today()
    return MetricFilter(start=date(today.year, 1, 1), end=today)


@pytest.mark.parametrize("grain", ["month", "week"])
def test_the_cached_specs_draw_the_charts_altair_drew(
    engine: Engine, world: World, actors: dict[str, Actor], monkeypatch, grain: str
) -> None:
    from components.dashboard_figures import figures

    with Session(engine) as session:
        generate_cases(session, world=world, count=80, seed=11)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    db_engine.engine_for.cache_clear()
    st.cache_data.clear()
    try:
        for who in ("leader", "coordinator"):
            actor, f = actors[who], this_year()
            data = figures(actor, f, grain)
            assert list(data["specs"]) == [
                "trend",
                "category",
                "unit",
                "levels",
                "risk",
                "overdue_unit",
                "overdue_person",
            ]
            assert data["summary"].registered > 0
            new = drawn(_from_specs, figures(actor, f, grain)["specs"])  # a cache hit
            assert new == old_charts(engine, actor, f, grain)
    finally:
        db_engine.engine_for.cache_clear()
        st.cache_data.clear()


def test_the_page_draws_the_charts_altair_drew(app_as, app_db) -> None:
    at = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not at.exception
    on_page = [e.proto.SerializeToString() for e in at.get("vega_lite_chart")]
    at.run()  # the figures (and their charts) from the cache
    assert [e.proto.SerializeToString() for e in at.get("vega_lite_chart")] == on_page
    with Session(make_engine(app_db)) as session:
        user = session.exec(select(User).where(User.username == "leader")).one()
        leader = Actor.of(session, user)
    old = old_charts(make_engine(app_db), leader, this_year(), "month")
    assert len(on_page) == 7
    assert on_page == old[0::2] + old[1::2]  # two columns: the left one first in the tree


def test_no_case_in_the_period_no_chart(engine: Engine, actors: dict[str, Actor], monkeypatch):  # type: ignore[no-untyped-def]
    from components.dashboard_figures import figures

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    db_engine.engine_for.cache_clear()
    st.cache_data.clear()
    try:
        data = figures(actors["leader"], this_year(), "month")
        assert data["summary"].registered == 0 and data["specs"] == {}
    finally:
        db_engine.engine_for.cache_clear()
        st.cache_data.clear()
