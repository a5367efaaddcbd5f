"""The outbox's words (issue 21: notifications carried outside the app)."""

from enum import StrEnum


class Channel(StrEnum):
    """How a notification leaves the app (db.io.outbox): the intranet mail server, or the
    office's own messaging gateway (a JSON POST to a configured address)."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class OutboxStatus(StrEnum):
    """Where an outbox message stands: waiting for its (next) attempt, delivered, or given up
    after the last attempt allowed (DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
