"""`python -m db remind [--today YYYY-MM-DD]`: the time-driven notifications (db.reminders),
for cron or a systemd timer (README.md shows both). Safe to run at any time and as often as
wanted: nobody is told twice.

Exit status: 0 done; 1 refused (a date that is not one); 2 failed (the database)."""

import argparse
import sys
from datetime import date

from db import texts
from db.core.engine import get_engine
from db.reminders.run import remind

DONE, REFUSED = 0, 1


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "remind",
        help="make the due, overdue, follow-up and daily-report reminders and the daily digest",
    )
    p.add_argument(
        "--today", help="the day to remind for, YYYY-MM-DD (default: today, Asia/Shanghai)"
    )
    p.set_defaults(run=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    today = None
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            print(texts.REMIND_BAD_DAY.format(value=args.today), file=sys.stderr)
            return REFUSED
    made = remind(get_engine(), today=today)
    counts = "，".join(f"{texts.REMIND_PASSES[name]} {count}" for name, count in made.items())
    print(texts.REMIND_DONE.format(counts=counts))
    return DONE
