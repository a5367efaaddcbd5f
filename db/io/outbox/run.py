"""One run of the worker (`python -m db outbox`): queue what is waiting for the configured
channels, then send what is due. Settings are read at the start of the run, so a wrong one
stops it before anything moves (SettingsError, naming the variable)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from db.core.engine import write_session
from db.enums import Channel
from db.io.outbox import config
from db.io.outbox.queue import queue
from db.io.outbox.send import Sent, send_due
from db.io.outbox.transports import Transport, mail_transport, webhook_transport


@dataclass(frozen=True)
class Run:
    channels: tuple[Channel, ...]
    queued: int
    sent: Sent


def ready_transports() -> dict[Channel, Transport]:
    """The transport of each configured channel; SettingsError when a value is unusable."""
    ready: dict[Channel, Transport] = {}
    if (mail := config.mail()) is not None:
        ready[Channel.EMAIL] = mail_transport(mail)
    if (url := config.webhook_url()) is not None:
        ready[Channel.WEBHOOK] = webhook_transport(url)
    return ready


def run(engine: Engine | None = None, *, now: datetime | None = None) -> Run:
    transports = ready_transports()
    most = config.max_attempts()
    if not transports:
        return Run(channels=(), queued=0, sent=Sent())
    with write_session(engine) as session:
        queued = queue(session, tuple(transports), now=now)
    sent = send_due(engine, transports, max_attempts=most, now=now)
    return Run(channels=tuple(transports), queued=queued, sent=sent)
