"""The leader's dashboard in Chromium: the charts render, and a drill-down changes them."""

import pytest
from playwright.sync_api import Page, expect

from db import texts
from db.enums import FigureCode
from tests.browser.appserver import Server
from tests.browser.ui import MAIN, choose_option, login_ok, open_path, signed_in_cookie, wait_idle

pytestmark = pytest.mark.browser

CHART_CANVAS = "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg"


def registered_figure(page: Page) -> str:
    metric = page.locator("[data-testid=stMetric]").filter(has_text=texts.CHART["registered"]).first
    return metric.locator("[data-testid=stMetricValue]").inner_text()


def test_the_dashboard_draws_its_charts_and_a_drill_down_changes_them(
    page: Page, server: Server
) -> None:
    login_ok(page, server, "leader")
    signed_in_cookie(page)
    open_path(page, server, "dashboard")
    by_unit = page.locator(".st-key-dashboard-chart-unit")
    expect(by_unit.locator(CHART_CANVAS).first).to_be_visible()
    for name in ("trend", "category", "levels", "risk"):
        expect(page.locator(f".st-key-dashboard-chart-{name} {CHART_CANVAS}").first).to_be_visible()
    wait_idle(page)
    county = int(registered_figure(page))

    page.locator("[data-testid=stExpander] summary").filter(
        has_text=texts.DASH_FILTERS_FOLDED
    ).click()  # the filters are folded
    # Choosing drills down at once: the box is replaced by the next level's (its own key).
    drill = page.locator("[class*='st-key-dashboard-drill-']").first
    choose_option(page, drill, "青石镇", replaced=True)
    expect(page.locator(MAIN)).to_contain_text("；青石镇")
    expect(page.locator(".st-key-dashboard-up button")).to_be_visible()
    wait_idle(page)
    town = int(registered_figure(page))
    assert 0 < town < county
    expect(by_unit.locator(CHART_CANVAS).first).to_be_visible()
    # The unit chart shows any headline figure: 化解率 of 青石镇's villages, with its definition.
    choose_option(page, "dashboard-unit-figure", texts.FIGURE_NAMES[FigureCode.RESOLUTION])
    expect(by_unit).to_contain_text(texts.HL_DEFINITIONS[FigureCode.RESOLUTION])
    expect(by_unit.locator(CHART_CANVAS).first).to_be_visible()


def test_on_a_phone_the_first_screen_shows_the_headline_figures_not_the_filters(
    page: Page, server: Server
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login_ok(page, server, "leader")
    signed_in_cookie(page)
    open_path(page, server, "dashboard")
    # The plans' headline comes first: its first figure, 化解率, is on the first screen.
    metric = page.locator(
        f".st-key-dashboard-headline-{FigureCode.RESOLUTION} [data-testid=stMetric]"
    )
    expect(metric.first).to_contain_text(texts.FIGURE_NAMES[FigureCode.RESOLUTION])
    expect(metric.first).to_be_visible()
    wait_idle(page)
    box = metric.first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844  # in the first viewport
    expect(page.locator(".st-key-dashboard-period")).to_be_hidden()  # folded
