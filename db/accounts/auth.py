"""Sign-in rules: password check, throttling, session validity and revocation.

streamlit-authenticator's own checks are not used for passwords: it strips them, counts
failures globally (one client can lock everybody out) and raises on bcrypt's 72-byte limit.
Here a password is checked exactly as typed, and failures slow down further tries by account
and by client address with short growing delays, never with a lock (db.accounts.throttle says
how, and why nobody can keep another person out). Every refusal reads the same and costs one
bcrypt check, whatever its cause: an unknown user, a wrong password, a disabled account or a
try that came too early.

A try is settled in two units of work around the slow bcrypt check, which runs outside any
transaction: first it is counted as a failure (unless it is too early), so that tries arriving
meanwhile see it; then a success takes that failure back and is audited, or the refusal is.
"""

from dataclasses import dataclass
from datetime import datetime

import bcrypt
from sqlmodel import Session

from db import texts
from db.accounts import sessions, throttle
from db.accounts.users import (
    MAX_PASSWORD_BYTES,
    PasswordRefused,
    by_username,
    hash_password,
    password_matches,
)
from db.clock import utcnow
from db.core import audit
from db.core.actor import PasswordChangeOnly, Signed
from db.core.errors import Refused
from db.core.settings import bcrypt_rounds
from db.core.validation import plain_search
from db.enums import AuditAction
from db.models import User

IDLE_TIMEOUT = sessions.IDLE_TIMEOUT
# Compared against when the username is unknown or the try too early, so those refusals cost
# the same.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds=bcrypt_rounds())).decode()


class LoginRefused(Refused):
    """Shown as is; the same words for an unknown user, a wrong password and a throttled try."""

    def __init__(self, message: str = texts.E_LOGIN_FAILED) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class SignedIn:
    """A sign-in that succeeded: who (an Actor, or a PasswordChangeOnly while the account is on
    its one-time password), the new session's token for the cookie, and when."""

    actor: Signed
    token: str
    at: datetime

    @property
    def must_change_password(self) -> bool:
        return isinstance(self.actor, PasswordChangeOnly)


def sign_in(session: Session, *, username: str, password: str, client: str) -> SignedIn:
    """Check a password typed into the login form from the true client address `client`
    (db.accounts.addresses). Raises LoginRefused."""
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise LoginRefused(texts.E_PASSWORD_LONG)
    # A username with a control or bidirectional character names nobody (and PostgreSQL cannot
    # hold NUL): it is refused like an unknown one, and logged without those characters.
    cleaned = plain_search(username)
    unusable = cleaned != username
    username, client = cleaned.strip()[:64], client[:64]
    now = utcnow()
    throttle.hold(session, username, client)
    early = throttle.too_early(session, username, client, now)
    user = None if early or unusable else by_username(session, username)
    stored, active = (user.password_hash, user.is_active) if user else (_DUMMY_HASH, False)
    if not early:
        throttle.count_failure(session, username, client, now)
    session.commit()
    matches = password_matches(password, stored)
    if user is None or not matches or not active:
        audit.record(
            session,
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            username=username,
            client=client,
            detail="throttled" if early else "",
        )
        session.commit()
        raise LoginRefused()
    throttle.forget(session, username, client)
    who = sessions.signed(session, user, client=client)
    audit.record(session, actor=who, action=AuditAction.LOGIN)
    token = sessions.start(session, user_id=who.id)
    session.commit()
    return SignedIn(actor=who, token=token, at=utcnow())


def resume(session: Session, *, token: str, client: str) -> sessions.Resumed:
    """The session this token names, if it still counts (db.accounts.sessions.resume)."""
    return sessions.resume(session, token=token, client=client)


def revoke_sessions(session: Session, *, user_id: int, reason: sessions.Ended) -> int:
    """Every session of this user ends now; returns how many were open."""
    return sessions.end_all(session, user_id=user_id, reason=reason)


def sign_out(session: Session, *, actor: Signed, token: str) -> None:
    """End this session (the browser's cookie and every tab that shares it)."""
    sessions.end(session, token=token, reason=sessions.Ended.LOGOUT)
    audit.record(session, actor=actor, action=AuditAction.LOGOUT)
    session.commit()


def change_password(session: Session, *, actor: Signed, current: str, new: str, repeat: str) -> str:
    """Change one's own password (the one-time one included): every session of the user ends,
    and the one who changed it goes on in a fresh session, whose token is returned."""
    user = session.get(User, actor.id)
    assert user is not None
    if not password_matches(current, user.password_hash):
        raise PasswordRefused(texts.E_PASSWORD_CURRENT)
    if new != repeat:
        raise PasswordRefused(texts.E_PASSWORD_REPEAT)
    if new == current:
        raise PasswordRefused(texts.E_PASSWORD_SAME)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    revoke_sessions(session, user_id=actor.id, reason=sessions.Ended.PASSWORD_CHANGED)
    audit.record(
        session, actor=actor, action=AuditAction.PASSWORD_CHANGED, target=f"user:{actor.id}"
    )
    token = sessions.start(session, user_id=actor.id)
    session.commit()
    return token
