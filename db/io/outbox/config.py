"""The outbox's settings, read when called (db.core.settings holds the records): which channels
are configured, where they go, and how often a message is tried."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from db import texts
from db.core.settings import (
    OUTBOX_MAX_ATTEMPTS,
    SMTP_FROM,
    SMTP_HOST,
    SMTP_PORT,
    WEBHOOK_URL,
    Setting,
    SettingsError,
)
from db.enums import Channel

TIMEOUT_SECONDS = 10  # one connection or request; a stuck server costs one attempt, not the run


@dataclass(frozen=True)
class Mail:
    host: str
    port: int
    sender: str


def _whole(setting: Setting, least: int) -> int:
    value = setting.text() or setting.default
    if not value.isdigit() or int(value) < least:
        message = texts.E_SETTING_NUMBER.format(
            name=setting.name, value=value, default=setting.default
        )
        raise SettingsError(message)
    return int(value)


def mail() -> Mail | None:
    """The mail server, or None when DISPUTE_DESK_SMTP_HOST is unset (mail is off)."""
    host = SMTP_HOST.text()
    if not host:
        return None
    sender = SMTP_FROM.text()
    if "@" not in sender:
        raise SettingsError(texts.E_OUTBOX_SENDER.format(name=SMTP_FROM.name))
    return Mail(host=host, port=_whole(SMTP_PORT, 1), sender=sender)


def webhook_url() -> str | None:
    """The gateway's address, or None when DISPUTE_DESK_WEBHOOK_URL is unset."""
    url = WEBHOOK_URL.text()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(texts.E_OUTBOX_WEBHOOK.format(name=WEBHOOK_URL.name, value=url))
    return url


def max_attempts() -> int:
    return _whole(OUTBOX_MAX_ATTEMPTS, 1)


def configured_channels() -> tuple[Channel, ...]:
    """The channels a user may choose, in a fixed order; none while both are unset. Only
    whether each is set is read here, so a page can offer them even when a value is wrong
    (the worker refuses that one with a message naming the variable)."""
    return tuple(
        channel
        for channel, setting in ((Channel.EMAIL, SMTP_HOST), (Channel.WEBHOOK, WEBHOOK_URL))
        if setting.text()
    )
