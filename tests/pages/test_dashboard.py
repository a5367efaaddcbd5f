"""The dashboard per role: the figures a reader sees are their scope's, drill-down works, and an
exported chart is a real PNG."""

import io

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from components import charts
from components.chart_export import chart_png
from db import texts
from db.core.actor import Actor
from db.core.engine import make_engine
from db.enums import FigureCode
from db.figures import metrics
from db.figures.definitions import plan_rates
from db.models import User
from tests.pages.pages_helpers import link_labels, offered_file, year_filter


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("username", ["leader", "coordinator"])
def test_the_headline_figures_are_the_readers_own_scope(app_as, app_db, username: str) -> None:
    at = app_as(username)
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    with Session(make_engine(app_db)) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        expected = metrics.summary(session, actor=Actor.of(session, user), f=year_filter())
    values = metric_values(at)
    assert values[texts.CHART["registered"]] == str(expected.registered)
    assert values[texts.CHART["open"]] == str(expected.open)
    assert values[texts.CHART["overdue"]] == str(expected.overdue)


def test_every_chart_states_its_definition_and_the_filters(app_as) -> None:
    at = app_as("leader")
    at.switch_page("pages/dashboard.py").run()
    captions = " ".join(c.value for c in at.caption)
    for definition in (texts.DEF_TREND, texts.DEF_CATEGORY, texts.DEF_LEVELS, texts.DEF_RISK):
        assert definition in captions
    assert "清河县" in captions and "排查日期" in captions


def test_drilling_down_to_a_town_narrows_the_figures(app_as, app_db) -> None:
    at = app_as("leader")
    at.switch_page("pages/dashboard.py").run()
    county_total = int(metric_values(at)[texts.CHART["registered"]])
    drill = next(s for s in at.selectbox if str(s.key).startswith("dashboard-drill-"))
    town_id = next(k for k, v in _children(app_db).items() if v == "青石镇")
    drill.select(town_id).run()
    assert not at.exception
    town_total = int(metric_values(at)[texts.CHART["registered"]])
    assert 0 < town_total < county_total
    assert "青石镇" in " ".join(c.value for c in at.caption)
    at.button(key="dashboard-up").click().run()
    assert int(metric_values(at)[texts.CHART["registered"]]) == county_total


def test_mediators_and_supervisors_have_no_dashboard(app_as) -> None:
    for username in ("mediator", "supervisor"):
        at = app_as(username)
        assert texts.PAGE_DASHBOARD not in {
            link.proto.label for link in at.sidebar.get("page_link")
        }
        at.switch_page("pages/dashboard.py").run()
        assert [e.value for e in at.error] == [texts.E_PAGE_NOT_ALLOWED]
        assert not at.metric


