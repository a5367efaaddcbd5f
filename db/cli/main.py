"""Operators' commands: python -m db <command> --help.

Exit status: 0 done, 1 the input was refused, 2 the command could not run.
"""

import argparse
import getpass
import sys
import time

from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from db import texts
from db.accounts.users import PasswordRefused, by_username, create_user
from db.cli import backup as backup_cli
from db.cli import export as export_cli
from db.cli import imports as import_cli
from db.cli import outbox as outbox_cli
from db.cli import remind as remind_cli
from db.cli import setup as setup_cli
from db.cli import setup_book as setup_book_cli
from db.core.engine import analyze, read_session, write_session
from db.core.errors import StorageError
from db.core.migrate import upgrade
from db.core.settings import database_url, demo_enabled, demo_password
from db.demo import cases as demo_cases
from db.demo import receptions as demo_receptions
from db.demo import reports as demo_reports
from db.demo import supervision as demo_supervision
from db.demo import world as demo
from db.enums import Role
from db.figures import tally
from db.models import Case, Unit
from db.supervision import checklists

REFUSED, FAILED = 1, 2


def cmd_migrate(_args: argparse.Namespace) -> int:
    upgrade()
    with write_session() as session:
        if checklists.ensure_default_template(session):
            print("已写入默认督查清单。")
    analyze()
    print("数据库已迁移到最新版本。")
    return 0


def cmd_tallies(args: argparse.Namespace) -> int:
    """Check the dashboard's running tallies against a recount of the cases; --rebuild recounts
    them (needed only after writing to `cases` with its triggers switched off). A check alone
    reads, so registrations go on while it counts; a rebuild holds the write lock."""
    if args.rebuild:
        with write_session() as session:
            tally.rebuild(session.connection())
            session.commit()
    with read_session() as session:
        wrong = sum(tally.differences(session.connection()).values())
    if wrong:
        print(f"看板统计有 {wrong} 行与台账不一致；请运行 python -m db tallies --rebuild。")
        return REFUSED
    print("看板统计已重新计算，与台账一致。" if args.rebuild else "看板统计与台账一致。")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    with write_session() as session:
        has_units = session.exec(select(func.count()).select_from(Unit)).one() > 0
        if has_units and args.if_empty:
            print("数据库已有数据，未写入示例数据。")
            return 0
        if (
            has_units
            and session.exec(select(func.count()).select_from(Case)).one()
            and not args.add
        ):
            print("数据库已有案件；如需追加示例案件请加 --add。", file=sys.stderr)
            return REFUSED
        started = time.perf_counter()
        if has_units:
            world = demo.load_world(session)
        else:
            password = demo.demo_password()
            world = demo.build_world(session, password=password)
            _print_accounts(password)
        written = demo_cases.generate_cases(session, world=world, count=args.cases, seed=args.seed)
        if not has_units:  # a fresh demo: an inspection, 30 days of daily reports, a campaign
            demo_supervision.seed_inspection(session)
            demo_reports.generate_reports(session, seed=args.seed)
            demo_reports.generate_campaign(session)
            demo_receptions.seed_receptions(session)  # and the county leader's receptions
    analyze()
    print(f"已写入 {written} 件示例案件，用时 {time.perf_counter() - started:.1f} 秒。")
    return 0


def cmd_first_run(_args: argparse.Namespace) -> int:
    """./run.sh on every start: an empty database gets the demo, or with DISPUTE_DESK_DEMO=0
    only a county (to be renamed in 系统管理) and its first admin; one with units is left alone."""
    if demo_enabled():
        return cmd_demo(argparse.Namespace(if_empty=True, add=False, cases=3000, seed=42))
    return setup_cli.first_admin(texts.INIT_DEFAULT_COUNTY, texts.INIT_DEFAULT_CODE, if_empty=True)


def _print_accounts(password: str) -> None:
    names = "、".join(username for username, *_ in demo.DEMO_ACCOUNTS)
    source = "DEMO_PASSWORD" if demo_password() else "data/demo-password.txt"
    print(f"演示账号：{names}（另有各村调解员 med_<村代码小写>，如 med_qsz02）")
    print(f"演示账号密码：{password}（来自 {source}；只在首次写入时显示）")


def cmd_create_user(args: argparse.Namespace) -> int:
    password = args.password or getpass.getpass("密码: ")
    with write_session() as session:
        unit = session.exec(select(Unit).where(Unit.code == args.unit)).first()
        if unit is None:
            print(f"单位代码 {args.unit} 不存在。", file=sys.stderr)
            return REFUSED
        if by_username(session, args.username):
            print(f"用户名 {args.username} 已存在。", file=sys.stderr)
            return REFUSED
        try:
            create_user(
                session,
                username=args.username,
                display_name=args.name or args.username,
                password=password,
                role=Role(args.role),
                unit=unit,
                must_change_password=not args.no_change,
            )
        except PasswordRefused as refused:
            print(str(refused), file=sys.stderr)
            return REFUSED
        session.commit()
    print(f"已创建用户 {args.username}（{args.role}）。")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m db",
        description=f"Dispute Desk operators' commands ({database_url().split('@')[-1]})",
    )
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply all migrations").set_defaults(run=cmd_migrate)
    d = commands.add_parser("demo", help="seed the fictional county, demo accounts and cases")
    d.add_argument("--cases", type=int, default=3000, help="number of cases (default 3000)")
    d.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    d.add_argument("--if-empty", action="store_true", help="do nothing when the database has data")
    d.add_argument("--add", action="store_true", help="add cases to a database that has some")
    d.set_defaults(run=cmd_demo)
    f = commands.add_parser(
        "first-run", help="on an empty database: the demo, or with DISPUTE_DESK_DEMO=0 only init"
    )
    f.set_defaults(run=cmd_first_run)
    setup_cli.register(commands)
    setup_book_cli.register(commands)
    u = commands.add_parser("create-user", help="add a user (asks for the password)")
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=[r.value for r in Role])
    u.add_argument("--unit", required=True, help="unit code, e.g. QSZ")
    u.add_argument("--name", help="display name")
    u.add_argument("--password", help="initial password (default: ask)")
    u.add_argument("--no-change", action="store_true", help="do not force a change at first login")
    u.set_defaults(run=cmd_create_user)
    t = commands.add_parser("tallies", help="check the dashboard's tallies against the cases")
    t.add_argument("--rebuild", action="store_true", help="recount them from the cases")
    t.set_defaults(run=cmd_tallies)
    import_cli.register(commands)
    export_cli.register(commands)
    backup_cli.register(commands)
    outbox_cli.register(commands)
    remind_cli.register(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except StorageError as problem:  # locked past the busy timeout, disk full, read-only
        print(str(problem), file=sys.stderr)
        return FAILED
    except OperationalError as error:
        print(f"无法连接或操作数据库：{error.orig}", file=sys.stderr)
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
