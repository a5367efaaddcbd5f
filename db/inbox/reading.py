"""Reading the inbox: the unread count (the sidebar of every page, so one index lookup), the
listing (unread first, by kind, paged) and marking read. A reader sees and marks only their own
rows: every query here is bound to the reader's id, whatever id a page passes."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from db.clock import utcnow
from db.core.actor import Actor
from db.enums import NoticeKind
from db.models import Notification

PAGE_SIZE = 30


@dataclass(frozen=True)
class Notice:
    id: int
    kind: NoticeKind
    title: str
    case_id: int | None
    rectification_id: int | None
    created_at: datetime
    read: bool


def unread_count(session: Session, user_id: int) -> int:
    """Unread notifications of the reader: a range of ix_notifications_reader (user_id,
    read_at IS NULL), counted in the index without touching the table."""
    query = select(func.count()).where(
        Notification.user_id == user_id, col(Notification.read_at).is_(None)
    )
    return int(session.exec(query).one())


def listing(
    session: Session,
    *,
    actor: Actor,
    kinds: tuple[NoticeKind, ...] = (),
    unread_only: bool = False,
    page: int = 0,
    size: int = PAGE_SIZE,
) -> tuple[list[Notice], int]:
    """One page of the reader's notifications, unread first, newest first within; and how many
    there are in all (for the pager)."""
    conditions = [Notification.user_id == actor.id]
    if kinds:
        conditions.append(col(Notification.kind).in_(kinds))
    if unread_only:
        conditions.append(col(Notification.read_at).is_(None))
    total = int(session.exec(select(func.count()).where(*conditions)).one())
    rows = session.exec(
        select(Notification)
        .where(*conditions)
        .order_by(
            col(Notification.read_at).is_not(None),
            col(Notification.created_at).desc(),
            col(Notification.id).desc(),
        )
        .offset(max(0, page) * size)
        .limit(size)
    ).all()
    return [
        Notice(
            id=n.id or 0,
            kind=NoticeKind(n.kind),
            title=n.title,
            case_id=n.case_id,
            rectification_id=n.rectification_id,
            created_at=n.created_at,
            read=n.read_at is not None,
        )
        for n in rows
    ], total


def _mark(session: Session, actor: Actor, *conditions) -> int:  # type: ignore[no-untyped-def]
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, col(Notification.read_at).is_(None), *conditions)
        .values(read_at=utcnow())
    )
    session.commit()
    return result.rowcount or 0  # type: ignore[attr-defined]


def mark_read(session: Session, *, actor: Actor, notice_ids: list[int]) -> int:
    """Mark these of the reader's own notifications read (another reader's id changes nothing).
    Returns how many were unread."""
    if not notice_ids:
        return 0
    return _mark(session, actor, col(Notification.id).in_(notice_ids))


def unread_about(session: Session, *, actor: Actor, case_id: int) -> bool:
    """Whether the reader has unread notifications about the case."""
    query = select(Notification.id).where(
        Notification.user_id == actor.id,
        col(Notification.read_at).is_(None),
        Notification.case_id == case_id,
    )
    return session.exec(query.limit(1)).first() is not None


def mark_case_read(session: Session, *, actor: Actor, case_id: int) -> int:
    """The reader opened the case: their unread notifications about it are read."""
    return _mark(session, actor, Notification.case_id == case_id)


def read_with_acknowledgement(session: Session, *, actor: Actor, case_id: int) -> None:
    """已知悉 answers the urgent notice: the reader's unread urgent notices about the case are
    read, in the caller's transaction (db.cases.urgent.acknowledge commits)."""
    session.execute(
        update(Notification)
        .where(
            Notification.user_id == actor.id,
            col(Notification.read_at).is_(None),
            Notification.case_id == case_id,
            Notification.kind == NoticeKind.URGENT,
        )
        .values(read_at=utcnow())
    )


def mark_all_read(session: Session, *, actor: Actor) -> int:
    """全部已读: every unread notification of the reader."""
    return _mark(session, actor)


def unread_urgent(session: Session, *, actor: Actor, limit: int = 10) -> list[Notice]:
    """The reader's unread urgent notices, newest first (the top of the home page)."""
    notices, _ = listing(
        session, actor=actor, kinds=(NoticeKind.URGENT,), unread_only=True, size=limit
    )
    return notices
