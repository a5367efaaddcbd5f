"""Queuing: each unread notification of a kind its reader chose for a channel becomes one
outbox message for that channel, once. The unique (notification, channel) makes a second run,
or two workers at once, queue nothing twice; only notifications made since the kind was chosen
count (turning a kind on sends no backlog), and one already read in the app is not sent."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.clock import utcnow
from db.enums import Channel
from db.io.outbox import message
from db.models import NoticeChoice, Notification, OutboxMessage, User


def _waiting(channel: Channel):  # type: ignore[no-untyped-def]
    queued = select(OutboxMessage.id).where(
        OutboxMessage.notification_id == Notification.id, OutboxMessage.channel == channel
    )
    query = (
        select(Notification, User)
        .join(
            NoticeChoice,
            (NoticeChoice.user_id == Notification.user_id)
            & (NoticeChoice.channel == channel)
            & (NoticeChoice.kind == Notification.kind),
        )
        .join(User, col(User.id) == Notification.user_id)
        .where(
            col(Notification.read_at).is_(None),
            col(Notification.created_at) >= NoticeChoice.chosen_at,
            col(User.is_active).is_(True),
            ~queued.exists(),
        )
        .order_by(col(Notification.id))
    )
    if channel == Channel.EMAIL:
        query = query.where(col(User.email).is_not(None))
    return query


def _address(channel: Channel, user: User) -> str:
    """Mail goes to the work address; the gateway is told the account's username, which the
    office's messaging system maps to its own accounts."""
    return (user.email or "") if channel == Channel.EMAIL else user.username


def queue(session: Session, channels: tuple[Channel, ...], *, now: datetime | None = None) -> int:
    """Queue what is waiting for these channels (the configured ones); how many messages were
    queued. Commits; a concurrent run that queued the same messages first leaves this one
    with none (its insert is refused and rolled back)."""
    at = now or utcnow()
    count = 0
    for channel in channels:
        for notification, user in session.exec(_waiting(channel)).all():
            assert notification.id is not None and user.id is not None
            session.add(
                OutboxMessage(
                    notification_id=notification.id,
                    user_id=user.id,
                    channel=channel,
                    address=_address(channel, user),
                    subject=message.subject(notification),
                    body=message.body(notification),
                    next_attempt_at=at,
                    created_at=at,
                )
            )
            count += 1
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return 0
    return count
