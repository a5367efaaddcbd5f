"""Sign-in sessions kept in the database (web_sessions): what the "remember me" cookie names.

A sign-in starts a session and hands back a random token, once; the cookie (and the browser
tab's own state) carries it, the database keeps only its SHA-256. Every run of every page
resumes the session by its token, on any server process, and a session counts only while:
- it has not been ended: logout (that session), a password change (every session of the user
  but a fresh one for the person who changed it), an administrator's password reset, role or
  unit change, deactivation, or "end this user's sessions" (all of them);
- the account is active;
- it was last seen within IDLE_TIMEOUT (30 minutes); the first visit after that ends it.
last_seen_at is written at most once a TOUCH_EVERY (a minute) to keep writes low, so the idle
limit holds to within that minute.

A stolen cookie is thus worth what the session is worth: nothing after any of the above.

Rows are not kept for ever: each sign-in deletes the sessions that ended, or were last seen,
more than KEEP_ENDED (30 days) ago. Until then an old cookie still learns why it stopped
counting; after that it is only "unknown", which signs no one in either.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from db.clock import utcnow
from db.core.actor import Actor, PasswordChangeOnly, Signed
from db.models import User, WebSession

IDLE_TIMEOUT = timedelta(minutes=30)
TOUCH_EVERY = timedelta(minutes=1)
KEEP_ENDED = timedelta(days=30)


class Ended(StrEnum):
    """Why a session ended (web_sessions.ended_reason)."""

    LOGOUT = "logout"
    IDLE = "idle"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    DEACTIVATED = "deactivated"
    ROLE_CHANGED = "role_changed"
    BY_ADMIN = "ended_by_admin"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed(session: Session, user: User, *, client: str) -> Signed:
    """The one way a user becomes someone the rules deal with: an Actor, or a PasswordChangeOnly
    while the account is on its one-time password (Actor.of refuses those)."""
    if user.must_change_password:
        return PasswordChangeOnly.of(user, client=client)
    return Actor.of(session, user, client=client)


def start(session: Session, *, user_id: int) -> str:
    """A new session for this user; returns its token (shown to nobody but the cookie). Adds to
    the caller's transaction."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    prune(session, now=now)
    session.add(
        WebSession(token_hash=token_hash(token), user_id=user_id, created_at=now, last_seen_at=now)
    )
    session.flush()
    return token


def prune(session: Session, *, now: datetime) -> int:
    """Delete the sessions that ended, or went idle, more than KEEP_ENDED before `now`; in the
    caller's transaction. Returns how many."""
    before = now - KEEP_ENDED
    gone = session.execute(
        delete(WebSession).where(
            (col(WebSession.ended_at) < before)
            | (col(WebSession.ended_at).is_(None) & (col(WebSession.last_seen_at) < before))
        )
    )
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Resumed:
    """A session looked up by its token: `who` is None when it no longer counts (`reason` says
    why: an Ended value, or "unknown"/"inactive"); `visit_due` when record_visit should write."""

    who: Signed | None
    reason: str = ""
    session_id: int | None = None
    visit_due: bool = False


def resume(session: Session, *, token: str, client: str) -> Resumed:
    """Who the session with this token belongs to, if it still counts. Reads only; the caller
    hands a result with visit_due to record_visit in a write session."""
    row = session.exec(select(WebSession).where(WebSession.token_hash == token_hash(token))).first()
    if row is None:
        return Resumed(who=None, reason="unknown")
    if row.ended_at is not None:
        return Resumed(who=None, reason=row.ended_reason, session_id=row.id)
    now = utcnow()
    if now - row.last_seen_at > IDLE_TIMEOUT:
        return Resumed(who=None, reason=Ended.IDLE, session_id=row.id, visit_due=True)
    user = session.get(User, row.user_id)
    if user is None or not user.is_active or row.created_at < user.sessions_valid_after:
        return Resumed(who=None, reason="inactive", session_id=row.id)
    return Resumed(
        who=signed(session, user, client=client),
        session_id=row.id,
        visit_due=now - row.last_seen_at >= TOUCH_EVERY,
    )


def record_visit(session: Session, resumed: Resumed) -> None:
    """Note the visit of a live session (last_seen_at), or end one found idle. Commits."""
    if resumed.session_id is None or not resumed.visit_due:
        return
    now = utcnow()
    values: dict[str, object] = {"last_seen_at": now}
    if resumed.reason == Ended.IDLE:
        values = {"ended_at": now, "ended_reason": Ended.IDLE.value}
    session.execute(
        update(WebSession)
        .where(col(WebSession.id) == resumed.session_id, col(WebSession.ended_at).is_(None))
        .values(**values)
    )
    session.commit()


def end(session: Session, *, token: str, reason: Ended) -> None:
    """End the one session with this token. Adds to the caller's transaction."""
    session.execute(
        update(WebSession)
        .where(col(WebSession.token_hash) == token_hash(token), col(WebSession.ended_at).is_(None))
        .values(ended_at=utcnow(), ended_reason=reason.value)
    )


def end_all(session: Session, *, user_id: int, reason: Ended) -> int:
    """End every open session of this user; returns how many were open. Adds to the caller's
    transaction."""
    now = utcnow()
    user = session.get(User, user_id)
    if user is not None:
        user.sessions_valid_after = now
        session.add(user)
    ended = session.execute(
        update(WebSession)
        .where(col(WebSession.user_id) == user_id, col(WebSession.ended_at).is_(None))
        .values(ended_at=now, ended_reason=reason.value)
    )
    return int(ended.rowcount or 0)  # type: ignore[attr-defined]


def live_counts(session: Session, *, now: datetime | None = None) -> dict[int, int]:
    """user id → how many of their sessions still count (not ended, seen within the idle
    timeout); users with none are left out."""
    since = (now or utcnow()) - IDLE_TIMEOUT
    rows = session.exec(
        select(WebSession.user_id, func.count())
        .where(col(WebSession.ended_at).is_(None), WebSession.last_seen_at >= since)
        .group_by(col(WebSession.user_id))
    ).all()
    return {user_id: count for user_id, count in rows}
