"""`python -m db outbox`: carry chosen notifications outside the app (db/io/outbox), run by
cron or a systemd timer every minute or so. Does nothing while no channel is configured.

Exit status: 0 done (messages waiting for a retry included); 1 a setting refused (the message
names the variable; nothing queued or sent); 2 the database could not be used, or a message was
given up this run after its last attempt (see `outbox_attempts`)."""

import argparse
import sys

from db import texts
from db.core.settings import SettingsError
from db.io.outbox.run import run

DONE, REFUSED, FAILED = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the outbox command to `python -m db`."""
    o = commands.add_parser(
        "outbox",
        help="queue chosen notifications for mail or the messaging gateway and send those due",
        description="Queue each unread notification whose reader chose its kind for a"
        " configured channel (DISPUTE_DESK_SMTP_HOST, DISPUTE_DESK_WEBHOOK_URL), then send the"
        " due messages, retrying up to DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS times. Safe to run"
        " twice or from two machines at once.",
    )
    o.set_defaults(run=cmd_outbox)


def cmd_outbox(_args: argparse.Namespace) -> int:
    try:
        done = run()
    except SettingsError as refused:
        print(str(refused), file=sys.stderr)
        return REFUSED
    if not done.channels:
        print(texts.OUTBOX_OFF)
        return DONE
    sent = done.sent
    print(
        texts.OUTBOX_DONE.format(
            queued=done.queued, sent=sent.sent, retrying=sent.retrying, failed=sent.failed
        )
    )
    return FAILED if sent.failed else DONE
