"""A county set up in bulk, as its administrator does it on day one: the first admin changes the
one-time password, uploads the set-up workbook in 系统管理 → 批量设置, previews and confirms it,
and reads a new coordinator's one-time password from the page; in another browser that
coordinator signs in, changes the password, uploads the town's own ledger (headers in its own
words), corrects one column's field in the preview and imports it; the ledger shows the cases
under their villages with their amounts.

For journeys that go on from there (a ledger imported by that coordinator): `set_up_county`
returns the server and the coordinator's one-time password, `changed_in` signs an account in
with its one-time password and returns its page after the change."""

import io

import openpyxl
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from db import texts
from tests.browser.appserver import Server
from tests.browser.test_first_county import county_server  # noqa: F401 (a fixture)
from tests.browser.test_first_password import wait_for_new_session_cookie
from tests.browser.ui import (
    FIRST_CURRENT,
    FIRST_NEW,
    FIRST_REPEAT,
    FIRST_SUBMIT,
    LOGOUT_BUTTON,
    MAIN,
    SUCCESS,
    assert_only_the_change_form,
    choose_option,
    login,
    open_path,
    signed_in_cookie,
    wait_idle,
)
from tests.db.setup_book_helpers import setup_book

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Under the county that `python -m db first-run` makes with the demo off (本县, code COUNTY).
UNITS = [
    ["南岗村", "村", "BSZ01", "BSZ", "是", ""],
    ["白沙镇", "镇/街道", "BSZ", "COUNTY", "", ""],
    ["北岗村", "村", "BSZ02", "BSZ", "", ""],
]
ACCOUNTS = [
    ["coord_bsz", "周敏", "综治办", "BSZ", "13812345678"],
    ["med_bsz01", "吴刚", "调解员", "BSZ01", ""],
]
COORDINATOR = "coord_bsz"


def changed_in(page: Page, server: Server, username: str, one_time: str, new: str) -> Page:
    """Sign in with the one-time password, change it on the only form offered, and return the
    page once the account is in the app (its menu and logout shown)."""
    login(page, server, username, one_time)
    assert_only_the_change_form(page, f"first sign-in of {username}")
    first_cookie = signed_in_cookie(page)
    wait_idle(page)
    expect(page.locator(FIRST_SUBMIT)).to_have_count(1)
    page.locator(FIRST_CURRENT).fill(one_time)
    page.locator(FIRST_NEW).fill(new)
    page.locator(FIRST_REPEAT).fill(new)
    page.locator(FIRST_SUBMIT).click()
    expect(page.locator(FIRST_CURRENT)).to_have_count(0)
    wait_idle(page)
    wait_for_new_session_cookie(page, first_cookie)
    expect(page.locator(LOGOUT_BUTTON)).to_be_visible()
    wait_idle(page)
    return page


def set_up_county(page: Page, server: Server, admin_one_time: str) -> dict[str, str]:
    """The first admin changes the password and imports the set-up workbook (UNITS, ACCOUNTS);
    returns each new account's one-time password as read from the page."""
    changed_in(page, server, "admin", admin_one_time, "our own county 2027")
    open_path(page, server, "admin")
    page.get_by_role("tab", name=texts.SB_TAB, exact=True).click()
    page.locator(".st-key-admin-setup-file input[type=file]").set_input_files(
        files=[{"name": "批量设置.xlsx", "mimeType": XLSX, "buffer": setup_book(UNITS, ACCOUNTS)}]
    )
    preview = page.locator(".st-key-admin-setup-preview button")
    expect(preview).to_be_enabled()
    wait_idle(page)
    preview.click()
    expect(page.locator(MAIN)).to_contain_text("将新建单位 3 个、账号 2 个")
    wait_idle(page)
    page.locator(".st-key-admin-setup-confirm button").click()
    expect(page.locator(SUCCESS)).to_contain_text("已新建单位 3 个、账号 2 个")
    wait_idle(page)
    table = page.locator(".st-key-admin-setup-passwords table")
    expect(table).to_contain_text(COORDINATOR)
    expect(table).to_contain_text("138****5678")
    expect(page.locator(".st-key-admin-setup-passwords-file a.dd-download")).to_have_count(1)
    passwords = {}
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        passwords[cells[0]] = cells[-1]
    return passwords


def test_the_admin_sets_up_the_county_and_a_new_coordinator_signs_in(
    page: Page,
    county_server: tuple[Server, str],  # noqa: F811
    more_contexts,  # type: ignore[no-untyped-def]
) -> None:
    server, one_time = county_server
    passwords = set_up_county(page, server, one_time)
    assert set(passwords) == {COORDINATOR, "med_bsz01"}
    open_path(page, server, "admin")  # any new run: the passwords are no longer shown
    page.get_by_role("tab", name=texts.SB_TAB, exact=True).click()
    wait_idle(page)
    expect(page.locator(".st-key-admin-setup-passwords")).to_have_count(0)

    other: BrowserContext = more_contexts()
    coordinator = changed_in(
        other.new_page(), server, COORDINATOR, passwords[COORDINATOR], "coordinator's own 1"
    )
    open_path(coordinator, server, "cases")
    expect(coordinator.locator(MAIN)).to_contain_text("共 0 件")
    wait_idle(coordinator)
    import_own_ledger(coordinator)
    open_path(coordinator, server, "cases")
    ledger = coordinator.locator(MAIN)
    expect(ledger).to_contain_text("共 2 件")
    for village, amount in (("南岗村", "3200"), ("北岗村", "15000")):
        expect(ledger).to_contain_text(village)
        expect(ledger).to_contain_text(amount)


def own_ledger() -> bytes:
    """The town's ledger in its own words: none of its headers is the sample's, and 领导批示
    reads as the lead leader (it holds the leader's instruction: the coordinator makes it 备注)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["白沙镇矛盾纠纷排查台账"])
    sheet.append(
        ["登记日期", "所在村组", "纠纷类别", "纠纷概况", "当事人姓名", "争议金额", "领导批示"]
    )
    sheet.append(["2026-03-02", "南岗村", "邻里纠纷", "两户因排水争执。", "甲某", "3200", "速办"])
    sheet.append(["2026-03-05", "北岗村", "债务纠纷", "借款到期未还。", "乙某", "15000", "跟进"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_own_ledger(page: Page) -> None:
    """Upload the town's ledger, correct one column's field in the preview, import."""
    page.get_by_text("导入台账（Excel）").click()
    page.locator(".st-key-cases-import-file input[type=file]").set_input_files(
        files=[{"name": "白沙镇台账.xlsx", "mimeType": XLSX, "buffer": own_ledger()}]
    )
    preview = page.locator(".st-key-cases-import-preview button")
    expect(preview).to_be_enabled()
    wait_idle(page)
    preview.click()
    expect(page.locator(MAIN)).to_contain_text("「所在村组」→ 所属村（社区）")
    expect(page.locator(MAIN)).to_contain_text("「争议金额」→ 涉及金额（元）")
    wait_idle(page)
    page.get_by_text("各列对应的字段").click()  # the field of each column, folded away
    choose_option(page, "cases-import-map-7", "备注")
    wait_idle(page)
    preview.click()
    expect(page.locator(MAIN)).to_contain_text("「领导批示」→ 备注（手动指定）")
    wait_idle(page)
    page.locator(".st-key-cases-import-submit button").click()
    expect(page.locator(MAIN)).to_contain_text("已导入 2 件案件")
    wait_idle(page)
