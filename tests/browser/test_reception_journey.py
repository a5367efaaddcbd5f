"""Issue 23 in Chromium: the county leader records a reception at 青石镇 and registers a new case
from it; the case page opens and shows 来访; the register lists the case under the reception as
opened by it; the month's 领导接访下访情况登记表 downloads and counts it."""

import io
import random
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from db import texts
from db.enums import FoundVia, Stage
from tests.browser.appserver import Server
from tests.browser.ui import (
    CASE_NUMBER,
    DATAFRAME,
    GRID_ROWS,
    MAIN,
    SUCCESS,
    choose_option,
    login_ok,
    open_path,
    wait_idle,
)

pytestmark = pytest.mark.browser


def open_tab(page: Page, name: str) -> None:
    page.locator(MAIN).get_by_role("tab", name=name).click()
    wait_idle(page)


def test_the_leader_records_a_reception_that_opens_a_case(page: Page, server: Server) -> None:
    tag = f"{random.Random().randint(0, 99999):05d}"
    raised = f"接访{tag}：村民反映村道拓宽占用承包地未补偿。"
    login_ok(page, server, "leader")
    open_path(page, server, "receptions")
    page.locator(MAIN).get_by_role("tab", name=texts.RECEPTION_TAB_NEW).wait_for()
    wait_idle(page)

    # The reception, held yesterday or today at 青石镇.
    open_tab(page, texts.RECEPTION_TAB_NEW)
    choose_option(page, "receptions-unit", re.compile(r"^\s*青石镇（"), exact=False)
    wait_idle(page)
    page.locator(".st-key-receptions-place input").fill(f"青石镇政府接访室{tag}")
    page.locator(".st-key-receptions-visitors input").fill("3")
    page.locator(".st-key-receptions-raised textarea").fill(raised)
    page.locator(".st-key-receptions-decided textarea").fill("请青石镇三日内核实并答复")
    page.locator(".st-key-receptions-visitor-phones input").fill("13912345678")
    page.locator(".st-key-receptions-submit button").click()
    done = page.locator(".st-key-receptions-done")
    expect(done).to_contain_text(texts.RECEPTION_SAVED)
    wait_idle(page)

    # The register opens it: phones masked; a case registered from it, prefilled.
    open_tab(page, texts.RECEPTION_TAB_LIST)
    detail = page.locator(".st-key-receptions-detail")
    expect(detail).to_contain_text(f"青石镇政府接访室{tag}")
    expect(detail).to_contain_text("139****5678")
    expect(detail).not_to_contain_text("13912345678")
    page.locator(MAIN).get_by_text(texts.RECEPTION_OPEN_CASE).click()
    facts = page.locator(".st-key-receptions-case-facts textarea")
    expect(facts).to_have_value(raised)
    page.locator(".st-key-receptions-case-party-0-name input").fill(f"来访甲{tag}")
    page.locator(".st-key-receptions-case-party-1-name input").fill(f"来访乙{tag}")
    page.locator(".st-key-receptions-case-submit button").click()
    expect(done.locator(SUCCESS)).to_contain_text("来访")
    wait_idle(page)
    found = CASE_NUMBER.search(done.inner_text())
    assert found is not None, done.inner_text()
    number = found.group(0)

    # The register lists the case under the reception, opened by it.
    open_tab(page, texts.RECEPTION_TAB_LIST)
    line = texts.RECEPTION_CASE_LINE.format(
        number=number, stage=texts.label(Stage.REGISTERED), opened=texts.RECEPTION_CASE_OPENED
    )
    expect(detail.get_by_role("link", name=line)).to_have_count(1)

    # The month's report counts it and downloads.
    open_tab(page, texts.RECEPTION_TAB_REPORT)
    page.locator(".st-key-receptions-report-make button").click()
    link = page.locator(".st-key-receptions-report-download a.dd-download")
    link.wait_for()
    wait_idle(page)
    with page.expect_download() as started:
        link.click()
    assert started.value.suggested_filename.startswith("领导接访下访情况登记表_清河县_")
    with open(started.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read()))[texts.RC_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == texts.RC_TITLE
    total = next(r for r in rows if r[0] == texts.RC_TOTAL)
    assert total[2] >= 1 and total[5] >= 1  # receptions, cases opened (this one among them)

    # The case page opens from the reception and shows 来访.
    open_tab(page, texts.RECEPTION_TAB_LIST)
    detail.get_by_role("link", name=line).click()
    expect(page.locator(MAIN).get_by_role("heading", name=re.compile(number))).to_have_count(1)
    table = page.locator(f".st-key-case-facts-table {GRID_ROWS}, {MAIN} {DATAFRAME} {GRID_ROWS}")
    row = table.filter(has_text=texts.FIELDS["found_via"])
    expect(row).to_contain_text(texts.label(FoundVia.VISIT))
