"""The bulk set-up workbook (批量设置): a county set up from the template, its units and accounts
then used to register and assign a case; every kind of bad row named by sheet, row and column
with nothing written; the round trip; the one-time passwords in no audit row."""

import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, update
from sqlmodel import Session, col, func, select

from db import texts
from db.accounts.auth import change_password, sign_in
from db.accounts.first_admin import start_county
from db.cases import moves
from db.core.actor import Actor, PasswordChangeOnly
from db.core.engine import make_engine, write_session
from db.core.errors import Refused
from db.enums import AuditAction, Role, Stage, UnitKind
from db.io.setup_book.apply import SetupRefused, import_book, preview_book
from db.io.setup_book.export import export_book
from db.models import AuditLog, Case, Unit, User
from tests.db.factories import act, plan, register_case
from tests.db.setup_book_helpers import ACCOUNTS, COUNTY, COUNTY_CODE, UNITS, setup_book

NEW_PASSWORD = "a brand new one 9"


def county_admin(engine: Engine, county: str = COUNTY, code: str = COUNTY_CODE) -> Actor:
    """A county of one's own (python -m db init) whose admin has changed the first password."""
    with Session(engine) as session:
        start_county(session, county=county, code=code)
    with Session(engine) as session:
        session.exec(update(User).values(must_change_password=False))  # type: ignore[call-overload]
        session.commit()
        return Actor.of(session, session.exec(select(User)).one())


@pytest.fixture
def admin(engine: Engine) -> Actor:
    return county_admin(engine)


def counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as session:
        return (
            session.exec(select(func.count()).select_from(Unit)).one(),
            session.exec(select(func.count()).select_from(User)).one(),
            session.exec(select(func.count()).select_from(AuditLog)).one(),
        )


def signed_in_actor(engine: Engine, username: str, password: str) -> Actor:
    """Sign in with the one-time password, change it, and act as that account."""
    with Session(engine) as session:
        first = sign_in(session, username=username, password=password, client="test")
        assert isinstance(first.actor, PasswordChangeOnly)
        change_password(
            session, actor=first.actor, current=password, new=NEW_PASSWORD, repeat=NEW_PASSWORD
        )
    with Session(engine) as session:
        return sign_in(session, username=username, password=NEW_PASSWORD, client="test").actor


def test_a_county_set_up_from_the_template_registers_and_assigns_a_case(
    engine: Engine, admin: Actor
) -> None:
    shown = preview_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    assert shown.problems == []
    assert (len(shown.units), len(shown.accounts)) == (5, 3)
    assert [u.code for u in shown.units].index("BSZ") < [u.code for u in shown.units].index("BSZ01")
    done = import_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    assert (done.units, len(done.passwords)) == (5, 3)
    by_name = {p.username: p for p in done.passwords}
    assert by_name["coord_bsz"].phone == "138****5678"
    assert (by_name["coord_bsz"].role, by_name["coord_bsz"].unit) == ("综治办", "白沙镇")
    with Session(engine) as session:
        units = {u.code: u for u in session.exec(select(Unit))}
        assert units["BSZ01"].path.startswith(units["BSZ"].path)
        assert units["BSZ"].path.startswith(units["BSX"].path)
        assert (units["BSZ01"].kind, units["BSZ01"].must_report) == (UnitKind.VILLAGE, True)
        assert str(units["BSZ01"].reports_from) == "2026-01-01"
        assert (units["BSZ02"].kind, units["BSZ02"].must_report) == (UnitKind.COMMUNITY, True)
        assert (units["BSZSFS"].kind, units["BSZSFS"].must_report) == (UnitKind.DEPARTMENT, False)
        users = {u.username: u for u in session.exec(select(User))}
        assert users["coord_bsz"].phone == "13812345678"
        assert users["leader_bsx"].phone == "0311-87654321"
        assert all(users[a[0]].must_change_password for a in ACCOUNTS)
    coordinator = signed_in_actor(engine, "coord_bsz", by_name["coord_bsz"].password)
    mediator = signed_in_actor(engine, "med_bsz01", by_name["med_bsz01"].password)
    assert coordinator.role == Role.COORDINATOR and coordinator.unit_name == "白沙镇"
    case = register_case(engine, coordinator, units["BSZ01"].id or 0)
    assert case.number.startswith("BSZ-")
    act(
        engine,
        moves.assign,
        actor=coordinator,
        case_id=case.id,
        plan=plan(units["BSZ01"].id or 0, mediator.id, lead_leader_id=users["leader_bsx"].id),
    )
    with Session(engine) as session:
        saved = session.get(Case, case.id)
        assert saved is not None
        assert (saved.stage, saved.responsible_user_id) == (Stage.ASSIGNED, mediator.id)


