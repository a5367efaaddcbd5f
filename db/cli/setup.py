"""`python -m db init`: a county of one's own on an empty database, with its first admin."""

import argparse
import sys

from db import texts
from db.accounts.first_admin import is_empty, start_county
from db.core.engine import write_session
from db.core.errors import Refused

REFUSED = 1


def first_admin(county: str, code: str, *, if_empty: bool = False) -> int:
    """Create the county and its admin, printing the one-time password once. With `if_empty`, a
    database that has units is left alone and that is no error (./run.sh on every start)."""
    with write_session() as session:
        if if_empty and not is_empty(session):
            print(texts.INIT_ALREADY)
            return 0
        try:
            made = start_county(session, county=county, code=code)
        except Refused as refused:
            print(refused.message, file=sys.stderr)
            return REFUSED
    print(texts.INIT_DONE.format(county=made.county, code=made.code))
    print(texts.INIT_ACCOUNT.format(username=made.username, password=made.password))
    print(texts.INIT_RENAME_HINT)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    return first_admin(args.county, args.code, if_empty=args.if_empty)


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the init command to `python -m db`."""
    i = commands.add_parser(
        "init",
        help="on an empty database: the county and its first admin (one-time password)",
        description="Create the county unit and the account `admin` with a one-time password,"
        " printed once and to be changed at first sign-in. Exit 0 done, 1 refused (the"
        " database already has units, or a bad name or code), 2 could not run.",
    )
    i.add_argument("--county", required=True, help="the county's name, e.g. 清河县")
    i.add_argument("--code", required=True, help="its code, 2-32 of A-Z 0-9 -, e.g. QHX")
    i.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when the database has units"
    )
    i.set_defaults(run=cmd_init)
