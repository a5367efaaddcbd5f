"""`python -m db setup-template FILE`, `setup-import FILE [--dry-run]`, `setup-export FILE
[--reveal-reason …]`: the bulk set-up workbook (db.io.setup_book) from the command line.

The commands act as the first active system administrator who is no longer on a one-time
password (lowest user id); the import and the export are audited under that account. The new
accounts' one-time passwords are printed once, to standard output, with their phones masked;
they are written nowhere else. Exit status: 0 done (a dry run: no problem found); 1 the file has
problems or nothing to create (every problem printed, nothing written); 2 the command could not
run (a file that cannot be read or written, no administrator to act as).
"""

import argparse
import sys
from pathlib import Path

from sqlmodel import col, select

from db import texts
from db.core.actor import Actor
from db.core.engine import read_session, write_session
from db.core.errors import Refused
from db.enums import Role
from db.io.imports.container import LedgerUnreadable
from db.io.setup_book.apply import SetupRefused, import_book, preview_book
from db.io.setup_book.export import export_book
from db.io.setup_book.layout import template
from db.models import User

DONE, REFUSED, FAILED = 0, 1, 2


def acting_admin() -> Actor | None:
    with read_session() as session:
        query = (
            select(User)
            .where(User.role == Role.ADMIN, col(User.is_active), ~col(User.must_change_password))
            .order_by(col(User.id))
        )
        admin = session.exec(query).first()
        return Actor.of(session, admin, client="cli") if admin is not None else None


def _write(path: Path, data: bytes) -> bool:
    try:
        path.write_bytes(data)
    except OSError as error:
        print(texts.SB_CLI_CANNOT_WRITE.format(path=path, error=error.strerror), file=sys.stderr)
        return False
    return True


def cmd_template(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not _write(path, template()):
        return FAILED
    print(texts.SB_CLI_TEMPLATE.format(path=path))
    return DONE


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.path)
    actor = acting_admin()
    if actor is None:
        print(texts.SB_CLI_NO_ADMIN, file=sys.stderr)
        return FAILED
    try:
        if args.dry_run:
            plan = preview_book(path, actor=actor, filename=path.name)
            for problem in plan.problems:
                print(problem.line())
            print(plan.summary())
            print(texts.SB_CLI_DRY_RUN)
            return DONE if plan.ok else REFUSED
        done = import_book(path, actor=actor, filename=path.name)
    except LedgerUnreadable as unreadable:
        print(f"{path.name}：{unreadable}", file=sys.stderr)
        return FAILED
    except SetupRefused as refused:
        for problem in refused.problems:
            print(problem.line(), file=sys.stderr)
        print(str(refused), file=sys.stderr)
        return REFUSED
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return REFUSED
    print(done.line())
    if done.passwords:
        print(texts.SB_CLI_PASSWORDS)
        for account in done.passwords:
            print(
                texts.SB_CLI_ACCOUNT.format(
                    username=account.username,
                    name=account.display_name,
                    role=account.role,
                    unit=account.unit,
                    phone=account.phone,
                    password=account.password,
                )
            )
    return DONE


def cmd_export(args: argparse.Namespace) -> int:
    path = Path(args.path)
    actor = acting_admin()
    if actor is None:
        print(texts.SB_CLI_NO_ADMIN, file=sys.stderr)
        return FAILED
    try:
        with write_session() as session:
            made = export_book(session, actor=actor, reveal_reason=args.reveal_reason or "")
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return REFUSED
    if not _write(path, made.data):
        return FAILED
    reason = args.reveal_reason
    shown = texts.SB_PHONES_REVEALED.format(reason=reason) if reason else texts.SB_PHONES_MASKED
    print(
        texts.SB_CLI_EXPORTED.format(
            units=made.units, accounts=made.accounts, path=path, shown=shown
        )
    )
    return DONE


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add setup-template, setup-import and setup-export to `python -m db`."""
    t = commands.add_parser(
        "setup-template",
        help="write the bulk set-up workbook's template (sheets 单位, 账号, 说明)",
        description="Write an empty set-up workbook with its headers and a sheet 说明 listing"
        " what each column may hold. Exit 0 written, 2 the file could not be written.",
    )
    t.add_argument("path", help="the .xlsx file to write")
    t.set_defaults(run=cmd_template)
    i = commands.add_parser(
        "setup-import",
        help="create the units and accounts of a set-up workbook, all or nothing",
        description="Check every row (problems named by sheet, row and column), then create the"
        " new units and accounts in one transaction, audited, as the first active admin; rows"
        " already in the database are skipped. The new accounts' one-time passwords are printed"
        " once. Exit 0 done, 1 problems or nothing to create (nothing written), 2 could not run.",
    )
    i.add_argument("path", help="the .xlsx file")
    i.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    i.set_defaults(run=cmd_import)
    e = commands.add_parser(
        "setup-export",
        help="write the current units and accounts in the set-up workbook's layout",
        description="Active units and accounts of the admin's tree, as setup-import reads them;"
        " phones masked unless --reveal-reason is given (audited). Exit 0 written, 2 could not"
        " write.",
    )
    e.add_argument("path", help="the .xlsx file to write")
    e.add_argument("--reveal-reason", help="write the phones in full, for this reason (audited)")
    e.set_defaults(run=cmd_export)
