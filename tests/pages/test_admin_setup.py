"""系统管理 → 批量设置: upload the set-up workbook, preview, confirm, the one-time passwords shown
once (and offered once as a file), then gone from the page and the session."""

import io

from openpyxl import load_workbook
from sqlmodel import Session, select

from db import texts
from db.accounts.auth import sign_in
from db.core.actor import Actor, PasswordChangeOnly
from db.core.engine import make_engine, write_session
from db.models import Unit, User
from tests.db.setup_book_helpers import setup_book
from tests.pages.pages_helpers import offered_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS = [
    ["新河村", "村", "XHZ01", "XHZ", "是", "2026-01-01"],
    ["新河镇", "镇/街道", "XHZ", "QHX", "", ""],
]
ACCOUNTS = [["coord_xhz", "钱进", "综治办", "XHZ", "13900001111"]]


def setup_page(app_as):  # type: ignore[no-untyped-def]
    at = app_as("admin")
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    return at


def uploaded(at, data: bytes):  # type: ignore[no-untyped-def]
    (uploader,) = [u for u in at.get("file_uploader") if u.proto.id.endswith("admin-setup-file")]
    uploader.set_value(("设置.xlsx", data, XLSX))
    return at.run()


def test_upload_preview_confirm_and_the_passwords_shown_once(app_as, app_db) -> None:
    at = setup_page(app_as)
    assert offered_file(at, "admin-setup-template").offer.audited is False
    assert offered_file(at, "admin-setup-export").offer.what == "setup-export"
    uploaded(at, setup_book(UNITS, ACCOUNTS))
    at.button(key="admin-setup-preview").click().run()
    assert not at.exception, at.exception
    assert any("将新建单位 2 个、账号 1 个" in t.value for t in at.text), [t.value for t in at.text]
    at.button(key="admin-setup-confirm").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        texts.SB_DONE.format(units=2, accounts=1, units_there=0, accounts_there=0)
    ]
    (table,) = at.table
    row = table.value.iloc[0]
    assert (row["用户名"], row["单位"], row["手机号"]) == ("coord_xhz", "新河镇", "139****1111")
    password = row["一次性密码"]
    file = offered_file(at, "admin-setup-passwords-file")
    assert file.offer.once and file.offer.audited
    engine = make_engine(app_db)
    with Session(engine) as session:
        signed = sign_in(session, username="coord_xhz", password=password, client="test")
        assert isinstance(signed.actor, PasswordChangeOnly)
        town = session.exec(select(Unit).where(Unit.code == "XHZ")).one()
        village = session.exec(select(Unit).where(Unit.code == "XHZ01")).one()
        assert village.parent_id == town.id
    engine.dispose()
    at.run()  # any rerun: the passwords are gone from the page and from the session
    assert not at.table
    assert not any(password in repr(at.session_state[k]) for k in at.session_state)
    assert "admin-setup-confirm" not in [b.key for b in at.button]
    # The same file again: everything is already there, and no import is offered.
    at.button(key="admin-setup-preview").click().run()
    assert texts.SB_NOTHING in [w.value for w in at.warning]
    assert "admin-setup-confirm" not in [b.key for b in at.button]


def test_the_current_tree_and_accounts_download_in_the_same_layout(app_as, app_db) -> None:
    at = setup_page(app_as)
    entry = offered_file(at, "admin-setup-export")
    engine = make_engine(app_db)
    with write_session(engine) as session:
        admin = Actor.of(session, session.exec(select(User).where(User.username == "admin")).one())
        assert entry.loader is not None
        data = entry.loader(session, admin)
    engine.dispose()
    book = load_workbook(io.BytesIO(data))
    codes = [row[2] for row in book["单位"].iter_rows(min_row=2, values_only=True)]
    assert codes[0] == "QHX" and "QSZ01" in codes
    users = [row[0] for row in book["账号"].iter_rows(min_row=2, values_only=True)]
    assert {"admin", "coordinator", "mediator"} <= set(users)


def test_every_problem_is_listed_by_sheet_row_and_column_and_nothing_can_be_confirmed(
    app_as, app_db
) -> None:
    at = setup_page(app_as)
    bad_units = [*UNITS, ["错村", "村", "XHZ02", "NOPE", "", ""]]
    bad_accounts = [*ACCOUNTS, ["admin", "冒名", "村长", "XHZ", ""]]
    uploaded(at, setup_book(bad_units, bad_accounts))
    at.button(key="admin-setup-preview").click().run()
    assert not at.exception, at.exception
    (frame,) = [d.value for d in at.dataframe if texts.SB_COL_PROBLEM in d.value.columns]
    places = list(
        zip(
            frame[texts.SB_COL_SHEET],
            frame[texts.SB_COL_ROW],
            frame[texts.SB_COL_COLUMN],
            strict=True,
        )
    )
    assert ("单位", 4, "上级代码") in places
    assert ("账号", 3, "角色") in places and ("账号", 3, "用户名") in places
    assert texts.SB_PROBLEMS_LINE.format(count=len(frame)) in [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "admin-setup-confirm"]
    with Session(make_engine(app_db)) as session:
        assert session.exec(select(Unit).where(Unit.code == "XHZ")).first() is None
