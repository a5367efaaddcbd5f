"""Making notifications. Two ways, one table:

- `notify`: rows added to the caller's session, so they are committed (or lost) with the change
  that causes them: nobody is told of a move that was refused. The actor is never told of their
  own act, and only active accounts are told.
- `insert_missing`: rows inserted if absent, keyed by (reader, dedupe_key), for the time-driven
  reminders (db.reminders): INSERT ... ON CONFLICT DO NOTHING, which SQLite and PostgreSQL both
  speak, so a second run, two processes at once, or a run repeated after a crash tell nobody twice.

A title carries the case's number and a short title only: never a party's name, ID number or
phone (a notification may leave the app by mail or webhook, issue 21)."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from db.clock import utcnow
from db.enums import NoticeKind
from db.models import Notification, User

MAX_TITLE = 200  # Notification.title
COLUMNS = ("user_id", "kind", "case_id", "rectification_id", "title", "created_at", "dedupe_key")


def short(title: str) -> str:
    """The title cut to the column's length (a unit's long name must not refuse a move)."""
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def active_readers(session: Session, user_ids: Iterable[int | None], *, actor_id: int | None):  # type: ignore[no-untyped-def]
    """The ids among `user_ids` of active accounts, the actor left out, in id order."""
    wanted = {u for u in user_ids if u is not None and u != actor_id}
    if not wanted:
        return []
    query = select(User.id).where(col(User.id).in_(wanted), col(User.is_active)).order_by(User.id)
    return [u for u in session.exec(query).all() if u is not None]


def _told_in_this_transaction(session: Session) -> set[tuple[int, int]]:
    """(reader, case) pairs already told in the session's current transaction: one change
    tells a person once about a case (a granted extension's requester, who is often the
    responsible person too, hears of it once)."""
    transaction = session.get_transaction()
    kept = session.info.get("dd_told")
    if kept is None or kept[0] is not transaction:
        kept = (transaction, set())
        session.info["dd_told"] = kept
    return kept[1]


def notify(
    session: Session,
    *,
    user_ids: Iterable[int | None],
    kind: NoticeKind,
    title: str,
    actor_id: int | None,
    case_id: int | None = None,
    rectification_id: int | None = None,
) -> list[int]:
    """Tell these readers (active ones, never the actor) in the caller's transaction; the
    caller commits. A reader already told about the same case in this transaction is not told
    again. Returns who is told."""
    told = _told_in_this_transaction(session)
    readers = [
        u
        for u in active_readers(session, user_ids, actor_id=actor_id)
        if case_id is None or (u, case_id) not in told
    ]
    now = utcnow()
    for user_id in readers:
        if case_id is not None:
            told.add((user_id, case_id))
        session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                case_id=case_id,
                rectification_id=rectification_id,
                title=short(title),
                created_at=now,
            )
        )
    return readers


def _insert(session: Session) -> Any:
    """The dialect's INSERT with ON CONFLICT support (both engines the app runs on)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(Notification)
    if dialect == "sqlite":
        return sqlite.insert(Notification)
    return insert(Notification)  # pragma: no cover - the app runs on these two only


def insert_missing_from(session: Session, rows: Select) -> int:
    """INSERT INTO notifications (COLUMNS) SELECT ... ON CONFLICT (user_id, dedupe_key) DO
    NOTHING: one statement over whatever the select finds. The select must have a WHERE clause
    (SQLite's parser needs it before ON CONFLICT) and yield COLUMNS in order. Returns the rows
    inserted (counted by RETURNING: the driver's rowcount is not reliable here); the caller
    commits."""
    statement = (
        _insert(session)
        .from_select(list(COLUMNS), rows)
        .on_conflict_do_nothing(index_elements=["user_id", "dedupe_key"])
    )
    return len(session.execute(statement.returning(Notification.id)).all())


def insert_missing(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """The same for rows made in Python (a few per reader or town, never one per case), in one
    multi-row INSERT."""
    if not rows:
        return 0
    now = utcnow()
    values = [
        {
            "case_id": None,
            "rectification_id": None,
            "created_at": now,
            **row,
            "title": short(row["title"]),
        }
        for row in rows
    ]
    statement = (
        _insert(session)
        .values(values)
        .on_conflict_do_nothing(index_elements=["user_id", "dedupe_key"])
        .returning(Notification.id)
    )
    return len(session.execute(statement).all())
