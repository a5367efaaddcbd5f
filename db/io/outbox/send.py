"""Sending: the pending messages that are due go out through their channel's transport, one at
a time. Each is first claimed (its next attempt moved a lease ahead, committed), so a second
worker running at the same moment skips it; then tried; then its attempt recorded and its state
moved in one transaction: sent, or tried again after a pause that doubles each time, or failed
once DISPUTE_DESK_OUTBOX_MAX_ATTEMPTS attempts have been made.

A worker killed between the send and the record leaves the claim to expire: the message is
tried again after the lease (delivered at least once; the gateway gets the same `id`)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import col, select

from db.clock import utcnow
from db.core.engine import read_session, write_session
from db.enums import Channel, OutboxStatus
from db.io.outbox.transports import Transport, describe
from db.models import OutboxAttempt, OutboxMessage

FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=6)
LEASE = timedelta(minutes=5)  # longer than any attempt can take (its timeouts)
BATCH = 500  # messages per run; the rest wait for the next run


@dataclass
class Sent:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def pause_after(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after the 1st, 2nd, 3rd... failed attempt, at most 6 hours."""
    return min(FIRST_PAUSE * 2 ** min(attempts - 1, 20), LONGEST_PAUSE)


def _due(channels: Mapping[Channel, Transport], at: datetime):  # type: ignore[no-untyped-def]
    return (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            col(OutboxMessage.next_attempt_at) <= at,
            col(OutboxMessage.channel).in_(list(channels)),
        )
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(BATCH)
    )


def _claim(engine: Engine | None, message_id: int, at: datetime) -> OutboxMessage | None:
    with write_session(engine) as session:
        claimed = session.exec(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == message_id,
                OutboxMessage.status == OutboxStatus.PENDING,
                col(OutboxMessage.next_attempt_at) <= at,
            )
            .values(next_attempt_at=at + LEASE)
        )
        session.commit()
        return session.get(OutboxMessage, message_id) if claimed.rowcount == 1 else None


def _record(
    engine: Engine | None, message_id: int, at: datetime, error: str | None, most: int
) -> OutboxStatus:
    with write_session(engine) as session:
        outgoing = session.get(OutboxMessage, message_id)
        assert outgoing is not None
        outgoing.attempts += 1
        session.add(OutboxAttempt(message_id=message_id, at=at, ok=error is None, error=error))
        if error is None:
            outgoing.status, outgoing.sent_at, outgoing.last_error = OutboxStatus.SENT, at, None
        else:
            outgoing.last_error = error
            if outgoing.attempts >= most:
                outgoing.status = OutboxStatus.FAILED
            else:
                outgoing.next_attempt_at = at + pause_after(outgoing.attempts)
        session.add(outgoing)
        session.commit()
        return outgoing.status


def send_due(
    engine: Engine | None,
    transports: Mapping[Channel, Transport],
    *,
    max_attempts: int,
    now: datetime | None = None,
) -> Sent:
    """Try every due message of the channels given (the configured ones); what became of them."""
    at = now or utcnow()
    with read_session(engine) as session:
        due = list(session.exec(_due(transports, at)).all())
    result = Sent()
    for message_id in due:
        assert message_id is not None
        outgoing = _claim(engine, message_id, at)
        if outgoing is None:
            continue  # another worker has it, or it moved since
        try:
            transports[outgoing.channel](outgoing)
            error = None
        except Exception as failure:  # whatever the server or the network did: recorded
            error = describe(failure)[:200]
        status = _record(engine, message_id, at, error, max_attempts)
        if status == OutboxStatus.SENT:
            result.sent += 1
        elif status == OutboxStatus.FAILED:
            result.failed += 1
        else:
            result.retrying += 1
    return result