def test_an_exported_chart_is_a_png() -> None:
    import pandas as pd

    frame = pd.DataFrame({"category": ["邻里纠纷", "宅基地"], "registered": [3, 7]})
    png = chart_png(
        charts.themed(charts.bars(frame, category="category", value="registered", label="登记"))
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


def _children(url: str) -> dict[int, str]:
    with Session(make_engine(url)) as session:
        leader = session.exec(select(User).where(User.username == "leader")).one()
        return dict(metrics.children_of(session, actor=Actor.of(session, leader), unit_id=None))


def test_the_one_page_summary_is_offered_for_download(app_as) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/dashboard.py").run()
    assert texts.DASH_SUMMARY_DOWNLOAD not in link_labels(at)
    at.button(key="dashboard-summary").click().run(timeout=60)
    assert not at.exception
    assert texts.DASH_SUMMARY_DOWNLOAD in link_labels(at)
    summary = offered_file(at, "dashboard-summary-download")
    assert load_workbook(io.BytesIO(summary.data)).sheetnames
    page_data = offered_file(at, "dashboard-xlsx")  # built when the browser fetches it
    assert page_data.data is None and page_data.offer.what == "dashboard"
    built = load_workbook(io.BytesIO(page_data.loader(None, None)))  # type: ignore[misc]
    assert texts.DASH_CHARTS["trend"] in built.sheetnames


def test_the_dashboard_shows_the_supervision_score_and_open_rectifications(app_as, app_db) -> None:
    from db.demo.supervision import seed_inspection

    with Session(make_engine(app_db)) as session:
        seed_inspection(session)  # 南湾村 (in 青石镇), a week ago: 75 points, two rectifications
    values = metric_values(app_as("coordinator").switch_page("pages/dashboard.py").run())
    assert values[texts.DASH_SUPERVISION_SCORE] == "75.0"
    assert values[texts.DASH_RECTIFICATIONS_OPEN] == "2"
    assert values[texts.DASH_RECTIFICATIONS_OVERDUE] == "0"


def test_a_leader_reads_the_supervision_bulletin_on_the_dashboard(app_as, app_db) -> None:
    from db.demo.supervision import seed_inspection

    with Session(make_engine(app_db)) as session:
        seed_inspection(session)
    at = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    ranking = [t for t in tables if list(t.columns) == list(texts.SUP_RANKING_COLUMNS)]
    assert [t.values.tolist() for t in ranking] == [[[1, "南湾村", 1, 75.0, "合格"]]]


def test_the_dashboard_shows_the_reporting_rate_of_the_period(app_as, app_db) -> None:
    """东河村 reports on three days of this year; 青石镇 has seven units that must report
    (its villages and communities), so this year's rate is 3 / (7 × days so far)."""
    from datetime import timedelta

    from db.clock import local_today
    from db.reports.daily import ReportCreate, submit

    engine = make_engine(app_db)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "mediator")).one()
        actor = Actor.of(session, user)
    today = local_today()
    days = [today - timedelta(days=back) for back in range(3)]
    for day in days:
        with Session(engine) as session:
            submit(session, actor=actor, data=ReportCreate(day=day, zero=False), base_version=0)
    so_far = (today - today.replace(month=1, day=1)).days + 1
    in_this_year = sum(1 for day in days if day.year == today.year)
    values = metric_values(app_as("coordinator").switch_page("pages/dashboard.py").run())
    assert values[texts.DASH_REPORTING_RATE] == f"{in_this_year / (7 * so_far):.1%}"


def test_the_filters_are_folded_below_a_summary_and_the_headline_comes_first(app_as) -> None:
    """A phone's first screen: the filter bar sits in a folded expander; the filters in force
    are summed up in the caption above the headline figures."""
    at = app_as("leader").switch_page("pages/dashboard.py").run()
    assert not at.exception
    folded = next(e for e in at.expander if e.label == texts.DASH_FILTERS_FOLDED)
    assert folded.proto.expanded is False
    assert "dashboard-period" in [s.key for s in folded.selectbox]
    assert any("排查日期" in c.value for c in at.caption)
    assert texts.CHART["registered"] in metric_values(at)


def test_the_page_workbook_hands_on_chinese_headers_percentages_and_real_dates(
    app_as, app_db
) -> None:
    """The 本页数据 workbook from the page: first sheet 概要 with the headline figures, the
    filters in force unescaped, the definitions; figure sheets in Chinese, rates as %."""
    from datetime import date

    at = app_as("leader").switch_page("pages/dashboard.py").run()
    page_data = offered_file(at, "dashboard-xlsx")
    book = load_workbook(io.BytesIO(page_data.loader(None, None)))  # type: ignore[misc]
    assert book.sheetnames[0] == texts.HANDOVER_FIRST_SHEET
    first = book.worksheets[0]
    values = [c.value for row in first.iter_rows() for c in row if c.value is not None]
    in_force = next(v for v in values if isinstance(v, str) and v.startswith("排查日期"))
    assert "\\" not in in_force
    assert texts.HL_DEFINITIONS[FigureCode.RESOLUTION] in values
    rate = next(r for r in first.iter_rows() if r[0].value == texts.CHART["rate"])[1]
    assert rate.number_format == "0.0%" and 0 <= rate.value <= 1
    # 化解率 is the plans' (resolved ÷ all found), as the headline shows it; 调解成功率 beside.
    with Session(make_engine(app_db)) as session:
        leader = Actor.of(
            session, session.exec(select(User).where(User.username == "leader")).one()
        )
        plan = plan_rates(session, actor=leader, f=year_filter())
    assert rate.value == plan.resolution_rate
    success = next(
        r for r in first.iter_rows() if r[0].value == texts.FIGURE_NAMES[FigureCode.SUCCESS]
    )
    assert success[1].value == plan.success_rate and plan.success_rate != plan.resolution_rate
    trend = book[texts.DASH_CHARTS["trend"]]
    head = [c.value for c in trend[1]]
    assert head == ["期间起始日", "登记件数", "化解件数", "已办结件数", "化解率"]
    period, *_, rate_cell = trend[2]
    assert isinstance(period.value, date) and period.number_format == "yyyy-mm-dd"
    assert rate_cell.number_format == "0.0%"
    unit_head = [c.value for c in book[texts.DASH_CHARTS["unit"]][1]]
    assert "unit_id" not in unit_head and texts.HANDOVER_COLUMNS["unit"] in unit_head