def test_the_import_is_audited_and_no_password_is_in_the_audit_log(
    engine: Engine, admin: Actor
) -> None:
    done = import_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    with Session(engine) as session:
        rows = session.exec(select(AuditLog)).all()
    whole = "\n".join(f"{r.target} {r.detail}" for r in rows)
    assert all(p.password not in whole for p in done.passwords)
    assert "13812345678" not in whole
    imports = [r for r in rows if r.action == AuditAction.IMPORT]
    assert len(imports) == 1 and imports[0].username == admin.username
    assert "新建单位 5 个、账号 3 个" in imports[0].detail
    assert sum(r.action == AuditAction.UNIT_CHANGED for r in rows) == 1 + 5  # init + 5
    assert sum(r.action == AuditAction.USER_CHANGED for r in rows) == 3


def _with(rows: list[list[object]], index: int, column: int, value: object) -> list[list[object]]:
    changed = [list(r) for r in rows]
    changed[index][column] = value
    return changed


# Each bad row and the line that names it (sheet, Excel row, column). Row 2 is the first row.
BAD = {
    "unknown parent": (_with(UNITS, 0, 3, "NOPE"), None, "单位 第2行 上级代码：找不到代码为 NOPE"),
    "code twice in the file": (
        [*UNITS, ["又一村", "村", "BSZ01", "BSZ", "", ""]],
        None,
        "单位 第7行 代码：代码 BSZ01 在本表第2行已出现",
    ),
    "code of another unit": (
        [*UNITS, ["白水镇", "镇/街道", "BSX", "BSX", "", ""]],
        None,
        "单位 第7行 代码：代码 BSX 已由 白水县 使用",
    ),
    "a cycle": (
        [*UNITS, ["甲所", "部门", "JIA", "YI", "", ""], ["乙所", "部门", "YI", "JIA", "", ""]],
        None,
        "单位 第7行 上级代码：上级关系成环",
    ),
    "village under the county": (
        _with(UNITS, 0, 3, "BSX"),
        None,
        "单位 第2行 上级代码：村只能设在镇/街道之下",
    ),
    "unknown kind": (_with(UNITS, 1, 1, "乡村"), None, "单位 第3行 类型：“乡村”不是单位类型"),
    "a new county": (
        [*UNITS, ["黑水县", "县", "HSX", "", "", ""]],
        None,
        "单位 第7行 类型：只能有一个县",
    ),
    "bad date": (_with(UNITS, 0, 5, "2026-13-45"), None, "单位 第2行 报送起始日："),
    "bad yes/no": (_with(UNITS, 0, 4, "也许"), None, "单位 第2行 须报日报：“也许”应为 是 或 否"),
    "empty name": (_with(UNITS, 0, 0, ""), None, "单位 第2行 名称：必须填写"),
    "unknown role": (None, _with(ACCOUNTS, 0, 2, "村长"), "账号 第2行 角色：“村长”不是角色"),
    "username taken": (
        None,
        [*ACCOUNTS, ["admin", "冒名", "系统管理员", "BSX", ""]],
        "账号 第5行 用户名：用户名 admin 已被使用",
    ),
    "username twice": (
        None,
        [*ACCOUNTS, ["coord_bsz", "周敏", "综治办", "BSZ", ""]],
        "账号 第5行 用户名：用户名 coord_bsz 在本表第2行已出现",
    ),
    "bad username": (None, _with(ACCOUNTS, 0, 0, "周 敏"), "账号 第2行 用户名："),
    "unit of an account unknown": (
        None,
        _with(ACCOUNTS, 1, 3, "BSZ09"),
        "账号 第3行 所属单位代码：找不到代码为 BSZ09",
    ),
    "bad phone": (None, _with(ACCOUNTS, 0, 4, "12345"), "账号 第2行 手机号(可选)："),
    "masked phone": (
        None,
        _with(ACCOUNTS, 0, 4, "138****5678"),
        "账号 第2行 手机号(可选)：这是打码",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_each_bad_row_is_named_and_nothing_is_written(
    engine: Engine, admin: Actor, case: str
) -> None:
    units, accounts, expected = BAD[case]
    data = setup_book(units, accounts)
    before = counts(engine)
    shown = preview_book(data, actor=admin, filename="设置.xlsx", engine=engine)
    assert any(p.line().startswith(expected) for p in shown.problems), [
        p.line() for p in shown.problems
    ]
    with pytest.raises(SetupRefused) as refused:
        import_book(data, actor=admin, filename="设置.xlsx", engine=engine)
    assert [p.line() for p in refused.value.problems] == [p.line() for p in shown.problems]
    assert counts(engine) == before


def test_a_missing_column_is_named(engine: Engine, admin: Actor) -> None:
    book = load_workbook(io.BytesIO(setup_book()))
    book["账号"].delete_cols(3)  # 角色
    out = io.BytesIO()
    book.save(out)
    shown = preview_book(out.getvalue(), actor=admin, filename="设置.xlsx", engine=engine)
    assert [p.line() for p in shown.problems] == ["账号 第1行 角色：缺少这一列"]


def test_a_file_that_is_no_workbook_is_refused(engine: Engine, admin: Actor) -> None:
    with pytest.raises(Refused):
        preview_book(b"PK\x03\x04 not a zip", actor=admin, filename="设置.xlsx", engine=engine)
    with pytest.raises(Refused, match="单位"):
        preview_book(_plain_book(), actor=admin, filename="设置.xlsx", engine=engine)


def _plain_book() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_the_same_file_twice_and_the_export_create_nothing_twice(
    engine: Engine, admin: Actor
) -> None:
    import_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    before = counts(engine)
    again = preview_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    assert (again.problems, again.units, again.accounts) == ([], [], [])
    assert (again.units_there, again.accounts_there) == (5, 3)
    with pytest.raises(Refused, match="都已存在"):
        import_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    with write_session(engine) as session:
        exported = export_book(session, actor=admin)
    assert (exported.units, exported.accounts) == (6, 4)  # the county and its admin too
    shown = preview_book(exported.data, actor=admin, filename="导出.xlsx", engine=engine)
    assert (shown.problems, shown.units_there, shown.accounts_there) == ([], 6, 4)
    assert counts(engine)[:2] == before[:2]
    sheet = load_workbook(io.BytesIO(exported.data))["账号"]
    phones = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "138****5678" in phones and "13812345678" not in phones


def test_the_export_sets_up_a_fresh_county_the_same(
    engine: Engine, admin: Actor, tmp_path: Path, sqlite_template: Path
) -> None:
    import_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    with write_session(engine) as session:
        exported = export_book(session, actor=admin, reveal_reason="迁移到新服务器")
    shutil.copy(sqlite_template, tmp_path / "fresh.db")
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        fresh_admin = county_admin(fresh)
        done = import_book(exported.data, actor=fresh_admin, filename="导出.xlsx", engine=fresh)
        assert (done.units, len(done.passwords), done.units_there, done.accounts_there) == (
            5,
            3,
            1,
            1,
        )

        def tree(e: Engine) -> list[tuple[object, ...]]:
            with Session(e) as session:
                codes = {u.id: u.code for u in session.exec(select(Unit))}
                units = sorted(
                    (u.code, u.name, u.kind, codes.get(u.parent_id), u.must_report, u.reports_from)
                    for u in session.exec(select(Unit))
                )
                users = sorted(
                    (u.username, u.display_name, u.role, codes[u.unit_id], u.phone)
                    for u in session.exec(select(User).where(col(User.username) != "admin"))
                )
                return [*units, *users]

        assert tree(fresh) == tree(engine)
    finally:
        fresh.dispose()
    with Session(engine) as session:
        row = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.EXPORT)).one()
        assert "迁移到新服务器" in row.detail


