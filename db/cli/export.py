"""`python -m db export-ledger`: the ledger to .xlsx in the offices' layout (db.io.exports.ledger).

    python -m db export-ledger --user coordinator --out 台账.xlsx [--unit QSZ01]
        [--from 2026-01-01] [--to 2026-06-30] [--reveal-reason "..."]

The export runs as the account named by --user (required): its role must allow exporting
(coordinator, leader) and its unit scope decides which cases are written; --unit narrows to a
unit's subtree inside that scope. The export is audited under that account.

Exit status: 0 written, 1 input refused (unknown user or unit, bad date, not allowed, unit out
of scope), 2 the file could not be written.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlmodel import select

from db import texts
from db.accounts.users import by_username
from db.cases.ledger import LedgerFilter
from db.core.actor import Actor
from db.core.engine import write_session
from db.core.errors import Refused
from db.models import Unit

REFUSED, FAILED = 1, 2


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the export-ledger command to `python -m db`."""
    e = commands.add_parser(
        "export-ledger", help="write the ledger (台账) to .xlsx in the offices' layout"
    )
    e.add_argument("--out", required=True, help="the .xlsx file to write")
    e.add_argument(
        "--user",
        required=True,
        help="the account to act as (a coordinator or leader); its unit scope applies",
    )
    e.add_argument("--unit", help="unit code: only this unit and those below it, e.g. QSZ01")
    e.add_argument("--from", dest="found_from", help="排查日期 from, e.g. 2026-01-01")
    e.add_argument("--to", dest="found_to", help="排查日期 to (inclusive), e.g. 2026-06-30")
    e.add_argument(
        "--reveal-reason",
        help="write full ID numbers and phones; the reason is recorded in the audit log",
    )
    e.set_defaults(run=cmd_export_ledger)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(texts.CLI_BAD_DATE.format(value=value)) from None


def cmd_export_ledger(args: argparse.Namespace) -> int:
    from db.io.exports.ledger import ledger_export

    try:
        found_from, found_to = _date(args.found_from), _date(args.found_to)
    except Refused as bad:
        print(bad.message, file=sys.stderr)
        return REFUSED
    out = Path(args.out)
    with write_session() as session:
        user = by_username(session, args.user)
        if user is None or not user.is_active:
            print(texts.CLI_UNKNOWN_USER.format(username=args.user), file=sys.stderr)
            return REFUSED
        try:  # an account still on its one-time password exports nothing either
            actor = Actor.of(session, user)
        except Refused as refused:
            print(refused.message, file=sys.stderr)
            return REFUSED
        filters = LedgerFilter(found_from=found_from, found_to=found_to)
        if args.unit:
            unit = session.exec(select(Unit).where(Unit.code == args.unit)).first()
            if unit is None:
                print(texts.CLI_UNKNOWN_UNIT.format(code=args.unit), file=sys.stderr)
                return REFUSED
            filters.unit_id = unit.id
        # Open the file before exporting, so that an export is never audited but not written.
        try:
            handle = out.open("wb")
        except OSError as error:
            print(texts.CLI_CANNOT_WRITE.format(path=out, error=error), file=sys.stderr)
            return FAILED
        with handle:
            try:
                data, rows = ledger_export(
                    session, actor=actor, filters=filters, reveal_reason=args.reveal_reason
                )
            except Refused as refused:
                handle.close()
                out.unlink(missing_ok=True)
                print(str(refused), file=sys.stderr)
                return REFUSED
            try:
                handle.write(data)
            except OSError as error:
                print(texts.CLI_CANNOT_WRITE.format(path=out, error=error), file=sys.stderr)
                return FAILED
    print(texts.CLI_EXPORTED.format(rows=rows, path=out))
    return 0