def test_a_chart_picture_is_two_clicks_from_its_figure(app_as) -> None:
    at = app_as("leader").switch_page("pages/dashboard.py").run()
    at.button(key="dashboard-png-category").click().run(timeout=60)
    assert not at.exception
    png = offered_file(at, "dashboard-png-download-category")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"


def _unit_chart(at) -> tuple[list, str]:  # type: ignore[no-untyped-def]
    """The unit chart's datasets (as frames) and caption: in the block holding its select box."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    def holds(node, kind: str, key: str | None = None) -> bool:  # type: ignore[no-untyped-def]
        if getattr(node, "type", None) == kind and (key is None or node.key == key):
            return True
        return any(holds(child, kind, key) for child in getattr(node, "children", {}).values())

    def innermost(node):  # type: ignore[no-untyped-def]
        for child in getattr(node, "children", {}).values():
            if holds(child, "selectbox", "dashboard-unit-figure") and holds(
                child, "vega_lite_chart"
            ):
                return innermost(child)
        return node

    block = innermost(at.main)
    chart = block.get("vega_lite_chart")[0].proto
    frames = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.datasets]
    return frames, " ".join(c.value for c in block.get("caption"))


def test_the_unit_chart_shows_the_figure_chosen_with_its_definition(app_as, app_db) -> None:
    from db.enums import FigureCode
    from db.figures.unit_figures import OVERDUE, unit_figure

    at = app_as("leader").switch_page("pages/dashboard.py").run()
    frames, caption = _unit_chart(at)
    assert texts.DEF_UNIT in caption and "registered" in frames[0].columns  # the counts first
    with Session(make_engine(app_db)) as session:
        leader = Actor.of(
            session, session.exec(select(User).where(User.username == "leader")).one()
        )
        expected = {
            figure: unit_figure(session, actor=leader, f=year_filter(), figure=figure)
            for figure in (FigureCode.RESOLUTION, OVERDUE)
        }
    at.selectbox(key="dashboard-unit-figure").select(FigureCode.RESOLUTION).run()
    assert not at.exception
    frames, caption = _unit_chart(at)
    shown = frames[0].set_index("unit")["value"].to_dict()
    assert shown == expected[FigureCode.RESOLUTION].set_index("unit")["value"].to_dict()
    assert len(shown) == 3 and all(0 <= v <= 1 for v in shown.values())  # the three towns
    assert list(frames[1]["target"]) == [0.98]  # the rule: the target in force
    assert texts.HL_DEFINITIONS[FigureCode.RESOLUTION] in caption and "98%" in caption
    assert texts.DEF_UNIT not in caption
    at.button(key="dashboard-png-unit").click().run(timeout=60)  # the picture of the figure shown
    assert not at.exception
    assert offered_file(at, "dashboard-png-download-unit").data[:8] == b"\x89PNG\r\n\x1a\n"
    at.selectbox(key="dashboard-unit-figure").select(OVERDUE).run()
    frames, caption = _unit_chart(at)
    assert frames[0].set_index("unit")["value"].to_dict() == (
        expected[OVERDUE].set_index("unit")["value"].to_dict()
    )
    assert len(frames) == 1 and texts.DEF_OVERDUE in caption  # a count: no target
