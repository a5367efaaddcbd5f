"""The outbox (issue 21): notifications carried outside the app, by mail or to the office's
messaging gateway, each with a record of every attempt; and each user's choice of which kinds
of notification reach them there.

A message holds what it will say (subject and body built by db.io.outbox.message from the
notification's title, its kind's label and a link path only: never a party's name, ID number or
phone). It is unique per notification and channel, so queuing twice, or two workers at once,
queue it once."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.clock import utcnow
from db.enums import Channel, NoticeKind, OutboxStatus
from db.models.core import code_type


class NoticeChoice(SQLModel, table=True):
    """One kind of notification a user wants outside the app on one channel; none at first.
    Only notifications made after `chosen_at` are sent: turning a kind on does not send the
    backlog of months."""

    __tablename__ = "notice_choices"
    user_id: int = Field(foreign_key="users.id", primary_key=True)
    channel: Channel = Field(sa_type=code_type(Channel), primary_key=True)
    kind: NoticeKind = Field(sa_type=code_type(NoticeKind), primary_key=True)
    chosen_at: datetime = Field(default_factory=utcnow)


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.UniqueConstraint("notification_id", "channel", name="uq_outbox_notification_channel"),
        # The worker's question every run: which pending messages are due.
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notifications.id")
    user_id: int = Field(foreign_key="users.id", index=True)
    channel: Channel = Field(sa_type=code_type(Channel))
    address: str = Field(max_length=254)  # the work e-mail, or the username for the gateway
    subject: str = Field(max_length=300)
    body: str = Field(max_length=2000)
    status: OutboxStatus = Field(sa_type=code_type(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_error: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class OutboxAttempt(SQLModel, table=True):
    """One try at sending a message: when, whether it went, and why not (the error's kind and
    code only, never the address or the text)."""

    __tablename__ = "outbox_attempts"
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="outbox_messages.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    ok: bool
    error: str | None = Field(default=None, max_length=200)
