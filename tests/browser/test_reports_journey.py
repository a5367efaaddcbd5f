"""Daily reports in Chromium: a village's mediator sends today's zero report; the town's
coordinator then sees that village as zero-reported and the others as missing."""

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from db import texts
from db.clock import local_today
from db.core.engine import make_engine
from db.models import Case, DailyReport, Unit
from tests.browser.appserver import Server
from tests.browser.ui import (
    MAIN,
    login_ok,
    new_context,
    open_path,
    signed_in_cookie,
    wait_idle,
)

pytestmark = pytest.mark.browser


def quiet_village(server: Server) -> tuple[str, str]:
    """A 青石镇 village with no case found today and no report yet (a zero report is refused on
    a day that has cases): its code and name. The demo leaves today unreported."""
    engine = make_engine(f"sqlite:///{server.database}")
    today = local_today()
    with Session(engine) as session:
        busy = set(session.exec(select(Case.unit_id).where(Case.found_on == today)).all())
        busy |= set(session.exec(select(DailyReport.unit_id).where(DailyReport.day == today)))
        villages = session.exec(
            select(Unit.id, Unit.code, Unit.name)
            .where(col(Unit.code).startswith("QSZ0"), col(Unit.must_report))
            .order_by(Unit.code)
        ).all()
    engine.dispose()
    return next((code, name) for uid, code, name in villages if uid not in busy)


def test_a_zero_report_shows_the_village_as_reported_to_the_coordinator(
    page: Page, server: Server, browser
) -> None:
    code, village = quiet_village(server)
    login_ok(page, server, "mediator" if code == "QSZ01" else f"med_{code.lower()}")
    signed_in_cookie(page)  # the page load below comes back signed in
    open_path(page, server, "reports")
    expect(page.locator(".st-key-reports-submit button")).to_have_text(texts.REPORT_SUBMIT)
    wait_idle(page)
    page.locator(".st-key-reports-zero").get_by_text(texts.REPORT_KINDS[True]).click()
    page.locator(".st-key-reports-note textarea").fill("全村排查，未发现矛盾纠纷")
    page.locator(".st-key-reports-submit button").click()
    current = page.locator(".st-key-reports-current")
    expect(current).to_contain_text(f"{local_today().isoformat()} 已报送第 1 版")
    expect(current).to_contain_text(texts.REPORT_ZERO)
    wait_idle(page)

    coordinator = new_context(browser).new_page()
    login_ok(coordinator, server, "coordinator")
    signed_in_cookie(coordinator)
    open_path(coordinator, server, "reports")
    zero = coordinator.locator(".st-key-reports-list-zero")
    expect(zero).to_contain_text(village)
    missing = coordinator.locator(".st-key-reports-list-missing")
    expect(missing).to_contain_text("未上报（")
    wait_idle(coordinator)
    assert village not in missing.inner_text()
    others = [n for n in ("东河村", "南湾村", "西岭村", "北坡村") if n != village]
    assert any(n in missing.inner_text() for n in others), missing.inner_text()
    expect(coordinator.locator(MAIN)).to_contain_text(texts.REPORT_RATE_DAY)
    coordinator.context.close()