def test_only_an_admin_may_import(engine: Engine, admin: Actor) -> None:
    done = import_book(setup_book(), actor=admin, filename="设置.xlsx", engine=engine)
    leader = signed_in_actor(engine, "leader_bsx", done.passwords[-1].password)
    assert leader.role == Role.LEADER
    with pytest.raises(Refused):
        preview_book(setup_book(), actor=leader, filename="设置.xlsx", engine=engine)


def test_control_characters_are_refused_and_a_bad_unit_row_is_named_once(
    engine: Engine, admin: Actor
) -> None:
    """Cells as a hostile file may carry them (openpyxl reads _x0000_ as NUL): named, never
    stored; an account of a unit whose row is in error is not blamed for that row."""
    from db.core.engine import read_session
    from db.io.setup_book.check import check_book
    from db.io.setup_book.reader import SetupFile, SheetRow

    keys = ("name", "kind", "code", "parent", "must_report", "reports_from")
    account_keys = ("username", "display_name", "role", "unit", "phone")
    book = SetupFile(
        filename="x.xlsx",
        units=[
            SheetRow(
                2,
                dict(zip(keys, ["白\x00沙镇", "镇/街道", "BSZ", COUNTY_CODE, "", ""], strict=True)),
            )
        ],
        accounts=[
            SheetRow(
                2,
                dict(
                    zip(account_keys, ["coord_bsz", "周\x07敏", "综治办", "BSZ", ""], strict=True)
                ),
            )
        ],
    )
    with read_session(engine) as session:
        plan = check_book(session, actor=admin, book=book)
    assert [p.line() for p in plan.problems] == [
        f"单位 第2行 名称：{texts.V_CONTROL_CHAR}",
        f"账号 第2行 姓名：{texts.V_CONTROL_CHAR}",
    ]


def test_a_hostile_workbook_is_refused_before_it_is_read(
    engine: Engine, admin: Actor, tmp_path: Path
) -> None:
    from db.io.imports.container import LedgerUnreadable
    from tests.db.hostile_files import expanding_workbook

    before = counts(engine)
    path = expanding_workbook(tmp_path / "bomb.xlsx", unpacked_mb=200)
    with pytest.raises(LedgerUnreadable, match="MB"):
        import_book(path, actor=admin, filename=path.name, engine=engine)
    with pytest.raises(LedgerUnreadable, match="MB"):
        preview_book(path, actor=admin, filename=path.name, engine=engine)
    assert counts(engine) == before
