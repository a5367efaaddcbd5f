"""`python -m db import-ledger PATH --unit CODE [--dry-run] [--create-missing-units]
[--skip-errors] [--sheet NAME] [--map 列名=字段 ...]`: import an Excel ledger (see db/io/imports/workbook.py,
db/io/imports/preview.py, db/io/imports/apply.py).

The command acts as the first active system administrator (lowest user id): the import is
recorded in the audit log under that account. `--map` (repeatable) says which field a column of
the file is (字段 as the sample names it, e.g. 涉及金额（元）, or 不导入 to leave it out); the
report printed begins with the mapping used, column by column. Exit status: 0 imported, or a dry run without
errors; 1 the file has errors or the input was refused (nothing written); 2 the file cannot be
read (or there is no administrator to act as).
"""

import argparse
import sys
from pathlib import Path

from sqlmodel import col, select

from db import texts
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.enums import Role
from db.io.imports.apply import ImportRefused, apply
from db.io.imports.headers import COLUMN_SYNONYMS, header_key
from db.io.imports.plan import report_lines
from db.io.imports.preview import preview
from db.io.imports.workbook import LedgerUnreadable, read_ledger
from db.models import User

IMPORTED, REFUSED, UNREADABLE = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the import-ledger command to `python -m db`."""
    p = commands.add_parser(
        "import-ledger",
        help="import an Excel ledger (.xlsx); acts as the first active admin",
    )
    p.add_argument("path", help="the .xlsx file")
    p.add_argument("--unit", required=True, help="code of the town the ledger belongs to (QSZ)")
    p.add_argument("--sheet", help="sheet name (default: the first sheet)")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument(
        "--create-missing-units",
        action="store_true",
        help="create villages named in the file that do not exist, under the town",
    )
    p.add_argument(
        "--skip-errors", action="store_true", help="import the good rows, leave out rows in error"
    )
    p.add_argument(
        "--renumber",
        action="store_true",
        help="give rows whose number is taken a new number, keeping theirs as 原编号",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="列名=字段",
        help="which field a column is (字段 as the sample names it, or 不导入); repeatable",
    )
    p.set_defaults(run=run)


def parse_mapping(pairs: list[str]) -> dict[str, str | None]:
    """列名=字段 pairs → {column: field key or None}; Refused naming the pair that is not one."""
    fields = {name: key for key, name in texts.IMP_FIELD_NAMES.items()}
    fields.update({header_key(n): k for k, names in COLUMN_SYNONYMS.items() for n in names})
    fields.update({k: k for k in COLUMN_SYNONYMS})
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        column, sep, name = pair.partition("=")
        name = name.strip()
        if not sep or not column.strip():
            raise Refused(texts.IMP_CLI_BAD_MAP.format(pair=pair, fields=_field_list()))
        if name in texts.IMP_CLI_SKIP_WORDS:
            mapping[column.strip()] = None
            continue
        key = fields.get(name) or fields.get(header_key(name))
        if key is None:
            raise Refused(texts.IMP_CLI_BAD_MAP.format(pair=pair, fields=_field_list()))
        mapping[column.strip()] = key
    return mapping


def _field_list() -> str:
    return "、".join(texts.IMP_FIELD_NAMES.values())


def first_admin(session) -> User | None:  # type: ignore[no-untyped-def]
    query = select(User).where(User.role == Role.ADMIN, col(User.is_active)).order_by(col(User.id))
    return session.exec(query).first()


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    try:
        mapping = parse_mapping(args.map)
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return REFUSED
    try:
        ledger = read_ledger(path, filename=path.name, sheet=args.sheet, mapping=mapping or None)
    except LedgerUnreadable as unreadable:
        print(f"{path.name}：{unreadable}", file=sys.stderr)
        return UNREADABLE
    with write_session() as session:
        admin = first_admin(session)
        if admin is None:
            print(texts.IMP_CLI_NO_ADMIN, file=sys.stderr)
            return UNREADABLE
        actor = Actor.of(session, admin, client="cli")
        try:
            plan = preview(
                session,
                actor=actor,
                ledger=ledger,
                town_code=args.unit,
                create_missing_units=args.create_missing_units,
                renumber_taken=args.renumber,
            )
        except Refused as refused:
            print(str(refused), file=sys.stderr)
            return REFUSED
        for line in report_lines(plan):
            print(line)
        can_go = bool(plan.importable(skip_rows_in_error=args.skip_errors)) and (
            plan.ok or (args.skip_errors and plan.skippable)
        )
        if args.dry_run:
            print(texts.IMP_CLI_DRY_RUN)
            return IMPORTED if can_go else REFUSED
        if not can_go and not plan.errors:  # nothing to import: never reported as done
            reason = texts.IMP_NOTHING_ALL_IN.format(count=len(plan.already_in))
            print(texts.IMP_NOTHING.format(reason=reason), file=sys.stderr)
            return REFUSED
        if not can_go:
            print(texts.IMP_REFUSED.format(count=len(plan.errors)), file=sys.stderr)
            return REFUSED
        try:
            result = apply(
                session,
                actor=actor,
                plan=plan,
                filename=path.name,
                skip_rows_in_error=args.skip_errors,
            )
        except ImportRefused as refused:
            print(str(refused), file=sys.stderr)
            return REFUSED
    print(result.line())
    return IMPORTED
