"""An office arrives with its Excel ledger: the coordinator uploads it, previews it, imports it,
and finds its cases in the ledger."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.appserver import running_servers
from tests.browser.ui import MAIN, choose_option, login_ok, open_path, signed_in_cookie, wait_idle
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


def test_another_office_s_ledger_with_one_mapping_fixed_comes_in_under_its_villages(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Headers in another town's words: recognised, one column's field corrected in the preview,
    imported; the ledger shows the cases under their villages with their amounts."""
    import openpyxl

    path = tmp_path_factory.mktemp("office") / "town_b.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["登记日期", "所在村组", "纠纷类别", "纠纷概况", "当事人姓名", "争议金额", "领导批示"]
    )
    sheet.append(["2026-03-02", "南湾村", "邻里纠纷", "两户因排水争执。", "甲某", "3200", "速办"])
    book.save(path)
    with running_servers(tmp_path_factory, 1, demo_cases=0) as (server,):
        login_ok(page, server, "coordinator")
        signed_in_cookie(page)
        open_path(page, server, "cases")
        wait_idle(page)
        page.get_by_text("导入台账（Excel）").click()
        page.locator(".st-key-cases-import-file input[type=file]").set_input_files(str(path))
        preview = page.locator(".st-key-cases-import-preview button")
        expect(preview).to_be_enabled()
        wait_idle(page)
        preview.click()
        expect(page.locator(MAIN)).to_contain_text("「所在村组」→ 所属村（社区）")
        wait_idle(page)
        page.get_by_text("各列对应的字段").click()  # the field of each column, folded away
        choose_option(page, "cases-import-map-7", "备注")
        wait_idle(page)
        preview.click()
        expect(page.locator(MAIN)).to_contain_text("「领导批示」→ 备注（手动指定）")
        wait_idle(page)
        page.locator(".st-key-cases-import-submit button").click()
        expect(page.locator(MAIN)).to_contain_text("已导入 1 件案件")
        open_path(page, server, "cases")
        expect(page.locator(MAIN)).to_contain_text("共 1 件")
        expect(page.locator(MAIN)).to_contain_text("南湾村")
