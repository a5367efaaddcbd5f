"""Local servers for the outbox tests: an SMTP server (aiosmtpd) and a webhook (http.server in a
thread), each keeping what it received and refusing the first `refuse` deliveries; and the
notifications the tests start from, made directly (the code that makes them is another part's)."""

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.clock import utcnow
from db.enums import NoticeKind
from db.models import Notification, OutboxAttempt, OutboxMessage


@dataclass
class Received:
    """What a local server was given, and how many deliveries it still refuses."""

    refuse: int = 0
    mails: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    posts: list[dict[str, object]] = field(default_factory=list)

    def take(self) -> bool:
        """True to accept this delivery; the first `refuse` are refused."""
        if self.refuse > 0:
            self.refuse -= 1
            return False
        return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _MailHandler:
    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_DATA(self, _server, _session, envelope) -> str:  # type: ignore[no-untyped-def]
        if not self.received.take():
            return "451 4.3.0 try again later"
        self.received.raw.append(envelope.content)
        self.received.recipients.append(list(envelope.rcpt_tos))
        self.received.mails.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"


@contextmanager
def smtp_server(refuse: int = 0) -> Iterator[tuple[int, Received]]:
    received = Received(refuse=refuse)
    port = free_port()
    controller = Controller(_MailHandler(received), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@contextmanager
def webhook_server(refuse: int = 0) -> Iterator[tuple[str, Received]]:
    received = Received(refuse=refuse)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers["Content-Length"]))
            ok = received.take()
            if ok:
                received.raw.append(data)
                received.posts.append(json.loads(data))
            self.send_response(200 if ok else 500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/notify", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def notify(
    engine: Engine,
    user_id: int,
    kind: NoticeKind,
    title: str,
    *,
    case_id: int | None = None,
    at: datetime | None = None,
    read: bool = False,
) -> int:
    with Session(engine) as session:
        row = Notification(
            user_id=user_id,
            kind=kind,
            case_id=case_id,
            title=title,
            created_at=at or utcnow(),
            read_at=utcnow() if read else None,
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def messages(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())  # type: ignore[arg-type]


def attempts(engine: Engine) -> list[tuple[bool, str | None]]:
    with Session(engine) as session:
        rows = session.exec(select(OutboxAttempt).order_by(OutboxAttempt.id)).all()  # type: ignore[arg-type]
        return [(row.ok, row.error) for row in rows]
