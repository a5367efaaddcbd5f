"""How a message leaves: the intranet mail server (smtplib) or the office's messaging gateway
(a JSON POST with urllib), each with a timeout. A transport raises when the message did not go;
`describe` turns that into the attempt's record: the error's kind and code, never its text
(which may quote the address)."""

import json
import smtplib
import urllib.error
import urllib.request
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from db.io.outbox.config import TIMEOUT_SECONDS, Mail
from db.models import OutboxMessage

Transport = Callable[[OutboxMessage], None]


class GatewayRefused(Exception):
    """The gateway answered, but not with success."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def mail_transport(mail: Mail) -> Transport:
    """Plain SMTP to the intranet server, one connection per message."""

    def send(outgoing: OutboxMessage) -> None:
        letter = EmailMessage()
        letter["From"] = mail.sender
        letter["To"] = outgoing.address
        letter["Subject"] = outgoing.subject
        letter["Date"] = formatdate(usegmt=True)
        letter["Message-ID"] = make_msgid(f"outbox-{outgoing.id}")
        letter.set_content(outgoing.body)
        with smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT_SECONDS) as server:
            server.send_message(letter)

    return send


# The gateway is on the intranet: reached directly, never through an HTTP proxy the
# environment may name for the internet.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def webhook_transport(url: str) -> Transport:
    """POST {"id", "to", "subject", "text"} as JSON; any 2xx answer counts as delivered. `id`
    is the message's: a retry after a lost answer carries the same one, so the gateway can drop
    the repeat."""

    def send(outgoing: OutboxMessage) -> None:
        payload = {
            "id": outgoing.id,
            "to": outgoing.address,
            "subject": outgoing.subject,
            "text": outgoing.body,
        }
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with _DIRECT.open(request, timeout=TIMEOUT_SECONDS) as response:
            if not 200 <= response.status < 300:
                raise GatewayRefused(response.status)

    return send


def describe(error: BaseException) -> str:
    """The error's kind and code for the attempt's record: no message text, no address."""
    kind = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{kind} {error.smtp_code}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"{kind} " + ",".join(str(code) for code, _ in error.recipients.values())
    if isinstance(error, urllib.error.HTTPError):
        return f"{kind} {error.code}"
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        return f"{kind} {type(error.reason).__name__}"
    if isinstance(error, GatewayRefused):
        return f"{kind} {error.status}"
    return kind
