"""A county's set-up workbook, built as an administrator fills in the template: the template
written by the app, rows added under its headers with openpyxl. Shared by the db, page and
browser tests of the bulk set-up (批量设置)."""

import io

from openpyxl import load_workbook

from db.io.setup_book.layout import template

COUNTY, COUNTY_CODE = "白水县", "BSX"
# 名称, 类型, 代码, 上级代码, 须报日报, 报送起始日 — the villages come before their town on purpose.
UNITS = [
    ["南岗村", "村", "BSZ01", "BSZ", "", "2026-01-01"],
    ["北岗社区", "社区", "BSZ02", "BSZ", "是", ""],
    ["白沙镇", "镇/街道", "BSZ", "BSX", "", ""],
    ["白沙镇司法所", "部门", "BSZSFS", "BSZ", "否", ""],
    ["县司法局", "部门", "BSXSFJ", "BSX", "", ""],
]
# 用户名, 姓名, 角色, 所属单位代码, 手机号(可选)
ACCOUNTS = [
    ["coord_bsz", "周敏", "综治办", "BSZ", "13812345678"],
    ["med_bsz01", "吴刚", "调解员", "BSZ01", ""],
    ["leader_bsx", "郑洁", "领导", "BSX", "0311-87654321"],
]


def setup_book(
    units: list[list[object]] | None = None, accounts: list[list[object]] | None = None
) -> bytes:
    """The template with these rows (default: the county above)."""
    book = load_workbook(io.BytesIO(template()))
    for row in UNITS if units is None else units:
        book["单位"].append(row)
    for row in ACCOUNTS if accounts is None else accounts:
        book["账号"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
