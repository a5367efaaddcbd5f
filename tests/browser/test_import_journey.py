"""An office arrives with its Excel ledger: the coordinator uploads it, previews it, imports it,
and finds its cases in the ledger."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.appserver import running_servers
from tests.browser.ui import MAIN, login_ok, open_path, signed_in_cookie, wait_idle
from tests.data import SAMPLE_LEDGER

pytestmark = pytest.mark.browser


def test_the_sample_ledger_is_uploaded_imported_and_found(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A county whose ledger is still empty: only the units and the accounts.
    with running_servers(tmp_path_factory, 1, demo_cases=0) as (server,):
        login_ok(page, server, "coordinator")
        signed_in_cookie(page)
        open_path(page, server, "cases")
        expect(page.locator(MAIN)).to_contain_text("共 0 件")
        wait_idle(page)
        page.get_by_text("导入台账（Excel）").click()
        page.locator(".st-key-cases-import-file input[type=file]").set_input_files(
            str(SAMPLE_LEDGER)
        )
        preview = page.locator(".st-key-cases-import-preview button")
        expect(preview).to_be_enabled()
        wait_idle(page)
        preview.click()
        expect(page.locator(MAIN)).to_contain_text("读取 40 行；错误 0 处")
        wait_idle(page)
        page.locator(".st-key-cases-import-submit button").click()
        expect(page.locator(MAIN)).to_contain_text("已导入 40 件案件")
        wait_idle(page)

        page.locator(".st-key-cases-search input").fill("QSZ-2026-0001")
        page.locator(".st-key-cases-search input").press("Enter")
        expect(page.locator(MAIN)).to_contain_text("共 1 件，第 1/1 页")
        open_path(page, server, "cases")
        expect(page.locator(MAIN)).to_contain_text("共 40 件")
