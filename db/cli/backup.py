"""`python -m db backup PATH` and `python -m db restore PATH --yes` (see db/io/backup.py).

Exit status: 0 done; 1 refused (restore without --yes); 2 failed (nothing changed)."""

import argparse
import sys
from pathlib import Path

from db import texts
from db.core.settings import database_url
from db.io.backup import BackupFailed, backup, restore

DONE, REFUSED, FAILED = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the backup and restore commands to `python -m db`."""
    b = commands.add_parser("backup", help="copy the whole database into a file")
    b.add_argument("path", help="the backup file to write")
    b.set_defaults(run=cmd_backup)
    r = commands.add_parser("restore", help="replace the database with a backup (app stopped)")
    r.add_argument("path", help="the backup file to read")
    r.add_argument("--yes", action="store_true", help="confirm: every current record is replaced")
    r.set_defaults(run=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    try:
        outcome = backup(database_url(), Path(args.path))
    except BackupFailed as failed:
        print(str(failed), file=sys.stderr)
        return FAILED
    print(texts.BACKUP_DONE.format(path=outcome.path, cases=outcome.cases))
    return DONE


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        print(texts.RESTORE_CONFIRM, file=sys.stderr)
        return REFUSED
    try:
        outcome = restore(database_url(), Path(args.path))
    except BackupFailed as failed:
        print(str(failed), file=sys.stderr)
        return FAILED
    print(texts.RESTORE_DONE.format(path=outcome.path, cases=outcome.cases))
    return DONE
